import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../../../shared/chunk';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { TAB_WRITE_SCOPES, tabRequest, tabsPath } from './api';

const tabIdsField: INodeProperties = {
	displayName: 'Tab Names or IDs',
	name: 'tabIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getEditableTabs', loadOptionsDependsOn: ['chatId.value'] },
	default: [],
	required: true,
	description:
		'URL or document tabs to delete (built-in tabs cannot be deleted). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const deleteTabs: OperationDefinition = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete tabs from a chat',
	description: 'Remove URL or document tabs from a chat; returns the tabs that remain',
	properties: [chatIdLocator, tabIdsField],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const tabIds = parseIdList(this.getNodeParameter('tabIds', itemIndex));
		if (tabIds.length === 0) {
			throw new NodeOperationError(this.getNode(), 'List at least one tab to delete', {
				itemIndex,
			});
		}
		const chatTabs = await tabRequest.call(this, {
			method: 'DELETE',
			path: tabsPath(chatId, '/delete_tabs'),
			body: { tab_ids: tabIds },
			scopes: TAB_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, deleted_tab_ids: tabIds, chat_tabs: chatTabs };
	},
};
