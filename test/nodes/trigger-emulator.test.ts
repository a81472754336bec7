/**
 * The trigger against the project's Feishu emulator (test/emulator): all 9 events by HTTP callback
 * (plain and encrypted + signed) and by long connection; refused, replayed and unsubscribed deliveries
 * start nothing; a dropped long connection reconnects and loses no event.
 */
import http from 'http';
import type { AddressInfo } from 'net';
import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { FEISHU_EVENTS, normaliseEvent } from '../../nodes/FeishuGroupTrigger/events';
import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { activeHubs } from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { socketFactoryOverride } from '../../nodes/FeishuGroupTrigger/trigger';
import { computeSignature } from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator';
import { emulatorControl } from '../helpers/emulatorControl';
import { triggerContext, webhookContext, type NodeParams } from './trigger-context';
import { LOOSE_LIMITS } from './trigger-fakeFeishu';

jest.setTimeout(60_000);

const node = new FeishuGroupTrigger();
const TYPES = FEISHU_EVENTS.map((e) => e.value);
let emu: RunningEmulator;

const ctl = emulatorControl(() => emu.url);

interface DeliverySummary {
	event_id: string;
	event_type: string;
	acked: boolean;
	done: boolean;
	attempts: number;
	last_status: number | string | null;
	fragments?: number;
}

/** Waits until every delivery so far is done; returns them. */
async function settled(): Promise<DeliverySummary[]> {
	for (let i = 0; i < 100; i++) {
		const { deliveries } = (await ctl('GET', '/deliveries?wait_ms=1000')) as unknown as {
			deliveries: DeliverySummary[];
		};
		if (deliveries.every((d) => d.done)) return deliveries;
	}
	throw new Error('deliveries did not finish');
}

async function emit(body: IDataObject): Promise<IDataObject> {
	const answer = await ctl('POST', '/events', body);
	return answer.envelope as IDataObject;
}

const credentials = (over: IDataObject = {}) => ({
	platform: 'custom',
	baseUrl: emu.url,
	appId: EMULATOR_DEFAULTS.appId,
	appSecret: EMULATOR_DEFAULTS.appSecret,
	verificationToken: EMULATOR_DEFAULTS.verificationToken,
	encryptKeySecret: '',
	...over,
});

/** Serves the node's webhook() on a local port, like n8n's production webhook in onReceived mode. */
class WebhookHost {
	readonly runs: INodeExecutionData[][][] = [];
	readonly answers: Array<{ status: number; body: unknown }> = [];
	url = '';
	params: NodeParams = {};
	creds: ICredentialDataDecryptedObject = {};
	readonly staticData: IDataObject = {};
	private server!: http.Server;

	async start(): Promise<void> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => void this.handle(req, Buffer.concat(chunks), res));
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
	}

	async stop(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(
		req: http.IncomingMessage,
		raw: Buffer,
		res: http.ServerResponse,
	): Promise<void> {
		let body: unknown = {};
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			// n8n would leave the body empty
		}
		const { ctx, answer } = webhookContext({
			credentials: this.creds,
			params: this.params,
			rawBody: raw,
			body,
			headers: req.headers as Record<string, string>,
			staticData: this.staticData,
		});
		let status = 200;
		let out: unknown = { message: 'Workflow was started' };
		try {
			const result = await node.webhook.call(ctx);
			if (result.noWebhookResponse) {
				status = answer.status ?? 200;
				out = answer.body;
			} else if (result.workflowData) {
				this.runs.push(result.workflowData);
			}
		} catch (error) {
			status = 500;
			out = { message: (error as Error).message };
		}
		this.answers.push({ status, body: out });
		res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(out));
	}
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});

afterAll(async () => {
	await emu.close();
});

beforeEach(async () => {
	resetSharedSeenEvents();
	await ctl('POST', '/reset');
	// Fast but complete redelivery schedule: 4 retries, 10 ms apart.
	await ctl('PUT', '/app', { redeliveryDelays: [1, 1, 1, 1], redeliveryScale: 0.01 });
});

function expectItemFor(item: IDataObject, envelope: IDataObject): void {
	const expected = normaliseEvent(envelope, true);
	expect(item).toEqual(expected);
	expect(item.eventId).toBeTruthy();
	expect(item.chatId).toMatch(/^oc_/);
	expect(item.eventTime).toMatch(/^\d{4}-/);
	expect(item.appId).toBe(EMULATOR_DEFAULTS.appId);
	expect(item.operator).toEqual(expect.objectContaining({ openId: expect.stringMatching(/^ou_/) }));
}

function checkSpecifics(items: IDataObject[]): void {
	const byType = new Map(items.map((i) => [i.eventType as string, i]));
	expect([...byType.keys()].sort()).toEqual([...TYPES].sort());
	for (const type of [
		'im.chat.member.user.added_v1',
		'im.chat.member.user.deleted_v1',
		'im.chat.member.user.withdrawn_v1',
	]) {
		expect(byType.get(type)!.users).toEqual([
			expect.objectContaining({ openId: expect.stringMatching(/^ou_/), name: expect.any(String) }),
		]);
	}
	expect(byType.get('im.chat.updated_v1')!.changes).toMatchObject({ changedKeys: ['name'] });
	expect(byType.get('im.chat.member.bot.added_v1')!.bots).toEqual([
		{ appId: EMULATOR_DEFAULTS.appId },
	]);
	expect(byType.get('p2p_chat_create')!.eventVersion).toBe('1.0');
	expect(byType.get('im.chat.access_event.bot_p2p_chat_entered_v1')!.lastMessageId).toMatch(/^om_/);
	expect(byType.get('im.chat.disbanded_v1')!.chatName).toEqual(expect.any(String));
}

describe('trigger × emulator: HTTP callback', () => {
	const host = new WebhookHost();

	beforeAll(async () => await host.start());
	afterAll(async () => await host.stop());
	beforeEach(() => {
		host.runs.length = 0;
		host.answers.length = 0;
		host.params = {};
		for (const k of Object.keys(host.staticData)) delete host.staticData[k];
	});

	it.each([
		['plain', ''],
		['encrypted and signed', 'emulator-encrypt-key-Ω'],
	])('all 9 events arrive, %s, one run each with the right fields', async (_label, encryptKey) => {
		host.creds = credentials({ encryptKeySecret: encryptKey });
		await ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: host.url, encryptKey });
		const envelopes: IDataObject[] = [];
		for (const type of TYPES) envelopes.push(await emit({ type }));
		const deliveries = await settled();
		expect(deliveries.map((d) => [d.acked, d.attempts, d.last_status])).toEqual(
			TYPES.map(() => [true, 1, 200]),
		);
		expect(host.runs).toHaveLength(9);
		const items = host.runs.map((run) => {
			expect(run).toHaveLength(1);
			expect(run[0]).toHaveLength(1);
			return run[0][0].json;
		});
		items.forEach((item, i) => expectItemFor(item, envelopes[i]));
		checkSpecifics(items);
	});

	it('answers the URL verification, plain and encrypted, only with the right token', async () => {
		host.creds = credentials();
		await ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: host.url, encryptKey: '' });
		expect(await ctl('POST', '/challenge', {})).toMatchObject({ ok: true, encrypted: false });
		host.creds = credentials({ encryptKeySecret: 'k1' });
		await ctl('PUT', '/app', { encryptKey: 'k1' });
		expect(await ctl('POST', '/challenge', {})).toMatchObject({ ok: true, encrypted: true });
		host.creds = credentials({ encryptKeySecret: 'k1', verificationToken: 'another-token' });
		expect(await ctl('POST', '/challenge', {})).toMatchObject({ ok: false, status: 401 });
		expect(host.runs).toHaveLength(0);
	});

	it('wrong verification token: every (re)delivery is refused, nothing starts', async () => {
		host.creds = credentials({ verificationToken: 'the-real-token' });
		await ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: host.url, encryptKey: '' });
		await emit({ type: 'im.chat.disbanded_v1' });
		const [d] = await settled();
		expect(d).toMatchObject({ acked: false, attempts: 5, last_status: 401 });
		expect(host.runs).toHaveLength(0);
	});

	it('bad ciphertext (the emulator encrypts with another key): refused, nothing starts', async () => {
		host.creds = credentials({ encryptKeySecret: 'our-key' });
		await ctl('PUT', '/app', {
			eventMode: 'callback',
			callbackUrl: host.url,
			encryptKey: 'their-key',
		});
		await emit({ type: 'im.chat.updated_v1' });
		const [d] = await settled();
		expect(d.acked).toBe(false);
		expect([400, 401]).toContain(d.last_status);
		expect(host.runs).toHaveLength(0);
	});

	it('forged signature and tampered body of a real delivery: refused with 401', async () => {
		const key = 'sig-key';
		host.creds = credentials({ encryptKeySecret: key });
		await ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: host.url, encryptKey: key });
		const envelope = await emit({ type: 'im.chat.member.user.added_v1' });
		await settled();
		expect(host.runs).toHaveLength(1);
		// An attacker without the key re-sends a modified event with a signature made up with another key.
		const forgedEvent = {
			...envelope,
			header: { ...(envelope.header as IDataObject), event_id: 'f'.repeat(32) },
		};
		const body = JSON.stringify(forgedEvent);
		const ts = String(Math.floor(Date.now() / 1000));
		for (const signature of [computeSignature(ts, '1', 'guess', Buffer.from(body)), '']) {
			const res = await fetch(host.url, {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-lark-request-timestamp': ts,
					'x-lark-request-nonce': '1',
					'x-lark-signature': signature,
				},
				body,
			});
			expect(res.status).toBe(401);
		}
		expect(host.runs).toHaveLength(1);
	});

	it('replay of an already delivered event (same id, fresh signature): 200, no second run', async () => {
		const key = 'replay-key';
		host.creds = credentials({ encryptKeySecret: key });
		await ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: host.url, encryptKey: key });
		const envelope = await emit({ type: 'p2p_chat_create' });
		await emit({ envelope });
		const second = await emit({ type: 'im.chat.updated_v1' });
		await emit({ envelope: second });
		const deliveries = await settled();
		expect(deliveries.every((d) => d.acked)).toBe(true);
		expect(host.runs.map((r) => r[0][0].json.eventType)).toEqual([
			'p2p_chat_create',
			'im.chat.updated_v1',
		]);
	});

	it('unsubscribed event types and other chats: 200, nothing starts', async () => {
		host.creds = credentials();
		host.params = {
			events: ['im.chat.member.user.added_v1'],
			chatIds: 'oc_6f327b844ccac1ebe4ef09096220865d',
		};
		await ctl('PUT', '/app', { eventMode: 'callback', callbackUrl: host.url, encryptKey: '' });
		await emit({ type: 'im.chat.disbanded_v1', chat_id: 'oc_6f327b844ccac1ebe4ef09096220865d' });
		await emit({
			type: 'im.chat.member.user.added_v1',
			chat_id: 'oc_6cc50a2a27d0b6e7849f58ad7192fd57',
		});
		await emit({
			type: 'im.chat.member.user.added_v1',
			chat_id: 'oc_6f327b844ccac1ebe4ef09096220865d',
		});
		const deliveries = await settled();
		expect(deliveries.every((d) => d.acked)).toBe(true);
		expect(host.runs).toHaveLength(1);
		expect(host.runs[0][0][0].json).toMatchObject({
			chatId: 'oc_6f327b844ccac1ebe4ef09096220865d',
		});
	});
});

describe('trigger × emulator: long connection', () => {
	const closers: Array<() => Promise<void>> = [];

	beforeAll(() =>
		Object.assign(socketFactoryOverride, { stepMs: 20, settleMs: 0, limits: LOOSE_LIMITS }),
	);
	afterAll(() => {
		for (const key of ['stepMs', 'settleMs', 'limits'] as const) delete socketFactoryOverride[key];
	});
	beforeEach(async () => {
		await ctl('PUT', '/app', {
			eventMode: 'long_connection',
			// Redeliveries must outlast a reconnect: 0.3 s, 1 s, 2 s, 4 s.
			redeliveryDelays: [0.3, 1, 2, 4],
			redeliveryScale: 1,
			clientConfig: {
				PingInterval: 1,
				ReconnectCount: -1,
				ReconnectInterval: 0.2,
				ReconnectNonce: 0,
			},
		});
	});
	afterEach(async () => {
		await Promise.all(closers.splice(0).map(async (close) => await close()));
		expect(activeHubs()).toEqual([]);
	});

	async function activate(params: NodeParams = {}, mode: 'trigger' | 'manual' = 'trigger') {
		const harness = triggerContext({
			credentials: credentials(),
			mode,
			params: { connection: 'longConnection', ...params },
		});
		const response = await node.trigger.call(harness.ctx);
		closers.push(response.closeFunction!);
		await waitFor(
			async () =>
				((await ctl('GET', '/ws')) as { connections?: unknown[] }).connections?.length === 1,
			'connection',
		);
		return { harness, response };
	}

	async function waitFor(
		check: () => boolean | Promise<boolean>,
		what: string,
		ms = 15_000,
	): Promise<void> {
		const end = Date.now() + ms;
		while (!(await check())) {
			if (Date.now() > end) throw new Error(`timed out: ${what}`);
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	it('all 9 events arrive, each emitted once with the right fields and acknowledged', async () => {
		const { harness } = await activate();
		const envelopes: IDataObject[] = [];
		for (const type of TYPES) envelopes.push(await emit({ type }));
		const deliveries = await settled();
		expect(deliveries.map((d) => [d.acked, d.attempts])).toEqual(TYPES.map(() => [true, 1]));
		expect(harness.emitted).toHaveLength(9);
		const items = harness.emitted.map((e) => e.data[0][0].json);
		for (const envelope of envelopes) {
			const item = items.find((i) => i.eventId === normaliseEvent(envelope, false).eventId)!;
			expectItemFor(item, envelope);
		}
		checkSpecifics(items);
	});

	it('reassembles fragmented payloads', async () => {
		await ctl('PUT', '/app', { wsFragmentSize: 64 });
		const { harness } = await activate();
		const envelope = await emit({ type: 'im.chat.updated_v1' });
		const [d] = await settled();
		expect(d.fragments).toBeGreaterThan(3);
		expect(d.acked).toBe(true);
		expectItemFor(harness.emitted[0].data[0][0].json, envelope);
	});

	it('a dropped connection reconnects and no event is lost or doubled', async () => {
		const { harness } = await activate();
		await emit({ type: 'im.chat.disbanded_v1' });
		await settled();
		const endpointCallsBefore = (
			(await ctl('GET', '/requests?path=/callback/ws/endpoint')) as { requests: unknown[] }
		).requests.length;

		await ctl('POST', '/faults', { kind: 'drop_connections' });
		const during: IDataObject[] = [];
		for (const type of [
			'im.chat.member.user.added_v1',
			'im.chat.member.bot.added_v1',
			'p2p_chat_create',
		]) {
			during.push(await emit({ type }));
		}
		const deliveries = await settled();
		expect(deliveries.every((d) => d.acked)).toBe(true);
		const ids = harness.emitted.map((e) => e.data[0][0].json.eventId);
		expect(ids).toHaveLength(4);
		expect(new Set(ids).size).toBe(4);
		for (const envelope of during) expect(ids).toContain(normaliseEvent(envelope, false).eventId);
		const endpointCallsAfter = (
			(await ctl('GET', '/requests?path=/callback/ws/endpoint')) as { requests: unknown[] }
		).requests.length;
		expect(endpointCallsAfter).toBeGreaterThan(endpointCallsBefore);
		expect(harness.errors).toEqual([]);
	});

	it('replayed and unsubscribed events start nothing; the connection is shared with a test listener', async () => {
		const { harness } = await activate({ events: ['im.chat.member.user.deleted_v1'] });
		const listener = await activate({}, 'manual');
		const first = await emit({ type: 'im.chat.member.user.deleted_v1' });
		await listener.response.manualTriggerFunction!();
		await emit({ envelope: first }); // replay, same event id
		await emit({ type: 'im.chat.disbanded_v1' }); // not subscribed by the active workflow
		const deliveries = await settled();
		expect(deliveries.every((d) => d.acked)).toBe(true);
		expect(harness.emitted).toHaveLength(1);
		expect(listener.harness.emitted).toHaveLength(1);
		expect(((await ctl('GET', '/ws')) as { connections: unknown[] }).connections).toHaveLength(1);
	});

	it('a wrong App Secret fails activation with a clear message', async () => {
		const harness = triggerContext({
			credentials: credentials({ appSecret: 'wrong' }),
			params: { connection: 'longConnection' },
		});
		await expect(node.trigger.call(harness.ctx)).rejects.toThrow(/app secret invalid/);
	});
});
