import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import { defineByField } from '../shared/input';
import type { OperationDefinition } from '../types';
import { menuPath, menuTreeRequest, MENU_WRITE_SCOPES } from './api';
import { topLevelsFromForm, topLevelsFromJson } from './build';
import { menuItemsField, menuTreeJsonField } from './fields';

export const create: OperationDefinition = {
	value: 'create',
	name: 'Create',
	action: 'Create menu items in a chat',
	description:
		"Add top-level menu items (with sub-items) to a chat's menu bar, after the existing ones; returns the whole menu",
	tenantOnly: true,
	properties: [
		chatIdLocator,
		defineByField("Feishu's menu_tree object, sent as written"),
		menuItemsField,
		menuTreeJsonField,
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const topLevels =
			this.getNodeParameter('defineBy', itemIndex) === 'json'
				? topLevelsFromJson(this, itemIndex)
				: topLevelsFromForm(this, itemIndex);
		const menuTree = await menuTreeRequest.call(this, {
			method: 'POST',
			path: menuPath(chatId, '/menu_tree'),
			body: { menu_tree: { chat_menu_top_levels: topLevels } },
			scopes: MENU_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, menu_tree: menuTree };
	},
};
