/**
 * n8n CPU per webhook event: the same encrypted, signed callbacks at a rate n8n can sustain (5/s), to the Feishu
 * Group Trigger and to n8n's own Webhook node (baseline), both followed by the same HTTP Request node. CPU is read
 * from /proc for n8n's process tree, minus its idle CPU; 1000 / (ms per event) is what one core could sustain.
 */
import { EmulatorControl } from '../lib/emulator';
import { BENCH_ENCRYPT_KEY, distinctEvents, sampleEnvelopes, signedCallback } from '../lib/events';
import { benchN8n, type BenchN8n } from '../lib/n8n';
import { openLoop } from '../lib/openLoop';
import { findN8nPid, treeCpuMs } from '../lib/procCpu';
import { median } from '../lib/stats';
import { lowerIsBetter, Skip, type Measure } from '../lib/types';

const RATE = 5;
const EVENTS = 40;
const ROUNDS = 2;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Envelope = Record<string, any>;

async function cpuPerEvent(
	b: BenchN8n,
	pid: number,
	url: string,
	samples: Envelope[],
	idleMsPerS: number,
): Promise<{ ms: number; ok: number; executed: number }> {
	const envelopes = distinctEvents(samples, EVENTS);
	const before = b.sink.total;
	const t0 = Date.now();
	const cpu0 = treeCpuMs(pid);
	const sent = await openLoop(
		url,
		envelopes.map((e, i) => ({
			at: (i * 1000) / RATE,
			tag: 'e',
			make: () => signedCallback(e, BENCH_ENCRYPT_KEY),
		})),
		10_000,
	);
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
	title: "n8n CPU per webhook event: Feishu Group Trigger vs n8n's Webhook node",
	tags: ['n8n', 'trigger', 'cpu'],
	estimateSeconds: 45,
	async run(ctx) {
		const b = await benchN8n(ctx);
		const pid = findN8nPid(b.n8n.userFolder);
		if (!pid) throw new Skip('could not find the n8n process in /proc');
		const samples = await sampleEnvelopes(new EmulatorControl(b.emulator.url));
		const idle0 = treeCpuMs(pid);
		await sleep(4000);
		const idleMsPerS = (treeCpuMs(pid) - idle0) / 4;
		const ours: number[] = [];
		const plain: number[] = [];
		const counts: string[] = [];
		for (let r = 0; r < ROUNDS; r++) {
			for (const [label, url, out] of [
				['plain', b.plainHookUrl, plain],
				['ours', b.hookUrl, ours],
			] as const) {
				const x = await cpuPerEvent(b, pid, url, samples, idleMsPerS);
				out.push(x.ms);
				counts.push(`${label}: ${x.ok}/${EVENTS} answered 200, ${x.executed} executions`);
			}
		}
		const o = median(ours);
		const p = median(plain);
		return {
			status: 'ok',
			rows: [
				lowerIsBetter({
					figure: `n8n CPU per webhook event at ${RATE}/s`,
					value: o,
					unit: 'ms',
					baseline: p,
					baselineLabel: "n8n's Webhook node",
				}),
			],
			notes: [
				`${ROUNDS} alternating rounds of ${EVENTS} events at ${RATE}/s each; n8n process tree CPU from /proc minus its idle ${idleMsPerS.toFixed(0)} ms/s; ours ${ours.map((x) => x.toFixed(1)).join('/')} ms, baseline ${plain.map((x) => x.toFixed(1)).join('/')} ms per event (both include the HTTP Request node reporting to the sink).`,
				`One core could sustain about ${(1000 / o).toFixed(0)} events/s with our trigger and ${(1000 / p).toFixed(0)} with n8n's Webhook node.`,
				counts.join('; '),
			],
		};
	},
};
