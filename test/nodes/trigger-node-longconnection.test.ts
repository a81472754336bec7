import type { IDataObject } from 'n8n-workflow';

import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { activeHubs } from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { resetPersistedIds } from '../../nodes/FeishuGroupTrigger/persistedSeen';
import { socketFactoryOverride } from '../../nodes/FeishuGroupTrigger/trigger';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';
import { triggerContext, type NodeParams } from './trigger-context';
import { LOOSE_LIMITS, type FakeFeishu } from './trigger-fakeFeishu';
import { useFakeFeishu } from './trigger-fakeFeishuSession';

const node = new FeishuGroupTrigger();
const ackCode = (messageId: string) =>
	(
		JSON.parse(Buffer.from(fake.acksFor(messageId)[0].frame.payload ?? []).toString()) as {
			code: number;
		}
	).code;
const SECRET = 'node-secret';
let fake: FakeFeishu;
let counter = 0;
const freshId = () => (++counter).toString(16).padStart(32, 'c');
const credentials = () => ({
	platform: 'custom',
	baseUrl: `${fake.url}/`,
	appId: SAMPLE_APP_ID,
	appSecret: SECRET,
});
const closers = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET }),
	(started) => (fake = started),
);

beforeAll(() =>
	Object.assign(socketFactoryOverride, { stepMs: 10, settleMs: 0, limits: LOOSE_LIMITS }),
);
afterAll(() => {
	for (const key of ['stepMs', 'settleMs', 'limits', 'graceMs'] as const)
		delete socketFactoryOverride[key];
});

async function activate(
	params: IDataObject = {},
	mode: 'trigger' | 'manual' = 'trigger',
	workflowId = 'wf1',
) {
	const harness = triggerContext({
		credentials: credentials(),
		mode,
		workflowId,
		params: { connection: 'longConnection', ...params },
	});
	const response = await node.trigger.call(harness.ctx);
	if (response.closeFunction) closers.push(response.closeFunction);
	await fake.waitFor(() => activeHubs().some((h) => h.open), 3000, 'open connection');
	return { harness, response };
}

describe('Feishu Group Trigger, long connection mode (node level)', () => {
	it('active workflow: one item per event with a deduplication key, id kept in static data', async () => {
		const { harness } = await activate();
		const event = sample('im.chat.member.user.added_v1', freshId());
		const eventId = (event.header as IDataObject).event_id as string;
		const messageId = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(harness.emitted).toHaveLength(1);
		expect(harness.emitted[0].data[0][0].json).toMatchObject({
			eventType: 'im.chat.member.user.added_v1',
			eventId,
		});
		expect(harness.emitted[0].key).toBe(`feishu:wf1:node-1:${eventId}`);
		expect(JSON.stringify(harness.staticData)).toContain(eventId);
	});

	it('n8n could not take an event: ack 500, the id is not kept, and the redelivery runs', async () => {
		const { harness } = await activate();
		let refuse = true;
		const emit = harness.ctx.emit.bind(harness.ctx);
		(harness.ctx as { emit: typeof emit }).emit = (...args: Parameters<typeof emit>) => {
			if (refuse) throw new Error('cannot start an execution now');
			emit(...args);
		};
		const event = sample('im.chat.updated_v1', freshId());
		const eventId = (event.header as IDataObject).event_id as string;
		const first = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(first).length === 1, 3000, 'ack');
		expect(Buffer.from(fake.acksFor(first)[0].frame.payload ?? []).toString()).toBe('{"code":500}');
		refuse = false;
		const again = fake.sendEvent(event); // Feishu redelivers
		await fake.waitFor(() => fake.acksFor(again).length === 1, 3000, 'ack of the redelivery');
		expect(Buffer.from(fake.acksFor(again)[0].frame.payload ?? []).toString()).toBe('{"code":200}');
		expect(harness.emitted.map((e) => e.key)).toEqual([`feishu:wf1:node-1:${eventId}`]);
	});

	it.each([
		[2, 'n8n refuses it by its deduplication key'],
		[1, 'the id kept in static data drops it'],
	] as const)(
		'filters by event type and chat; a redelivery after a restart runs nothing (n8n %i: %s)',
		async (n8nVersion, _how) => {
			const staticData: IDataObject = {};
			const executionKeys = new Set<string>();
			const params: NodeParams = {
				connection: 'longConnection',
				events: ['im.chat.updated_v1'],
				chatIds: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			};
			const before = sample('im.chat.updated_v1', freshId());
			const beforeKey = `feishu:wf1:node-1:${(before.header as IDataObject).event_id as string}`;
			// First life of the workflow: deliver once.
			const first = triggerContext({
				credentials: credentials(),
				staticData,
				executionKeys,
				n8nVersion,
				params,
			});
			const firstClose = (await node.trigger.call(first.ctx)).closeFunction!;
			await fake.waitFor(() => activeHubs().some((h) => h.open), 3000, 'open connection');
			const m1 = fake.sendEvent(before);
			const m2 = fake.sendEvent(sample('im.chat.disbanded_v1', freshId())); // other type
			const other = sample('im.chat.updated_v1', freshId());
			(other.event as IDataObject).chat_id = 'oc_elsewhere';
			const m3 = fake.sendEvent(other); // other chat
			await fake.waitFor(
				() => [m1, m2, m3].every((m) => fake.acksFor(m).length === 1),
				3000,
				'acks',
			);
			expect(first.emitted).toHaveLength(1);
			await firstClose();

			// "Restart": memory is gone; static data and executions came back from the database.
			resetSharedSeenEvents();
			resetPersistedIds();
			const second = triggerContext({
				credentials: credentials(),
				staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
				executionKeys,
				n8nVersion,
				params,
			});
			closers.push((await node.trigger.call(second.ctx)).closeFunction!);
			const again = fake.sendEvent(before);
			await fake.waitFor(() => fake.acksFor(again).length === 1, 3000, 'ack');
			expect(ackCode(again)).toBe(200);
			expect(second.emitted).toHaveLength(0);
			expect(second.refused).toEqual(n8nVersion === 2 ? [beforeKey] : []);
		},
	);

	it('"Listen for test event": resolves with the first matching event, then closes', async () => {
		const { harness, response } = await activate({ events: ['p2p_chat_create'] }, 'manual');
		expect(typeof response.manualTriggerFunction).toBe('function');
		fake.sendEvent(sample('im.chat.disbanded_v1', freshId())); // not subscribed: ignored
		const p2p = sample('p2p_chat_create', freshId());
		fake.sendEvent(p2p);
		await response.manualTriggerFunction!();
		expect(harness.emitted).toHaveLength(1);
		expect(harness.emitted[0].data[0][0].json).toMatchObject({
			eventType: 'p2p_chat_create',
			eventId: p2p.uuid,
		});
		expect(harness.emitted[0].key).toBeUndefined();
		expect(harness.staticData).toEqual({});
	});

	it('a test listener and the active workflow share the connection and both get the event', async () => {
		const active = await activate();
		const test = await activate({}, 'manual');
		expect(fake.connectionCount).toBe(1);
		fake.sendEvent(sample('im.chat.member.bot.deleted_v1', freshId()));
		await test.response.manualTriggerFunction!();
		await fake.waitFor(() => active.harness.emitted.length === 1, 3000, 'active emit');
		expect(test.harness.emitted).toHaveLength(1);
	});

	it('refused credentials fail activation with a NodeOperationError naming the fix', async () => {
		const harness = triggerContext({
			credentials: { ...credentials(), appSecret: 'wrong' },
			params: { connection: 'longConnection' },
		});
		await expect(node.trigger.call(harness.ctx)).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/app secret invalid/),
			description: expect.stringMatching(/HTTP callback/),
		});
	});

	it('without a built-in WebSocket: a clear error naming the Node.js requirement', async () => {
		socketFactoryOverride.factory = null;
		try {
			const harness = triggerContext({
				credentials: credentials(),
				params: { connection: 'longConnection' },
			});
			await expect(node.trigger.call(harness.ctx)).rejects.toThrow(/Node\.js 22 or newer/);
		} finally {
			socketFactoryOverride.factory = undefined;
		}
	});

	it('a connection that gives up deactivates via emitError', async () => {
		fake.options.clientConfig = {
			PingInterval: 0.2,
			ReconnectCount: 1,
			ReconnectInterval: 0.05,
			ReconnectNonce: 0,
		};
		const { harness } = await activate();
		fake.endpoint = () => [200, { code: 1000040343, msg: 'internal error' }];
		fake.dropAll();
		await fake.waitFor(() => harness.errors.length === 1, 3000, 'emitError');
		expect(harness.errors[0].message).toMatch(/Feishu long connection stopped: Gave up/);
	});
});
