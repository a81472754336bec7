import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../../../shared/chunk';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { listTabs, TAB_WRITE_SCOPES, tabLabel, tabRequest, tabsPath } from './api';
import { completeTabOrder, unknownTabIds } from './order';

const tabIdsField: INodeProperties = {
	displayName: 'Tab Names or IDs',
	name: 'tabIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getSortableTabs', loadOptionsDependsOn: ['chatId.value'] },
	default: [],
	required: true,
	description:
		'Tabs in the order they should appear, left to right, after the message tab. Feishu needs every tab ID, so the node reads the current tabs first (one extra request) and puts the tabs not listed after these, in their current order. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const sort: OperationDefinition = {
	value: 'sort',
	name: 'Sort',
	action: 'Sort the tabs of a chat',
	description:
		'Reorder the tabs of a chat; list only the tabs to move to the front, the message tab stays first',
	properties: [chatIdLocator, tabIdsField],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const requested = parseIdList(this.getNodeParameter('tabIds', itemIndex));
		if (requested.length === 0) {
			throw new NodeOperationError(this.getNode(), 'List at least one tab to sort', { itemIndex });
		}
		// Feishu requires every tab id of the chat, so read the list to complete the user's order.
		const current = await listTabs.call(this, chatId, itemIndex);
		const unknown = unknownTabIds(requested, current);
		if (unknown.length > 0) {
			throw new NodeOperationError(this.getNode(), `Not tabs of this chat: ${unknown.join(', ')}`, {
				itemIndex,
				description: `Tabs of the chat: ${current.map((tab) => `${tab.tab_id} ${tabLabel(tab)}`).join(', ')}`,
			});
		}
		const chatTabs = await tabRequest.call(this, {
			method: 'POST',
			path: tabsPath(chatId, '/sort_tabs'),
			body: { tab_ids: completeTabOrder(requested, current) },
			scopes: TAB_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, chat_tabs: chatTabs };
	},
};
