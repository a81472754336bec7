import type { IDataObject } from 'n8n-workflow';

import { computeSignature, decryptPayload, decryptQuietly, safeEqual } from './crypto';

/** Default replay window, Slack's rule: signed requests more than 5 minutes off the clock are refused. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

export interface VerifyConfig {
	/** Verification Token from the credential; required ('' refuses every request). */
	verificationToken: string;
	/** Encrypt Key from the credential; '' = not configured (no decryption, no signature check). */
	encryptKey: string;
	/**
	 * Signed requests whose X-Lark-Request-Timestamp is further than this from the local clock are
	 * refused (replay window; independent of the duplicate window). 0 = no limit.
	 */
	maxAgeSeconds: number;
	/** Clock (ms), injectable for tests. */
	now: number;
}

export type Headers = Record<string, string | string[] | undefined>;

/**
 * A refusal carries only a reason for n8n's log: the sender always gets the same answer, so that
 * nothing about the key, the padding or the credential can be learned from it.
 */
export type VerifyResult =
	| { kind: 'challenge'; challenge: string }
	| { kind: 'event'; envelope: IDataObject; encrypted: boolean }
	| { kind: 'reject'; reason: string };

const reject = (reason: string): VerifyResult => ({ kind: 'reject', reason });

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
		// Not JSON: refused by the caller.
		return undefined;
	}
}

/** The Verification Token carried by a payload: v2 header.token, v1 and challenges top-level token. */
export function payloadToken(payload: IDataObject): string | undefined {
	if (isObject(payload.header) && typeof payload.header.token === 'string')
		return payload.header.token;
	return typeof payload.token === 'string' ? payload.token : undefined;
}

function tokenMatches(payload: IDataObject, verificationToken: string): boolean {
	const token = payloadToken(payload);
	return token !== undefined && safeEqual(token, verificationToken);
}

/** After authentication: a challenge to answer, an event to run, or a refusal. */
function classify(payload: IDataObject, config: VerifyConfig, encrypted: boolean): VerifyResult {
	if (!tokenMatches(payload, config.verificationToken)) {
		return reject('the Verification Token in the request does not match the credential');
	}
	if (payload.type === 'url_verification') {
		if (typeof payload.challenge !== 'string') return reject('URL challenge without a challenge');
		return { kind: 'challenge', challenge: payload.challenge };
	}
	const isV2 = 'schema' in payload;
	const isV1 = payload.type === 'event_callback' && isObject(payload.event);
	if (!isV2 && !isV1) return reject('not a Feishu event');
	return { kind: 'event', envelope: payload, encrypted };
}

/**
 * With an Encrypt Key, Feishu signs every request except the URL challenge. An unsigned request is
 * therefore accepted only as an encrypted challenge carrying the right token, and every way of failing
 * that check does the same work and ends in the same refusal.
 */
function unsignedChallenge(outer: IDataObject, config: VerifyConfig): VerifyResult {
	if (typeof outer.encrypt !== 'string' || outer.encrypt === '') {
		return reject(
			'unsigned plaintext request while the credential has an Encrypt Key (Feishu encrypts and signs everything then; is the Encrypt Key also set in the developer console?)',
		);
	}
	const { plain, valid } = decryptQuietly(outer.encrypt, config.encryptKey);
	const inner = parseJson(plain);
	const isChallenge =
		valid &&
		inner !== undefined &&
		inner.type === 'url_verification' &&
		typeof inner.challenge === 'string' &&
		tokenMatches(inner, config.verificationToken);
	if (!isChallenge || !inner) {
		return reject(
			'unsigned request that is not a URL challenge for this app (Feishu signs events; a wrong Encrypt Key or Verification Token in the credential also ends here)',
		);
	}
	return { kind: 'challenge', challenge: inner.challenge as string };
}

/**
 * Authenticates a callback before reading it. Order (events.md §2.6/§2.9, adjusted so that nothing
 * unauthenticated is decrypted and answered differently):
 * 1. a Verification Token must be configured;
 * 2. with an Encrypt Key: X-Lark-Signature = sha256(timestamp + nonce + key + raw body) is checked over
 *    the raw bytes, then the timestamp against the replay window, and only then is the body decrypted;
 *    an unsigned request may only be the encrypted URL challenge;
 * 3. without an Encrypt Key: plaintext only, authenticated by the token alone;
 * 4. the token inside the payload is compared in constant time.
 * Never throws.
 */
export function verifyCallback(
	rawBody: Buffer,
	headers: Headers,
	config: VerifyConfig,
): VerifyResult {
	if (!config.verificationToken) {
		return reject(
			'the credential has no Verification Token; HTTP callback mode needs it (Events & Callbacks → Encryption Strategy)',
		);
	}
	const outer = parseJson(rawBody.toString('utf8'));
	if (!outer) return reject('the body is not a JSON object');

	if (!config.encryptKey) {
		if (typeof outer.encrypt === 'string' && outer.encrypt !== '') {
			return reject(
				'encrypted request but the credential has no Encrypt Key (copy it from Events & Callbacks → Encryption Strategy)',
			);
		}
		return classify(outer, config, false);
	}

	const signature = header(headers, 'x-lark-signature');
	if (signature === undefined) return unsignedChallenge(outer, config);
	const timestamp = header(headers, 'x-lark-request-timestamp');
	const nonce = header(headers, 'x-lark-request-nonce');
	if (!timestamp || nonce === undefined) {
		return reject('signature without X-Lark-Request-Timestamp / X-Lark-Request-Nonce');
	}
	const expected = computeSignature(timestamp, nonce, config.encryptKey, rawBody);
	if (!safeEqual(signature.toLowerCase(), expected)) {
		return reject(
			'the signature does not match (a forged or altered request, or a different Encrypt Key in the credential)',
		);
	}
	if (config.maxAgeSeconds > 0) {
		const sentAt = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
		const offBy = Math.abs(config.now / 1000 - sentAt);
		if (!(offBy <= config.maxAgeSeconds)) {
			return reject(
				`the signed timestamp is ${Number.isFinite(offBy) ? `${Math.round(offBy)} s` : 'unreadable and'} away from this server's clock (limit ${config.maxAgeSeconds} s): a replayed request, or a clock out of sync`,
			);
		}
	}

	// Authenticated from here on: the body is what Feishu sent.
	if (typeof outer.encrypt === 'string' && outer.encrypt !== '') {
		let inner: IDataObject | undefined;
		try {
			inner = parseJson(decryptPayload(outer.encrypt, config.encryptKey));
		} catch {
			inner = undefined;
		}
		if (!inner) return reject('a correctly signed body that does not decrypt to a JSON object');
		return classify(inner, config, true);
	}
	return classify(outer, config, false);
}
