/**
 * `npm run bench [-- <name|tag>… ] [--list] [--no-save]`: runs the selected measures (all by default) in
 * sequence, prints one table, and records the newest results in bench/results.json and bench/RESULTS.md.
 */
import { availableParallelism, loadavg } from 'os';

import { Shared } from './lib/shared';
import { machine, describeMachine } from './lib/machine';
import { saveResults } from './lib/results';
import { textTable } from './lib/table';
import { Skip, type Measure, type MeasureContext, type MeasureResult } from './lib/types';
import { MEASURES } from './measures';

/** The whole run must stay under 10 minutes; measures that can shorten themselves ask how much is left. */
const BUDGET_MS = 9.5 * 60_000;

function select(args: string[]): Measure[] {
	const words = args.filter((a) => !a.startsWith('--'));
	if (words.length === 0) return MEASURES;
	const unknown = words.filter((w) => !MEASURES.some((m) => m.name === w || m.tags.includes(w)));
	if (unknown.length) throw new Error(`unknown measure or tag: ${unknown.join(', ')} (see --list)`);
	return MEASURES.filter((m) => words.some((w) => m.name === w || m.tags.includes(w)));
}

function list(): void {
	for (const m of MEASURES) {
		process.stdout.write(
			`${m.name.padEnd(16)} ~${String(m.estimateSeconds).padStart(3)} s  [${m.tags.join(', ')}]  ${m.title}\n`,
		);
	}
}

async function runOne(m: Measure, ctx: MeasureContext): Promise<MeasureResult> {
	const started = Date.now();
	const base = { name: m.name, title: m.title, date: new Date().toISOString() };
	ctx.log(`── ${m.name}: ${m.title}`);
	try {
		// Other jobs on a shared machine move absolute numbers; the load average says how busy it was.
		const load = `Machine load average (1 min) at start: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores.`;
		const r = await m.run(ctx);
		return { ...base, ...r, notes: [...r.notes, load], durationMs: Date.now() - started };
	} catch (error) {
		const skipped = error instanceof Skip;
		ctx.log(`${m.name} ${skipped ? 'skipped' : 'failed'}: ${(error as Error).stack ?? error}`);
		const note = skipped ? (error as Error).message : `failed: ${(error as Error).message}`;
		return {
			...base,
			status: skipped ? 'skipped' : 'failed',
			rows: [],
			notes: [note],
			durationMs: Date.now() - started,
		};
	}
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args.includes('--list')) return list();
	const measures = select(args);
	const m = machine();
	const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
	log(`${measures.map((x) => x.name).join(', ')} on ${describeMachine(m)}`);
	const shared = new Shared();
	const t0 = Date.now();
	const ctx: MeasureContext = { log, shared, remainingMs: () => BUDGET_MS - (Date.now() - t0) };
	const results: MeasureResult[] = [];
	try {
		for (const measure of measures) {
			const r = await runOne(measure, ctx);
			results.push(r);
			log(`${measure.name}: ${r.status} in ${(r.durationMs / 1000).toFixed(1)} s`);
		}
	} finally {
		await shared.stopAll();
	}
	process.stdout.write(`\n${textTable(results)}\n\n`);
	for (const r of results) for (const n of r.notes) process.stdout.write(`${r.name}: ${n}\n`);
	process.stdout.write(
		`\nTotal ${((Date.now() - t0) / 1000).toFixed(1)} s on ${describeMachine(m)}\n`,
	);
	if (!args.includes('--no-save')) {
		saveResults(
			results,
			m,
			MEASURES.map((x) => x.name),
		);
		process.stdout.write('Saved bench/RESULTS.md and bench/results.json\n');
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`[bench] ${(error as Error).stack ?? error}\n`);
		process.exit(1);
	},
);
