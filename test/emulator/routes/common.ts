/** Shared checks for the group endpoints: id types, chat lookup, membership and role rules, body fields. */
import type { Call } from '../api';
import { ApiError } from '../errors';
import { Chat, isAdmin, isMember, isOwner, Principal, User } from '../state';

export const USER_ID_TYPES = ['open_id', 'union_id', 'user_id'];

export function invalidParam(
	field: string,
	value: unknown,
	description: string,
	code = 232001,
): ApiError {
	return new ApiError(code, undefined, 400, {
		error: {
			field_violations: [
				{ field, value: typeof value === 'string' ? value : JSON.stringify(value), description },
			],
		},
	});
}

export function userIdType(c: Call, name = 'user_id_type', code = 232001): string {
	const t = c.req.query[name] || 'open_id';
	if (!USER_ID_TYPES.includes(t))
		throw invalidParam(name, t, `${name} must be one of open_id, union_id, user_id`, code);
	return t;
}

export function memberIdType(c: Call, allowApp: boolean, code = 232001): string {
	const t = c.req.query.member_id_type || 'open_id';
	if (!USER_ID_TYPES.includes(t) && !(allowApp && t === 'app_id')) {
		throw invalidParam('member_id_type', t, 'unsupported member_id_type', code);
	}
	return t;
}

/** Unknown or malformed chat_id -> 232006. */
export function findChat(c: Call): Chat {
	const id = c.req.params.chat_id;
	const chat = c.emu.store.chats.get(id);
	if (!chat) throw new ApiError(232006);
	return chat;
}

export function requireAlive(chat: Chat): void {
	if (chat.status === 'dissolved') throw new ApiError(232009);
}

export function requireMember(c: Call, chat: Chat): void {
	if (!isMember(chat, c.caller)) throw new ApiError(232011);
}

export function requireGroup(chat: Chat, code = 232008): void {
	if (chat.chat_mode !== 'group') throw new ApiError(code);
}

/** Chat that exists, is not dissolved and has the caller as a member. */
export function memberChat(c: Call): Chat {
	const chat = findChat(c);
	requireAlive(chat);
	requireMember(c, chat);
	return chat;
}

export function hasScope(c: Call, scope: string): boolean {
	return c.emu.config.scopes.includes(scope);
}

/** Owner, or the creating bot when the app has im:chat:operate_as_owner. */
export function ownerOrCreator(c: Call, chat: Chat): boolean {
	if (isOwner(chat, c.caller)) return true;
	return (
		c.caller.kind === 'bot' &&
		chat.creatorAppId === c.caller.id &&
		hasScope(c, 'im:chat:operate_as_owner')
	);
}

/** Owner, managers, or the creating bot with operate_as_owner. */
export function adminOrCreator(c: Call, chat: Chat): boolean {
	return isAdmin(chat, c.caller) || ownerOrCreator(c, chat);
}

export function strArray(v: unknown, field: string, required = false): string[] {
	if (v === undefined || v === null) {
		if (required) throw invalidParam(field, v, `${field} is required`);
		return [];
	}
	if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
		throw invalidParam(field, v, `${field} must be an array of strings`, 99992402);
	return v as string[];
}

export function optString(v: unknown, field: string): string | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string') throw invalidParam(field, v, `${field} must be a string`, 99992402);
	return v;
}

export function oneOf(v: unknown, field: string, values: string[]): string | undefined {
	const s = optString(v, field);
	if (s === undefined) return undefined;
	if (!values.includes(s))
		throw invalidParam(field, s, `${field} must be one of ${values.join(', ')}`);
	return s;
}

/** Principal -> id string for responses (users per id type, bots as app id). */
export function principalOut(c: Call, p: Principal, type: string): string {
	if (p.kind === 'bot') return p.id;
	const u = c.emu.store.byOpenId.get(p.id);
	return u ? c.emu.store.userIdOf(u, type) : p.id;
}

export function userOut(c: Call, openId: string, type: string): string {
	const u = c.emu.store.byOpenId.get(openId);
	return u ? c.emu.store.userIdOf(u, type) : openId;
}

export function resolveUser(c: Call, id: string, type: string): User | undefined {
	return c.emu.store.findUser(id, type);
}

export function touch(c: Call, chat: Chat): void {
	chat.activeAt = c.emu.clock.now();
}

/** Publishes an event when our bot is in the chat (chat events go to member bots only). */
export function raiseIfBotIn(
	c: Call,
	chat: Chat,
	envelope: Record<string, unknown>,
	botWasIn = chat.bots.has(c.emu.appId),
): void {
	if (botWasIn) c.emu.events.publish(envelope);
}
