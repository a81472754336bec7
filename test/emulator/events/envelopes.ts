/** Builds the exact Feishu event envelopes (events.md §2.4/§2.5/§4): v2 for eight events, v1 for p2p_chat_create. */
import { randomHex } from '../ids';
import type { Bot, Chat, Principal, Store, User } from '../state';

export const EVENT_TYPES = [
	'im.chat.disbanded_v1',
	'im.chat.updated_v1',
	'im.chat.member.bot.added_v1',
	'im.chat.member.bot.deleted_v1',
	'im.chat.member.user.added_v1',
	'im.chat.member.user.deleted_v1',
	'im.chat.member.user.withdrawn_v1',
	'p2p_chat_create',
	'im.chat.access_event.bot_p2p_chat_entered_v1',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EnvelopeContext {
	store: Store;
	appId: string;
	verificationToken: string;
	now: number;
	/** Without contact:user.employee_id:readonly Feishu sends user_id: null. */
	withUserId: boolean;
}

export type UserIdObj = { union_id: string; user_id: string | null; open_id: string };

export function userIdObj(ctx: EnvelopeContext, u: User): UserIdObj {
	return { union_id: u.union_id, user_id: ctx.withUserId ? u.user_id : null, open_id: u.open_id };
}

export function botIdObj(b: Bot): UserIdObj {
	return { union_id: b.union_id, user_id: null, open_id: b.open_id };
}

export function principalIdObj(ctx: EnvelopeContext, p: Principal): UserIdObj {
	if (p.kind === 'user') {
		const u = ctx.store.byOpenId.get(p.id);
		if (u) return userIdObj(ctx, u);
		return { union_id: '', user_id: null, open_id: p.id };
	}
	const b = ctx.store.bots.get(p.id);
	return b ? botIdObj(b) : { union_id: '', user_id: null, open_id: '' };
}

export function v2(
	ctx: EnvelopeContext,
	eventType: string,
	event: Record<string, unknown>,
): Record<string, unknown> {
	return {
		schema: '2.0',
		header: {
			event_id: randomHex(32),
			token: ctx.verificationToken,
			create_time: String(ctx.now),
			event_type: eventType,
			tenant_key: ctx.store.tenantKey,
			app_id: ctx.appId,
		},
		event,
	};
}

/** Fields shared by the chat and member events. */
export function chatBase(
	ctx: EnvelopeContext,
	chat: Chat,
	operator: Principal,
): Record<string, unknown> {
	return {
		chat_id: chat.chat_id,
		operator_id: principalIdObj(ctx, operator),
		external: chat.external,
		operator_tenant_key: ctx.store.tenantKey,
		name: chat.name,
		i18n_names: { ...chat.i18n_names },
	};
}

export function memberUsers(ctx: EnvelopeContext, users: User[]): Array<Record<string, unknown>> {
	return users.map((u) => ({ name: u.name, tenant_key: u.tenant_key, user_id: userIdObj(ctx, u) }));
}

export function userEvent(
	ctx: EnvelopeContext,
	type: string,
	chat: Chat,
	operator: Principal,
	users: User[],
) {
	return v2(ctx, type, { ...chatBase(ctx, chat, operator), users: memberUsers(ctx, users) });
}

export function updatedEvent(
	ctx: EnvelopeContext,
	chat: Chat,
	operator: Principal,
	before: Record<string, unknown>,
	after: Record<string, unknown>,
	moderatorList?: { added_member_list: unknown[]; removed_member_list: unknown[] },
) {
	const base = chatBase(ctx, chat, operator);
	const event: Record<string, unknown> = {
		chat_id: base.chat_id,
		operator_id: base.operator_id,
		external: base.external,
		operator_tenant_key: base.operator_tenant_key,
		after_change: after,
		before_change: before,
	};
	if (moderatorList) event.moderator_list = moderatorList;
	return v2(ctx, 'im.chat.updated_v1', event);
}

export function p2pChatCreate(ctx: EnvelopeContext, chatId: string, user: User, operator?: User) {
	const op = operator ?? user;
	return {
		ts: (ctx.now / 1000).toFixed(7),
		uuid: randomHex(32),
		token: ctx.verificationToken,
		type: 'event_callback',
		event: {
			app_id: ctx.appId,
			chat_id: chatId,
			operator: { open_id: op.open_id, user_id: ctx.withUserId ? op.user_id : null },
			tenant_key: ctx.store.tenantKey,
			type: 'p2p_chat_create',
			user: {
				name: user.name,
				open_id: user.open_id,
				user_id: ctx.withUserId ? user.user_id : null,
			},
		},
	};
}

export function botP2pEntered(ctx: EnvelopeContext, chatId: string, user: User) {
	return v2(ctx, 'im.chat.access_event.bot_p2p_chat_entered_v1', {
		chat_id: chatId,
		operator_id: userIdObj(ctx, user),
		last_message_id: 'om_' + randomHex(32),
		last_message_create_time: String(ctx.now - 5000),
	});
}

/** event_id (v2) or uuid (v1): the dedupe key. */
export function eventIdOf(env: Record<string, any>): string {
	return env.header?.event_id ?? env.uuid ?? '';
}

export function eventTypeOf(env: Record<string, any>): string {
	return env.header?.event_type ?? env.event?.type ?? '';
}
