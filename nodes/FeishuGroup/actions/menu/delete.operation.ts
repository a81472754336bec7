import { NodeOperationError } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../../../shared/chunk';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { getMenuTree, menuPath, menuTreeRequest, MENU_WRITE_SCOPES, topLevelIds } from './api';

const deleteAllField: INodeProperties = {
	displayName: 'Delete All',
	name: 'deleteAll',
	type: 'boolean',
	default: false,
	description:
		'Whether to remove the whole menu (reads the menu first to get the IDs: one extra request)',
};

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
	displayOptions: { show: { deleteAll: [false] } },
	description:
		'Top-level menu items to remove, with their sub-items. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const deleteMenu: OperationDefinition = {
	value: 'delete',
	name: 'Delete',
	action: 'Delete menu items from a chat',
	description:
		'Remove top-level menu items (and their sub-items) or the whole menu of a chat; returns what remains',
	tenantOnly: true,
	properties: [chatIdLocator, deleteAllField, topLevelIdsField],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		let ids: string[];
		if (this.getNodeParameter('deleteAll', itemIndex) as boolean) {
			const tree = await getMenuTree.call(this, chatId, itemIndex);
			ids = topLevelIds(tree);
			// Nothing to delete: Feishu refuses an empty id list, and the menu is already empty.
			if (ids.length === 0) return { chat_id: chatId, deleted_ids: [], menu_tree: tree };
		} else {
			ids = parseIdList(this.getNodeParameter('topLevelIds', itemIndex));
			if (ids.length === 0) {
				throw new NodeOperationError(
					this.getNode(),
					'List at least one top-level menu item, or turn on Delete All',
					{ itemIndex },
				);
			}
		}
		const menuTree = await menuTreeRequest.call(this, {
			method: 'DELETE',
			path: menuPath(chatId, '/menu_tree'),
			body: { chat_menu_top_level_ids: ids },
			scopes: MENU_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, deleted_ids: ids, menu_tree: menuTree };
	},
};
