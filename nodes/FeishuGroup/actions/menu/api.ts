import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import type { FeishuContext, FeishuRequest } from '../../../shared/transport';
import { segment } from '../params';

/** Scopes (any one) of the menu endpoints, from the seed overview. */
export const MENU_READ_SCOPES = ['im:chat', 'im:chat.menu_tree:read', 'im:chat:readonly'];
export const MENU_WRITE_SCOPES = ['im:chat', 'im:chat.menu_tree:write_only'];

export interface MenuItem extends IDataObject {
	action_type?: string;
	redirect_link?: IDataObject;
	image_key?: string;
	name?: string;
	i18n_names?: IDataObject;
}

export interface MenuSecondLevel extends IDataObject {
	chat_menu_second_level_id?: string;
	chat_menu_item?: MenuItem;
}

export interface MenuTopLevel extends IDataObject {
	chat_menu_top_level_id?: string;
	chat_menu_item?: MenuItem;
	children?: MenuSecondLevel[];
}

export interface MenuTree extends IDataObject {
	chat_menu_top_levels?: MenuTopLevel[];
}

export function menuPath(chatId: string, suffix = ''): string {
	return `/im/v1/chats/${segment(chatId)}${suffix}`;
}

/** Calls a menu endpoint that answers with the chat's whole menu tree. */
export async function menuTreeRequest(
	this: FeishuContext,
	request: FeishuRequest,
): Promise<MenuTree> {
	const data = await feishuApiRequest.call(this, request);
	return (data.menu_tree as MenuTree | undefined) ?? {};
}

/** The chat's current menu tree (not paginated). */
export async function getMenuTree(
	this: FeishuContext,
	chatId: string,
	itemIndex?: number,
): Promise<MenuTree> {
	return await menuTreeRequest.call(this, {
		method: 'GET',
		path: menuPath(chatId, '/menu_tree'),
		idempotent: true,
		scopes: MENU_READ_SCOPES,
		itemIndex,
	});
}

export function topLevels(tree: MenuTree): MenuTopLevel[] {
	return tree.chat_menu_top_levels ?? [];
}

export function topLevelIds(tree: MenuTree): string[] {
	return topLevels(tree).map((top) => String(top.chat_menu_top_level_id));
}

/** One row per menu item, top-level items followed by their sub-items, for lists and pickers. */
export interface FlatMenuItem extends IDataObject {
	menu_item_id: string;
	level: number;
	parent_id?: string;
	position: number;
	name?: string;
	action_type?: string;
	redirect_link?: IDataObject;
	image_key?: string;
	i18n_names?: IDataObject;
	sub_item_count?: number;
}

function flatItem(id: string, level: number, position: number, item: MenuItem = {}): FlatMenuItem {
	const flat: FlatMenuItem = { menu_item_id: id, level, position };
	for (const key of ['name', 'action_type', 'redirect_link', 'image_key', 'i18n_names'] as const) {
		if (item[key] !== undefined) flat[key] = item[key] as never;
	}
	return flat;
}

export function flattenMenuTree(tree: MenuTree): FlatMenuItem[] {
	const rows: FlatMenuItem[] = [];
	topLevels(tree).forEach((top, topIndex) => {
		const topId = String(top.chat_menu_top_level_id);
		const children = top.children ?? [];
		rows.push({
			...flatItem(topId, 1, topIndex + 1, top.chat_menu_item),
			sub_item_count: children.length,
		});
		children.forEach((child, childIndex) => {
			const row = flatItem(
				String(child.chat_menu_second_level_id),
				2,
				childIndex + 1,
				child.chat_menu_item,
			);
			rows.push({ ...row, parent_id: topId });
		});
	});
	return rows;
}
