/**
 * n8n CPU per trigger event, at a rate n8n can sustain (5/s): the same encrypted, signed callbacks to the Feishu
 * Group Trigger (HTTP callback) and to n8n's own Webhook node (baseline), and the same kind of events through the
 * Feishu Group Trigger's long connection (published by the emulator); every workflow then runs the same HTTP
 * Request node. CPU is read from /proc for n8n's process tree, minus its idle CPU; 1000 / (ms per event) is what
 * one core could sustain.
 */
import { BENCH_ENCRYPT_KEY, distinctEvents, sampleEnvelopes, signedCallback } from '../lib/events';
import { benchN8n, type BenchN8n } from '../lib/n8n';
import { LC_TYPES, useLongConnection } from '../lib/longConnectionEvents';
import { openLoop } from '../lib/openLoop';
import { findN8nPid, treeCpuMs } from '../lib/procCpu';
import { median } from '../lib/stats';
import { lowerIsBetter, Skip, type Measure } from '../lib/types';

const RATE = 5;
const EVENTS = 40;
const ROUNDS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Request = { raw: Buffer; headers: Record<string, string> };

interface Variant {
	label: string;
	url: string;
	make(i: number): Request;
}

interface Outcome {
	ms: number;
	ok: number;
	executed: number;
}

async function cpuPerEvent(
	b: BenchN8n,
	pid: number,
	v: Variant,
	idleMsPerS: number,
): Promise<Outcome> {
	const before = b.sink.total;
	const t0 = Date.now();
	const cpu0 = treeCpuMs(pid);
	const schedule = Array.from({ length: EVENTS }, (_, i) => ({
		at: (i * 1000) / RATE,
		tag: 'e',
		make: () => v.make(i),
	}));
	const sent = await openLoop(v.url, schedule, 10_000);
	const deadline = Date.now() + 30_000;
	while (b.sink.total - before < EVENTS && Date.now() < deadline) await sleep(100);
	await sleep(1000); // let the last execution finish saving
	const cpu = treeCpuMs(pid) - cpu0 - (idleMsPerS * (Date.now() - t0)) / 1000;
	return {
		ms: cpu / EVENTS,
		ok: sent.filter((s) => s.status === 200).length,
		executed: b.sink.total - before,
	};
}

export const webhookCpu: Measure = {
	name: 'webhook-cpu',
	title:
		"n8n CPU per trigger event: Feishu Group Trigger (callback, long connection) vs n8n's Webhook node",
	tags: ['n8n', 'trigger', 'cpu'],
	estimateSeconds: 60,
	async run(ctx) {
		const b = await benchN8n(ctx);
		const pid = findN8nPid(b.n8n.userFolder);
		if (!pid) throw new Skip('could not find the n8n process in /proc');
		const samples = await sampleEnvelopes(b.control);
		const callback = (url: string) => {
			const envelopes = distinctEvents(samples, EVENTS * ROUNDS);
			let next = 0;
			return () => signedCallback(envelopes[next++ % envelopes.length], BENCH_ENCRYPT_KEY);
		};
		const json = { 'content-type': 'application/json' };
		const variants: Variant[] = [
			{ label: "n8n's Webhook node", url: b.plainHookUrl, make: callback(b.plainHookUrl) },
			{ label: 'ours, HTTP callback', url: b.hookUrl, make: callback(b.hookUrl) },
			{
				label: 'ours, long connection',
				url: `${b.emulator.url}/__emulator/events?wait=0`,
				make: (i) => ({
					raw: Buffer.from(JSON.stringify({ type: LC_TYPES[i % LC_TYPES.length] })),
					headers: json,
				}),
			},
		];
		const lcReady = await useLongConnection(b);
		const idle0 = treeCpuMs(pid);
		await sleep(4000);
		const idleMsPerS = (treeCpuMs(pid) - idle0) / 4;
		const results = new Map<Variant, Outcome[]>(variants.map((v) => [v, []]));
		try {
			for (let r = 0; r < ROUNDS; r++) {
				for (const v of variants) {
					if (v === variants[2] && !lcReady) continue;
					results.get(v)!.push(await cpuPerEvent(b, pid, v, idleMsPerS));
				}
			}
		} finally {
			await b.control.putApp({ eventMode: 'none' });
		}
		const ms = (v: Variant) => median(results.get(v)!.map((o) => o.ms));
		const [plain, hook, lc] = variants;
		const rows = [
			lowerIsBetter({
				figure: `n8n CPU per event at ${RATE}/s, HTTP callback`,
				value: ms(hook),
				unit: 'ms',
				baseline: ms(plain),
				baselineLabel: plain.label,
			}),
		];
		if (lcReady) {
			rows.push(
				lowerIsBetter({
					figure: `n8n CPU per event at ${RATE}/s, long connection`,
					value: ms(lc),
					unit: 'ms',
					baseline: ms(plain),
					baselineLabel: plain.label,
				}),
			);
		}
		const describe = (v: Variant) =>
			`${v.label}: ${results
				.get(v)!
				.map(
					(o) => `${o.ms.toFixed(1)} ms (${o.ok}/${EVENTS} answered 200, ${o.executed} executions)`,
				)
				.join('; ')}`;
		return {
			status: 'ok',
			rows,
			notes: [
				`${ROUNDS} rounds of ${EVENTS} events at ${RATE}/s per variant, in turn; n8n process tree CPU from /proc minus its idle ${idleMsPerS.toFixed(0)} ms/s; every workflow ends with the same HTTP Request node reporting to the sink.`,
				...variants.map(describe),
				`One core could sustain about ${(1000 / ms(hook)).toFixed(0)} events/s by HTTP callback${lcReady ? `, ${(1000 / ms(lc)).toFixed(0)} by long connection` : ''} and ${(1000 / ms(plain)).toFixed(0)} with n8n's Webhook node.`,
				...(lcReady
					? []
					: [
							'The long-connection workflow did not connect to the emulator: no long-connection figure.',
						]),
			],
		};
	},
};
