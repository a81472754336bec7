/** HTTP callback delivery: compact JSON, optional {"encrypt"} wrapper, X-Lark-* signature headers, 3 s timeout. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomInt, randomUUID } from 'node:crypto';
import type { Emulator } from '../emulator';
import { randomHex } from '../ids';
import type { Transport } from './bus';
import { encrypt, signature } from './crypto';

export interface PostResult {
	status: number | string;
	body: string;
	error?: string;
}

/** POSTs raw bytes; resolves with the status or an error string (timeout, refused). */
export function post(
	url: string,
	body: Buffer,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<PostResult> {
	return new Promise((resolve) => {
		let u: URL;
		try {
			u = new URL(url);
		} catch {
			resolve({ status: 'invalid_url', body: '', error: `invalid callback URL ${url}` });
			return;
		}
		const req = (u.protocol === 'https:' ? httpsRequest : httpRequest)(
			u,
			{
				method: 'POST',
				headers: { ...headers, 'Content-Length': String(body.length) },
				agent: false,
				timeout: timeoutMs,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
				);
				res.on('error', (e) => resolve({ status: 'error', body: '', error: e.message }));
			},
		);
		const timer = setTimeout(() => {
			req.destroy();
			resolve({ status: 'timeout', body: '', error: `no answer within ${timeoutMs} ms` });
		}, timeoutMs);
		req.on('timeout', () => req.destroy());
		req.on('error', (e) => resolve({ status: 'error', body: '', error: e.message }));
		req.on('close', () => clearTimeout(timer));
		req.end(body);
	});
}

/** Body bytes and headers exactly as Feishu sends an event (fresh timestamp/nonce per attempt). */
export function buildCallbackRequest(
	emu: Emulator,
	payload: Record<string, unknown>,
	signed = true,
): { body: Buffer; headers: Record<string, string> } {
	const key = emu.config.encryptKey;
	const plain = JSON.stringify(payload);
	const body = Buffer.from(key ? JSON.stringify({ encrypt: encrypt(plain, key) }) : plain, 'utf8');
	const headers: Record<string, string> = {
		'Content-Type': 'application/json;charset=utf-8',
		'User-Agent': 'Go-http-client/1.1',
		'X-Request-Id': randomUUID(),
	};
	if (signed) {
		const ts = String(Math.floor(Date.now() / 1000));
		const nonce = String(randomInt(100000000, 2147483647));
		headers['X-Lark-Request-Timestamp'] = ts;
		headers['X-Lark-Request-Nonce'] = nonce;
		headers['X-Lark-Signature'] = signature(ts, nonce, key, body);
	}
	return { body, headers };
}

export function callbackTransport(emu: Emulator): Transport {
	return async (envelope) => {
		const url = emu.config.callbackUrl;
		if (!url)
			return {
				ok: false,
				status: 'no_callback_url',
				error: 'eventMode is callback but callbackUrl is empty',
			};
		const { body, headers } = buildCallbackRequest(emu, envelope);
		const r = await post(url, body, headers, emu.config.callbackTimeoutMs);
		return { ok: r.status === 200, status: r.status, error: r.error, body: r.body };
	};
}

/** POST /__emulator/challenge: sends url_verification (no signature headers) and reports the answer. */
export async function sendChallenge(
	emu: Emulator,
	urlOverride?: string,
): Promise<Record<string, unknown>> {
	const url = urlOverride || emu.config.callbackUrl;
	if (!url) return { ok: false, error: 'no callback URL (set callbackUrl or pass {url})' };
	const challenge = randomHex(16);
	const payload = { challenge, token: emu.config.verificationToken, type: 'url_verification' };
	const { body, headers } = buildCallbackRequest(emu, payload, false);
	// Feishu expects the echo within 1 s.
	const r = await post(url, body, headers, 1000);
	let answered: unknown;
	try {
		answered = JSON.parse(r.body);
	} catch {
		answered = r.body;
	}
	const echoed =
		r.status === 200 &&
		typeof answered === 'object' &&
		answered !== null &&
		(answered as Record<string, unknown>).challenge === challenge;
	return {
		ok: echoed,
		challenge,
		status: r.status,
		body: answered,
		error: r.error,
		encrypted: !!emu.config.encryptKey,
	};
}
