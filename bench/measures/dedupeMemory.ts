/** Memory of the trigger's dedupe store after 1,000,000 distinct event ids (bounded?), in a child with --expose-gc. */
import { runTsJson } from '../lib/child';
import { lowerIsBetter, type Measure } from '../lib/types';

const TOTAL = 1_000_000;

interface ChildResult {
	total: number;
	capacity: number;
	size: number;
	fresh: number;
	ours: { checkpoints: Record<string, number>; msPerMillion: number };
	set: { checkpoints: Record<string, number>; msPerMillion: number };
	setSize: number;
}

const mb = (bytes: number) => bytes / 2 ** 20;

export const dedupeMemory: Measure = {
	name: 'dedupe-memory',
	title: 'Trigger dedupe store: heap after 1,000,000 distinct event ids',
	tags: ['trigger', 'memory'],
	estimateSeconds: 25,
	async run() {
		const r = await runTsJson<ChildResult>(
			'bench/children/dedupeMemory.ts',
			[String(TOTAL)],
			['--expose-gc'],
		);
		const points = Object.keys(r.ours.checkpoints)
			.map(Number)
			.sort((a, b) => a - b);
		const final = r.ours.checkpoints[String(TOTAL)];
		const half = r.ours.checkpoints[String(TOTAL / 2)];
		const setFinal = r.set.checkpoints[String(TOTAL)];
		// Bounded: the size never passes the capacity and the second 500,000 ids add (almost) no heap.
		const bounded = r.size <= r.capacity && final - half <= 0.1 * final;
		const curve = (c: Record<string, number>) =>
			points.map((p) => `${p / 1000}k: ${mb(c[String(p)]).toFixed(1)} MB`).join(', ');
		return {
			status: 'ok',
			rows: [
				lowerIsBetter({
					figure: `Dedupe store heap after ${TOTAL.toLocaleString('en-US')} distinct ids`,
					value: mb(final),
					unit: 'MB',
					baseline: mb(setFinal),
					baselineLabel: 'unbounded Set of the same ids',
					goal: 'bounded',
					met: bounded && r.fresh === TOTAL,
				}),
			],
			notes: [
				`SeenEvents with production defaults keeps at most ${r.capacity.toLocaleString('en-US')} ids; size after ${TOTAL.toLocaleString('en-US')}: ${r.size.toLocaleString('en-US')}; all ${r.fresh.toLocaleString('en-US')} accepted as new.`,
				`Heap delta (node --expose-gc, after gc): ours ${curve(r.ours.checkpoints)}; plain Set ${curve(r.set.checkpoints)}.`,
				`Insert cost: ours ${(r.ours.msPerMillion / 1000).toFixed(2)} µs/id, Set ${(r.set.msPerMillion / 1000).toFixed(2)} µs/id (both include making the key).`,
			],
		};
	},
};
