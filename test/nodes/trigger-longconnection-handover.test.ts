/**
 * When the long connection acknowledges an event: only once n8n has the execution. An event acknowledged
 * earlier is gone from Feishu; if n8n then stops before it created the execution (a restart under load in
 * queue mode), nothing would ever run it. The fake n8n behind emit reports on the done promise as n8n does.
 */
import type { IDataObject } from 'n8n-workflow';

import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { createHandOver } from '../../nodes/FeishuGroupTrigger/handOver';
import { activeHubs } from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { socketFactoryOverride } from '../../nodes/FeishuGroupTrigger/trigger';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';
import { triggerContext } from './trigger-context';
import { LOOSE_LIMITS, type FakeFeishu } from './trigger-fakeFeishu';
import { useFakeFeishu } from './trigger-fakeFeishuSession';

const node = new FeishuGroupTrigger();
const SECRET = 'handover-secret';
let fake: FakeFeishu;
let counter = 0;
const freshId = () => (++counter).toString(16).padStart(32, 'e');
const closers = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET }),
	(started) => (fake = started),
);
const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

beforeAll(() =>
	Object.assign(socketFactoryOverride, { stepMs: 10, settleMs: 0, limits: LOOSE_LIMITS }),
);
afterAll(() => {
	for (const key of ['stepMs', 'settleMs', 'limits'] as const) delete socketFactoryOverride[key];
});

async function activate(workflowId = 'wf-handover') {
	const harness = triggerContext({
		credentials: {
			platform: 'custom',
			baseUrl: `${fake.url}/`,
			appId: SAMPLE_APP_ID,
			appSecret: SECRET,
		},
		workflowId,
		params: { connection: 'longConnection' },
	});
	const response = await node.trigger.call(harness.ctx);
	closers.push(response.closeFunction!);
	await fake.waitFor(() => activeHubs().some((h) => h.open), 3000, 'open connection');
	return harness;
}

function ackCodes(messageId: string): number[] {
	return fake
		.acksFor(messageId)
		.map(
			(ack) =>
				(JSON.parse(Buffer.from(ack.frame.payload ?? []).toString()) as { code: number }).code,
		);
}

describe('long connection: the acknowledgement follows n8n', () => {
	it('waits until n8n reports the execution, then acknowledges', async () => {
		const harness = await activate();
		harness.outcome = 'hold';
		const message = fake.sendEvent(sample('im.chat.updated_v1', freshId()));
		await fake.waitFor(() => harness.held.length === 1, 3000, 'execution created');
		await sleep(200);
		expect(ackCodes(message)).toEqual([]);
		harness.held[0].resolve({ finished: true });
		await fake.waitFor(() => ackCodes(message).length === 1, 3000, 'ack');
		expect(ackCodes(message)).toEqual([200]);
	});

	it('n8n reports later that it could not start the execution: ack 500, and the redelivery runs once', async () => {
		const harness = await activate();
		harness.outcome = 'fail';
		const event = sample('im.chat.member.user.added_v1', freshId());
		const first = fake.sendEvent(event);
		await fake.waitFor(() => ackCodes(first).length === 1, 3000, 'ack');
		expect(ackCodes(first)).toEqual([500]);
		expect(harness.emitted).toHaveLength(0);
		expect(harness.logs.join('\n')).toMatch(/not handed over: could not start the execution/);

		harness.outcome = 'run';
		const again = fake.sendEvent(event); // Feishu redelivers
		await fake.waitFor(() => ackCodes(again).length === 1, 3000, 'ack of the redelivery');
		expect(ackCodes(again)).toEqual([200]);
		expect(harness.emitted).toHaveLength(1);
	});

	it('a redelivery while n8n still runs the first shares its outcome and starts nothing', async () => {
		const harness = await activate();
		harness.outcome = 'hold';
		const event = sample('im.chat.disbanded_v1', freshId());
		const first = fake.sendEvent(event);
		await fake.waitFor(() => harness.held.length === 1, 3000, 'execution created');
		const again = fake.sendEvent(event); // Feishu's redelivery after its 3 s timeout
		await sleep(200);
		expect([...ackCodes(first), ...ackCodes(again)]).toEqual([]);
		harness.held[0].resolve({ finished: true });
		await fake.waitFor(() => ackCodes(again).length === 1, 3000, 'ack of the redelivery');
		expect(ackCodes(first)).toEqual([200]);
		expect(ackCodes(again)).toEqual([200]);
		expect(harness.emitted).toHaveLength(1);
	});

	it('a redelivery while n8n fails the first waits for it, and is answered 500 too', async () => {
		const harness = await activate();
		harness.outcome = 'hold';
		const event = sample('im.chat.member.bot.added_v1', freshId());
		const first = fake.sendEvent(event);
		await fake.waitFor(() => harness.held.length === 1, 3000, 'execution created');
		const again = fake.sendEvent(event);
		await sleep(100);
		harness.held[0].reject(new Error('worker lost the job'));
		await fake.waitFor(() => ackCodes(again).length === 1, 3000, 'ack of the redelivery');
		expect(ackCodes(first)).toEqual([500]);
		expect(ackCodes(again)).toEqual([500]);
		// The id was forgotten: Feishu's next attempt reaches n8n again, which decides by its key (the
		// failed execution exists, so n8n 2.x refuses a second one).
		harness.outcome = 'run';
		const third = fake.sendEvent(event);
		await fake.waitFor(() => ackCodes(third).length === 1, 3000, 'third ack');
		expect(ackCodes(third)).toEqual([200]);
		expect(harness.emitted).toHaveLength(1);
		expect(harness.refused).toEqual([harness.emitted[0].key]);
	});

	it('a connection that closes before n8n reports acknowledges nothing (Feishu redelivers)', async () => {
		const harness = await activate();
		harness.outcome = 'hold';
		const message = fake.sendEvent(sample('im.chat.updated_v1', freshId()));
		await fake.waitFor(() => harness.held.length === 1, 3000, 'execution created');
		await closers.pop()!();
		harness.held[0].resolve({ finished: true });
		await sleep(200);
		expect(ackCodes(message)).toEqual([]);
	});

	it('n8n cannot report on the workflow (Engine 2.0): events are handed off instead, and acknowledged', async () => {
		const harness = await activate();
		const emit = harness.ctx.emit.bind(harness.ctx);
		(harness.ctx as { emit: typeof emit }).emit = (data, response, done, key) => {
			if (done) {
				done.reject(
					new Error(
						'Engine 2.0 cannot run a trigger that waits for its execution to finish yet. Set the node to hand off without waiting.',
					),
				);
				return;
			}
			emit(data, response, done, key);
		};
		const messages = [
			fake.sendEvent(sample('im.chat.updated_v1', freshId())),
			fake.sendEvent(sample('im.chat.updated_v1', freshId())),
		];
		await fake.waitFor(() => messages.every((m) => ackCodes(m).length === 1), 3000, 'acks');
		expect(messages.map(ackCodes)).toEqual([[200], [200]]);
		expect(harness.emitted).toHaveLength(2);
		const warnings = harness.logs.filter((l) => l.includes('handing events off'));
		expect(warnings).toHaveLength(1);
	});
});

describe('the hand-over itself', () => {
	it('a run that n8n never reports (n8n 1.x when it could not create it) ends at the limit, taken', async () => {
		const harness = triggerContext({ credentials: {}, n8nVersion: 1 });
		harness.outcome = 'hold';
		const logs: string[] = [];
		const handOver = createHandOver(harness.ctx, (m) => logs.push(m), 50);
		await expect(handOver([[{ json: {} as IDataObject }]], 'k')).resolves.toBeUndefined();
		expect(logs.join('\n')).toMatch(/has not reported the execution/);
	});

	it('a cancelled execution counts as taken', async () => {
		const harness = triggerContext({ credentials: {} });
		harness.outcome = 'hold';
		const handOver = createHandOver(harness.ctx, () => {});
		const taken = handOver([[{ json: {} }]], 'k2');
		await new Promise((r) => setImmediate(r));
		const cancelled = new Error('The execution was cancelled');
		cancelled.name = 'ManualExecutionCancelledError';
		harness.held[0].reject(cancelled);
		await expect(taken).resolves.toBeUndefined();
	});
});
