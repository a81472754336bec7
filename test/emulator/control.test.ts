/**
 * Control API: reset with fixtures (big chat), request log, deliveries, app config round trip; who may call it
 * (Host, Origin, JSON only, no secrets shown, no arbitrary challenge URLs); event delivery reports; saved state;
 * the demo seed against the stale-chat example's own rule.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { DEMO_FIXTURE } from './demo';
import { startEmulator } from './index';
import { rawRequest } from './rawHttp';
import { EMULATOR_DEFAULTS, Kit, startKit } from './testkit';

let kit: Kit;
beforeAll(async () => {
	kit = await startKit();
});
afterAll(() => kit.emu.close());

test('seed is deterministic and reset restores it', async () => {
	await kit.ctl('POST', '/reset');
	const a = await kit.ctl('GET', '/users');
	expect(a.users).toHaveLength(40);
	expect(a.users[0]).toEqual({
		open_id: expect.stringMatching(/^ou_[0-9a-f]{32}$/),
		union_id: expect.stringMatching(/^on_[0-9a-f]{32}$/),
		user_id: expect.any(String),
		name: 'Li Lei',
		resigned: false,
		tenant_key: '736588c9260f175c',
	});
	expect(a.users.filter((u: any) => u.resigned)).toHaveLength(2);
	const chats = await kit.ctl('GET', '/chats');
	expect(chats.chats.map((c: any) => c.name)).toEqual([
		'Engineering',
		'Product Launch',
		'Public Square',
		'Secret Board',
		'All Hands',
		'Ops Alerts',
		'Open Lounge',
		'',
	]);
	const client = kit.client();
	await client.im.v1.chat.update({
		path: { chat_id: chats.chats[1].chat_id },
		data: { name: 'Changed' },
	});
	await kit.ctl('POST', '/reset');
	const again = await kit.ctl('GET', '/chats');
	expect(again).toEqual(chats);
	expect((await kit.ctl('GET', '/users')).users).toEqual(a.users);
});

test('bigChat fixture: 10,000 members paginated by the SDK iterator', async () => {
	const t0 = Date.now();
	const r = await kit.ctl('POST', '/reset', { bigChat: { members: 10000 } });
	expect(Date.now() - t0).toBeLessThan(3000);
	const big = r.chat_ids[r.chat_ids.length - 1];
	const client = kit.client();
	let n = 0;
	let pages = 0;
	for await (const page of await client.im.v1.chatMembers.getWithIterator({
		path: { chat_id: big },
		params: { page_size: 100 },
	})) {
		n += page?.items?.length ?? 0;
		pages++;
	}
	expect(n).toBe(10000);
	expect(pages).toBe(100);
});

test('fixture chats and users', async () => {
	const r = await kit.ctl('POST', '/reset', {
		users: [{ name: 'Extra Person' }],
		chats: [
			{ name: 'Fixture Chat', chat_type: 'public', members: [], bots: ['cli_9e5f1b2a3c4d5e6f'] },
		],
		replaceChats: true,
	});
	expect(r.chat_ids).toHaveLength(1);
	const users = (await kit.ctl('GET', '/users')).users;
	expect(users[40].name).toBe('Extra Person');
	const list = await kit.client().im.v1.chat.list({});
	expect(list.data!.items!.map((c) => c.name)).toEqual(['Fixture Chat']);
});

test('request log records method, path, query, body, token kind, code, status; since and DELETE', async () => {
	await kit.ctl('POST', '/reset');
	const client = kit.client();
	const chats = await kit.chats();
	await client.im.v1.chatMembers.create({
		path: { chat_id: chats.Engineering },
		params: { succeed_type: 1 },
		data: { id_list: ['ou_x'] },
	});
	const log = await kit.ctl('GET', '/requests');
	const add = log.requests.find((r: any) => r.method === 'POST' && r.path.endsWith('/members'));
	expect(add).toEqual(
		expect.objectContaining({
			query: { succeed_type: '1' },
			body: { id_list: ['ou_x'] },
			code: 0,
			status: 200,
			token: { kind: 'tenant', value: expect.stringMatching(/^t-/) },
		}),
	);
	const since = await kit.ctl('GET', `/requests?since=${log.last_seq}`);
	expect(since.requests).toEqual([]);
	await kit.ctl('DELETE', '/requests');
	expect((await kit.ctl('GET', '/requests')).requests).toEqual([]);
	const app = await kit.ctl('PUT', '/app', { eventMode: 'bogus' });
	expect(app.ok).toBe(false);
});

describe('who may call the control API', () => {
	const url = (p: string) => `${kit.emu.url}/__emulator${p}`;
	const host = () => new URL(kit.emu.url).host;

	test('Host must be a loopback name', async () => {
		for (const h of [host(), `localhost:${kit.emu.port}`, `[::1]:${kit.emu.port}`]) {
			expect((await rawRequest(url('/chats'), { headers: { host: h } })).status).toBe(200);
		}
		for (const h of ['attacker.example', `attacker.example:${kit.emu.port}`, '10.0.0.5']) {
			const r = await rawRequest(url('/chats'), { headers: { host: h } });
			expect(r.status).toBe(403);
			expect(r.body.error).toMatch(/local callers only/);
		}
	});

	test('Origin must be absent or loopback', async () => {
		const put = (origin: string) =>
			rawRequest(url('/app'), {
				method: 'PUT',
				headers: { host: host(), origin, 'content-type': 'application/json' },
				body: JSON.stringify({ botEnabled: true }),
			});
		expect((await put('http://localhost:5678')).status).toBe(200);
		expect((await put('http://127.0.0.1:3000')).status).toBe(200);
		for (const o of ['https://attacker.example', 'null', 'http://localhost.attacker.example']) {
			const r = await put(o);
			expect(r.status).toBe(403);
			expect(r.body.error).toMatch(/other sites/);
		}
	});

	test('bodies must be labelled JSON (415 otherwise); empty bodies need no label', async () => {
		const body = JSON.stringify({ eventMode: 'callback' });
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', '']) {
			const headers: Record<string, string> = { host: host() };
			if (type) headers['content-type'] = type;
			const r = await rawRequest(url('/app'), { method: 'PUT', headers, body });
			expect(r.status).toBe(415);
			expect(r.body.error).toMatch(/Content-Type: application\/json/);
		}
		expect((await kit.ctl('GET', '/app')).eventMode).toBe('none');
		const del = await rawRequest(url('/requests'), { method: 'DELETE', headers: { host: host() } });
		expect(del.status).toBe(200);
	});

	test('GET and PUT /app never show the App Secret, Verification Token or Encrypt Key', async () => {
		await kit.ctl('POST', '/reset');
		const put = await kit.http('PUT', '/__emulator/app', {
			body: { encryptKey: 'my-encrypt-key' },
		});
		const got = await kit.http('GET', '/__emulator/app');
		for (const answer of [put.body, got.body]) {
			const text = JSON.stringify(answer);
			expect(text).not.toContain(EMULATOR_DEFAULTS.appSecret);
			expect(text).not.toContain(EMULATOR_DEFAULTS.verificationToken);
			expect(text).not.toContain('my-encrypt-key');
		}
		expect(got.body).toMatchObject({
			appId: EMULATOR_DEFAULTS.appId,
			appSecret: '(hidden)',
			verificationToken: '(hidden)',
			encryptKey: '(hidden)',
		});
		await kit.ctl('POST', '/reset');
		expect((await kit.ctl('GET', '/app')).encryptKey).toBe('');
	});

	test('/challenge sends only to the callback URL or a loopback URL', async () => {
		await kit.ctl('POST', '/reset');
		const receiver = await listen((_req, body) => ({
			status: 200,
			body: JSON.stringify({ challenge: JSON.parse(body).challenge }),
		}));
		try {
			const ok = await kit.ctl('POST', '/challenge', { url: `${receiver.url}/hook` });
			expect(ok).toMatchObject({ ok: true, status: 200 });
			for (const other of ['http://example.com/hook', 'file:///etc/passwd', 'http://10.1.2.3/x']) {
				const r = await kit.http('POST', '/__emulator/challenge', { body: { url: other } });
				expect(r.status).toBe(400);
				expect(r.body.error).toMatch(/loopback/);
			}
			expect(receiver.count()).toBe(1);
		} finally {
			await receiver.close();
		}
	});
});

describe('POST /events reports the first delivery attempt', () => {
	let receiver: Awaited<ReturnType<typeof listen>>;
	let answer = { status: 200, body: '{}' };
	beforeAll(async () => {
		receiver = await listen(() => answer);
	});
	afterAll(() => receiver.close());
	beforeEach(() => kit.ctl('POST', '/reset'));

	const emit = () => kit.ctl('POST', '/events', { type: 'im.chat.updated_v1' });
	const useCallback = (path: string) =>
		kit.ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: receiver.url + path });

	test('accepted: ok true', async () => {
		answer = { status: 200, body: '{}' };
		await useCallback('/webhook/abc/webhook');
		expect(await emit()).toMatchObject({ ok: true, delivered: true, status: 200 });
	});

	test("n8n's 404 on a Production URL: ok false, n8n's answer, publish hint, redelivery", async () => {
		answer = {
			status: 404,
			body: JSON.stringify({
				code: 404,
				message: 'The requested webhook "POST abc/webhook" is not registered.',
			}),
		};
		await useCallback('/webhook/abc/webhook');
		const r = await emit();
		expect(r).toMatchObject({ ok: false, delivered: false, status: 404, retrying: true });
		expect(r.answer).toContain('is not registered');
		expect(r.hint).toMatch(/publish the workflow/);
		expect(r.hint).toContain('/__emulator/deliveries');
		const [d] = (await kit.ctl('GET', '/deliveries')).deliveries;
		expect(d.history[0]).toMatchObject({ status: 404, ok: false });
		expect(d.history[0].answer).toContain('is not registered');
	});

	test('the Test URL gets its own hint', async () => {
		answer = { status: 404, body: 'not registered' };
		await useCallback('/webhook-test/abc/webhook');
		expect((await emit()).hint).toMatch(/Test URL.*Production URL/);
	});

	test('nothing listening, no callback mode, no long connection', async () => {
		await kit.ctl('PUT', '/app', {
			eventMode: 'callback',
			callbackUrl: 'http://127.0.0.1:1/webhook/x/webhook',
		});
		const refused = await emit();
		expect(refused).toMatchObject({ ok: false, status: 'error' });
		expect(refused.hint).toMatch(/nothing answered/);
		await kit.ctl('PUT', '/app', { eventMode: 'none' });
		expect((await emit()).hint).toMatch(/eventMode is "none"/);
		await kit.ctl('PUT', '/app', { eventMode: 'long_connection' });
		expect(await emit()).toMatchObject({ ok: false, status: 'no_connection' });
	});

	test('?wait=0 answers at once', async () => {
		answer = { status: 200, body: '{}' };
		await useCallback('/webhook/abc/webhook');
		const r = await kit.ctl('POST', '/events?wait=0', { type: 'im.chat.updated_v1' });
		expect(r).toMatchObject({ ok: true, queued: true, event_type: 'im.chat.updated_v1' });
		const ds = (await kit.ctl('GET', '/deliveries?wait_ms=2000')).deliveries;
		expect(ds[0]).toMatchObject({ acked: true });
	});
});

describe('saved state (npm start keeps the tenant across restarts)', () => {
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'feishu-emu-state-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	test('chats, config, tokens and id counters survive a restart; the file is 0600 and has no App Secret', async () => {
		const file = path.join(dir, 'state.json');
		const first = await startEmulator({ port: 0, stateFile: file, fixture: DEMO_FIXTURE });
		expect(first.restored).toBe(false);
		const api = async (
			emuUrl: string,
			method: string,
			p: string,
			body?: unknown,
			token?: string,
		) => {
			const res = await fetch(emuUrl + p, {
				method,
				headers: {
					'content-type': 'application/json',
					...(token ? { authorization: `Bearer ${token}` } : {}),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return (await res.json()) as any;
		};
		const { tenant_access_token: token } = await api(
			first.url,
			'POST',
			'/open-apis/auth/v3/tenant_access_token/internal',
			{ app_id: EMULATOR_DEFAULTS.appId, app_secret: EMULATOR_DEFAULTS.appSecret },
		);
		const created = await api(
			first.url,
			'POST',
			'/open-apis/im/v1/chats',
			{ name: 'Made today' },
			token,
		);
		expect(created.code).toBe(0);
		const chatId = created.data.chat_id;
		await api(first.url, 'PUT', '/__emulator/app', {
			eventMode: 'callback',
			callbackUrl: 'http://localhost:5678/webhook/x/webhook',
		});
		await first.close();

		expect(statSync(file).mode & 0o777).toBe(0o600);
		expect(readFileSync(file, 'utf8')).not.toContain(EMULATOR_DEFAULTS.appSecret);

		const second = await startEmulator({ port: 0, stateFile: file, fixture: DEMO_FIXTURE });
		try {
			expect(second.restored).toBe(true);
			const got = await api(
				second.url,
				'GET',
				`/open-apis/im/v1/chats/${chatId}`,
				undefined,
				token,
			);
			expect(got).toMatchObject({ code: 0, data: { name: 'Made today' } });
			const app = await api(second.url, 'GET', '/__emulator/app');
			expect(app).toMatchObject({
				eventMode: 'callback',
				callbackUrl: 'http://localhost:5678/webhook/x/webhook',
			});
			// A second chat gets a new id (the counter was saved), the demo chats are still there once.
			const again = await api(
				second.url,
				'POST',
				'/open-apis/im/v1/chats',
				{ name: 'Made later' },
				token,
			);
			expect(again.data.chat_id).not.toBe(chatId);
			const names = (await api(second.url, 'GET', '/__emulator/chats')).chats.map(
				(c: any) => c.name,
			);
			expect(names.filter((n: string) => n === 'tmp-offsite-2026')).toHaveLength(1);
			expect(names).toEqual(expect.arrayContaining(['Made today', 'Made later']));
		} finally {
			await second.close();
		}
	});

	test('an unreadable file is set aside and the seed used', async () => {
		const file = path.join(dir, 'state.json');
		writeFileSync(file, '{"version":1,"appId":');
		const emu = await startEmulator({ port: 0, stateFile: file });
		try {
			expect(emu.restored).toBe(false);
			expect(emu.stateProblem).toMatch(/JSON/);
			expect(existsSync(`${file}.unreadable`)).toBe(true);
			const chats = (await (await fetch(`${emu.url}/__emulator/chats`)).json()) as any;
			expect(chats.chats).toHaveLength(8);
		} finally {
			await emu.close();
		}
	});
});

describe('the demo seed has chats each example acts on', () => {
	test("examples/stale-chat-cleanup.json's own rule picks stale demo chats (Dry Run Report not empty)", async () => {
		const emu = await startEmulator({ port: 0, fixture: DEMO_FIXTURE });
		try {
			const wf = JSON.parse(
				readFileSync(path.join(__dirname, '../../examples/stale-chat-cleanup.json'), 'utf8'),
			);
			const node = (name: string) => wf.nodes.find((n: any) => n.name === name);
			// The shipped settings, as the Set node evaluates them ("={{ [...] }}" holds a JSON literal here).
			const settings: Record<string, unknown> = {};
			for (const a of node('Cleanup Settings').parameters.assignments.assignments) {
				const v = a.value;
				settings[a.name] =
					typeof v === 'string' && v.startsWith('={{') ? JSON.parse(v.slice(3, -2)) : v;
			}
			const get = async (p: string) =>
				(await (await fetch(`${emu.url}/__emulator${p}`)).json()) as any;
			const listed = (await get('/chats')).chats.filter(
				(c: any) => c.bot_in_chat && c.chat_mode === 'group' && c.status === 'normal',
			);
			const states = await Promise.all(listed.map((c: any) => get(`/chats/${c.chat_id}`)));
			const items = (rows: unknown[]) => ({
				all: () => rows.map((json) => ({ json })),
				first: () => ({ json: rows[0] }),
			});
			const data: Record<string, unknown[]> = {
				'Cleanup Settings': [settings],
				'List Chats': listed,
				'Get Moderation': states.map((s: any) => ({
					chat_id: s.chat_id,
					moderation_setting: s.moderation.setting,
				})),
				'Get Members': states.flatMap((s: any) =>
					s.users.map((u: string) => ({ chat_id: s.chat_id, member_id: u })),
				),
			};
			const pick = new Function('$', node('Pick Stale Chats').parameters.jsCode);
			const plan = (pick((name: string) => items(data[name])) as Array<{ json: any }>).map(
				(p) => p.json,
			);
			expect(plan.map((p) => [p.name, p.action]).sort()).toEqual([
				['[Archive] Q3 launch retro', 'disband'],
				['tmp-offsite-2026', 'disband'],
			]);
			expect(plan.every((p) => p.dry_run === true)).toBe(true);
			// The bot owns both, so with dry run off Feishu lets it disband them.
			for (const p of plan)
				expect((await get(`/chats/${p.chat_id}`)).owner).toEqual({
					kind: 'bot',
					id: EMULATOR_DEFAULTS.appId,
				});
		} finally {
			await emu.close();
		}
	});
});

/** A local HTTP receiver answering with `respond`; counts requests. */
async function listen(
	respond: (req: IncomingMessage, body: string) => { status: number; body: string },
): Promise<{ url: string; count(): number; close(): Promise<void> }> {
	let n = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			n++;
			const a = respond(req, Buffer.concat(chunks).toString('utf8'));
			res.writeHead(a.status, { 'content-type': 'application/json' });
			res.end(a.body);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		count: () => n,
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}
