import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../../../shared/chunk';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import {
	getMenuTree,
	menuPath,
	menuTreeRequest,
	MENU_WRITE_SCOPES,
	topLevelIds,
	topLevels,
} from './api';

const topLevelIdsField: INodeProperties = {
	displayName: 'Top-Level Item Names or IDs',
	name: 'topLevelIds',
	type: 'multiOptions',
	typeOptions: {
		loadOptionsMethod: 'getTopLevelMenuItems',
		loadOptionsDependsOn: ['chatId.value'],
	},
	default: [],
	required: true,
	description:
		'Top-level menu items in the order they should appear, left to right. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const completeOrderField: INodeProperties = {
	displayName: 'Append Unlisted Items',
	name: 'completeOrder',
	type: 'boolean',
	default: true,
	description:
		'Whether to place the top-level items you did not list after the listed ones, in their current order (reads the menu first: one extra request). Off: the IDs are sent as given and Feishu requires exactly all top-level IDs.',
};

export const sort: OperationDefinition = {
	value: 'sort',
	name: 'Sort',
	action: 'Sort the menu of a chat',
	description: "Reorder the top-level items of a chat's menu; returns the whole menu",
	tenantOnly: true,
	properties: [chatIdLocator, topLevelIdsField, completeOrderField],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const requested = parseIdList(this.getNodeParameter('topLevelIds', itemIndex));
		if (requested.length === 0) {
			throw new NodeOperationError(this.getNode(), 'List at least one top-level menu item', {
				itemIndex,
			});
		}
		let order = requested;
		if (this.getNodeParameter('completeOrder', itemIndex) as boolean) {
			const tree = await getMenuTree.call(this, chatId, itemIndex);
			const existing = topLevelIds(tree);
			const unknown = requested.filter((id) => !existing.includes(id));
			if (unknown.length > 0) {
				const known = topLevels(tree).map(
					(top) => `${top.chat_menu_top_level_id} (${top.chat_menu_item?.name ?? ''})`,
				);
				throw new NodeOperationError(
					this.getNode(),
					`Not top-level menu items of this chat: ${unknown.join(', ')}`,
					{
						itemIndex,
						description: `Top-level items of the chat: ${known.join(', ') || 'none'}. Sub-items cannot be sorted.`,
					},
				);
			}
			order = [...requested, ...existing.filter((id) => !requested.includes(id))];
		}
		const menuTree = await menuTreeRequest.call(this, {
			method: 'POST',
			path: menuPath(chatId, '/menu_tree/sort'),
			body: { chat_menu_top_level_ids: order },
			scopes: MENU_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, menu_tree: menuTree };
	},
};
