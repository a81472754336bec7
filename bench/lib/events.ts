/**
 * Feishu event callbacks for the trigger measures: real envelopes of all 9 event types taken from the emulator,
 * cloned with fresh event ids, then encrypted and signed byte-for-byte as Feishu sends them (the emulator's crypto).
 */
import { randomBytes, randomInt } from 'crypto';

import { EVENT_TYPES } from '../../test/emulator/events/envelopes';
import { encrypt, signature } from '../../test/emulator/events/crypto';
import type { EmulatorControl } from './emulator';

export const BENCH_ENCRYPT_KEY = 'bench-encrypt-key-9f3c1a';
export const BENCH_VERIFICATION_TOKEN = 'emulator-verification-token';

type Envelope = Record<string, any>;

export interface SignedCallback {
	eventId: string;
	eventType: string;
	/** The exact request body. */
	raw: Buffer;
	/** Lower-case names, as Node hands them to a server. */
	headers: Record<string, string>;
}

/** One envelope of each of the 9 event types, built by the emulator (nothing is delivered: event mode stays as it is). */
export async function sampleEnvelopes(control: EmulatorControl): Promise<Envelope[]> {
	const out: Envelope[] = [];
	for (const type of EVENT_TYPES) out.push((await control.publishEvent({ type })).envelope);
	return out;
}

/** A deep copy with a new event id (v2 header.event_id, v1 uuid), the dedupe key. */
export function withEventId(envelope: Envelope, id: string): Envelope {
	const copy = structuredClone(envelope);
	if (copy.header) copy.header.event_id = id;
	else copy.uuid = id;
	return copy;
}

export const eventIdOf = (e: Envelope): string => e.header?.event_id ?? e.uuid;
export const eventTypeOf = (e: Envelope): string => e.header?.event_type ?? e.event?.type;

/** Body and headers as Feishu posts them: {"encrypt": base64(IV ‖ AES-256-CBC)}, X-Lark-Signature over the raw bytes. */
export function signedCallback(
	envelope: Envelope,
	encryptKey: string,
	nowSeconds = Math.floor(Date.now() / 1000),
): SignedCallback {
	const raw = Buffer.from(
		JSON.stringify({ encrypt: encrypt(JSON.stringify(envelope), encryptKey) }),
		'utf8',
	);
	const timestamp = String(nowSeconds);
	const nonce = String(randomInt(100000000, 2147483647));
	return {
		eventId: eventIdOf(envelope),
		eventType: eventTypeOf(envelope),
		raw,
		headers: {
			'content-type': 'application/json;charset=utf-8',
			'x-lark-request-timestamp': timestamp,
			'x-lark-request-nonce': nonce,
			'x-lark-signature': signature(timestamp, nonce, encryptKey, raw),
			// Lets the baseline (n8n's Webhook node, which cannot decrypt) report which event it ran.
			'x-bench-event-id': eventIdOf(envelope),
		},
	};
}

/** n distinct events cycling through the samples' types. */
export function distinctEvents(samples: Envelope[], n: number): Envelope[] {
	return Array.from({ length: n }, (_, i) =>
		withEventId(samples[i % samples.length], randomBytes(16).toString('hex')),
	);
}
