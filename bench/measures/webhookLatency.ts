/**
 * Webhook ack latency in a real n8n: encrypted, signed Feishu callbacks sent open-loop at 50 and 200 events/s to
 * an active Feishu Group Trigger workflow; p50/p99 of the HTTP answer, and the share of events that started
 * exactly one execution (10 % of events are redelivered, as Feishu does, and must not start a second one).
 * Baseline: n8n's own Webhook node (checks nothing) at the same rate, same machine, same run.
 */
import { EmulatorControl } from '../lib/emulator';
import { BENCH_ENCRYPT_KEY, distinctEvents, sampleEnvelopes, signedCallback } from '../lib/events';
import { benchN8n, type BenchN8n } from '../lib/n8n';
import { openLoop, type Scheduled, type Sent } from '../lib/openLoop';
import { percentile } from '../lib/stats';
import { higherIsBetter, lowerIsBetter, type Measure, type Row } from '../lib/types';

const RATES = [50, 200];
const FULL_SECONDS = 30;
const SHORT_SECONDS = 10;
const BASELINE_SECONDS = 10;
const REDELIVER_EVERY = 10;
const REDELIVER_AFTER_MS = 1500;
/** Drain: stop waiting for executions when none arrived for this long. */
const STALL_MS = 20_000;

type Envelope = Record<string, any>;

function schedule(envelopes: Envelope[], rate: number, redeliver: boolean): Scheduled[] {
	const out: Scheduled[] = [];
	envelopes.forEach((env, i) => {
		const at = (i * 1000) / rate;
		const make = () => signedCallback(env, BENCH_ENCRYPT_KEY);
		out.push({ at, make, tag: 'first' });
		if (redeliver && i % REDELIVER_EVERY === 0) out.push({ at: at + REDELIVER_AFTER_MS, make, tag: 'redelivery' });
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
		await new Promise((r) => setTimeout(r, 250));
	}
	await new Promise((r) => setTimeout(r, 2000)); // late duplicates would show up here
	return (Date.now() - t0) / 1000;
}

const p = (sent: Sent[], q: number) => percentile(sent.map((s) => s.latencyMs), q);
const bad = (sent: Sent[]) => sent.filter((s) => s.status !== 200);

async function atRate(b: BenchN8n, samples: Envelope[], rate: number, seconds: number, notes: string[], log: (m: string) => void): Promise<Row[]> {
	log(`baseline: n8n Webhook node at ${rate}/s for ${BASELINE_SECONDS} s`);
	const baseline = await openLoop(b.plainHookUrl, schedule(distinctEvents(samples, rate * BASELINE_SECONDS), rate, false));
	await new Promise((r) => setTimeout(r, 3000));
	log(`ours: Feishu Group Trigger at ${rate}/s for ${seconds} s`);
	const envelopes = distinctEvents(samples, rate * seconds);
	const ids = envelopes.map((e) => e.header?.event_id ?? e.uuid);
	const sent = await openLoop(b.hookUrl, schedule(envelopes, rate, true));
	const drainS = await drain(b, ids, log);
	const first = sent.filter((s) => s.tag === 'first');
	const redelivered = sent.filter((s) => s.tag === 'redelivery');
	const once = ids.filter((id) => b.sink.hits.get(id)?.length === 1).length;
	const twice = ids.filter((id) => (b.sink.hits.get(id)?.length ?? 0) > 1).length;
	const share = (100 * once) / ids.length;
	const arrivals = ids.flatMap((id) => b.sink.hits.get(id) ?? []);
	const execRate = arrivals.length / ((Math.max(...arrivals) - Math.min(...arrivals)) / 1000 || 1);
	notes.push(
		`${rate}/s × ${seconds} s: ${ids.length} events + ${redelivered.length} redeliveries; answers not 200: ours ${bad(first).length} first / ${bad(redelivered).length} redeliveries${bad(sent)[0] ? ` (e.g. ${bad(sent)[0].status})` : ''}, baseline ${bad(baseline).length}; ` +
			`executions: exactly one ${once}, more than one ${twice}, none ${ids.length - once - twice}; executions reported at ${execRate.toFixed(0)}/s, last one ${drainS.toFixed(0)} s after sending ended; ` +
			`p50/p99 ms ours ${p(first, 50).toFixed(1)}/${p(first, 99).toFixed(1)}, redeliveries ${p(redelivered, 50).toFixed(1)}/${p(redelivered, 99).toFixed(1)}, baseline ${p(baseline, 50).toFixed(1)}/${p(baseline, 99).toFixed(1)}; max sender lag ${Math.max(...sent.map((s) => s.lagMs)).toFixed(0)} ms.`,
	);
	return [
		lowerIsBetter({ figure: `Webhook ack p50 at ${rate} events/s`, value: p(first, 50), unit: 'ms', baseline: p(baseline, 50), baselineLabel: "n8n's Webhook node" }),
		lowerIsBetter({ figure: `Webhook ack p99 at ${rate} events/s`, value: p(first, 99), unit: 'ms', baseline: p(baseline, 99), baselineLabel: "n8n's Webhook node" }),
		higherIsBetter({ figure: `Events that started exactly one execution at ${rate}/s`, value: share, unit: '%', baseline: 100, baselineLabel: 'ideal', goal: '100 %', met: once === ids.length && bad(first).length === 0 }),
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
		// 2 × (30 s + baseline + drain) needs ~3 minutes; shorten when the 10-minute budget cannot hold it.
		const seconds = ctx.remainingMs() > 240_000 ? FULL_SECONDS : SHORT_SECONDS;
		const notes: string[] = [];
		if (seconds !== FULL_SECONDS) notes.push(`SHORTENED: ${seconds} s per rate instead of ${FULL_SECONDS} s, to keep the whole run under 10 minutes.`);
		const rows: Row[] = [];
		for (const rate of RATES) rows.push(...(await atRate(b, samples, rate, seconds, notes, ctx.log)));
		return { status: 'ok', rows, notes };
	},
};
