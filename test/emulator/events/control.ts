/** POST /__emulator/events: build an envelope from {type, chat_id?, operator?, users?, ...event overrides} or take a raw one. */
import type { Emulator } from '../emulator';
import type { Delivery } from './bus';
import {
	botP2pEntered,
	chatBase,
	EVENT_TYPES,
	p2pChatCreate,
	updatedEvent,
	userEvent,
	v2,
} from './envelopes';
import type { Chat, Principal } from '../state';

const RESERVED = new Set(['type', 'chat_id', 'operator', 'users', 'envelope', 'header']);

export function publishControlEvent(emu: Emulator, b: Record<string, any>): Delivery {
	if (b.envelope && typeof b.envelope === 'object') return emu.events.publish(b.envelope);
	if (b.schema || (b.uuid && b.event)) return emu.events.publish(b);
	const type = b.type as string;
	if (!EVENT_TYPES.includes(type as (typeof EVENT_TYPES)[number]))
		throw new Error(`type must be one of ${EVENT_TYPES.join(', ')}`);
	const store = emu.store;
	const ctx = emu.envCtx();
	const p2p = type === 'p2p_chat_create' || type === 'im.chat.access_event.bot_p2p_chat_entered_v1';
	let chat: Chat | undefined;
	if (b.chat_id) {
		chat = store.chats.get(b.chat_id);
		if (!chat && !p2p) throw new Error(`unknown chat_id ${b.chat_id}`);
	} else {
		chat = [...store.chats.values()].find((c) =>
			p2p ? c.chat_mode === 'p2p' : c.chat_mode === 'group' && c.bots.has(emu.appId),
		);
	}
	const operatorId: string =
		b.operator ?? (chat?.owner.kind === 'user' ? chat.owner.id : store.users[0].open_id);
	const operator: Principal = operatorId.startsWith('cli_')
		? { kind: 'bot', id: operatorId }
		: { kind: 'user', id: operatorId };
	const userIds: string[] = Array.isArray(b.users) ? b.users : [store.users[20].open_id];
	const users = userIds.map((id) => {
		const u = store.byOpenId.get(id);
		if (!u) throw new Error(`unknown user ${id}`);
		return u;
	});
	let env: Record<string, any>;
	if (type === 'p2p_chat_create') {
		const u = store.byOpenId.get(b.operator ?? '') ?? users[0] ?? store.users[0];
		env = p2pChatCreate(ctx, b.chat_id ?? chat?.chat_id ?? 'oc_p2p', u);
	} else if (type === 'im.chat.access_event.bot_p2p_chat_entered_v1') {
		const u = store.byOpenId.get(b.operator ?? '') ?? users[0] ?? store.users[0];
		env = botP2pEntered(ctx, b.chat_id ?? chat?.chat_id ?? 'oc_p2p', u);
	} else if (type === 'im.chat.updated_v1') {
		env = updatedEvent(
			ctx,
			chat!,
			operator,
			{ name: chat!.name },
			{ name: chat!.name + ' (renamed)' },
		);
	} else if (type.startsWith('im.chat.member.user.')) {
		env = userEvent(ctx, type, chat!, operator, users);
	} else {
		env = v2(ctx, type, chatBase(ctx, chat!, operator));
	}
	const target = env.schema ? env.event : env.event;
	for (const [k, v] of Object.entries(b)) if (!RESERVED.has(k)) target[k] = v;
	if (b.header && env.header) Object.assign(env.header, b.header);
	return emu.events.publish(env);
}
