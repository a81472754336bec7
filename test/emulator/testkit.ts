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
export const SILENT = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };

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

export type SeedUser = Awaited<ReturnType<Kit['users']>>[number];

/**
 * The emulator for one test file, reset to the seed before every test. `ids` (chat ids by name)
 * and `users` are refilled in place after each reset, and `kit` once started, so a test file can
 * take all three once at the top.
 */
export function setUpSeededKit(): { kit: Kit; ids: Record<string, string>; users: SeedUser[] } {
	const kit = {} as Kit;
	const ids: Record<string, string> = {};
	const users: SeedUser[] = [];
	beforeAll(async () => {
		Object.assign(kit, await startKit());
	});
	afterAll(() => kit.emu.close());
	beforeEach(async () => {
		await kit.ctl('POST', '/reset');
		for (const name of Object.keys(ids)) delete ids[name];
		Object.assign(ids, await kit.chats());
		users.splice(0, users.length, ...(await kit.users()));
	});
	return { kit, ids, users };
}

/**
 * Raises each of the 9 chat events once: six by API calls through the SDK, as the app, and the
 * three no API call raises through the control API (their answers are returned).
 */
export async function raiseAllChatEvents(kit: Kit) {
	const client = kit.client();
	const chats = await kit.chats();
	const users = await kit.users();
	await client.im.v1.chatMembers.create({
		path: { chat_id: chats['Product Launch'] },
		data: { id_list: [users[30].open_id] },
	});
	await client.im.v1.chatMembers.delete({
		path: { chat_id: chats['Product Launch'] },
		data: { id_list: [users[30].open_id] },
	});
	await client.im.v1.chat.update({
		path: { chat_id: chats['Product Launch'] },
		data: { name: 'Launch 2', description: 'x' },
	});
	await client.im.v1.chatMembers.meJoin({ path: { chat_id: chats['Open Lounge'] } });
	await client.im.v1.chatMembers.delete({
		path: { chat_id: chats['Open Lounge'] },
		params: { member_id_type: 'app_id' },
		data: { id_list: [EMULATOR_DEFAULTS.appId] },
	});
	await client.im.v1.chat.delete({ path: { chat_id: chats['Ops Alerts'] } });
	const injected = [];
	for (const type of [
		'im.chat.member.user.withdrawn_v1',
		'p2p_chat_create',
		'im.chat.access_event.bot_p2p_chat_entered_v1',
	])
		injected.push(await kit.ctl('POST', '/events', { type }));
	return { chats, users, injected };
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
