/**
 * Issue 15, finding 4: a frame header's fragment count (`sum`) was trusted and allocated per message; a
 * 75-byte frame announcing 4294967295 fragments ran n8n out of memory. Now fragment counts and held
 * bytes are bounded, odd frames are dropped with a log line, and the connection carries on.
 */
import type { IDataObject } from 'n8n-workflow';

import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { encodeFrame, type Frame } from '../../nodes/FeishuGroupTrigger/longConnection/frame';
import {
	activeHubs,
	subscribe,
	type Subscriber,
} from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { fetchRequest } from '../nodes/trigger-context';
import { FakeFeishu, LOOSE_LIMITS, SERVICE_ID } from '../nodes/trigger-fakeFeishu';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';

const SECRET = 'frames-secret';
let fake: FakeFeishu;
let leave: () => Promise<void> = async () => {};
const logs: string[] = [];
const events: string[] = [];

const dataFrame = (headers: Array<[string, string]>, payload: Uint8Array): Frame => ({
	seqId: 1n,
	logId: 1n,
	service: SERVICE_ID,
	method: 1,
	headers: headers.map(([key, value]) => ({ key, value })),
	payload,
});

beforeEach(async () => {
	resetSharedSeenEvents();
	logs.length = 0;
	events.length = 0;
	fake = new FakeFeishu({ appId: SAMPLE_APP_ID, appSecret: SECRET });
	await fake.start();
	const subscriber: Subscriber = {
		id: 'wf|node',
		windowMs: 3600_000,
		connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret: SECRET }),
		deliver: (_envelope, info) => void events.push(info.eventId ?? ''),
		onFatal: (message) => void logs.push(`fatal: ${message}`),
		log: (level, message) => void logs.push(`${level}: ${message}`),
	};
	const result = await subscribe(fake.url, SAMPLE_APP_ID, subscriber, {
		createSocket: (url) => new WebSocket(url),
		stepMs: 10,
		settleMs: 0,
		limits: LOOSE_LIMITS,
	});
	if (!result.ok) throw new Error(result.message);
	leave = result.unsubscribe;
	await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
});

afterEach(async () => {
	await leave();
	await fake.stop();
	expect(activeHubs()).toEqual([]);
});

async function stillWorks(): Promise<void> {
	const event = sample('im.chat.updated_v1', (Date.now() * 1000 + events.length).toString(16));
	const messageId = fake.sendEvent(event);
	await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'a normal event after it');
	expect(events).toContain((event.header as IDataObject).event_id);
	expect(fake.connectionCount).toBe(1); // the connection was kept
}

describe('attack: frames that announce more than they carry', () => {
	it('the 75-byte frame with sum = 4294967295 is dropped with a log line', async () => {
		const bytes = encodeFrame(
			dataFrame(
				[
					['type', 'event'],
					['message_id', 'm1'],
					['sum', '4294967295'],
					['seq', '0'],
				],
				new Uint8Array(0),
			),
		);
		expect(bytes.length).toBe(75);
		fake.sendRaw(bytes);
		await fake.waitFor(() => logs.some((l) => l.includes('4294967295')), 3000, 'log line');
		expect(logs).toContainEqual(
			expect.stringMatching(/^error: Fragment of message m1 dropped: 4294967295 fragments/),
		);
		await stillWorks();
		expect(fake.acksFor('m1')).toEqual([]);
	});

	it('fragments that disagree about their count drop the message', async () => {
		const part = (sum: string, seq: string) =>
			encodeFrame(
				dataFrame(
					[
						['type', 'event'],
						['message_id', 'm2'],
						['sum', sum],
						['seq', seq],
					],
					new TextEncoder().encode('{"x":'),
				),
			);
		fake.sendRaw(part('2', '0'));
		fake.sendRaw(part('3', '1'));
		await fake.waitFor(() => logs.some((l) => l.includes('disagree')), 3000, 'log line');
		await stillWorks();
	});

	it('a flood of never-completed fragments is held within the byte bound', async () => {
		// 1 MiB payload each, 48 MiB in total; the payload field (8) is appended by hand, being last.
		const payloadField = Buffer.concat([
			Buffer.from([0x42, 0x80, 0x80, 0x40]), // tag 8 / length-delimited, varint 1048576
			Buffer.alloc(1024 * 1024, 0x20),
		]);
		for (let i = 0; i < 48; i++) {
			const head = encodeFrame(
				dataFrame(
					[
						['type', 'event'],
						['message_id', `flood-${i}`],
						['sum', '2'],
						['seq', '0'],
					],
					new Uint8Array(0),
				),
			);
			// Drop the empty payload field (42 00) that encodeFrame wrote, then add the big one.
			fake.sendRaw(Buffer.concat([head.subarray(0, head.length - 2), payloadField]));
		}
		// Beyond 32 MiB of incomplete messages, the oldest are evicted (and logged).
		await fake.waitFor(
			() => logs.some((l) => l.includes('flood-') && l.includes('evicted')),
			10_000,
			'eviction',
		);
		await stillWorks();
	});
});
