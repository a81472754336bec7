import { NodeOperationError } from 'n8n-workflow';

import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { TAB_WRITE_SCOPES, tabRequest, tabsPath } from './api';
import { MAX_CUSTOM_TABS, newTabFromRow, readRows, tabsFromJson } from './build';
import { newTabsField, tabsJsonField } from './fields';
import { defineByField } from '../shared/input';

export const create: OperationDefinition = {
	value: 'create',
	name: 'Create',
	action: 'Create tabs in a chat',
	description:
		'Add one or more URL or document tabs to the top of a chat; returns all tabs of the chat',
	properties: [
		chatIdLocator,
		defineByField("Feishu's chat_tabs array, sent as written"),
		newTabsField,
		tabsJsonField(
			[
				{
					tab_name: 'Dashboard',
					tab_type: 'url',
					tab_content: { url: 'https://example.com/dashboard' },
				},
			],
			'Feishu chat_tabs array (or an object with chat_tabs), sent as written. Each tab: tab_name, tab_type (url or doc), tab_content with url or doc, optional tab_config with icon_key and (URL tabs) is_built_in.',
		),
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		let tabs;
		if (this.getNodeParameter('defineBy', itemIndex) === 'json') {
			tabs = tabsFromJson(this, itemIndex);
		} else {
			const rows = readRows(this, 'tabs', itemIndex);
			if (rows.length === 0) {
				throw new NodeOperationError(this.getNode(), 'Add at least one tab', { itemIndex });
			}
			if (rows.length > MAX_CUSTOM_TABS) {
				throw new NodeOperationError(
					this.getNode(),
					`${rows.length} tabs given; a chat holds at most ${MAX_CUSTOM_TABS} custom tabs`,
					{ itemIndex },
				);
			}
			tabs = rows.map((row, position) => newTabFromRow(this, itemIndex, row, position));
		}
		const chatTabs = await tabRequest.call(this, {
			method: 'POST',
			path: tabsPath(chatId),
			body: { chat_tabs: tabs },
			scopes: TAB_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, chat_tabs: chatTabs };
	},
};
