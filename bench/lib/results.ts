/**
 * Keeps the newest result of every measure in bench/results.json (a subset run replaces only its own
 * measures) and renders bench/RESULTS.md from it, with the machine and date of each measure's run.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import { describeMachine, type Machine } from './machine';
import { markdownTable } from './table';
import type { MeasureResult } from './types';

const DIR = path.resolve(__dirname, '..');
const JSON_FILE = path.join(DIR, 'results.json');
const MD_FILE = path.join(DIR, 'RESULTS.md');

interface Stored extends MeasureResult {
	machine: Machine;
}

type Store = Record<string, Stored>;

function load(): Store {
	if (!existsSync(JSON_FILE)) return {};
	try {
		return JSON.parse(readFileSync(JSON_FILE, 'utf8')) as Store;
	} catch {
		return {};
	}
}

/** Merges this run's results, in the measures' declared order, and rewrites both files. */
export function saveResults(results: MeasureResult[], m: Machine, order: string[]): void {
	const store = load();
	for (const r of results) store[r.name] = { ...r, machine: m };
	const ordered: Store = {};
	for (const name of [...order, ...Object.keys(store)])
		if (store[name] && !ordered[name]) ordered[name] = store[name];
	writeFileSync(
		JSON_FILE,
		JSON.stringify(ordered, (_k, v) => (v === Infinity ? 'Infinity' : v), '\t') + '\n',
	);
	writeFileSync(MD_FILE, render(Object.values(ordered)));
}

function render(all: Stored[]): string {
	const machines = [...new Set(all.map((r) => describeMachine(r.machine)))];
	const out: string[] = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (bench/run.ts); do not edit by hand. Each figure is compared with a baseline',
		'measured or computed in the same run; Ratio > 1 means better than the baseline (for counts and latencies',
		'the ratio is baseline / value). Absolute numbers on shared 2-core machines are noisy; ratios are what to compare.',
		'',
		`Machine${machines.length > 1 ? 's' : ''}: ${machines.join('; ')}`,
		'',
		markdownTable(all),
		'',
		'## Per measure',
		'',
	];
	for (const r of all) {
		out.push(`### ${r.name}: ${r.title}`, '');
		out.push(
			`- Run: ${r.date}, ${(r.durationMs / 1000).toFixed(1)} s, status ${r.status}, on ${describeMachine(r.machine)}`,
		);
		for (const n of r.notes) out.push(`- ${n}`);
		out.push('');
	}
	return out.join('\n');
}
