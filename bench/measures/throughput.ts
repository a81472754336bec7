/**
 * Operation throughput in a real n8n: items/s of Chat → Get over 500 items (the node's own execution time in the
 * run data), against the emulator's ceiling measured in the same run on the same emulator process: a tight
 * keep-alive loop with 16 requests in flight, and with 1 in flight (the best any one-at-a-time client can do).
 */
import type { Execution } from '../../test/e2e/harness/n8n';
import { CHAT_GET_ITEMS } from '../lib/economy';
import { benchN8n, harness, type BenchN8n } from '../lib/n8n';
import { higherIsBetter, type Measure } from '../lib/types';
import { FEISHU_NODE, HTTP_NODE, WF } from '../lib/workflows';
import { describeLoad, emulatorChatGetCeiling } from './emulatorCeiling';

const RUNS = 3;

function nodeSeconds(ex: Execution, node: string): number {
	const run = ex.data?.resultData.runData[node]?.[0] as { executionTime?: number } | undefined;
	if (!run?.executionTime) throw new Error(`no execution time for ${node} in execution ${ex.id}`);
	return run.executionTime / 1000;
}

/** items/s of `node` in each of RUNS executions of workflow `id` (after one warm-up execution). */
async function rates(
	b: BenchN8n,
	id: string,
	node: string,
): Promise<{ rates: number[]; walls: number[] }> {
	await b.n8n.runWorkflow(id, { timeoutMs: 120_000 }); // warm-up: token, JIT, node loading
	const out = { rates: [] as number[], walls: [] as number[] };
	for (let i = 0; i < RUNS; i++) {
		const ex = await b.n8n.runWorkflow(id, { timeoutMs: 120_000 });
		if (ex.status !== 'success') throw new Error(`execution ${ex.id} of ${id} ended ${ex.status}`);
		const items = harness().nodeOutput(ex, node).length;
		if (items !== CHAT_GET_ITEMS)
			throw new Error(`execution ${ex.id} of ${id} returned ${items} items`);
		out.rates.push(items / nodeSeconds(ex, node));
		out.walls.push((Date.parse(ex.stoppedAt ?? '') - Date.parse(ex.startedAt ?? '')) / 1000);
	}
	return out;
}

export const throughput: Measure = {
	name: 'throughput',
	title: 'Chat → Get items/s in a real n8n vs the emulator ceiling',
	tags: ['n8n', 'throughput'],
	estimateSeconds: 30,
	async run(ctx) {
		const b = await benchN8n(ctx);
		const concurrent = (await emulatorChatGetCeiling(b.emulator.url, 4000, 16)).result;
		const sequential = (await emulatorChatGetCeiling(b.emulator.url, 3000, 1)).result;
		const ours = await rates(b, WF.throughput, FEISHU_NODE);
		const http = await rates(b, WF.httpGet, HTTP_NODE);
		const httpCred = await rates(b, WF.httpCredGet, HTTP_NODE);
		const best = Math.max(...ours.rates);
		const bestHttp = Math.max(...http.rates);
		const bestHttpCred = Math.max(...httpCred.rates);
		return {
			status: 'ok',
			rows: [
				higherIsBetter({
					figure: `Chat → Get ${CHAT_GET_ITEMS} items in n8n`,
					value: best,
					unit: 'items/s',
					baseline: concurrent.perSecond,
					baselineLabel: 'emulator ceiling, 16 in flight',
				}),
				higherIsBetter({
					figure: `Chat → Get ${CHAT_GET_ITEMS} items in n8n, vs one-at-a-time`,
					value: best,
					unit: 'items/s',
					baseline: sequential.perSecond,
					baselineLabel: 'emulator ceiling, 1 in flight',
				}),
				higherIsBetter({
					figure: `Chat → Get ${CHAT_GET_ITEMS} items in n8n, vs n8n's HTTP Request node`,
					value: best,
					unit: 'items/s',
					baseline: bestHttp,
					baselineLabel: 'HTTP Request node, same GETs',
				}),
				higherIsBetter({
					figure: `Chat → Get ${CHAT_GET_ITEMS} items in n8n, vs HTTP Request node with our credential`,
					value: best,
					unit: 'items/s',
					baseline: bestHttpCred,
					baselineLabel: 'HTTP Request node + feishuApi credential',
				}),
			],
			notes: [
				`Best of ${RUNS} executions after a warm-up; node execution time → ours ${ours.rates.map((r) => r.toFixed(0)).join('/')} items/s (whole executions ${ours.walls.map((w) => w.toFixed(2)).join('/')} s), HTTP Request node ${http.rates.map((r) => r.toFixed(0)).join('/')} items/s, HTTP Request node with our feishuApi credential ${httpCred.rates.map((r) => r.toFixed(0)).join('/')} items/s. n8n runs a node's items one after another, so 1 in flight is the fair ceiling.`,
				describeLoad('emulator, 16 in flight', concurrent),
				describeLoad('emulator, 1 in flight', sequential),
			],
		};
	},
};
