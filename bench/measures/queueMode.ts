/**
 * n8n 2.41 in queue mode (Redis, Postgres 18, main, one worker, two webhook processes; test/e2e/harness/queue):
 *
 * 1. Callback events/s with two webhook processes against one: closed loop, 8 requests in flight, spread over the
 *    processes as a load balancer would; acknowledged (200) events per second, while the worker runs the
 *    executions. Ours (encrypted, signed callbacks → Feishu Group Trigger → the README's event id gate) side by
 *    side with n8n's own Webhook node (plain JSON → the same gate).
 * 2. Exactly-once share under Feishu's redelivery schedule: events at 20/s alternating between the two webhook
 *    processes; every third answer counts as lost and Feishu redelivers that event 1.5 s later to the other
 *    process; attempts that fail (no 200 within 3 s) are retried 15 s later (Feishu's first retry). Counted in
 *    Postgres: how many executions went past the dedupe step per event, for the README's Redis gate, for n8n's
 *    Remove Duplicates node, and for the trigger or Webhook node alone.
 *
 * Needs redis-server. Takes about 5 minutes (the cluster alone starts in about 2), more than the whole bench's
 * budget leaves after the other measures: then it is skipped with a note; run `npm run bench -- queue` alone.
 */
import { readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { ensureBuilt } from '../../test/e2e/harness/pkg';
import {
	countBy,
	DEDUPE_NODE,
	executionRows,
	GATE_NODES,
	gatedTriggerWorkflow,
	n8nWebhookWorkflow,
	nodeItemsByExecution,
	QueueCluster,
	queueCredentials,
	queueModeUnavailable,
	TRIGGER_NODE,
	triggerWorkflow,
	waitForExecutionRows,
} from '../../test/e2e/harness/queue';
import { ensureRuntime } from '../../test/e2e/harness/runtime';
import { closedLoop } from '../lib/closedLoop';
import { EmulatorControl, inProcessEmulator } from '../lib/emulator';
import {
	BENCH_ENCRYPT_KEY,
	BENCH_VERIFICATION_TOKEN,
	distinctEvents,
	eventIdOf,
	sampleEnvelopes,
	signedCallback,
} from '../lib/events';
import { openLoop, type Scheduled } from '../lib/openLoop';
import { higherIsBetter, Skip, type Measure, type Row } from '../lib/types';

const NEEDS_MS = 330_000;
const THROUGHPUT_EVENTS = 80;
const WARMUP_EVENTS = 6;
const IN_FLIGHT = 8;
const EO_EVENTS = 60;
const EO_RATE = 20;
const LOST_ANSWER_EVERY = 3;
const REDELIVER_AFTER_MS = 1500;
const FEISHU_TIMEOUT_MS = 3000;
const FIRST_RETRY_MS = 15_000;

type Envelope = Record<string, any>;
type Request = { raw: Buffer; headers: Record<string, string> };

const OURS = { id: 'benchQueueOurs01', hook: '4b5c6d7e-8f90-4a1b-b2c3-d4e5f6a7b8c5' };
const OURS_RD = { id: 'benchQueueOursRd', hook: '5c6d7e8f-90a1-4b2c-83d4-e5f6a7b8c9d6' };
const N8N = {
	id: 'benchQueueN8nWh1',
	hook: '6d7e8f90-a1b2-4c3d-94e5-f6a7b8c9d0e7',
	path: 'bench-queue-plain',
};

interface Target {
	label: string;
	workflowId: string;
	urls: string[];
	make(envelope: Envelope): Request;
	/** Node whose output items are the events that went on, and the event id of such an item. */
	passNode: string;
	passId(item: Record<string, unknown>): unknown;
	/** The event source alone (trigger / Webhook node). */
	sourceNode: string;
	sourceId(item: Record<string, unknown>): unknown;
}

/** Event id in the body n8n's Webhook node received: header.event_id (2.0 events) or uuid (1.0, p2p_chat_create). */
const bodyEventId = (item: Record<string, unknown>) => {
	const body = item.body as { header?: { event_id?: string }; uuid?: string } | undefined;
	return body?.header?.event_id ?? body?.uuid;
};

/** True when this process already holds the machine-wide n8n lock (the bench's shared n8n). */
function holdingN8nLock(): boolean {
	try {
		return (
			Number(readFileSync(path.join(os.tmpdir(), 'feishu-e2e-n8n.lock', 'pid'), 'utf8')) ===
			process.pid
		);
	} catch {
		return false;
	}
}

async function drained(cluster: QueueCluster, workflowId: string, atLeast: number): Promise<void> {
	await waitForExecutionRows(cluster.pg, workflowId, atLeast, {
		timeoutMs: 240_000,
		settleMs: 1500,
	});
}

/** Acknowledged events per second through `processes` webhook processes; waits until the worker has run them. */
async function eventsPerSecond(
	cluster: QueueCluster,
	t: Target,
	samples: Envelope[],
	processes: number,
): Promise<{ eps: number; note: string }> {
	const urls = t.urls.slice(0, processes);
	const warm = distinctEvents(samples, WARMUP_EVENTS * processes);
	await closedLoop(
		urls,
		warm.map((e) => () => t.make(e)),
		processes,
	);
	const events = distinctEvents(samples, THROUGHPUT_EVENTS);
	const before = (await executionRows(cluster.pg, t.workflowId)).length;
	const r = await closedLoop(
		urls,
		events.map((e) => () => t.make(e)),
		IN_FLIGHT,
	);
	const ok = r.statuses['200'] ?? 0;
	const eps = ok / (r.elapsedMs / 1000);
	await drained(cluster, t.workflowId, before + ok);
	const note =
		`${t.label}, ${processes} webhook process${processes > 1 ? 'es' : ''}: ${THROUGHPUT_EVENTS} events in ` +
		`${(r.elapsedMs / 1000).toFixed(1)} s = ${eps.toFixed(1)}/s (${JSON.stringify(r.statuses)})`;
	return { eps, note };
}

/** One delivery round like Feishu's; returns per event how many executions went past the dedupe step. */
async function exactlyOnce(
	cluster: QueueCluster,
	t: Target,
	samples: Envelope[],
): Promise<{
	passed: Map<string, number>;
	source: Map<string, number>;
	ids: string[];
	note: string;
}> {
	const events = distinctEvents(samples, EO_EVENTS);
	const ids = events.map(eventIdOf);
	const before = (await executionRows(cluster.pg, t.workflowId)).length;
	const perUrl: Scheduled[][] = t.urls.map(() => []);
	events.forEach((env, i) => {
		const at = (i * 1000) / EO_RATE;
		perUrl[i % 2].push({ at, make: () => t.make(env), tag: eventIdOf(env) });
		if (i % LOST_ANSWER_EVERY === 0) {
			perUrl[(i + 1) % 2].push({
				at: at + REDELIVER_AFTER_MS,
				make: () => t.make(env),
				tag: `again:${eventIdOf(env)}`,
			});
		}
	});
	const sent = (
		await Promise.all(perUrl.map((s, i) => openLoop(t.urls[i], s, FEISHU_TIMEOUT_MS)))
	).flat();
	const firsts = sent.filter((s) => !s.tag.startsWith('again:'));
	const agains = sent.filter((s) => s.tag.startsWith('again:'));
	// Feishu retries an event whose attempt got no 200 within 3 s (here: its first attempt).
	const failed = events.filter((e) =>
		firsts.some((s) => s.tag === eventIdOf(e) && s.status !== 200),
	);
	let retriedOk = 0;
	if (failed.length) {
		await new Promise((r) => setTimeout(r, FIRST_RETRY_MS));
		const retry = failed.map((env, i) => ({
			at: i * 50,
			make: () => t.make(env),
			tag: eventIdOf(env),
		}));
		retriedOk = (await openLoop(t.urls[1], retry, FEISHU_TIMEOUT_MS)).filter(
			(s) => s.status === 200,
		).length;
	}
	const ok = (list: typeof sent) => list.filter((s) => s.status === 200).length;
	await drained(cluster, t.workflowId, before + 1);
	await new Promise((r) => setTimeout(r, 2000));
	await drained(cluster, t.workflowId, before + 1);
	const only = (m: Map<string, number>) => new Map([...m].filter(([id]) => ids.includes(id)));
	const passed = only(
		countBy(await nodeItemsByExecution(cluster.pg, t.workflowId, t.passNode), t.passId),
	);
	const source = only(
		countBy(await nodeItemsByExecution(cluster.pg, t.workflowId, t.sourceNode), t.sourceId),
	);
	const after = (await executionRows(cluster.pg, t.workflowId)).length;
	const stats = (m: Map<string, number>) => {
		const once = ids.filter((id) => m.get(id) === 1).length;
		const many = ids.filter((id) => (m.get(id) ?? 0) > 1).length;
		return `once ${once}, several ${many}, none ${EO_EVENTS - once - many}`;
	};
	const note =
		`${t.label}: answered 200 within 3 s: first attempts ${ok(firsts)}/${firsts.length}, redeliveries ` +
		`${ok(agains)}/${agains.length}, retries after ${FIRST_RETRY_MS / 1000} s ${retriedOk}/${failed.length}; ` +
		`${after - before} executions; past ${t.passNode}: ${stats(passed)}; ${t.sourceNode} alone: ${stats(source)}`;
	return { passed, source, ids, note };
}

function shareRow(figure: string, counts: Map<string, number>, ids: string[]): Row {
	const once = ids.filter((id) => counts.get(id) === 1).length;
	return higherIsBetter({
		figure,
		value: (100 * once) / ids.length,
		unit: '%',
		baseline: 100,
		baselineLabel: 'ideal',
		goal: '100 %',
		met: once === ids.length,
	});
}

export const queueMode: Measure = {
	name: 'queue',
	title:
		'Queue mode: callback events/s with 2 webhook processes vs 1, exactly-once share with Feishu redeliveries',
	tags: ['n8n', 'queue', 'trigger'],
	estimateSeconds: 300,
	async run(ctx) {
		const why = queueModeUnavailable();
		if (why) throw new Skip(`queue mode: ${why}`);
		if (ctx.remainingMs() < NEEDS_MS) {
			throw new Skip(
				`needs about ${Math.round(NEEDS_MS / 60_000)} minutes and the run's budget has less left: run \`npm run bench -- queue\` on its own`,
			);
		}
		ensureRuntime('n8n2', ctx.log);
		await ensureBuilt(ctx.log);
		const emu = await inProcessEmulator(ctx);
		const samples = await sampleEnvelopes(new EmulatorControl(emu.url));
		const cluster = await QueueCluster.start({
			lock: !holdingN8nLock(),
			log: ctx.log,
			credentials: queueCredentials(emu.url, {
				verificationToken: BENCH_VERIFICATION_TOKEN,
				encryptKey: BENCH_ENCRYPT_KEY,
			}),
			workflows: [
				gatedTriggerWorkflow(OURS.id, OURS.hook),
				triggerWorkflow(OURS_RD.id, OURS_RD.hook, 'callback', { removeDuplicates: true }),
				n8nWebhookWorkflow(N8N.id, N8N.hook, N8N.path),
			],
			activate: [OURS.id, OURS_RD.id, N8N.id],
		});
		try {
			const webhooks = [cluster.process('webhook1'), cluster.process('webhook2')];
			const signed = (env: Envelope) => signedCallback(env, BENCH_ENCRYPT_KEY);
			const plain = (env: Envelope): Request => ({
				raw: Buffer.from(JSON.stringify(env), 'utf8'),
				headers: { 'content-type': 'application/json' },
			});
			const ours: Target = {
				label: 'Feishu Group Trigger + event id gate',
				workflowId: OURS.id,
				urls: webhooks.map((w) => w.webhookUrl(`${OURS.hook}/webhook`)),
				make: signed,
				passNode: GATE_NODES.event,
				passId: (item) => item.eventId,
				sourceNode: TRIGGER_NODE,
				sourceId: (item) => item.eventId,
			};
			const oursRd: Target = {
				...ours,
				label: 'Feishu Group Trigger + Remove Duplicates',
				workflowId: OURS_RD.id,
				urls: webhooks.map((w) => w.webhookUrl(`${OURS_RD.hook}/webhook`)),
				passNode: DEDUPE_NODE,
			};
			const n8n: Target = {
				label: "n8n's Webhook node + event id gate",
				workflowId: N8N.id,
				urls: webhooks.map((w) => w.webhookUrl(N8N.path)),
				make: plain,
				passNode: GATE_NODES.event,
				passId: bodyEventId,
				sourceNode: 'Webhook',
				sourceId: bodyEventId,
			};
			for (const w of webhooks) {
				await w.waitForWebhook(`${OURS.hook}/webhook`);
				await w.waitForWebhook(N8N.path);
			}
			const notes: string[] = [
				`One main, one worker (--concurrency=10), two webhook processes, Redis, Postgres 18, all on this machine; ` +
					`closed loop with ${IN_FLIGHT} requests in flight for events/s; exactly-once: ${EO_EVENTS} events at ${EO_RATE}/s, ` +
					`every ${LOST_ANSWER_EVERY}rd redelivered ${REDELIVER_AFTER_MS} ms later to the other process, failures retried after ${FIRST_RETRY_MS / 1000} s.`,
			];
			ctx.log('queue: events/s with one and two webhook processes');
			const oursOne = await eventsPerSecond(cluster, ours, samples, 1);
			const n8nOne = await eventsPerSecond(cluster, n8n, samples, 1);
			const oursTwo = await eventsPerSecond(cluster, ours, samples, 2);
			const n8nTwo = await eventsPerSecond(cluster, n8n, samples, 2);
			notes.push(oursOne.note, oursTwo.note, n8nOne.note, n8nTwo.note);
			const rows: Row[] = [
				higherIsBetter({
					figure: 'Callback events/s, ours, 2 webhook processes',
					value: oursTwo.eps,
					unit: '/s',
					baseline: oursOne.eps,
					baselineLabel: 'ours, 1 webhook process',
				}),
				higherIsBetter({
					figure: "Callback events/s, n8n's Webhook node, 2 webhook processes",
					value: n8nTwo.eps,
					unit: '/s',
					baseline: n8nOne.eps,
					baselineLabel: "n8n's Webhook node, 1 webhook process",
				}),
				higherIsBetter({
					figure: 'Callback events/s with 2 webhook processes, ours',
					value: oursTwo.eps,
					unit: '/s',
					baseline: n8nTwo.eps,
					baselineLabel: "n8n's Webhook node, 2 webhook processes",
				}),
			];
			ctx.log('queue: exactly-once share with redeliveries across the two webhook processes');
			const gate = await exactlyOnce(cluster, ours, samples);
			const rd = await exactlyOnce(cluster, oursRd, samples);
			const plainGate = await exactlyOnce(cluster, n8n, samples);
			notes.push(gate.note, rd.note, plainGate.note);
			rows.push(
				shareRow(
					'Exactly once across 2 webhook processes: ours + Redis gate (README)',
					gate.passed,
					gate.ids,
				),
				shareRow(
					'Exactly once across 2 webhook processes: ours + Remove Duplicates',
					rd.passed,
					rd.ids,
				),
				shareRow('Exactly once across 2 webhook processes: ours alone', rd.source, rd.ids),
				shareRow(
					"Exactly once across 2 webhook processes: n8n's Webhook node + Redis gate",
					plainGate.passed,
					plainGate.ids,
				),
				shareRow(
					"Exactly once across 2 webhook processes: n8n's Webhook node alone",
					plainGate.source,
					plainGate.ids,
				),
			);
			return { status: 'ok', rows, notes };
		} finally {
			await cluster.stop();
		}
	},
};
