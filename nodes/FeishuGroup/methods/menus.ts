import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { flattenMenuTree, getMenuTree } from '../actions/menu/api';
import type { FlatMenuItem } from '../actions/menu/api';

async function menuItemsOfSelectedChat(context: ILoadOptionsFunctions): Promise<FlatMenuItem[]> {
	const value = context.getCurrentNodeParameter('chatId', { extractValue: true }) as unknown;
	const chatId = typeof value === 'string' ? value.trim() : '';
	if (!chatId) return [];
	return flattenMenuTree(await getMenuTree.call(context, chatId));
}

function link(row: FlatMenuItem): string | undefined {
	const links = row.redirect_link ?? {};
	const first = links.common_url ?? Object.values(links)[0];
	return typeof first === 'string' ? first : undefined;
}

/** Every menu item of the selected chat; sub-items are shown as "Parent › Child". */
export async function getMenuItems(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const rows = await menuItemsOfSelectedChat(this);
	const names = new Map(
		rows.map((row) => [row.menu_item_id, String(row.name ?? row.menu_item_id)]),
	);
	return rows.map((row) => ({
		name: row.parent_id
			? `${names.get(row.parent_id)} › ${String(row.name ?? row.menu_item_id)}`
			: String(row.name ?? row.menu_item_id),
		value: row.menu_item_id,
		description: link(row),
	}));
}

/** Top-level menu items of the selected chat, for Sort and Delete. */
export async function getTopLevelMenuItems(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const rows = await menuItemsOfSelectedChat(this);
	return rows
		.filter((row) => row.level === 1)
		.map((row) => ({
			name: String(row.name ?? row.menu_item_id),
			value: row.menu_item_id,
			description: `${row.sub_item_count ?? 0} sub-items`,
		}));
}
