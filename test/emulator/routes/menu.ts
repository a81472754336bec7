/** Chat menu (tenant token only): add (append), patch an item, sort top levels, get, delete; 3 x 5 cap. */
import type { ApiSpec, Call } from '../api';
import { ApiError } from '../errors';
import type { Chat, MenuItem, MenuSecond, MenuTop } from '../state';
import { adminOrCreator, invalidParam, memberChat, strArray, touch } from './common';

const MAX_TOP = 3;
const MAX_CHILDREN = 5;
const LINK_KEYS = ['common_url', 'ios_url', 'android_url', 'pc_url', 'web_url'];

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const tree = (chat: Chat) => ({ menu_tree: { chat_menu_top_levels: clone(chat.menu) } });
const illegal = (why: string) => new ApiError(232078, `The chat menu is illegal: ${why}`);

function menuChat(c: Call, write: boolean): Chat {
	const chat = memberChat(c);
	if (chat.chat_mode !== 'group') throw new ApiError(232008);
	if (write && chat.tabMenuManage === 'only_owner' && !adminOrCreator(c, chat))
		throw new ApiError(232055);
	return chat;
}

function checkName(name: unknown): void {
	if (typeof name !== 'string' || [...name].length < 1 || [...name].length > 120)
		throw illegal('name must have 1..120 characters');
}

function checkLink(link: unknown): void {
	if (!link || typeof link !== 'object') throw illegal('REDIRECT_LINK needs redirect_link');
	const urls = LINK_KEYS.map((k) => (link as Record<string, unknown>)[k]).filter(
		(u) => u !== undefined && u !== '',
	);
	if (urls.length === 0) throw illegal('redirect_link needs a URL');
	if (urls.some((u) => typeof u !== 'string' || !/^https?:\/\//i.test(u)))
		throw illegal('URLs must start with http:// or https://');
}

function checkI18n(v: unknown): void {
	if (v === undefined) return;
	if (!v || typeof v !== 'object') throw illegal('i18n_names must be an object');
	for (const s of Object.values(v as Record<string, unknown>)) checkName(s);
}

function item(raw: unknown, hasChildren: boolean): MenuItem {
	if (!raw || typeof raw !== 'object')
		throw invalidParam('chat_menu_item', raw ?? '', 'chat_menu_item is required');
	const r = raw as Record<string, any>;
	if (r.action_type !== 'NONE' && r.action_type !== 'REDIRECT_LINK')
		throw invalidParam(
			'action_type',
			r.action_type ?? '',
			'action_type must be NONE or REDIRECT_LINK',
		);
	checkName(r.name);
	checkI18n(r.i18n_names);
	if (hasChildren && (r.action_type !== 'NONE' || r.image_key))
		throw illegal('a top-level item with children must be NONE and have no icon');
	if (r.action_type === 'REDIRECT_LINK') checkLink(r.redirect_link);
	const out: MenuItem = { action_type: r.action_type, name: r.name };
	if (r.redirect_link) out.redirect_link = { ...r.redirect_link };
	if (r.image_key) out.image_key = r.image_key;
	if (r.i18n_names) out.i18n_names = { ...r.i18n_names };
	return out;
}

function create(c: Call): unknown {
	const chat = menuChat(c, true);
	const tops = c.body.menu_tree?.chat_menu_top_levels;
	if (!Array.isArray(tops) || tops.length === 0)
		throw invalidParam(
			'menu_tree.chat_menu_top_levels',
			tops ?? '',
			'chat_menu_top_levels is required',
		);
	const built: MenuTop[] = tops.map((t: Record<string, any>) => {
		if (t?.chat_menu_top_level_id)
			throw illegal('cannot append children to an existing top-level menu');
		const children = Array.isArray(t?.children) ? t.children : [];
		if (children.length > MAX_CHILDREN) throw new ApiError(232071);
		return {
			chat_menu_top_level_id: '',
			chat_menu_item: item(t?.chat_menu_item, children.length > 0),
			children: children.map(
				(ch: Record<string, any>): MenuSecond => ({
					chat_menu_second_level_id: '',
					chat_menu_item: item(ch?.chat_menu_item, false),
				}),
			),
		};
	});
	if (chat.menu.length + built.length > MAX_TOP) throw new ApiError(232070);
	const ids = c.emu.store.numericIds;
	for (const t of built) {
		t.chat_menu_top_level_id = ids.next();
		for (const ch of t.children) ch.chat_menu_second_level_id = ids.next();
		chat.menu.push(t);
	}
	touch(c, chat);
	return tree(chat);
}

const FIELDS = ['ICON', 'NAME', 'I18N_NAME', 'REDIRECT_LINK'];

function patch(c: Call): unknown {
	const chat = menuChat(c, true);
	const id = c.req.params.menu_item_id;
	let target: { item: MenuItem; hasChildren: boolean } | undefined;
	for (const t of chat.menu) {
		if (t.chat_menu_top_level_id === id)
			target = { item: t.chat_menu_item, hasChildren: t.children.length > 0 };
		for (const ch of t.children)
			if (ch.chat_menu_second_level_id === id)
				target = { item: ch.chat_menu_item, hasChildren: false };
	}
	if (!target) throw invalidParam('menu_item_id', id, 'unknown menu item');
	const fields = strArray(c.body.update_fields, 'update_fields', true);
	if (fields.length === 0 || fields.some((f) => !FIELDS.includes(f)))
		throw invalidParam(
			'update_fields',
			fields,
			`update_fields must be a non-empty subset of ${FIELDS.join(', ')}`,
		);
	const src = c.body.chat_menu_item as Record<string, any> | undefined;
	if (!src || typeof src !== 'object')
		throw invalidParam('chat_menu_item', '', 'chat_menu_item is required');
	const next = clone(target.item);
	if (fields.includes('NAME')) {
		checkName(src.name);
		next.name = src.name;
	}
	if (fields.includes('I18N_NAME')) {
		checkI18n(src.i18n_names);
		next.i18n_names = src.i18n_names ? { ...src.i18n_names } : undefined;
	}
	if (fields.includes('ICON')) {
		if (target.hasChildren && src.image_key)
			throw illegal('a top-level item with children has no icon');
		next.image_key = src.image_key || undefined;
	}
	if (fields.includes('REDIRECT_LINK')) {
		if (next.action_type !== 'REDIRECT_LINK')
			throw illegal('only REDIRECT_LINK items have a redirect_link');
		checkLink(src.redirect_link);
		next.redirect_link = { ...src.redirect_link };
	}
	Object.keys(target.item).forEach(
		(k) => delete (target!.item as unknown as Record<string, unknown>)[k],
	);
	Object.assign(target.item, JSON.parse(JSON.stringify(next)));
	touch(c, chat);
	return { chat_menu_item: clone(target.item) };
}

function sort(c: Call): unknown {
	const chat = menuChat(c, true);
	const ids = strArray(c.body.chat_menu_top_level_ids, 'chat_menu_top_level_ids', true);
	const all = chat.menu.map((t) => t.chat_menu_top_level_id);
	if (
		ids.length !== all.length ||
		new Set(ids).size !== ids.length ||
		ids.some((id) => !all.includes(id))
	)
		throw new ApiError(232072);
	chat.menu = ids.map((id) => chat.menu.find((t) => t.chat_menu_top_level_id === id)!);
	touch(c, chat);
	return tree(chat);
}

function get(c: Call): unknown {
	return tree(menuChat(c, false));
}

function remove(c: Call): unknown {
	const chat = menuChat(c, true);
	const ids = strArray(c.body.chat_menu_top_level_ids, 'chat_menu_top_level_ids', true);
	if (ids.length === 0)
		throw invalidParam('chat_menu_top_level_ids', ids, 'chat_menu_top_level_ids is required');
	const unknown = ids.filter((id) => !chat.menu.some((t) => t.chat_menu_top_level_id === id));
	if (unknown.length)
		throw invalidParam('chat_menu_top_level_ids', unknown, 'unknown top-level menu ids');
	chat.menu = chat.menu.filter((t) => !ids.includes(t.chat_menu_top_level_id));
	touch(c, chat);
	return tree(chat);
}

const WRITE = ['im:chat', 'im:chat.menu_tree:write_only'];
export const menuRoutes: ApiSpec[] = [
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/menu_tree/sort',
		tokens: 'T',
		scopes: WRITE,
		handler: sort,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/menu_tree',
		tokens: 'T',
		scopes: WRITE,
		handler: create,
	},
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id/menu_tree',
		tokens: 'T',
		scopes: ['im:chat', 'im:chat.menu_tree:read', 'im:chat:readonly'],
		handler: get,
	},
	{
		method: 'DELETE',
		path: '/open-apis/im/v1/chats/:chat_id/menu_tree',
		tokens: 'T',
		scopes: WRITE,
		handler: remove,
	},
	{
		method: 'PATCH',
		path: '/open-apis/im/v1/chats/:chat_id/menu_items/:menu_item_id',
		tokens: 'T',
		scopes: WRITE,
		handler: patch,
	},
];
