/** Test helpers: start the emulator, an SDK client with its own token cache, control calls and error capture. */
import * as lark from '@larksuiteoapi/node-sdk';
import { EMULATOR_DEFAULTS, RunningEmulator, startEmulator } from './index';

export { lark, EMULATOR_DEFAULTS };

export interface Kit {
	emu: RunningEmulator;
	/** A fresh SDK client (own token cache, so emulator resets never leave a stale token behind). */
	client(): lark.Client;
	ctl<T = any>(method: string, path: string, body?: unknown): Promise<T>;
	http(
		method: string,
		path: string,
		opts?: { body?: unknown; token?: string; headers?: Record<string, string> },
	): Promise<{ status: number; headers: Headers; body: any }>;
	tenantToken(): Promise<string>;
	userToken(
		openId: string,
		scope?: string,
	): Promise<{ access_token: string; refresh_token?: string }>;
	chats(): Promise<Record<string, string>>;
	users(): Promise<
		Array<{ open_id: string; union_id: string; user_id: string; name: string; resigned: boolean }>
	>;
}

const noop = () => undefined;
/** The SDK treats LoggerLevel.fatal (0) as unset, so errors are silenced with a no-op logger instead. */
const SILENT = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };

function memoryCache() {
	const m = new Map<string, { value: unknown; expiredTime?: number }>();
	const k = (key: unknown, o?: { namespace?: string }) => `${o?.namespace ?? ''}:${String(key)}`;
	return {
		get: async (key: unknown, o?: { namespace?: string }) => {
			const e = m.get(k(key, o));
			return e && (!e.expiredTime || e.expiredTime > Date.now()) ? e.value : undefined;
		},
		set: async (key: unknown, value: unknown, expiredTime?: number, o?: { namespace?: string }) => {
			m.set(k(key, o), { value, expiredTime });
			return true;
		},
	};
}

export async function startKit(): Promise<Kit> {
	const emu = await startEmulator({ port: 0 });
	const http: Kit['http'] = async (method, path, opts = {}) => {
		const headers: Record<string, string> = { ...(opts.headers ?? {}) };
		if (opts.body !== undefined) headers['Content-Type'] ??= 'application/json; charset=utf-8';
		if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
		const res = await fetch(emu.url + path, {
			method,
			headers,
			body:
				opts.body === undefined
					? undefined
					: typeof opts.body === 'string'
						? opts.body
						: JSON.stringify(opts.body),
			redirect: 'manual',
		});
		const text = await res.text();
		let body: unknown = text;
		try {
			body = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, headers: res.headers, body };
	};
	const ctl: Kit['ctl'] = async (method, path, body) =>
		(await http(method, '/__emulator' + path, { body })).body;
	const kit: Kit = {
		emu,
		client: () =>
			new lark.Client({
				appId: EMULATOR_DEFAULTS.appId,
				appSecret: EMULATOR_DEFAULTS.appSecret,
				domain: emu.url,
				loggerLevel: lark.LoggerLevel.error,
				logger: SILENT,
				cache: memoryCache(),
			}),
		ctl,
		http,
		tenantToken: async () =>
			(
				await http('POST', '/open-apis/auth/v3/tenant_access_token/internal', {
					body: { app_id: EMULATOR_DEFAULTS.appId, app_secret: EMULATOR_DEFAULTS.appSecret },
				})
			).body.tenant_access_token,
		userToken: async (openId, scope) => {
			const q = new URLSearchParams({
				client_id: EMULATOR_DEFAULTS.appId,
				response_type: 'code',
				redirect_uri: 'http://localhost/cb',
				state: 's1',
				emulator_user: openId,
			});
			if (scope) q.set('scope', scope);
			const r = await http('GET', `/open-apis/authen/v1/authorize?${q}`);
			const code = new URL(r.headers.get('location') as string).searchParams.get('code');
			const t = await http('POST', '/open-apis/authen/v2/oauth/token', {
				body: {
					grant_type: 'authorization_code',
					client_id: EMULATOR_DEFAULTS.appId,
					client_secret: EMULATOR_DEFAULTS.appSecret,
					code,
					redirect_uri: 'http://localhost/cb',
				},
			});
			return t.body;
		},
		chats: async () => {
			const r = await ctl('GET', '/chats');
			return Object.fromEntries(
				(r.chats as Array<{ name: string; chat_id: string; chat_mode: string }>).map((c) => [
					c.chat_mode === 'p2p' ? 'p2p' : c.name,
					c.chat_id,
				]),
			);
		},
		users: async () => (await ctl('GET', '/users')).users,
	};
	return kit;
}

/** Runs an SDK call that must fail; returns Feishu's error body and HTTP status. */
export async function failure(
	p: Promise<unknown>,
): Promise<{ status: number; body: any; headers: Record<string, string> }> {
	try {
		await p;
	} catch (e: any) {
		if (e?.response)
			return { status: e.response.status, body: e.response.data, headers: e.response.headers };
		throw e;
	}
	throw new Error('expected the call to fail');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(
	fn: () => T | undefined | Promise<T | undefined>,
	timeoutMs = 5000,
	stepMs = 20,
): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor timed out');
		await sleep(stepMs);
	}
}
