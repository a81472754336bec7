/** HTTP callback delivery, judged by the SDK's EventDispatcher + adaptDefault (decrypts and checks signatures). */
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { EVENT_TYPES as TYPES } from './events/envelopes';
import { Kit, lark, raiseAllChatEvents, SILENT, startKit, waitFor } from './testkit';

const ENCRYPT_KEY = 'emulator-encrypt-key';

let kit: Kit;
let server: Server;
let url: string;
const received: Array<Record<string, any>> = [];
const raw: Array<{ headers: Record<string, any>; body: string }> = [];
/** Answer 500 to this many requests before handing over to the SDK (redelivery test). */
let failNext = 0;
let hangNext = 0;

beforeAll(async () => {
	kit = await startKit();
	const dispatcher = new lark.EventDispatcher({
		encryptKey: ENCRYPT_KEY,
		verificationToken: 'emulator-verification-token',
		loggerLevel: lark.LoggerLevel.error,
		logger: SILENT,
	});
	const handlers: Record<string, (data: any) => Promise<string>> = {};
	for (const t of TYPES)
		handlers[t] = async (data) => {
			received.push({ ...data, handled_as: t });
			return 'ok';
		};
	dispatcher.register(handlers as any);
	const sdk = lark.adaptDefault('/webhook', dispatcher, { autoChallenge: true });
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			raw.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			if (hangNext > 0) {
				hangNext--;
				return; // never answer: the emulator times out
			}
			if (failNext > 0) {
				failNext--;
				res.statusCode = 500;
				res.end('busy');
				return;
			}
			// replay the body for the SDK adapter, which reads the request stream itself
			const { Readable } = require('node:stream');
			const replay = Object.assign(Readable.from([Buffer.concat(chunks)]), {
				url: req.url,
				headers: req.headers,
				method: req.method,
			});
			void sdk(replay, res);
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
});
afterAll(async () => {
	await kit.emu.close();
	server.closeAllConnections();
	await new Promise((r) => server.close(r));
});
beforeEach(async () => {
	await kit.ctl('POST', '/reset');
	await kit.ctl('PUT', '/app', {
		eventMode: 'callback',
		callbackUrl: url,
		encryptKey: ENCRYPT_KEY,
	});
	received.length = 0;
	raw.length = 0;
	failNext = 0;
	hangNext = 0;
});

test('challenge: encrypted url_verification answered by the SDK', async () => {
	const r = await kit.ctl('POST', '/challenge');
	expect(r.ok).toBe(true);
	expect(r.encrypted).toBe(true);
	expect(raw[0].headers['x-lark-signature']).toBeUndefined();
	expect(Object.keys(JSON.parse(raw[0].body))).toEqual(['encrypt']);
});

test('all 9 events reach the SDK dispatcher encrypted and signed; API calls raise the right events', async () => {
	const { chats, users, injected } = await raiseAllChatEvents(kit);
	for (const r of injected) expect(r.ok).toBe(true);
	await waitFor(() => received.length >= 9 || undefined);
	const byType = Object.fromEntries(received.map((d) => [d.handled_as, d]));
	expect(Object.keys(byType).sort()).toEqual([...TYPES].sort());
	expect(byType['im.chat.member.user.added_v1'].users[0].user_id.open_id).toBe(users[30].open_id);
	expect(byType['im.chat.member.user.deleted_v1'].chat_id).toBe(chats['Product Launch']);
	expect(byType['im.chat.updated_v1'].before_change).toEqual({
		name: 'Product Launch',
		description: 'Launch coordination',
	});
	expect(byType['im.chat.updated_v1'].after_change).toEqual({ name: 'Launch 2', description: 'x' });
	expect(byType['im.chat.member.bot.added_v1'].chat_id).toBe(chats['Open Lounge']);
	expect(byType['im.chat.disbanded_v1'].name).toBe('Ops Alerts');
	expect(byType['p2p_chat_create'].uuid).toMatch(/^[0-9a-f]{32}$/);
	expect(byType['im.chat.member.user.added_v1'].token).toBe('emulator-verification-token');
	// every body is {"encrypt":…} and the signature matches sha256(ts + nonce + key + body)
	for (const r of raw) {
		const h = r.headers;
		expect(Object.keys(JSON.parse(r.body))).toEqual(['encrypt']);
		const sig = createHash('sha256')
			.update(h['x-lark-request-timestamp'] + h['x-lark-request-nonce'] + ENCRYPT_KEY + r.body)
			.digest('hex');
		expect(h['x-lark-signature']).toBe(sig);
		expect(h['content-type']).toBe('application/json;charset=utf-8');
	}
	const deliveries = (await kit.ctl('GET', '/deliveries?wait_ms=2000')).deliveries;
	expect(deliveries).toHaveLength(9);
	expect(deliveries.every((d: any) => d.acked && d.attempts === 1 && d.last_status === 200)).toBe(
		true,
	);
});

test('plaintext mode: compact JSON with token; signature computed with an empty key', async () => {
	await kit.ctl('PUT', '/app', { encryptKey: '' });
	const r = await kit.ctl('POST', '/events', { type: 'im.chat.updated_v1' });
	await waitFor(() => raw.length >= 1 || undefined);
	const body = raw[0].body;
	expect(body).toBe(JSON.stringify(r.envelope));
	expect(JSON.parse(body).header.token).toBe('emulator-verification-token');
	const h = raw[0].headers;
	expect(h['x-lark-signature']).toBe(
		createHash('sha256')
			.update(h['x-lark-request-timestamp'] + h['x-lark-request-nonce'] + body)
			.digest('hex'),
	);
});

test('redelivery after non-200 and after a timeout (fast time scale), same event_id', async () => {
	await kit.ctl('PUT', '/app', { callbackTimeoutMs: 200, redeliveryScale: 0.001 });
	failNext = 1;
	hangNext = 1;
	const r = await kit.ctl('POST', '/events', { type: 'im.chat.member.user.added_v1' });
	await waitFor(() => received.length >= 1 || undefined, 8000);
	const d = (await kit.ctl('GET', '/deliveries?wait_ms=3000')).deliveries[0];
	expect(d.event_id).toBe(r.event_id);
	expect(d.attempts).toBe(3);
	expect(d.history.map((x: any) => x.status)).toEqual(['timeout', 500, 200]);
	expect(d.acked).toBe(true);
	expect(received[0].event_id).toBe(r.event_id);
});

test('gives up after 4 retries', async () => {
	await kit.ctl('PUT', '/app', { redeliveryScale: 0.0001 });
	failNext = 10;
	await kit.ctl('POST', '/events', { type: 'im.chat.disbanded_v1' });
	const d = await waitFor(async () => {
		const x = (await kit.ctl('GET', '/deliveries?wait_ms=1000')).deliveries[0];
		return x.done ? x : undefined;
	}, 10000);
	expect(d.attempts).toBe(5);
	expect(d.acked).toBe(false);
});
