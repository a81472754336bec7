/** Chat tabs: create/update/sort/list/delete; only doc and url tabs are editable; 20 custom tabs at most. */
import type { ApiSpec, Call } from '../api';
import { ApiError } from '../errors';
import type { Chat, Tab } from '../state';
import { adminOrCreator, invalidParam, memberChat, strArray, touch } from './common';

const MAX_CUSTOM = 20;
const MAX_NAME = 60;
const EDITABLE = ['doc', 'url'];

const view = (chat: Chat) => ({
	chat_tabs: chat.tabs.map((t) => JSON.parse(JSON.stringify(t)) as Tab),
});

function tabChat(c: Call, write: boolean): Chat {
	const chat = memberChat(c);
	if (chat.chat_mode !== 'group' && chat.chat_mode !== 'p2p') throw new ApiError(232050);
	if (write && chat.tabMenuManage === 'only_owner' && !adminOrCreator(c, chat))
		throw new ApiError(232055);
	return chat;
}

const isHttp = (s: unknown) => typeof s === 'string' && /^https?:\/\/\S+$/i.test(s);

/** Validates a doc/url tab definition (shared by create and update). */
function checkTab(t: Record<string, any>, type: string): void {
	if (t.tab_name !== undefined) {
		if (typeof t.tab_name !== 'string')
			throw invalidParam('tab_name', t.tab_name, 'must be a string', 99992402);
		if ([...t.tab_name].length > MAX_NAME) throw new ApiError(232047);
	}
	const content = (t.tab_content ?? {}) as Record<string, unknown>;
	if (type === 'url' && !isHttp(content.url)) throw new ApiError(232048);
	if (type === 'doc' && !isHttp(content.doc)) throw new ApiError(232048);
}

function cleanTab(t: Record<string, any>, id: string, type: string): Tab {
	const tab: Tab = { tab_id: id, tab_type: type };
	if (t.tab_name !== undefined) tab.tab_name = t.tab_name;
	if (t.tab_content) tab.tab_content = { ...t.tab_content };
	if (t.tab_config && type === 'url') tab.tab_config = { ...t.tab_config };
	return tab;
}

function tabList(c: Call, field: string): Array<Record<string, any>> {
	const v = c.body[field];
	if (!Array.isArray(v) || v.length === 0)
		throw invalidParam(field, v ?? '', `${field} is required`);
	if (v.some((x) => !x || typeof x !== 'object'))
		throw invalidParam(field, v, 'items must be objects', 99992402);
	return v as Array<Record<string, any>>;
}

function create(c: Call): unknown {
	const chat = tabChat(c, true);
	const tabs = tabList(c, 'chat_tabs');
	for (const t of tabs) {
		if (!EDITABLE.includes(t.tab_type))
			throw invalidParam('tab_type', t.tab_type ?? '', 'only doc and url tabs can be created');
		checkTab(t, t.tab_type);
	}
	const custom = chat.tabs.filter((t) => EDITABLE.includes(t.tab_type)).length;
	if (custom + tabs.length > MAX_CUSTOM) throw new ApiError(232046);
	for (const t of tabs) chat.tabs.push(cleanTab(t, c.emu.store.numericIds.next(), t.tab_type));
	touch(c, chat);
	return view(chat);
}

function update(c: Call): unknown {
	const chat = tabChat(c, true);
	const tabs = tabList(c, 'chat_tabs');
	const targets = tabs.map((t) => {
		const cur = chat.tabs.find((x) => x.tab_id === t.tab_id);
		if (!cur) throw invalidParam('tab_id', t.tab_id ?? '', 'unknown tab_id');
		if (!EDITABLE.includes(cur.tab_type)) throw new ApiError(232049);
		const type = t.tab_type ?? cur.tab_type;
		if (!EDITABLE.includes(type)) throw new ApiError(232049);
		const merged = { ...cur, ...t, tab_content: t.tab_content ?? cur.tab_content };
		checkTab(merged, type);
		return { cur, next: cleanTab(merged, cur.tab_id, type) };
	});
	for (const { cur, next } of targets) chat.tabs[chat.tabs.indexOf(cur)] = next;
	touch(c, chat);
	return view(chat);
}

function sort(c: Call): unknown {
	const chat = tabChat(c, true);
	const ids = strArray(c.body.tab_ids, 'tab_ids', true);
	const all = chat.tabs.map((t) => t.tab_id);
	if (
		ids.length !== all.length ||
		new Set(ids).size !== ids.length ||
		ids.some((id) => !all.includes(id))
	) {
		throw invalidParam(
			'tab_ids',
			ids,
			'tab_ids must list every tab of the chat, including the message tab',
		);
	}
	const byId = new Map(chat.tabs.map((t) => [t.tab_id, t]));
	const ordered = ids.map((id) => byId.get(id)!);
	// The message tab always stays first.
	chat.tabs = [
		...ordered.filter((t) => t.tab_type === 'message'),
		...ordered.filter((t) => t.tab_type !== 'message'),
	];
	touch(c, chat);
	return view(chat);
}

function list(c: Call): unknown {
	return view(tabChat(c, false));
}

function remove(c: Call): unknown {
	const chat = tabChat(c, true);
	const ids = strArray(c.body.tab_ids, 'tab_ids', true);
	if (ids.length === 0) throw invalidParam('tab_ids', ids, 'tab_ids is required');
	for (const id of ids) {
		const t = chat.tabs.find((x) => x.tab_id === id);
		if (!t) throw invalidParam('tab_ids', id, 'unknown tab_id');
		if (!EDITABLE.includes(t.tab_type)) throw new ApiError(232049);
	}
	chat.tabs = chat.tabs.filter((t) => !ids.includes(t.tab_id));
	touch(c, chat);
	return view(chat);
}

const WRITE = ['im:chat', 'im:chat.tabs:write_only'];
export const tabRoutes: ApiSpec[] = [
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/chat_tabs/update_tabs',
		tokens: 'TU',
		scopes: WRITE,
		msg: 'ok',
		handler: update,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/chat_tabs/sort_tabs',
		tokens: 'TU',
		scopes: WRITE,
		msg: 'ok',
		handler: sort,
	},
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id/chat_tabs/list_tabs',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat.tabs:read', 'im:chat:readonly'],
		msg: 'ok',
		handler: list,
	},
	{
		method: 'DELETE',
		path: '/open-apis/im/v1/chats/:chat_id/chat_tabs/delete_tabs',
		tokens: 'TU',
		scopes: WRITE,
		msg: 'ok',
		handler: remove,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/chat_tabs',
		tokens: 'TU',
		scopes: WRITE,
		msg: 'ok',
		handler: create,
	},
];
