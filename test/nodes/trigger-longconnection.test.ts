import type { IDataObject } from 'n8n-workflow';

import type { EnvelopeInfo } from '../../nodes/FeishuGroupTrigger/events';
import { LongConnectionClient } from '../../nodes/FeishuGroupTrigger/longConnection/client';
import {
	activeHubs,
	subscribe,
	type Subscriber,
} from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';
import { fetchRequest } from './trigger-context';
import { LOOSE_LIMITS, SERVICE_ID, type FakeFeishu } from './trigger-fakeFeishu';
import { useFakeFeishu } from './trigger-fakeFeishuSession';

const SECRET = 'lc-secret';
const platformSocket = (url: string) => new WebSocket(url);
const hubOptions = {
	createSocket: platformSocket,
	stepMs: 10,
	handshakeTimeoutMs: 2000,
	settleMs: 0, // no settle delay: tests join one subscriber at a time
	limits: LOOSE_LIMITS,
};

let fake: FakeFeishu;
let counter = 0;
const freshId = () => (++counter).toString(16).padStart(32, 'b');

interface Recorder extends Subscriber {
	events: Array<{ envelope: IDataObject; info: EnvelopeInfo }>;
	fatal: string[];
	order: string[];
}

function recorder(over: Partial<Subscriber> = {}): Recorder {
	const r: Recorder = {
		events: [],
		fatal: [],
		order: [],
		windowMs: 8 * 3600_000,
		connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret: SECRET }),
		deliver(envelope, info) {
			r.events.push({ envelope, info });
			r.order.push(`deliver:${info.eventId}`);
		},
		onFatal(message) {
			r.fatal.push(message);
		},
		...over,
	};
	return r;
}

const joined = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET }),
	(started) => (fake = started),
);

async function join(sub: Subscriber, appId = SAMPLE_APP_ID) {
	const result = await subscribe(fake.url, appId, sub, hubOptions);
	if (!result.ok) throw new Error(result.message);
	joined.push(result.unsubscribe);
	// subscribe() returns once Feishu accepted the credential; the connection follows after settling.
	await fake.waitFor(() => activeHubs().some((h) => h.open), 3000, 'open connection');
	return result.unsubscribe;
}

describe('long connection: protocol', () => {
	it('pings right away with the service id, answers pongs, and adopts the pong ClientConfig', async () => {
		fake.options.pongConfig = {
			PingInterval: 0.15,
			ReconnectCount: 7,
			ReconnectInterval: 0.3,
			ReconnectNonce: 0.02,
		};
		const leave = await join(recorder());
		await fake.waitFor(() => fake.pings.length >= 3, 3000, 'three pings');
		const ping = fake.pings[0].frame;
		expect(ping).toMatchObject({ method: 0, service: SERVICE_ID });
		expect(ping.headers).toEqual([expect.objectContaining({ key: 'type', value: 'ping' })]);
		expect(Number(ping.SeqID)).toBe(0);
		// One call checks the credential when subscribing, one opens the connection.
		expect(fake.endpointCalls).toBe(2);
		expect(activeHubs()[0].config).toEqual({
			pingIntervalMs: 150,
			reconnectCount: 7,
			reconnectIntervalMs: 300,
			reconnectNonceMs: 20,
		});
		await leave();
	});

	it('acknowledges an event only after it was handed over, echoing the frame plus biz_rt', async () => {
		const sub = recorder();
		const leave = await join(sub);
		const event = sample('im.chat.member.user.added_v1', freshId());
		const messageId = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		sub.order.push('ack-seen');
		expect(sub.order).toEqual([`deliver:${(event.header as IDataObject).event_id}`, 'ack-seen']);
		expect(sub.events[0].envelope).toEqual(event);
		const ack = fake.acksFor(messageId)[0].frame;
		expect(ack.headers.map((h) => h.key)).toEqual([
			'type',
			'message_id',
			'sum',
			'seq',
			'trace_id',
			'biz_rt',
		]);
		expect(Number(ack.headers[5].value)).toBeGreaterThanOrEqual(0);
		expect(JSON.parse(Buffer.from(ack.payload!).toString())).toEqual({ code: 200 });
		expect(ack.service).toBe(SERVICE_ID);
		await leave();
	});

	it('reassembles a payload split into fragments arriving out of order; acks once', async () => {
		const sub = recorder();
		const leave = await join(sub);
		const event = sample('im.chat.updated_v1', freshId());
		const messageId = fake.sendEvent(event, 3, [2, 0, 1]);
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		await new Promise((r) => setTimeout(r, 100));
		expect(sub.events).toHaveLength(1);
		expect(sub.events[0].envelope).toEqual(event);
		expect(fake.acksFor(messageId)).toHaveLength(1);
		expect(fake.acksFor(messageId)[0].frame.headers.find((h) => h.key === 'seq')?.value).toBe('1');
		await leave();
	});

	it('drops fragments of an incomplete message after their expiry, then takes the full redelivery', async () => {
		const payloads: string[] = [];
		const client = new LongConnectionClient({
			appId: SAMPLE_APP_ID,
			connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret: SECRET }),
			createSocket: platformSocket,
			onEvent: (payload) => {
				payloads.push(Buffer.from(payload).toString());
				return true;
			},
			onFatal: () => {},
			stepMs: 10,
			fragmentTtlMs: 100,
		});
		await client.start();
		try {
			const event = sample('im.chat.member.user.withdrawn_v1', freshId());
			const bytes = Buffer.from(JSON.stringify(event));
			const third = Math.ceil(bytes.length / 3);
			const fragment = (seq: number) => ({
				SeqID: seq,
				LogID: 1,
				service: SERVICE_ID,
				method: 1,
				headers: [
					{ key: 'type', value: 'event' },
					{ key: 'message_id', value: 'split-1' },
					{ key: 'sum', value: '3' },
					{ key: 'seq', value: String(seq) },
					{ key: 'trace_id', value: 't' },
				],
				payload: bytes.subarray(seq * third, (seq + 1) * third),
			});
			await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
			fake.sendFrame(fragment(0));
			fake.sendFrame(fragment(1));
			await new Promise((r) => setTimeout(r, 250));
			fake.sendFrame(fragment(2)); // the first two have expired: still incomplete
			await new Promise((r) => setTimeout(r, 150));
			expect(payloads).toEqual([]);
			expect(fake.acks).toHaveLength(0);
			// Feishu re-pushes the whole message: all three fragments.
			fake.sendFrame(fragment(2));
			fake.sendFrame(fragment(0));
			fake.sendFrame(fragment(1));
			await fake.waitFor(() => fake.acks.length === 1, 3000, 'ack of the redelivery');
			expect(payloads.map((p) => JSON.parse(p))).toEqual([event]);
			// An invalid seq is dropped without an ack.
			fake.sendFrame({
				...fragment(0),
				headers: [...fragment(0).headers.slice(0, 3), { key: 'seq', value: '7' }],
			});
			await new Promise((r) => setTimeout(r, 100));
			expect(fake.acks).toHaveLength(1);
		} finally {
			await client.close();
		}
	});

	it('acks 500 when no subscriber could take the event, and takes the redelivery', async () => {
		let fail = true;
		const sub = recorder({
			deliver(envelope, info) {
				if (fail) throw new Error('n8n is busy');
				sub.events.push({ envelope, info });
			},
		});
		const leave = await join(sub);
		const event = sample('im.chat.disbanded_v1', freshId());
		const messageId = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(JSON.parse(Buffer.from(fake.acksFor(messageId)[0].frame.payload!).toString())).toEqual({
			code: 500,
		});
		fail = false;
		fake.sendEvent(event); // Feishu re-pushes; the id was forgotten, so it goes through
		await fake.waitFor(() => sub.events.length === 1, 3000, 'redelivery');
		await leave();
	});

	it('ignores duplicates of an already delivered event (acks them anyway)', async () => {
		const sub = recorder();
		const leave = await join(sub);
		const event = sample('p2p_chat_create', freshId());
		const first = fake.sendEvent(event);
		const second = fake.sendEvent(event);
		await fake.waitFor(
			() => fake.acksFor(second).length === 1 && fake.acksFor(first).length === 1,
			3000,
			'acks',
		);
		expect(sub.events).toHaveLength(1);
		await leave();
	});
});

describe('long connection: lifecycle', () => {
	it('reconnects with a fresh endpoint after a drop and loses no event', async () => {
		const sub = recorder();
		const leave = await join(sub);
		const a = sample('im.chat.member.bot.added_v1', freshId());
		fake.sendEvent(a);
		await fake.waitFor(() => sub.events.length === 1, 3000, 'event A');

		// Event B is in flight when the link dies; C is sent while the client is away.
		const b = sample('im.chat.member.user.deleted_v1', freshId());
		fake.sendEvent(b);
		fake.dropAll();
		const c = sample('im.chat.member.user.withdrawn_v1', freshId());
		fake.sendEvent(c);

		await fake.waitFor(
			() => fake.connectionCount === 2 && fake.openConnections === 1,
			5000,
			'reconnect',
		);
		expect(fake.endpointCalls).toBe(3); // the credential check, the first and the second connection
		await fake.waitFor(() => sub.events.length >= 3, 5000, 'events B and C');
		await new Promise((r) => setTimeout(r, 150));
		const ids = sub.events.map((e) => e.info.eventId);
		expect(ids.sort()).toEqual(
			[a, b, c].map((e) => (e.header as IDataObject).event_id as string).sort(),
		);
		await leave();
	});

	it('treats three silent ping intervals as a dead link and reconnects', async () => {
		fake.options.clientConfig = {
			PingInterval: 0.1,
			ReconnectCount: -1,
			ReconnectInterval: 0.05,
			ReconnectNonce: 0,
		};
		fake.answerPings = false;
		await join(recorder());
		await fake.waitFor(() => fake.connectionCount >= 2, 5000, 'reconnect after silence');
		expect(fake.closes[0]).toMatchObject({ connection: 1, code: 4000 });
	});

	it('keeps retrying while the endpoint is busy, then connects', async () => {
		const sub = recorder();
		const leave = await join(sub);
		let busy = 3;
		fake.endpoint = (body) =>
			busy-- > 0 ? [200, { code: 1000040343, msg: 'internal error' }] : fake.defaultEndpoint(body);
		fake.dropAll();
		await fake.waitFor(
			() => fake.openConnections === 1 && fake.connectionCount === 2,
			5000,
			'reconnect after busy',
		);
		expect(fake.endpointCalls).toBeGreaterThanOrEqual(5);
		expect(sub.fatal).toEqual([]);
		await leave();
	});

	it('gives up after ReconnectCount attempts and reports it to every subscriber', async () => {
		fake.options.clientConfig = {
			PingInterval: 0.2,
			ReconnectCount: 2,
			ReconnectInterval: 0.05,
			ReconnectNonce: 0,
		};
		const one = recorder();
		const two = recorder();
		await join(one);
		await join(two);
		fake.endpoint = () => [503, { code: 1, msg: 'down' }];
		fake.dropAll();
		await fake.waitFor(() => one.fatal.length === 1 && two.fatal.length === 1, 5000, 'fatal');
		expect(one.fatal[0]).toMatch(/Gave up after 2 reconnect attempts/);
		expect(activeHubs()).toEqual([]);
	});

	it('stops at once when the credentials are refused, with a readable message', async () => {
		const result = await subscribe(
			fake.url,
			SAMPLE_APP_ID,
			recorder({
				connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret: 'wrong' }),
			}),
			hubOptions,
		);
		expect(result).toEqual({
			ok: false,
			message: expect.stringMatching(/code 10014: app secret invalid.*HTTP callback/),
		});
		expect(fake.connectionCount).toBe(0);
	});

	it('says so when the host has no long-connection endpoint (HTTP 404)', async () => {
		fake.endpoint = () => [404, {}];
		const result = await subscribe(fake.url, SAMPLE_APP_ID, recorder(), hubOptions);
		expect(result).toMatchObject({
			ok: false,
			message: expect.stringMatching(/does not offer long connections.*HTTP callback/),
		});
	});

	it('reports the 50-connection limit as fatal', async () => {
		fake.endpoint = () => [200, { code: 1000040350, msg: 'exceed conn limit' }];
		const result = await subscribe(fake.url, SAMPLE_APP_ID, recorder(), hubOptions);
		expect(result).toMatchObject({
			ok: false,
			message: expect.stringMatching(/Too many long connections/),
		});
	});

	it('closes cleanly: close code 1000, no more pings or endpoint calls', async () => {
		const leave = await join(recorder());
		await fake.waitFor(() => fake.pings.length >= 1, 3000, 'ping');
		await leave();
		await fake.waitFor(() => fake.closes.length === 1, 3000, 'close');
		expect(fake.closes[0].code).toBe(1000);
		const pings = fake.pings.length;
		const calls = fake.endpointCalls;
		await new Promise((r) => setTimeout(r, 500));
		expect(fake.pings.length).toBe(pings);
		expect(fake.endpointCalls).toBe(calls);
		expect(activeHubs()).toEqual([]);
	});

	it('shares one connection between two subscribers of the same app and fans events out', async () => {
		const one = recorder();
		const two = recorder();
		const leaveOne = await join(one);
		const leaveTwo = await join(two);
		expect(fake.connectionCount).toBe(1);
		expect(activeHubs()).toEqual([expect.objectContaining({ subscribers: 2, open: true })]);
		const event = sample('im.chat.access_event.bot_p2p_chat_entered_v1', freshId());
		const messageId = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(one.events).toHaveLength(1);
		expect(two.events).toHaveLength(1);

		// One workflow leaves: the connection is dropped and reopened for the other one.
		await leaveOne();
		await fake.waitFor(
			() => fake.connectionCount === 2 && fake.openConnections === 1,
			3000,
			'reopen',
		);
		const next = fake.sendEvent(sample('im.chat.disbanded_v1', freshId()));
		await fake.waitFor(() => fake.acksFor(next).length === 1, 3000, 'ack');
		expect(one.events).toHaveLength(1);
		expect(two.events).toHaveLength(2);

		await leaveTwo();
		await fake.waitFor(() => fake.openConnections === 0, 3000, 'closed');
		expect(fake.connectionCount).toBe(2);
		expect(activeHubs()).toEqual([]);
	});
});
