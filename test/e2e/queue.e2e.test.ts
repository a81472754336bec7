/**
 * The package in n8n 2.41's queue mode, as a team that scaled out runs it (issue 14): Redis, Postgres 18, one
 * main, one worker, two webhook processes, the packed package in each; events from the emulator; executions
 * counted in Postgres.
 *
 * - HTTP callback, the README's setup (trigger → Redis "Increment" on the event id → Filter "is 1"): events
 *   redelivered to the other webhook process, and to a restarted one, go past the gate once. (n8n's Remove
 *   Duplicates node is not exact here: concurrent executions overwrite its one database row; see
 *   `npm run bench -- queue`.)
 * - Long connection: one workflow through a dropped connection and a main restart; two workflows of one app
 *   while main restarts with events flowing: every event once per workflow.
 * - An action workflow on the worker: one token for three runs of 200 items.
 *
 * Needs redis-server (Debian package); skipped with one line where it is missing, except in CI.
 */
import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import { FEISHU_EVENTS } from '../../nodes/FeishuGroupTrigger/events';
import { EmulatorControl, http, sleep } from './harness';
import {
	chatGetItemsWorkflow,
	countBy,
	executionRows,
	GATE_NODES,
	gatedTriggerWorkflow,
	nodeItemsByExecution,
	queueCredentials,
	type QueueCluster,
	queueModeUnavailable,
	TRIGGER_NODE,
	triggerWorkflow,
	useQueueCluster,
	waitForExecutionRows,
} from './harness/queue';

const KEY = 'queue-e2e-encrypt-key';
const TYPES = FEISHU_EVENTS.map((e) => e.value);
const CB = { id: 'queueCallback001', hook: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d1' };
const LC = { id: 'queueLongConn001', hook: '1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f2' };
const LC_A = { id: 'queueLongConnA01', hook: '2f3a4b5c-6d7e-4f80-91a2-b3c4d5e6f7a3' };
const LC_B = { id: 'queueLongConnB01', hook: '3a4b5c6d-7e8f-4091-a2b3-c4d5e6f7a8b4' };
const CHAT_GET = 'queueChatGet0001';
/** Events per workflow in the "main restarted while events flow" case (the 540). */
const FLOW_EVENTS = Number(process.env.QUEUE_E2E_FLOW_EVENTS ?? 540);

const unavailable = queueModeUnavailable();
if (unavailable) process.stderr.write(`[e2e] queue-mode suite skipped: ${unavailable}\n`);
const describeQueue = unavailable ? describe.skip : describe;

let emu: RunningEmulator;
let control: EmulatorControl;
let chatId = '';

async function app(config: Record<string, unknown>): Promise<void> {
	const res = await http(`${emu.url}/__emulator/app`, { method: 'PUT', body: config });
	if (res.status >= 400) throw new Error(`PUT /app → ${res.status} ${res.text}`);
}

async function waitConnections(n: number, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const res = await http<{ connections: unknown[] }>(`${emu.url}/__emulator/ws`);
		if (res.json.connections.length === n) return;
		if (Date.now() > deadline) {
			throw new Error(`expected ${n} long connections, have ${res.json.connections.length}`);
		}
		await sleep(200);
	}
}

/**
 * Long connection with Feishu's retries at 5, 15, 30, 60, 90, 180 and 360 s after the previous attempt
 * (its real schedule is 15 s, 5 min, 1 h, 6 h): an event sent while main restarts (stop, start, then the
 * trigger's 10 s settle before it connects: about 45 s here) is redelivered once a connection is back. An
 * event is acknowledged once the worker finished its executions, so while the worker works off a burst
 * (1080 executions in the two-workflow case: 5 attempts for some events on a loaded 2-core machine) the
 * acknowledgement comes with a later attempt; the longer tail keeps a slower machine within the schedule.
 * The trigger reconnects 5 s after a drop at the earliest.
 */
async function longConnectionApp(): Promise<void> {
	await app({
		eventMode: 'long_connection',
		redeliveryDelays: [5, 15, 30, 60, 90, 180, 360],
		redeliveryScale: 1,
		clientConfig: { PingInterval: 5, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
	});
}

/** Longest wait for every long-connection delivery to end: the whole retry schedule above, plus slack. */
const LONG_CONNECTION_ACKS_MS = 800_000;

let emitted = 0;

/** Emits `n` events of all 9 types in turn; returns their envelopes (for redelivery). */
async function emitEvents(n: number, gapMs = 0): Promise<Array<Record<string, unknown>>> {
	const envelopes: Array<Record<string, unknown>> = [];
	for (let i = 0; i < n; i++) {
		const type = TYPES[emitted++ % TYPES.length];
		envelopes.push((await control.emitEvent({ type })).envelope);
		if (gapMs) await sleep(gapMs);
	}
	return envelopes;
}

function eventIdOf(envelope: Record<string, unknown>): string {
	const header = envelope.header as { event_id?: string } | undefined;
	return header?.event_id ?? String(envelope.uuid);
}

/** The same envelopes sent again: same event_id, fresh timestamp, nonce and signature per attempt. */
async function redeliver(envelopes: Array<Record<string, unknown>>): Promise<void> {
	for (const envelope of envelopes) await control.emitEvent({ envelope });
}

/** Waits until the emulator has finished every delivery (acked, or given up after its retries); all acked. */
async function allAcked(timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	// Long-polls in slices: one HTTP call of the harness gives up after 30 s.
	let deliveries = await control.deliveries(20_000);
	while (deliveries.some((d) => !d.done) && Date.now() < deadline) {
		deliveries = await control.deliveries(20_000);
	}
	const attempts = deliveries.map((d) => d.attempts);
	process.stderr.write(
		`[e2e] ${deliveries.length} deliveries, ${attempts.reduce((a, b) => a + b, 0)} attempts, at most ${Math.max(0, ...attempts)} for one\n`,
	);
	const failed = deliveries.filter((d) => !d.acked);
	expect(failed).toEqual([]);
}

/** Every expected event id exactly once among a node's output items of a workflow's executions. */
async function expectEachOnce(
	cluster: QueueCluster,
	workflowId: string,
	nodeName: string,
	eventIds: string[],
): Promise<void> {
	const counts = countBy(await nodeItemsByExecution(cluster.pg, workflowId, nodeName), 'eventId');
	const lost = eventIds.filter((id) => !counts.has(id));
	const doubled = [...counts].filter(([, c]) => c > 1).map(([id, c]) => `${id}×${c}`);
	const foreign = [...counts.keys()].filter((id) => !eventIds.includes(id));
	expect({ lost, doubled, foreign }).toEqual({ lost: [], doubled: [], foreign: [] });
}

describeQueue('queue mode (main, worker, two webhook processes)', () => {
	beforeAll(async () => {
		emu = await startEmulator({ port: 0 });
		control = new EmulatorControl(emu.url);
		chatId = (await control.chatWithBot()).chat_id;
	});

	const suite = useQueueCluster(() => ({
		credentials: queueCredentials(emu.url, {
			verificationToken: EMULATOR_DEFAULTS.verificationToken,
			encryptKey: KEY,
		}),
		workflows: [
			gatedTriggerWorkflow(CB.id, CB.hook),
			triggerWorkflow(LC.id, LC.hook, 'longConnection'),
			triggerWorkflow(LC_A.id, LC_A.hook, 'longConnection'),
			triggerWorkflow(LC_B.id, LC_B.hook, 'longConnection'),
			chatGetItemsWorkflow(CHAT_GET, chatId, 200),
		],
		activate: [CB.id],
	}));

	afterAll(async () => {
		await emu?.close();
	});

	suite.test(
		'Chat → Get on the worker: 3 runs of 200 items → 1 token call, 1 call per item',
		async (cluster) => {
			await control.reset();
			for (let run = 0; run < 3; run++) {
				const ex = await cluster.main.runWorkflow(CHAT_GET, { timeoutMs: 120_000 });
				expect(ex.status).toBe('success');
				// Offloaded: the worker ran it, not main.
				expect(cluster.process('worker').readLog()).toContain(
					`Worker started execution ${ex.id} (`,
				);
			}
			const requests = await control.requests('/open-apis/');
			const tokenCalls = requests.filter((r) => r.path.includes('tenant_access_token'));
			const getCalls = requests.filter(
				(r) => r.method === 'GET' && r.path === `/open-apis/im/v1/chats/${chatId}`,
			);
			expect({ tokenCalls: tokenCalls.length, getCalls: getCalls.length }).toEqual({
				tokenCalls: 1,
				getCalls: 600,
			});
			expect(getCalls.every((r) => r.code === 0)).toBe(true);
		},
		360_000,
	);

	suite.test(
		'HTTP callback + event id gate (README): 54 events, redelivered to the other webhook process and to a restarted one → each runs once',
		async (cluster) => {
			await control.reset();
			await app({ redeliveryDelays: [1, 2, 4, 8], redeliveryScale: 1 });
			const path = `${CB.hook}/webhook`;
			const wh1 = cluster.process('webhook1');
			await control.configureCallback(wh1.webhookUrl(path), { encryptKey: KEY });
			await wh1.waitForWebhook(path);
			const envelopes = await emitEvents(54);
			const ids = envelopes.map(eventIdOf);
			await allAcked();
			await waitForExecutionRows(cluster.pg, CB.id, 54, { settleMs: 1000 });
			await expectEachOnce(cluster, CB.id, GATE_NODES.event, ids);

			// The load balancer sends the redeliveries to webhook process 2, which has not seen them.
			const wh2 = cluster.process('webhook2');
			await control.configureCallback(wh2.webhookUrl(path), { encryptKey: KEY });
			await wh2.waitForWebhook(path);
			await redeliver(envelopes);
			await allAcked();
			const afterWh2 = await waitForExecutionRows(cluster.pg, CB.id, 54, { settleMs: 3000 });
			await expectEachOnce(cluster, CB.id, GATE_NODES.event, ids);

			// Webhook process 1 restarts (its memory is gone) and gets them all once more.
			const restarted = await cluster.restart('webhook1');
			await control.configureCallback(restarted.webhookUrl(path), { encryptKey: KEY });
			await restarted.waitForWebhook(path);
			await redeliver(envelopes);
			await allAcked();
			const rows = await waitForExecutionRows(cluster.pg, CB.id, afterWh2.length, {
				settleMs: 3000,
			});
			await expectEachOnce(cluster, CB.id, GATE_NODES.event, ids);
			expect(rows.every((r) => r.status === 'success' && r.mode === 'webhook')).toBe(true);
			// The trigger passes each event at most once per process; the gate drops the rest.
			const triggered = countBy(
				await nodeItemsByExecution(cluster.pg, CB.id, TRIGGER_NODE),
				'eventId',
			);
			expect(Math.max(...triggered.values())).toBeLessThanOrEqual(3);
			process.stderr.write(
				`[e2e] queue callback: ${rows.length} executions for 54 events × 3 deliveries, 54 passed the gate\n`,
			);
		},
		360_000,
	);

	suite.test(
		'long connection, one workflow: 54 events through a dropped connection and a main restart → each once',
		async (cluster) => {
			await control.reset();
			await longConnectionApp();
			await cluster.main.activate(LC.id);
			await waitConnections(1);
			const ids: string[] = [];
			ids.push(...(await emitEvents(18)).map(eventIdOf));
			await control.fault({ kind: 'drop_connections' });
			ids.push(...(await emitEvents(18)).map(eventIdOf));
			await waitConnections(1);
			const restart = cluster.restart('main');
			// Emitted while main stops and starts: delivered once a connection is back (Feishu's retries).
			ids.push(...(await emitEvents(18, 100)).map(eventIdOf));
			await restart;
			await waitConnections(1);
			await allAcked(LONG_CONNECTION_ACKS_MS);
			const rows = await waitForExecutionRows(cluster.pg, LC.id, 54, {
				settleMs: 3000,
				timeoutMs: 120_000,
			});
			expect(rows).toHaveLength(54);
			expect(
				rows.every((r) => r.mode === 'trigger' && r.status === 'success' && r.deduplicationKey),
			).toBe(true);
			await expectEachOnce(cluster, LC.id, TRIGGER_NODE, ids);
			await cluster.main.deactivate(LC.id);
			await waitConnections(0);
		},
		480_000 + LONG_CONNECTION_ACKS_MS,
	);

	suite.test(
		`long connection, two workflows on one app, main restarted while events flow → ${FLOW_EVENTS} + ${FLOW_EVENTS}`,
		async (cluster) => {
			await control.reset();
			await longConnectionApp();
			await cluster.main.activate(LC_A.id);
			await cluster.main.activate(LC_B.id);
			await waitConnections(1);
			const ids: string[] = [];
			const third = Math.floor(FLOW_EVENTS / 3);
			ids.push(...(await emitEvents(third, 20)).map(eventIdOf));
			// Restart main while events keep coming: n8n removes the workflows one at a time as it stops and
			// adds them one at a time as it starts.
			let restarted = false;
			const restart = cluster.restart('main').finally(() => (restarted = true));
			while (!restarted && ids.length < FLOW_EVENTS - 10) {
				ids.push(...(await emitEvents(1, 100)).map(eventIdOf));
			}
			await restart;
			ids.push(...(await emitEvents(FLOW_EVENTS - ids.length, 20)).map(eventIdOf));
			await allAcked(LONG_CONNECTION_ACKS_MS);
			for (const wf of [LC_A.id, LC_B.id]) {
				const rows = await waitForExecutionRows(cluster.pg, wf, FLOW_EVENTS, {
					settleMs: 3000,
					timeoutMs: 240_000,
				});
				expect(rows).toHaveLength(FLOW_EVENTS);
				await expectEachOnce(cluster, wf, TRIGGER_NODE, ids);
			}
			const all = [
				...(await executionRows(cluster.pg, LC_A.id)),
				...(await executionRows(cluster.pg, LC_B.id)),
			];
			expect(all.every((r) => r.status === 'success')).toBe(true);
		},
		540_000 + LONG_CONNECTION_ACKS_MS,
	);
});
