/**
 * Run with `node --expose-gc`: heap held by the trigger's dedupe store (SeenEvents, production defaults) while
 * 1,000,000 distinct event ids go through it, against a plain Set of the same keys (what an unbounded store holds).
 * Prints one JSON line.
 */
import { randomBytes } from 'crypto';

import { DEFAULT_WINDOW_HOURS, SeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const CHECKPOINTS = [100_000, 250_000, 500_000, 1_000_000].filter((n) => n <= TOTAL);
const WINDOW_MS = DEFAULT_WINDOW_HOURS * 3600_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function heap(): number {
	gc!();
	gc!();
	return process.memoryUsage().heapUsed;
}

/** Keys shaped like handleWebhook's: workflow | node | mode | 32-hex event id (ids made on the fly, not kept). */
const key = () =>
	`cb|wf-0123456789abcdef|node-0123-4567-89ab|live|${randomBytes(16).toString('hex')}`;

function measure(add: (k: string) => void): {
	checkpoints: Record<number, number>;
	msPerMillion: number;
} {
	const base = heap();
	const checkpoints: Record<number, number> = {};
	let insertMs = 0;
	let done = 0;
	for (const target of CHECKPOINTS) {
		const t0 = process.hrtime.bigint();
		for (; done < target; done++) add(key());
		insertMs += Number(process.hrtime.bigint() - t0) / 1e6;
		checkpoints[target] = heap() - base;
	}
	return { checkpoints, msPerMillion: (insertMs * 1_000_000) / TOTAL };
}

const store = new SeenEvents();
let fresh = 0;
const ours = measure((k) => {
	if (store.checkAndRecord(k, WINDOW_MS)) fresh++;
});
const oursSize = store.size;

const naive = new Set<string>();
const set = measure((k) => naive.add(k));

console.log(
	JSON.stringify({
		total: TOTAL,
		capacity: store.capacity,
		size: oursSize,
		fresh,
		ours,
		set,
		setSize: naive.size,
	}),
);
