/**
 * Webhook ack latency in a real n8n: encrypted, signed Feishu callbacks sent open-loop at 50 and 200 events/s to
 * an active Feishu Group Trigger workflow, as Feishu sends them: an answer later than 3 s counts as failed and the
 * event is sent again (Feishu would wait 15 s; here the retries follow right after, at the same rate), and 10 %
 * of events are redelivered anyway (a lost 200). Figures: p50/p99 of the first attempts' answers (a timed-out
 * attempt counts as 3,000 ms) and the share of events that started exactly one execution.
 * Baseline: n8n's own Webhook node (checks nothing) at the same rate, same run. A reference rate of 3/s, which
 * this machine's n8n sustains, shows the steady state.
 */
import { EmulatorControl } from '../lib/emulator';
import { BENCH_ENCRYPT_KEY, distinctEvents, sampleEnvelopes, signedCallback } from '../lib/events';
import { benchN8n, type BenchN8n } from '../lib/n8n';
import { openLoop, type Scheduled, type Sent } from '../lib/openLoop';
import { percentile } from '../lib/stats';
import { higherIsBetter, lowerIsBetter, type Measure, type Row } from '../lib/types';

const RATES = [50, 200];
/** A rate this machine's n8n sustains with our trigger (see webhook-cpu), for latency and exactly-once in steady state. */
const REFERENCE_RATE = 3;
const REFERENCE_SECONDS = 20;
const FULL_SECONDS = 30;
const SHORT_SECONDS = 10;
/** Time the measure needs at FULL_SECONDS: reference rate ~35 s, each rate ≈ baseline + sending + retries + drain. */
const NEEDS_FULL_MS = 250_000;
const BASELINE_SECONDS = 10;
/** Feishu's callback timeout. */
const FEISHU_TIMEOUT_MS = 3000;
const REDELIVER_EVERY = 10;
const REDELIVER_AFTER_MS = 1500;
/** Drain: stop waiting for executions when none arrived for this long. */
const STALL_MS = 15_000;

type Envelope = Record<string, any>;
const idOf = (e: Envelope): string => e.header?.event_id ?? e.uuid;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function firstAttempts(envelopes: Envelope[], rate: number, redeliver: boolean): Scheduled[] {
	const out: Scheduled[] = [];
	envelopes.forEach((env, i) => {
		const at = (i * 1000) / rate;
		const make = () => signedCallback(env, BENCH_ENCRYPT_KEY);
		out.push({ at, make, tag: idOf(env) });
		if (redeliver && i % REDELIVER_EVERY === 0)
			out.push({ at: at + REDELIVER_AFTER_MS, make, tag: `dup:${idOf(env)}` });
	});
	return out;
}

async function drain(b: BenchN8n, ids: string[], log: (m: string) => void): Promise<number> {
	const t0 = Date.now();
	let last = -1;
	let lastChange = Date.now();
	for (;;) {
		const done = ids.filter((id) => b.sink.hits.has(id)).length;
		if (done === ids.length) break;
		if (done !== last) {
			last = done;
			lastChange = Date.now();
		} else if (Date.now() - lastChange > STALL_MS) {
			log(`executions stalled at ${done}/${ids.length}`);
			break;
		}
		await sleep(250);
	}
	await sleep(2000); // late duplicates would show up here
	return (Date.now() - t0) / 1000;
}

/** Latencies with failed answers censored at Feishu's timeout. */
const lat = (sent: Sent[]) =>
	sent.map((s) => (s.status === 200 ? s.latencyMs : Math.max(s.latencyMs, FEISHU_TIMEOUT_MS)));
const p = (sent: Sent[], q: number) => percentile(lat(sent), q);
const failed = (sent: Sent[]) => sent.filter((s) => s.status !== 200);

/** Answers by status, with the body of the first answer of each failing status. */
function histogram(sent: Sent[]): string {
	const h: Record<string, number> = {};
	const bodies: Record<string, string> = {};
	for (const s of sent) {
		h[String(s.status)] = (h[String(s.status)] ?? 0) + 1;
		if (s.status !== 200 && s.body) bodies[String(s.status)] ??= s.body.slice(0, 120);
	}
	return Object.entries(h)
		.map(([k, v]) => `${k}: ${v}${bodies[k] ? ` (${bodies[k]})` : ''}`)
		.join(', ');
}

async function atRate(
	b: BenchN8n,
	samples: Envelope[],
	rate: number,
	seconds: number,
	notes: string[],
	log: (m: string) => void,
): Promise<Row[]> {
	log(`baseline: n8n Webhook node at ${rate}/s for ${BASELINE_SECONDS} s`);
	const baseline = await openLoop(
		b.plainHookUrl,
		firstAttempts(distinctEvents(samples, rate * BASELINE_SECONDS), rate, false),
		FEISHU_TIMEOUT_MS,
	);
	await sleep(3000);
	log(`ours: Feishu Group Trigger at ${rate}/s for ${seconds} s`);
	const envelopes = distinctEvents(samples, rate * seconds);
	const ids = envelopes.map(idOf);
	const phase1 = await openLoop(b.hookUrl, firstAttempts(envelopes, rate, true), FEISHU_TIMEOUT_MS);
	const first = phase1.filter((s) => !s.tag.startsWith('dup:'));
	const dups = phase1.filter((s) => s.tag.startsWith('dup:'));
	const retryIds = new Set(failed(first).map((s) => s.tag));
	const retry = envelopes.filter((e) => retryIds.has(idOf(e)));
	log(`ours: ${retry.length} failed first attempts sent again`);
	const phase2 = await openLoop(b.hookUrl, firstAttempts(retry, rate, false), FEISHU_TIMEOUT_MS);
	const drainS = await drain(b, ids, log);

	const once = ids.filter((id) => b.sink.hits.get(id)?.length === 1).length;
	const many = ids.filter((id) => (b.sink.hits.get(id)?.length ?? 0) > 1).length;
	const share = (100 * once) / ids.length;
	const arrivals = ids.flatMap((id) => b.sink.hits.get(id) ?? []);
	const span = arrivals.length > 1 ? (Math.max(...arrivals) - Math.min(...arrivals)) / 1000 : 0;
	notes.push(
		`${rate}/s × ${seconds} s: ${ids.length} events, ${dups.length} deliberate redeliveries, ${retry.length} retries of failed first attempts. ` +
			`First attempts: ${histogram(first)}; redeliveries: ${histogram(dups)}; retries: ${histogram(phase2)}; baseline: ${histogram(baseline)}. ` +
			`Executions: exactly one ${once}, several ${many}, none ${ids.length - once - many}; ${arrivals.length} executions over ${span.toFixed(0)} s (${(arrivals.length / (span || 1)).toFixed(1)}/s), drained ${drainS.toFixed(0)} s after sending. ` +
			`p50/p99 ms (failed = ${FEISHU_TIMEOUT_MS}): ours ${p(first, 50).toFixed(0)}/${p(first, 99).toFixed(0)}, baseline ${p(baseline, 50).toFixed(0)}/${p(baseline, 99).toFixed(0)}.`,
	);
	return [
		lowerIsBetter({
			figure: `Webhook ack p50 at ${rate} events/s`,
			value: p(first, 50),
			unit: 'ms',
			baseline: p(baseline, 50),
			baselineLabel: "n8n's Webhook node",
		}),
		lowerIsBetter({
			figure: `Webhook ack p99 at ${rate} events/s`,
			value: p(first, 99),
			unit: 'ms',
			baseline: p(baseline, 99),
			baselineLabel: "n8n's Webhook node",
		}),
		higherIsBetter({
			figure: `Events that started exactly one execution at ${rate}/s`,
			value: share,
			unit: '%',
			baseline: 100,
			baselineLabel: 'ideal',
			goal: '100 %',
			met: once === ids.length,
		}),
	];
}

export const webhookLatency: Measure = {
	name: 'webhook',
	title: 'Webhook ack latency and exactly-once in a real n8n (Feishu Group Trigger, HTTP callback)',
	tags: ['n8n', 'trigger', 'latency'],
	estimateSeconds: 150,
	async run(ctx) {
		const b = await benchN8n(ctx);
		const samples = await sampleEnvelopes(new EmulatorControl(b.emulator.url));
		const seconds = ctx.remainingMs() > NEEDS_FULL_MS ? FULL_SECONDS : SHORT_SECONDS;
		const notes: string[] = [];
		if (seconds !== FULL_SECONDS)
			notes.push(
				`SHORTENED: ${seconds} s per rate instead of ${FULL_SECONDS} s, to keep the whole run under 10 minutes.`,
			);
		const rows: Row[] = [];
		rows.push(...(await atRate(b, samples, REFERENCE_RATE, REFERENCE_SECONDS, notes, ctx.log)));
		for (const rate of RATES)
			rows.push(...(await atRate(b, samples, rate, seconds, notes, ctx.log)));
		return { status: 'ok', rows, notes };
	},
};
