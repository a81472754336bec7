/** Chat endpoints: create, get, list, search, share link, update (incl. owner transfer), dissolve. */
import type { ApiSpec, Call } from '../api';
import { ApiError } from '../errors';
import { updatedEvent, chatBase, v2 } from '../events/envelopes';
import { hex, randomHex } from '../ids';
import { page, pageParams } from '../pagination';
import { buildChat } from '../seed';
import { Chat, isMember } from '../state';
import { chatChange, createView, diff, getView, listItem, outsiderView } from './chatView';
import {
	ENUMS,
	SETTING_KEYS,
	validateEnums,
	validateI18n,
	validatePublicName,
	validateRestricted,
} from './chatRules';
import {
	adminOrCreator,
	findChat,
	invalidParam,
	memberChat,
	oneOf,
	optString,
	ownerOrCreator,
	raiseIfBotIn,
	requireAlive,
	requireGroup,
	requireMember,
	resolveUser,
	strArray,
	touch,
	userIdType,
} from './common';

const READ = ['im:chat', 'im:chat:read', 'im:chat:readonly'];
const LIST = ['im:chat', 'im:chat:readonly', 'im:chat:read', 'im:chat.group_info:readonly'];
const UUID_WINDOW_MS = 10 * 3600 * 1000;
const MAX_BOTS = 15;

function create(c: Call): unknown {
	const { emu, body } = c;
	const type = userIdType(c);
	const uuid = c.req.query.uuid;
	if (uuid !== undefined && uuid.length > 50)
		throw invalidParam('uuid', uuid, 'uuid must be at most 50 characters');
	validateEnums(body);
	oneOf(body.chat_mode, 'chat_mode', ['group']);
	const ownerId = optString(body.owner_id, 'owner_id');
	const key = uuid ? `${uuid}|${ownerId ?? ''}` : undefined;
	const now = emu.clock.now();
	if (key) {
		const seen = emu.store.uuids.get(key);
		const prior =
			seen && now - seen.at < UUID_WINDOW_MS ? emu.store.chats.get(seen.chatId) : undefined;
		if (prior) return createView(c, prior, type);
	}
	const userIds = strArray(body.user_id_list, 'user_id_list');
	const botIds = strArray(body.bot_id_list, 'bot_id_list');
	if (userIds.length > 50)
		throw invalidParam('user_id_list', `${userIds.length} ids`, 'at most 50 users per request');
	if (botIds.length > 5)
		throw invalidParam('bot_id_list', `${botIds.length} ids`, 'at most 5 bots per request');
	const name = optString(body.name, 'name') ?? '';
	const chatType = (body.chat_type as string) ?? 'private';
	validatePublicName(chatType, name);
	if (body.external !== undefined && typeof body.external !== 'boolean')
		throw invalidParam('external', body.external, 'external must be a boolean', 99992402);
	// An external chat cannot be public (232069).
	if (body.external === true && chatType === 'public') throw new ApiError(232069);
	strArray(body.chat_tags, 'chat_tags');
	strArray(body.labels, 'labels');
	strArray(body.toolkit_ids, 'toolkit_ids');
	let owner: string | undefined;
	if (ownerId !== undefined) {
		const u = resolveUser(c, ownerId, type);
		if (!u) throw new ApiError(232030);
		if (u.resigned) throw new ApiError(232022);
		owner = u.open_id;
	}
	const members: string[] = [];
	const bad: string[] = [];
	for (const id of userIds) {
		const u = resolveUser(c, id, type);
		if (!u) bad.push(id);
		else if (u.resigned) throw new ApiError(232022);
		else members.push(u.open_id);
	}
	if (bad.length)
		throw new ApiError(232043, `Your request contains unavailable ids: [${bad.join(', ')}]`);
	const bots = [emu.appId];
	for (const b of botIds) {
		if (!emu.store.bots.has(b)) throw new ApiError(232021);
		if (!bots.includes(b)) bots.push(b);
	}
	if (bots.length > MAX_BOTS)
		throw invalidParam('bot_id_list', botIds.length, `a chat may hold at most ${MAX_BOTS} bots`);
	const rms = validateRestricted(body.restricted_mode_setting, {
		status: false,
		screenshot_has_permission_setting: 'all_members',
		download_has_permission_setting: 'all_members',
		message_has_permission_setting: 'all_members',
	});
	const n = emu.store.chats.size;
	const chatId = 'oc_' + hex('created-chat:' + emu.store.numericIds.next());
	const settings: Record<string, unknown> = {};
	for (const k of SETTING_KEYS) if (body[k] !== undefined) settings[k] = body[k];
	if (rms) settings.restricted_mode_setting = rms;
	if (Array.isArray(body.labels)) settings.labels = body.labels;
	if (Array.isArray(body.toolkit_ids)) settings.toolkit_ids = body.toolkit_ids;
	const chat = buildChat(
		emu.store,
		emu.appId,
		{
			chat_id: chatId,
			name,
			description: optString(body.description, 'description') ?? '',
			chat_type: chatType as Chat['chat_type'],
			owner: owner ?? emu.appId,
			members,
			bots,
			creatorAppId: emu.appId,
			settings,
		},
		now,
		n,
	);
	const i18n = validateI18n(body.i18n_names);
	chat.i18n_names = i18n ?? {};
	if (typeof body.avatar === 'string' && body.avatar) chat.avatarKey = body.avatar;
	if (body.group_message_type) chat.group_message_type = body.group_message_type;
	if (owner && c.req.query.set_bot_manager === 'true') chat.botManagers.add(emu.appId);
	chat.external = body.external === true;
	emu.store.chats.set(chatId, chat);
	if (key) emu.store.uuids.set(key, { chatId, at: now });
	return createView(c, chat, type);
}

function get(c: Call): unknown {
	const type = userIdType(c);
	const chat = findChat(c);
	if (!isMember(chat, c.caller)) {
		if (c.emu.config.getChatOutsider === 'error') throw new ApiError(232011);
		return outsiderView(chat);
	}
	return getView(c, chat, type);
}

function listable(chat: Chat): boolean {
	return chat.chat_mode !== 'p2p' && chat.status === 'normal';
}

function list(c: Call): unknown {
	const type = userIdType(c);
	const sort = c.req.query.sort_type || 'ByCreateTimeAsc';
	if (sort !== 'ByCreateTimeAsc' && sort !== 'ByActiveTimeDesc')
		throw invalidParam('sort_type', sort, 'unsupported sort_type');
	const scope = `${c.caller.id}|${sort}`;
	const { size, offset } = pageParams(c.req.query, 'list', scope);
	const chats = [...c.emu.store.chats.values()].filter(
		(ch) => listable(ch) && isMember(ch, c.caller),
	);
	if (sort === 'ByActiveTimeDesc') chats.sort((a, b) => b.activeAt - a.activeAt);
	const p = page(chats, size, offset, 'list', scope);
	return { ...p, items: p.items.map((ch) => listItem(c, ch, type)) };
}

function search(c: Call): unknown {
	const type = userIdType(c);
	let q = c.req.query.query ?? '';
	const scope = `${c.caller.id}|${q}`;
	const { size, offset } = pageParams(c.req.query, 'search', scope);
	// Doc: an empty or > 64-character query gives an empty result, not an error.
	if (!q || q.length > 64) return { items: [], has_more: false };
	if (q.length >= 2 && q.startsWith('"') && q.endsWith('"')) q = q.slice(1, -1);
	const needle = q.toLowerCase();
	const store = c.emu.store;
	const matches = (ch: Chat) => {
		const names = [ch.name, ch.i18n_names.zh_cn, ch.i18n_names.en_us, ch.i18n_names.ja_jp];
		if (names.some((n) => n && n.toLowerCase().includes(needle))) return true;
		if (ch.users.size > 500) return false; // member-name matching only for normal-sized chats (keeps search fast)
		for (const id of ch.users.keys())
			if (store.byOpenId.get(id)?.name.toLowerCase().includes(needle)) return true;
		return false;
	};
	const chats = [...store.chats.values()].filter(
		(ch) => listable(ch) && (isMember(ch, c.caller) || ch.chat_type === 'public') && matches(ch),
	);
	const p = page(chats, size, offset, 'search', scope);
	return { ...p, items: p.items.map((ch) => listItem(c, ch, type)) };
}

function link(c: Call): unknown {
	const chat = memberChat(c);
	if (chat.chat_mode === 'p2p') throw new ApiError(232062);
	if (chat.settings.share_card_permission === 'not_allowed' && !adminOrCreator(c, chat))
		throw new ApiError(232064);
	const period =
		oneOf(c.body.validity_period, 'validity_period', ['week', 'year', 'permanently']) ?? 'week';
	const now = c.emu.clock.nowSeconds();
	const expire = period === 'week' ? now + 7 * 86400 : period === 'year' ? now + 365 * 86400 : 0;
	return {
		share_link: `https://applink.feishu.cn/client/chat/chatter/add_by_link?link_token=${randomHex(8)}-${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}`,
		expire_time: String(expire),
		is_permanent: period === 'permanently',
	};
}

const BASIC = ['avatar', 'name', 'description', 'i18n_names'];
const UPDATABLE = [
	...BASIC,
	...Object.keys(ENUMS),
	'owner_id',
	'restricted_mode_setting',
	'labels',
	'toolkit_ids',
];

function update(c: Call): unknown {
	const { body, emu } = c;
	const type = userIdType(c);
	const chat = findChat(c);
	requireAlive(chat);
	requireGroup(chat);
	requireMember(c, chat);
	const present = UPDATABLE.filter((k) => body[k] !== undefined);
	if (!adminOrCreator(c, chat)) {
		if (chat.settings.edit_permission === 'only_owner') throw new ApiError(232002);
		if (present.some((k) => !BASIC.includes(k))) throw new ApiError(232016);
	}
	validateEnums(body);
	const name = optString(body.name, 'name');
	const description = optString(body.description, 'description');
	const i18n = validateI18n(body.i18n_names);
	const rms = validateRestricted(
		body.restricted_mode_setting,
		chat.settings.restricted_mode_setting,
	);
	const nextType = (body.chat_type as string) ?? chat.chat_type;
	const nextName = name ?? chat.name;
	if (name !== undefined || body.chat_type !== undefined) {
		validatePublicName(nextType, nextName);
		if (nextType === 'public') {
			for (const other of emu.store.chats.values()) {
				if (
					other !== chat &&
					other.chat_type === 'public' &&
					other.status === 'normal' &&
					other.name === nextName
				)
					throw new ApiError(232026);
			}
		}
	}
	let newOwner: string | undefined;
	if (body.owner_id !== undefined) {
		const u = resolveUser(c, String(body.owner_id), type);
		if (!u || u.resigned) throw new ApiError(232035);
		if (!chat.users.has(u.open_id)) throw new ApiError(232012);
		newOwner = u.open_id;
	}
	const before = chatChange(c, chat);
	if (name !== undefined) chat.name = name;
	if (description !== undefined) chat.description = description;
	if (i18n) chat.i18n_names = i18n;
	if (typeof body.avatar === 'string' && body.avatar) chat.avatarKey = body.avatar;
	if (body.chat_type) chat.chat_type = body.chat_type;
	if (body.group_message_type) chat.group_message_type = body.group_message_type;
	for (const k of SETTING_KEYS) if (body[k] !== undefined) chat.settings[k] = body[k];
	if (rms) chat.settings.restricted_mode_setting = rms;
	if (Array.isArray(body.labels)) chat.settings.labels = body.labels;
	if (Array.isArray(body.toolkit_ids)) chat.settings.toolkit_ids = body.toolkit_ids;
	if (newOwner && !(chat.owner.kind === 'user' && chat.owner.id === newOwner)) {
		chat.owner = { kind: 'user', id: newOwner };
		chat.managers.delete(newOwner);
	}
	touch(c, chat);
	const d = diff(before, chatChange(c, chat));
	if (Object.keys(d.after).length > 0)
		raiseIfBotIn(c, chat, updatedEvent(emu.envCtx(), chat, c.caller, d.before, d.after));
	return {};
}

function dissolve(c: Call): unknown {
	const chat = findChat(c);
	requireAlive(chat);
	requireGroup(chat);
	requireMember(c, chat);
	if (!ownerOrCreator(c, chat)) throw new ApiError(232017);
	const botWasIn = chat.bots.has(c.emu.appId);
	chat.status = 'dissolved';
	touch(c, chat);
	const ctx = c.emu.envCtx();
	raiseIfBotIn(c, chat, v2(ctx, 'im.chat.disbanded_v1', chatBase(ctx, chat, c.caller)), botWasIn);
	return {};
}

export const chatRoutes: ApiSpec[] = [
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats',
		tokens: 'T',
		scopes: ['im:chat', 'im:chat:create'],
		handler: create,
	},
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/search',
		tokens: 'TU',
		scopes: LIST,
		handler: search,
	},
	{ method: 'GET', path: '/open-apis/im/v1/chats', tokens: 'TU', scopes: LIST, handler: list },
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id',
		tokens: 'TU',
		scopes: READ,
		handler: get,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/link',
		tokens: 'TU',
		scopes: READ,
		handler: link,
	},
	{
		method: 'PUT',
		path: '/open-apis/im/v1/chats/:chat_id',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat:update'],
		handler: update,
	},
	{
		method: 'DELETE',
		path: '/open-apis/im/v1/chats/:chat_id',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat:delete'],
		handler: dissolve,
	},
];
