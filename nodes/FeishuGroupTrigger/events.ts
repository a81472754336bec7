import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

export interface FeishuEventInfo {
	value: string;
	name: string;
	description: string;
	version: '1.0' | '2.0';
}

/** The 9 chat and member events (events.md §4). */
export const FEISHU_EVENTS: FeishuEventInfo[] = [
	{
		value: 'im.chat.disbanded_v1',
		name: 'Chat Disbanded',
		description: 'A chat the bot is in was disbanded',
		version: '2.0',
	},
	{
		value: 'im.chat.updated_v1',
		name: 'Chat Updated',
		description: 'Chat settings changed: name, description, avatar, owner, permissions',
		version: '2.0',
	},
	{
		value: 'im.chat.member.bot.added_v1',
		name: 'Bot Added to Chat',
		description: 'The bot was added to a chat',
		version: '2.0',
	},
	{
		value: 'im.chat.member.bot.deleted_v1',
		name: 'Bot Removed From Chat',
		description: 'The bot was removed from a chat',
		version: '2.0',
	},
	{
		value: 'im.chat.member.user.added_v1',
		name: 'User Added to Chat',
		description: 'Users joined or were added to a chat',
		version: '2.0',
	},
	{
		value: 'im.chat.member.user.deleted_v1',
		name: 'User Removed From Chat',
		description: 'Users left or were removed from a chat',
		version: '2.0',
	},
	{
		value: 'im.chat.member.user.withdrawn_v1',
		name: 'User Invitation Withdrawn',
		description: 'An invitation of users to a chat was withdrawn',
		version: '2.0',
	},
	{
		value: 'p2p_chat_create',
		name: 'Direct Chat With Bot Created',
		description: 'A user opened a one-to-one chat with the bot for the first time (1.0 event)',
		version: '1.0',
	},
	{
		value: 'im.chat.access_event.bot_p2p_chat_entered_v1',
		name: 'User Entered Direct Chat With Bot',
		description: "A user opened the bot's one-to-one chat",
		version: '2.0',
	},
];

export const ALL_EVENTS = '*';

export const eventOptions: INodePropertyOptions[] = [
	{ name: 'All Events', value: ALL_EVENTS, description: 'Any of the events below' },
	...FEISHU_EVENTS.map(({ name, value, description }) => ({ name, value, description })),
].sort((a, b) =>
	a.value === ALL_EVENTS ? -1 : b.value === ALL_EVENTS ? 1 : a.name.localeCompare(b.name),
);

function obj(value: unknown): IDataObject | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A numeric-string timestamp (ms, or s with fraction for v1 `ts`) as ISO 8601; undefined when unparsable. */
function iso(value: unknown, unit: 'ms' | 's'): string | undefined {
	const n = Number(value);
	if (value === undefined || value === null || value === '' || !Number.isFinite(n))
		return undefined;
	let ms = unit === 's' ? n * 1000 : n;
	// One old sample has 16-digit microseconds: scale anything beyond year ~5000 down.
	while (ms > 1e14) ms /= 1000;
	const date = new Date(Math.round(ms));
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export interface PersonIds extends IDataObject {
	openId: string | null;
	unionId: string | null;
	userId: string | null;
}

/** A v2 UserId object {open_id, union_id, user_id} or a v1 {open_id, user_id} as camelCase ids. */
function ids(value: unknown): PersonIds | null {
	const o = obj(value);
	if (!o) return null;
	return {
		openId: str(o.open_id) ?? null,
		unionId: str(o.union_id) ?? null,
		userId: str(o.user_id) ?? null,
	};
}

function member(value: unknown): IDataObject {
	const o = obj(value) ?? {};
	return {
		name: str(o.name) ?? null,
		tenantKey: str(o.tenant_key) ?? null,
		...(ids(o.user_id) ?? ids(null)),
	};
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** Keys whose values differ between before_change and after_change (both may be partial). */
function changedKeys(before: IDataObject, after: IDataObject): string[] {
	const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
	return [...keys]
		.filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
		.sort();
}

export interface EnvelopeInfo {
	version: '1.0' | '2.0';
	eventType: string;
	eventId: string | undefined;
	appId: string | undefined;
	tenantKey: string | undefined;
	chatId: string | undefined;
}

/** Routing facts of a v2 or v1 envelope (events.md §2.5 detection rule); undefined for anything else. */
export function envelopeInfo(envelope: IDataObject): EnvelopeInfo | undefined {
	const event = obj(envelope.event) ?? {};
	if ('schema' in envelope) {
		const header = obj(envelope.header) ?? {};
		const eventType = str(header.event_type);
		if (!eventType) return undefined;
		return {
			version: '2.0',
			eventType,
			eventId: str(header.event_id),
			appId: str(header.app_id),
			tenantKey: str(header.tenant_key),
			chatId: str(event.chat_id),
		};
	}
	const eventType = str(event.type);
	if (!eventType) return undefined;
	return {
		version: '1.0',
		eventType,
		eventId: str(envelope.uuid),
		appId: str(event.app_id),
		tenantKey: str(event.tenant_key),
		chatId: str(event.chat_id),
	};
}

/**
 * One output item per event: the useful fields lifted to the top in camelCase, the original envelope
 * under `raw` (unless omitted). Every field is optional on the wire; missing ones become null.
 */
export function normaliseEvent(envelope: IDataObject, includeRaw: boolean): IDataObject {
	const info = envelopeInfo(envelope);
	const event = obj(envelope.event) ?? {};
	const header = obj(envelope.header) ?? {};
	const eventType = info?.eventType ?? null;
	const out: IDataObject = {
		eventType,
		eventName: FEISHU_EVENTS.find((e) => e.value === eventType)?.name ?? null,
		eventId: info?.eventId ?? null,
		eventVersion: info?.version ?? null,
		eventTime:
			info?.version === '1.0'
				? (iso(envelope.ts, 's') ?? null)
				: (iso(header.create_time, 'ms') ?? null),
		appId: info?.appId ?? null,
		tenantKey: info?.tenantKey ?? null,
		chatId: info?.chatId ?? null,
		chatName: str(event.name) ?? null,
	};
	const i18n = obj(event.i18n_names);
	if (i18n) out.chatI18nNames = i18n;
	if (typeof event.external === 'boolean') out.external = event.external;

	if (info?.version === '1.0') {
		// p2p_chat_create: operator {open_id, user_id}, user {name, open_id, user_id}; no union_id in v1.
		const operator = ids(event.operator);
		out.operator = operator;
		const user = obj(event.user);
		out.users = user
			? [{ name: str(user.name) ?? null, tenantKey: info.tenantKey ?? null, ...ids(user) }]
			: [];
	} else {
		const operator = ids(event.operator_id);
		out.operator = operator
			? { ...operator, tenantKey: str(event.operator_tenant_key) ?? null }
			: null;
		if ('users' in event) out.users = list(event.users).map(member);
	}

	switch (eventType) {
		case 'im.chat.member.bot.added_v1':
		case 'im.chat.member.bot.deleted_v1':
			// The affected bot is this app's own bot; the event names it only by app id.
			out.bots = [{ appId: info?.appId ?? null }];
			break;
		case 'im.chat.updated_v1': {
			const before = obj(event.before_change) ?? {};
			const after = obj(event.after_change) ?? {};
			const moderators = obj(event.moderator_list) ?? {};
			out.changes = { before, after, changedKeys: changedKeys(before, after) };
			out.moderators = {
				added: list(moderators.added_member_list).map(member),
				removed: list(moderators.removed_member_list).map(member),
			};
			break;
		}
		case 'im.chat.access_event.bot_p2p_chat_entered_v1':
			out.lastMessageId = str(event.last_message_id) ?? null;
			out.lastMessageTime = iso(event.last_message_create_time, 'ms') ?? null;
			break;
	}

	if (includeRaw) out.raw = envelope;
	return out;
}
