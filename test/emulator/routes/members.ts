/** Members and managers: add/remove members (succeed_type), me_join, list, is_in_chat, add/delete managers. */
import type { ApiSpec, Call } from '../api';
import { ApiError, MESSAGES } from '../errors';
import { chatBase, userEvent, v2 } from '../events/envelopes';
import { page, pageParams } from '../pagination';
import { Chat, isOwner, Principal, User } from '../state';
import {
	adminOrCreator,
	findChat,
	invalidParam,
	memberChat,
	memberIdType,
	raiseIfBotIn,
	requireAlive,
	requireMember,
	resolveUser,
	strArray,
	touch,
	userOut,
} from './common';

const MAX_BOTS = 15;
const MAX_MANAGERS = 10;

/** Per-request id limits: 50 users or 5 bots (232001 above). */
function checkIdLimits(ids: string[], type: string, field: string): void {
	if (type === 'app_id' && ids.length > 5)
		throw invalidParam(field, `${ids.length} ids`, 'at most 5 bots per request');
	if (type !== 'app_id' && ids.length > 50)
		throw invalidParam(field, `${ids.length} ids`, 'at most 50 users per request');
}

function notExistedError(type: string, ids: string[]): ApiError {
	const list = `[${ids.join(' ')}]`;
	if (type === 'open_id') return new ApiError(99992351, MESSAGES[99992351].replace('{ids}', list));
	if (type === 'user_id')
		return new ApiError(
			99992360,
			MESSAGES[99992360].replace('{user_id}', 'user_id').replace('{ids}', list),
		);
	if (type === 'union_id') return new ApiError(99992364, MESSAGES[99992364].replace('{ids}', list));
	return new ApiError(232043, `${MESSAGES[232043]} ${list}`);
}

function raiseUsersAdded(c: Call, chat: Chat, users: User[], operator: Principal): void {
	if (users.length)
		raiseIfBotIn(
			c,
			chat,
			userEvent(c.emu.envCtx(), 'im.chat.member.user.added_v1', chat, operator, users),
		);
}

function raiseOurBot(c: Call, chat: Chat, type: 'added' | 'deleted'): void {
	const ctx = c.emu.envCtx();
	c.emu.events.publish(v2(ctx, `im.chat.member.bot.${type}_v1`, chatBase(ctx, chat, c.caller)));
}

function addMembers(c: Call): unknown {
	const type = memberIdType(c, true);
	const chat = findChat(c);
	requireAlive(chat);
	requireMember(c, chat);
	if (chat.chat_mode === 'p2p') throw new ApiError(232090);
	if (chat.settings.add_member_permission === 'only_owner' && !adminOrCreator(c, chat))
		throw new ApiError(232017);
	const st = c.req.query.succeed_type ?? '0';
	if (!['0', '1', '2'].includes(st))
		throw invalidParam('succeed_type', st, 'succeed_type must be 0, 1 or 2');
	const ids = strArray(c.body.id_list, 'id_list');
	if (ids.length === 0) throw new ApiError(232027);
	checkIdLimits(ids, type, 'id_list');
	const invalid: string[] = [];
	const notExisted: string[] = [];
	const users: User[] = [];
	const bots: string[] = [];
	for (const id of ids) {
		if (type === 'app_id') {
			if (c.emu.store.bots.has(id)) bots.push(id);
			else notExisted.push(id);
			continue;
		}
		const u = resolveUser(c, id, type);
		if (!u) notExisted.push(id);
		else if (u.resigned) invalid.push(id);
		else users.push(u);
	}
	if (st === '0' && notExisted.length) throw notExistedError(type, notExisted);
	if (st === '2' && (notExisted.length || invalid.length)) {
		throw new ApiError(232043, undefined, 400, {
			data: {
				invalid_id_list: invalid,
				not_existed_id_list: notExisted,
				pending_approval_id_list: [],
			},
		});
	}
	const newBots = bots.filter((b) => !chat.bots.has(b));
	if (chat.bots.size + newBots.length > MAX_BOTS)
		throw invalidParam(
			'id_list',
			`${newBots.length} bots`,
			`a chat may hold at most ${MAX_BOTS} bots`,
		);
	const newUsers = users.filter(
		(u, i) => !chat.users.has(u.open_id) && users.findIndex((x) => x.open_id === u.open_id) === i,
	);
	const pending: string[] = [];
	if (chat.settings.membership_approval === 'approval_required' && !adminOrCreator(c, chat)) {
		for (const u of newUsers) pending.push(c.emu.store.userIdOf(u, type));
		return {
			invalid_id_list: invalid,
			not_existed_id_list: notExisted,
			pending_approval_id_list: pending,
		};
	}
	if (chat.users.size + newUsers.length > chat.memberLimit) throw new ApiError(232013);
	const now = c.emu.clock.now();
	for (const u of newUsers) chat.users.set(u.open_id, now);
	for (const b of newBots) chat.bots.set(b, now);
	touch(c, chat);
	raiseUsersAdded(c, chat, newUsers, c.caller);
	if (newBots.includes(c.emu.appId)) raiseOurBot(c, chat, 'added');
	return {
		invalid_id_list: invalid,
		not_existed_id_list: notExisted,
		pending_approval_id_list: pending,
	};
}

function removeMembers(c: Call): unknown {
	const type = memberIdType(c, true);
	const chat = findChat(c);
	requireAlive(chat);
	requireMember(c, chat);
	const ids = strArray(c.body.id_list, 'id_list');
	if (ids.length === 0) throw new ApiError(232027);
	checkIdLimits(ids, type, 'id_list');
	const invalid: string[] = [];
	const targets: Principal[] = [];
	for (const id of ids) {
		const p: Principal | undefined =
			type === 'app_id'
				? chat.bots.has(id)
					? { kind: 'bot', id }
					: undefined
				: ((u) =>
						u && chat.users.has(u.open_id) ? { kind: 'user' as const, id: u.open_id } : undefined)(
						resolveUser(c, id, type),
					);
		if (!p) invalid.push(id);
		else targets.push(p);
	}
	const others = targets.filter((p) => !(p.kind === c.caller.kind && p.id === c.caller.id));
	if (others.length && !adminOrCreator(c, chat)) throw new ApiError(232014);
	if (targets.some((p) => isOwner(chat, p))) throw new ApiError(232076);
	const botWasIn = chat.bots.has(c.emu.appId);
	const removedUsers: User[] = [];
	let ourBotRemoved = false;
	for (const p of targets) {
		if (p.kind === 'user') {
			if (!chat.users.delete(p.id)) continue;
			chat.managers.delete(p.id);
			chat.moderation.moderators.delete(p.id);
			removedUsers.push(c.emu.store.byOpenId.get(p.id)!);
		} else if (chat.bots.delete(p.id)) {
			chat.botManagers.delete(p.id);
			if (p.id === c.emu.appId) ourBotRemoved = true;
		}
	}
	touch(c, chat);
	if (removedUsers.length) {
		raiseIfBotIn(
			c,
			chat,
			userEvent(c.emu.envCtx(), 'im.chat.member.user.deleted_v1', chat, c.caller, removedUsers),
			botWasIn,
		);
	}
	if (ourBotRemoved) raiseOurBot(c, chat, 'deleted');
	return { invalid_id_list: invalid };
}

function meJoin(c: Call): unknown {
	const chat = findChat(c);
	requireAlive(chat);
	if (chat.chat_type !== 'public' || chat.chat_mode === 'p2p') throw new ApiError(232008);
	if (chat.settings.membership_approval === 'approval_required') throw new ApiError(232075);
	const now = c.emu.clock.now();
	if (c.caller.kind === 'user') {
		if (chat.users.has(c.caller.id)) return {};
		if (chat.users.size + 1 > chat.memberLimit) throw new ApiError(232013);
		chat.users.set(c.caller.id, now);
		touch(c, chat);
		raiseUsersAdded(c, chat, [c.emu.store.byOpenId.get(c.caller.id)!], c.caller);
	} else {
		if (chat.bots.has(c.caller.id)) return {};
		if (chat.bots.size + 1 > MAX_BOTS)
			throw invalidParam('bot', c.caller.id, `a chat may hold at most ${MAX_BOTS} bots`);
		chat.bots.set(c.caller.id, now);
		touch(c, chat);
		raiseOurBot(c, chat, 'added');
	}
	return {};
}

function listMembers(c: Call): unknown {
	const type = memberIdType(c, false);
	const chat = memberChat(c);
	const check = c.req.query.check_security_conf;
	if (check !== undefined && check !== 'true' && check !== 'false')
		throw invalidParam('check_security_conf', check, 'check_security_conf must be true or false');
	const { size, offset } = pageParams(c.req.query, 'members', chat.chat_id);
	const ids = [...chat.users.keys()];
	const p = page(ids, size, offset, 'members', chat.chat_id);
	const store = c.emu.store;
	return {
		items: p.items.map((id) => {
			const u = store.byOpenId.get(id);
			return {
				member_id_type: type,
				member_id: u ? store.userIdOf(u, type) : id,
				name: u?.name ?? '',
				tenant_key: u?.tenant_key ?? chat.tenant_key,
			};
		}),
		...(p.page_token ? { page_token: p.page_token } : {}),
		has_more: p.has_more,
		member_total: chat.users.size,
	};
}

function isInChat(c: Call): unknown {
	const chat = findChat(c);
	const inChat =
		c.caller.kind === 'user' ? chat.users.has(c.caller.id) : chat.bots.has(c.caller.id);
	return { is_in_chat: inChat && chat.status === 'normal' };
}

function managerAnswer(c: Call, chat: Chat, type: string): unknown {
	const userType = type === 'app_id' ? 'open_id' : type;
	return {
		chat_managers: [...chat.managers].map((id) => userOut(c, id, userType)),
		chat_bot_managers: [...chat.botManagers],
	};
}

function managers(add: boolean) {
	return (c: Call): unknown => {
		const type = memberIdType(c, true);
		const chat = memberChat(c);
		if (!isOwner(chat, c.caller)) throw new ApiError(232038);
		const ids = strArray(c.body.manager_ids, 'manager_ids');
		checkIdLimits(ids, type, 'manager_ids');
		const valid: string[] = [];
		for (const id of ids) {
			if (type === 'app_id') {
				if (chat.bots.has(id)) valid.push(id);
				continue;
			}
			const u = resolveUser(c, id, type);
			if (u && chat.users.has(u.open_id) && !isOwner(chat, { kind: 'user', id: u.open_id }))
				valid.push(u.open_id);
		}
		if (valid.length === 0) throw new ApiError(232027);
		const set = type === 'app_id' ? chat.botManagers : chat.managers;
		if (add) {
			const fresh = valid.filter((id) => !set.has(id));
			if (chat.managers.size + chat.botManagers.size + fresh.length > MAX_MANAGERS)
				throw new ApiError(232040);
			for (const id of fresh) set.add(id);
		} else {
			for (const id of valid) set.delete(id);
		}
		touch(c, chat);
		return managerAnswer(c, chat, type);
	};
}

const WRITE = ['im:chat', 'im:chat.members:write_only'];
const READ = ['im:chat', 'im:chat:readonly', 'im:chat.members:read', 'im:chat.group_info:readonly'];
const MANAGERS = ['im:chat', 'im:chat.managers:write_only'];
export const memberRoutes: ApiSpec[] = [
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/managers/add_managers',
		tokens: 'TU',
		scopes: MANAGERS,
		handler: managers(true),
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/managers/delete_managers',
		tokens: 'TU',
		scopes: MANAGERS,
		handler: managers(false),
	},
	{
		method: 'PATCH',
		path: '/open-apis/im/v1/chats/:chat_id/members/me_join',
		tokens: 'TU',
		scopes: WRITE,
		msg: 'ok',
		handler: meJoin,
	},
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id/members/is_in_chat',
		tokens: 'TU',
		scopes: READ,
		handler: isInChat,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/members',
		tokens: 'TU',
		scopes: WRITE,
		handler: addMembers,
	},
	{
		method: 'DELETE',
		path: '/open-apis/im/v1/chats/:chat_id/members',
		tokens: 'TU',
		scopes: WRITE,
		handler: removeMembers,
	},
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id/members',
		tokens: 'TU',
		scopes: READ,
		handler: listMembers,
	},
];
