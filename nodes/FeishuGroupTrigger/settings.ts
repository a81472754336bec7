import type { IDataObject, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_REPLAY_WINDOW_SECONDS } from './callback/verify';
import { DEFAULT_WINDOW_HOURS, MAX_WINDOW_HOURS, MIN_WINDOW_HOURS } from './dedupe';
import { ALL_EVENTS, type EnvelopeInfo } from './events';

export type Connection = 'callback' | 'longConnection';

export interface TriggerSettings {
	connection: Connection;
	/** undefined = all events. */
	events: Set<string> | undefined;
	/** undefined = all chats. */
	chatIds: Set<string> | undefined;
	windowMs: number;
	/** Signed callbacks whose timestamp is further than this from the clock are refused (replay). */
	replayWindowMs: number;
	includeRaw: boolean;
}

export const DEFAULT_REPLAY_WINDOW_MINUTES = DEFAULT_REPLAY_WINDOW_SECONDS / 60;
/** Longer would let a captured request be replayed for longer; shorter breaks on small clock skew. */
export const MIN_REPLAY_WINDOW_MINUTES = 1;
export const MAX_REPLAY_WINDOW_MINUTES = 60;

/** A number option clamped to its range; the default when it is not a number. */
function clamp(value: unknown, min: number, max: number, fallback: number): number {
	const n = Number(value ?? fallback);
	return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** Splits "oc_a, oc_b\noc_c" (or an array from an expression) into ids. */
export function parseChatIds(value: unknown): Set<string> | undefined {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[\s,;]+/);
	const ids = parts.map((p) => p.trim()).filter((p) => p !== '');
	return ids.length > 0 ? new Set(ids) : undefined;
}

export function readSettings(context: IWebhookFunctions | ITriggerFunctions): TriggerSettings {
	const connection = context.getNodeParameter('connection', 'callback') as Connection;
	const events = context.getNodeParameter('events', [ALL_EVENTS]) as string[] | string;
	const list = Array.isArray(events) ? events : [events];
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const hours = Number(options.duplicateWindowHours ?? DEFAULT_WINDOW_HOURS);
	const windowHours = Number.isFinite(hours)
		? Math.min(MAX_WINDOW_HOURS, Math.max(MIN_WINDOW_HOURS, hours))
		: DEFAULT_WINDOW_HOURS;
	return {
		connection: connection === 'longConnection' ? 'longConnection' : 'callback',
		events: list.length === 0 || list.includes(ALL_EVENTS) ? undefined : new Set(list),
		chatIds: parseChatIds(context.getNodeParameter('chatIds', '')),
		windowMs: windowHours * 3600_000,
		replayWindowMs:
			clamp(
				options.replayWindowMinutes,
				MIN_REPLAY_WINDOW_MINUTES,
				MAX_REPLAY_WINDOW_MINUTES,
				DEFAULT_REPLAY_WINDOW_MINUTES,
			) * 60_000,
		includeRaw: options.excludeRawPayload !== true,
	};
}

/** Whether the node is subscribed to this event (type and chat filters). */
export function accepts(settings: TriggerSettings, info: EnvelopeInfo): boolean {
	if (settings.events && !settings.events.has(info.eventType)) return false;
	if (settings.chatIds && !(info.chatId && settings.chatIds.has(info.chatId))) return false;
	return true;
}
