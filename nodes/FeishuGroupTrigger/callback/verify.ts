import type { IDataObject } from 'n8n-workflow';

import { computeSignature, decryptPayload, safeEqual } from './crypto';

export interface VerifyConfig {
	/** Verification Token from the credential; '' = not configured (token not checked). */
	verificationToken: string;
	/** Encrypt Key from the credential; '' = not configured (no decryption, no signature check). */
	encryptKey: string;
	/**
	 * Signed requests whose X-Lark-Request-Timestamp is older than this are refused, so a captured
	 * request cannot be replayed after the duplicate window has forgotten its event id. 0 = no limit.
	 */
	maxAgeSeconds: number;
	/** Clock (ms), injectable for tests. */
	now: number;
}

export type Headers = Record<string, string | string[] | undefined>;

export type VerifyResult =
	| { kind: 'challenge'; challenge: string }
	| { kind: 'event'; envelope: IDataObject; encrypted: boolean }
	| { kind: 'reject'; status: 400 | 401 | 500; reason: string };

function header(headers: Headers, name: string): string | undefined {
	// Node lower-cases incoming header names; be tolerant of hand-built header objects too.
	const direct =
		headers[name] ?? headers[Object.keys(headers).find((k) => k.toLowerCase() === name) ?? ''];
	return Array.isArray(direct) ? direct[0] : direct;
}

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): IDataObject | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return isObject(value) ? value : undefined;
	} catch {
		// Not JSON: the caller answers 400.
		return undefined;
	}
}

/** The Verification Token carried by a payload: v2 header.token, v1 and challenges top-level token. */
export function payloadToken(payload: IDataObject): string | undefined {
	if (isObject(payload.header) && typeof payload.header.token === 'string')
		return payload.header.token;
	return typeof payload.token === 'string' ? payload.token : undefined;
}

/**
 * The receiver algorithm of events.md §2.9: decrypt, answer url_verification (token-checked, never
 * signature-checked), verify X-Lark-Signature over the raw bytes when an Encrypt Key is set, check the
 * Verification Token. Never throws; every refusal carries an HTTP status and a reason for the sender.
 */
export function verifyCallback(
	rawBody: Buffer,
	headers: Headers,
	config: VerifyConfig,
): VerifyResult {
	const outer = parseJson(rawBody.toString('utf8'));
	if (!outer) return { kind: 'reject', status: 400, reason: 'Body is not a JSON object' };

	let payload = outer;
	const encrypted = typeof outer.encrypt === 'string' && outer.encrypt !== '';
	if (encrypted) {
		if (!config.encryptKey) {
			return {
				kind: 'reject',
				status: 500,
				reason: 'Encrypted event received but no Encrypt Key is set in the credential',
			};
		}
		let plain: string;
		try {
			plain = decryptPayload(outer.encrypt as string, config.encryptKey);
		} catch {
			// Wrong key, tampered or truncated ciphertext: all refused alike.
			return {
				kind: 'reject',
				status: 400,
				reason: 'Cannot decrypt the body with the Encrypt Key',
			};
		}
		const inner = parseJson(plain);
		if (!inner)
			return { kind: 'reject', status: 400, reason: 'Decrypted body is not a JSON object' };
		payload = inner;
	}

	if (payload.type === 'url_verification') {
		// Feishu sends no signature with the challenge; the token (inside the ciphertext when encrypted) is the proof.
		if (
			config.verificationToken &&
			!safeEqual(String(payload.token ?? ''), config.verificationToken)
		) {
			return { kind: 'reject', status: 401, reason: 'Verification token does not match' };
		}
		if (typeof payload.challenge !== 'string') {
			return { kind: 'reject', status: 400, reason: 'Challenge is missing' };
		}
		return { kind: 'challenge', challenge: payload.challenge };
	}

	if (config.encryptKey) {
		const timestamp = header(headers, 'x-lark-request-timestamp');
		const nonce = header(headers, 'x-lark-request-nonce');
		const signature = header(headers, 'x-lark-signature');
		if (!timestamp || nonce === undefined || !signature) {
			return { kind: 'reject', status: 401, reason: 'Request is not signed' };
		}
		const expected = computeSignature(timestamp, nonce, config.encryptKey, rawBody);
		if (!safeEqual(signature.toLowerCase(), expected)) {
			return { kind: 'reject', status: 401, reason: 'Signature does not match' };
		}
		if (config.maxAgeSeconds > 0) {
			// Only staleness matters: a future timestamp cannot be forged without the key (and the
			// emulator's clock may run ahead in tests).
			const sentAt = Number(timestamp);
			if (!Number.isFinite(sentAt) || config.now / 1000 - sentAt > config.maxAgeSeconds) {
				return { kind: 'reject', status: 401, reason: 'Request timestamp is too old' };
			}
		}
	}

	if (config.verificationToken) {
		const token = payloadToken(payload);
		if (token === undefined || !safeEqual(token, config.verificationToken)) {
			return { kind: 'reject', status: 401, reason: 'Verification token does not match' };
		}
	}

	const isV2 = 'schema' in payload;
	const isV1 = payload.type === 'event_callback' && isObject(payload.event);
	if (!isV2 && !isV1) return { kind: 'reject', status: 400, reason: 'Not a Feishu event' };
	return { kind: 'event', envelope: payload, encrypted };
}
