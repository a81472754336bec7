/**
 * Issue 14: the shared long connection acknowledges an event only when every active workflow of the app
 * has taken it, also while n8n activates workflows one by one (start) and removes them one by one (stop).
 */
import type { IDataObject } from 'n8n-workflow';

import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import type { EnvelopeInfo } from '../../nodes/FeishuGroupTrigger/events';
import {
	subscribe,
	type HubOptions,
	type Subscriber,
} from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';
import { fetchRequest } from './trigger-context';
import { LOOSE_LIMITS, type FakeFeishu } from './trigger-fakeFeishu';
import { useFakeFeishu } from './trigger-fakeFeishuSession';

const SECRET = 'acks-secret';
const SETTLE_MS = 400;
const options: HubOptions = {
	createSocket: (url) => new WebSocket(url),
	stepMs: 10,
	handshakeTimeoutMs: 2000,
	settleMs: SETTLE_MS,
	limits: LOOSE_LIMITS,
};

let fake: FakeFeishu;
let counter = 0;
const freshId = () => (++counter).toString(16).padStart(32, 'a');
const eventIdOf = (envelope: IDataObject) => (envelope.header as IDataObject).event_id as string;
const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

interface Workflow extends Subscriber {
	ids: string[];
	fatal: string[];
	leave: () => Promise<void>;
}

function workflow(id: string, over: Partial<Subscriber> = {}): Workflow {
	const w: Workflow = {
		id,
		ids: [],
		fatal: [],
		leave: async () => {},
		windowMs: 8 * 3600_000,
		connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret: SECRET }),
		deliver(_envelope: IDataObject, info: EnvelopeInfo) {
			w.ids.push(info.eventId ?? '');
		},
		onFatal(message: string) {
			w.fatal.push(message);
		},
		...over,
	};
	return w;
}

const leaves = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET }),
	(started) => (fake = started),
);

async function activate(w: Workflow, over: Partial<HubOptions> = {}): Promise<Workflow> {
	const result = await subscribe(fake.url, SAMPLE_APP_ID, w, { ...options, ...over });
	if (!result.ok) throw new Error(result.message);
	w.leave = result.unsubscribe;
	leaves.push(result.unsubscribe);
	return w;
}

const open = async () =>
	await fake.waitFor(() => fake.openConnections === 1, 5000, 'an open connection');
const acked = (messageId: string) =>
	fake
		.acksFor(messageId)
		.some((a) => Buffer.from(a.frame.payload ?? []).toString() === '{"code":200}');

describe('long connection: an event is acknowledged only when every active workflow took it', () => {
	it('n8n start: the connection opens once activation settled, so the workflow activated second misses nothing', async () => {
		const first = await activate(workflow('wf-a|node'));
		// Feishu holds these while no connection is open; they are sent as soon as one is.
		const events = [1, 2, 3].map(() => sample('im.chat.member.user.added_v1', freshId()));
		for (const e of events) fake.sendEvent(e);
		await sleep(SETTLE_MS / 2);
		expect(fake.connectionCount).toBe(0); // still settling
		const second = await activate(workflow('wf-b|node'));
		await open();
		await fake.waitFor(() => first.ids.length === 3 && second.ids.length === 3, 3000, 'events');
		expect(second.ids).toEqual(events.map(eventIdOf));
		expect(first.ids).toEqual(events.map(eventIdOf));
		expect(fake.connectionCount).toBe(1);
	});

	it('n8n stop: the first removal drops the connection without acknowledging; after the restart both workflows get what came meanwhile', async () => {
		const a = await activate(workflow('wf-a|node'));
		const b = await activate(workflow('wf-b|node'));
		await open();
		const before = sample('im.chat.updated_v1', freshId());
		const m1 = fake.sendEvent(before);
		await fake.waitFor(() => acked(m1), 3000, 'ack of the first event');

		await a.leave(); // n8n removes workflow A first ...
		const during = sample('im.chat.disbanded_v1', freshId());
		const m2 = fake.sendEvent(during); // ... an event comes in while B is still subscribed ...
		await sleep(SETTLE_MS / 2);
		await b.leave(); // ... then B.
		await sleep(SETTLE_MS);
		expect(b.ids).toEqual([eventIdOf(before)]); // B did not take it alone
		expect(acked(m2)).toBe(false);
		expect(fake.connectionCount).toBe(1); // nothing reconnected while n8n was stopping

		// Restart: memory is gone, Feishu redelivers what was not acknowledged.
		resetSharedSeenEvents();
		const a2 = await activate(workflow('wf-a|node'));
		const b2 = await activate(workflow('wf-b|node'));
		await fake.waitFor(() => acked(m2), 5000, 'ack of the redelivery');
		expect(a2.ids).toEqual([eventIdOf(during)]);
		expect(b2.ids).toEqual([eventIdOf(during)]);
	});

	it('deactivating one workflow: the others reconnect, get what came meanwhile, and skip what they had', async () => {
		const a = await activate(workflow('wf-a|node'));
		const b = await activate(workflow('wf-b|node'));
		await open();
		const first = sample('im.chat.member.bot.added_v1', freshId());
		const m1 = fake.sendEvent(first);
		await fake.waitFor(() => acked(m1), 3000, 'first ack');

		// A leaves; an event comes in while B's connection is being reopened.
		await a.leave();
		const gap = sample('im.chat.member.user.deleted_v1', freshId());
		const m2 = fake.sendEvent(gap);
		await fake.waitFor(
			() => fake.connectionCount === 2 && fake.openConnections === 1,
			5000,
			'reconnect',
		);
		await fake.waitFor(() => acked(m2), 3000, 'ack after reconnect');
		fake.sendEvent(first); // a redelivery B took already
		const last = sample('im.chat.member.user.withdrawn_v1', freshId());
		const m3 = fake.sendEvent(last);
		await fake.waitFor(() => acked(m3), 3000, 'last ack');
		expect(b.ids).toEqual([first, gap, last].map(eventIdOf));
		expect(a.ids).toEqual([eventIdOf(first)]);
		expect(b.fatal).toEqual([]);
	});

	it('one workflow could not take an event: ack 500, and the redelivery goes only to that workflow', async () => {
		let failing = true;
		const a = await activate(workflow('wf-a|node'));
		const b = await activate(
			workflow('wf-b|node', {
				deliver(_envelope, info) {
					if (failing) throw new Error('cannot start an execution now');
					b.ids.push(info.eventId ?? '');
				},
			}),
		);
		await open();
		const event = sample('im.chat.updated_v1', freshId());
		const m1 = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(m1).length === 1, 3000, 'ack');
		expect(Buffer.from(fake.acksFor(m1)[0].frame.payload ?? []).toString()).toBe('{"code":500}');
		failing = false;
		const m2 = fake.sendEvent(event); // Feishu re-pushes
		await fake.waitFor(() => acked(m2), 3000, 'ack of the redelivery');
		expect(a.ids).toEqual([eventIdOf(event)]);
		expect(b.ids).toEqual([eventIdOf(event)]);
	});

	it('a test listener neither delays acks nor resets the connection when it leaves', async () => {
		const live = await activate(workflow('wf-a|node'));
		await open();
		const listener = await activate(workflow('', { active: false, deliver: () => undefined }));
		const m1 = fake.sendEvent(sample('p2p_chat_create', freshId()));
		await fake.waitFor(() => acked(m1), 3000, 'ack');
		await listener.leave();
		const m2 = fake.sendEvent(sample('im.chat.disbanded_v1', freshId()));
		await fake.waitFor(() => acked(m2), 3000, 'ack after the listener left');
		expect(fake.connectionCount).toBe(1);
		expect(live.ids).toHaveLength(2);
	});
});
