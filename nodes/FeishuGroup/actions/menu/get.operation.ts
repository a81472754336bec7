import type { INodeProperties } from 'n8n-workflow';

import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { flattenMenuTree, getMenuTree } from './api';

const flattenField: INodeProperties = {
	displayName: 'One Item per Menu Item',
	name: 'flatten',
	type: 'boolean',
	default: false,
	description:
		'Whether to output one item per menu item (top-level items, each followed by its sub-items, with level and parent_id) instead of one item holding the whole tree',
};

export const get: OperationDefinition = {
	value: 'get',
	name: 'Get',
	action: 'Get the menu of a chat',
	description: "Read a chat's menu: top-level items with their sub-items, names, links and IDs",
	tenantOnly: true,
	properties: [chatIdLocator, flattenField],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const tree = await getMenuTree.call(this, chatId, itemIndex);
		if (!this.getNodeParameter('flatten', itemIndex)) return { chat_id: chatId, menu_tree: tree };
		return flattenMenuTree(tree).map((row) => ({ chat_id: chatId, ...row }));
	},
};
