/**
 * Events through the Feishu Group Trigger's long connection in the bench's n8n: the emulator publishes them
 * (POST /__emulator/events) to the active long-connection workflow.
 */
import type { BenchN8n } from './n8n';
import type { Scheduled } from './openLoop';

/** Event types the emulator can raise on its seeded chats without extra fields. */
export const LC_TYPES = [
	'im.chat.member.user.added_v1',
	'im.chat.updated_v1',
	'im.chat.member.bot.added_v1',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Switches the emulator to long-connection delivery; true once the workflow's socket is connected (the
 * trigger waits 10 s after n8n's start-up activations before it connects).
 */
export async function useLongConnection(b: BenchN8n): Promise<boolean> {
	await b.control.putApp({ eventMode: 'long_connection' });
	for (let i = 0; i < 300; i++) {
		if ((await b.control.getApp<{ wsConnections: number }>()).wsConnections > 0) return true;
		await sleep(100);
	}
	return false;
}

/** `count` publish requests, `rate` per second, cycling through LC_TYPES (for openLoop to the emulator). */
export function publishSchedule(count: number, rate: number): Scheduled[] {
	return Array.from({ length: count }, (_, i) => ({
		at: (i * 1000) / rate,
		tag: `lc${i}`,
		make: () => ({
			raw: Buffer.from(JSON.stringify({ type: LC_TYPES[i % LC_TYPES.length] })),
			headers: { 'content-type': 'application/json' },
		}),
	}));
}

/** The event id from the emulator's answer to a publish ({"ok":true,"event_id":"…",…}). */
export function publishedEventId(body: string): string | undefined {
	return /"event_id":"([^"]+)"/.exec(body)?.[1];
}
