/** Long connection judged by the SDK's WSClient, plus raw-socket checks of the handshake and frame protocol. */
import { EVENT_TYPES as TYPES } from './events/envelopes';
import { Kit, lark, raiseAllChatEvents, SILENT, sleep, startKit, waitFor } from './testkit';
import { decodeFrame, encodeFrame, header } from './ws/frames';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const WebSocket = require('ws');
const noop = () => undefined;

let kit: Kit;
let ws: lark.WSClient | undefined;
const received: Array<Record<string, any>> = [];
let throwNext = 0;

beforeAll(async () => {
	kit = await startKit();
});
afterAll(async () => {
	await kit.emu.close();
});
afterEach(() => {
	ws?.close({ force: true });
	ws = undefined;
});
beforeEach(async () => {
	await kit.ctl('POST', '/reset');
	await kit.ctl('PUT', '/app', {
		eventMode: 'long_connection',
		clientConfig: { PingInterval: 1, ReconnectInterval: 1, ReconnectNonce: 0, ReconnectCount: -1 },
	});
	received.length = 0;
	throwNext = 0;
});

async function startSdkClient(): Promise<void> {
	const dispatcher = new lark.EventDispatcher({
		loggerLevel: lark.LoggerLevel.error,
		logger: SILENT,
	});
	const handlers: Record<string, (d: any) => Promise<void>> = {};
	for (const t of TYPES)
		handlers[t] = async (d) => {
			if (throwNext > 0) {
				throwNext--;
				throw new Error('handler failed');
			}
			received.push({ ...d, handled_as: t });
		};
	dispatcher.register(handlers as any);
	ws = new lark.WSClient({
		appId: 'cli_9e5f1b2a3c4d5e6f',
		appSecret: 'emulator-app-secret',
		domain: kit.emu.url,
		loggerLevel: lark.LoggerLevel.error,
		logger: SILENT,
	});
	await ws.start({ eventDispatcher: dispatcher });
	await waitFor(async () =>
		(await kit.ctl('GET', '/ws')).connections.length === 1 ? true : undefined,
	);
}

test('the SDK WSClient connects and receives all 9 event types (acked)', async () => {
	await startSdkClient();
	await raiseAllChatEvents(kit);
	await waitFor(() => (received.length >= 9 ? true : undefined));
	expect(received.map((d) => d.handled_as).sort()).toEqual([...TYPES].sort());
	const d = (await kit.ctl('GET', '/deliveries?wait_ms=2000')).deliveries;
	expect(
		d.every((x: any) => x.acked && x.mode === 'long_connection' && x.last_status === 200),
	).toBe(true);
});

test('fragmented payloads are reassembled by the SDK; a failed handler (ack 500) is redelivered', async () => {
	await kit.ctl('PUT', '/app', { wsFragmentSize: 40, redeliveryScale: 0.001 });
	await startSdkClient();
	throwNext = 1;
	const r = await kit.ctl('POST', '/events', { type: 'im.chat.member.user.added_v1' });
	await waitFor(() => (received.length >= 1 ? true : undefined));
	expect(received[0].event_id).toBe(r.event_id);
	const d = (await kit.ctl('GET', '/deliveries?wait_ms=2000')).deliveries[0];
	expect(d.history.map((h: any) => h.status)).toEqual([500, 200]);
	expect(d.fragments).toBeGreaterThan(5);
});

test('drop_connections: the server closes, the SDK reconnects and keeps receiving', async () => {
	await startSdkClient();
	const dropped = await kit.ctl('POST', '/faults', { kind: 'drop_connections' });
	expect(dropped.dropped).toBe(1);
	await sleep(100);
	await waitFor(
		async () => ((await kit.ctl('GET', '/ws')).connections.length === 1 ? true : undefined),
		10000,
	);
	await kit.ctl('POST', '/events', { type: 'im.chat.disbanded_v1' });
	await waitFor(() => (received.length >= 1 ? true : undefined));
});

async function endpoint(secret = 'emulator-app-secret') {
	return (
		await kit.http('POST', '/callback/ws/endpoint', {
			body: { AppID: 'cli_9e5f1b2a3c4d5e6f', AppSecret: secret },
		})
	).body;
}

function open(
	url: string,
): Promise<{ sock: any; frames: any[] } | { status: number; headers: Record<string, string> }> {
	return new Promise((resolve) => {
		const sock = new WebSocket(url);
		const frames: any[] = [];
		sock.on('message', (d: Buffer) => frames.push(decodeFrame(d)));
		sock.on('open', () => resolve({ sock, frames }));
		sock.on('unexpected-response', (_req: unknown, res: any) =>
			resolve({ status: res.statusCode, headers: res.headers }),
		);
		sock.on('error', noop);
	});
}

test('endpoint and handshake: wrong secret, bad ticket 403, connection cap 514', async () => {
	expect((await endpoint('wrong')).code).not.toBe(0);
	const ep = await endpoint();
	expect(ep.code).toBe(0);
	expect(ep.data.ClientConfig).toEqual({
		PingInterval: 1,
		ReconnectCount: -1,
		ReconnectInterval: 1,
		ReconnectNonce: 0,
	});
	expect(ep.data.URL).toMatch(
		/^ws:\/\/127\.0\.0\.1:\d+\/ws\/v2\?.*device_id=\d+.*service_id=\d+.*ticket=/,
	);
	const bad = (await open(ep.data.URL.replace(/ticket=[^&]+/, 'ticket=forged'))) as any;
	expect(bad.status).toBe(403);
	expect(bad.headers['handshake-status']).toBe('403');
	await kit.ctl('PUT', '/app', { wsMaxConnections: 1 });
	const first = (await open(ep.data.URL)) as any;
	expect(first.sock).toBeDefined();
	const second = (await open((await endpoint()).data.URL)) as any;
	expect(second.status).toBe(514);
	expect(second.headers['handshake-autherrcode']).toBe('1000040350');
	first.sock.terminate();
});

test('raw protocol: ping -> pong with ClientConfig; unacked events are redelivered with the same event_id', async () => {
	await kit.ctl('PUT', '/app', { wsAckTimeoutMs: 150, redeliveryScale: 0.001 });
	const ep = await endpoint();
	const c = (await open(ep.data.URL)) as { sock: any; frames: any[] };
	c.sock.send(
		encodeFrame({
			SeqID: 0,
			LogID: 0,
			service: 33554678,
			method: 0,
			headers: [{ key: 'type', value: 'ping' }],
		}),
	);
	const pong = await waitFor(() => c.frames.find((f) => header(f, 'type') === 'pong'));
	expect(JSON.parse(Buffer.from(pong.payload).toString())).toEqual(
		expect.objectContaining({ PingInterval: 1 }),
	);
	const r = await kit.ctl('POST', '/events', { type: 'im.chat.updated_v1' });
	const events = () => c.frames.filter((f) => header(f, 'type') === 'event');
	await waitFor(() => (events().length >= 2 ? true : undefined), 3000);
	const [a, b] = events();
	expect(a.method).toBe(1);
	expect(header(a, 'sum')).toBe('1');
	expect(header(a, 'seq')).toBe('0');
	expect(header(a, 'message_id')).not.toBe(header(b, 'message_id'));
	expect(JSON.parse(Buffer.from(b.payload).toString()).header.event_id).toBe(r.event_id);
	// ack the redelivery like the SDK does
	c.sock.send(
		encodeFrame({
			...b,
			headers: [...b.headers, { key: 'biz_rt', value: '-3' }],
			payload: Buffer.from('{"code":200}'),
		}),
	);
	const d = await waitFor(async () => {
		const x = (await kit.ctl('GET', '/deliveries')).deliveries[0];
		return x.acked ? x : undefined;
	});
	expect(d.history.map((h: any) => h.status)).toEqual(['ack_timeout', 200]);
	c.sock.terminate();
});

test('an event whose connection closes before the ack is redelivered to the next connection', async () => {
	await kit.ctl('PUT', '/app', {
		wsAckTimeoutMs: 10_000,
		redeliveryDelays: [0.2, 0.5, 1],
		redeliveryScale: 1,
	});
	const first = (await open((await endpoint()).data.URL)) as { sock: any; frames: any[] };
	const r = await kit.ctl('POST', '/events?wait=0', { type: 'im.chat.member.bot.added_v1' });
	await waitFor(() => first.frames.find((f) => header(f, 'type') === 'event'));
	first.sock.close(1000, 'n8n deactivated a workflow'); // no ack: the trigger drops the connection
	const second = (await open((await endpoint()).data.URL)) as { sock: any; frames: any[] };
	const again = await waitFor(() => second.frames.find((f) => header(f, 'type') === 'event'), 5000);
	expect(JSON.parse(Buffer.from(again.payload).toString()).header.event_id).toBe(r.event_id);
	second.sock.send(
		encodeFrame({
			...again,
			headers: [...again.headers, { key: 'biz_rt', value: '1' }],
			payload: Buffer.from('{"code":200}'),
		}),
	);
	const d = await waitFor(async () => {
		const x = (await kit.ctl('GET', '/deliveries')).deliveries[0];
		return x.acked ? x : undefined;
	});
	expect(d.history.map((h: any) => h.status)).toEqual(['connection_closed', 200]);
	second.sock.terminate();
});
