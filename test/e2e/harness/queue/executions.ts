/**
 * Executions counted where n8n keeps them: Postgres' execution_entity (one row per execution) and execution_data
 * (the run data, serialised with `flatted`). Exact counts come from here, not from the public API's paged list.
 */
import * as path from 'path';

import { sleep } from '../http';
import { RUNTIME_DIRS } from '../paths';
import type { Postgres } from './postgres';

export interface ExecutionRow {
	id: number;
	status: string;
	mode: string;
	deduplicationKey: string | null;
	storedAt: string;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

export async function executionRows(pg: Postgres, workflowId: string): Promise<ExecutionRow[]> {
	return await pg.query<ExecutionRow>(
		`SELECT id::int AS id, status, mode, "deduplicationKey", "storedAt"
		 FROM execution_entity WHERE "workflowId" = $1 ORDER BY id`,
		[workflowId],
	);
}

/**
 * Waits until at least `n` executions of the workflow exist and all of them have finished, then (settleMs) waits
 * and reads again, so a test can assert that no more than `n` came.
 */
export async function waitForExecutionRows(
	pg: Postgres,
	workflowId: string,
	n: number,
	{ timeoutMs = 60_000, settleMs = 0 }: { timeoutMs?: number; settleMs?: number } = {},
): Promise<ExecutionRow[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const rows = await executionRows(pg, workflowId);
		if (rows.length >= n && rows.every((r) => FINISHED.has(r.status))) {
			if (!settleMs) return rows;
			await sleep(settleMs);
			const again = await executionRows(pg, workflowId);
			if (again.every((r) => FINISHED.has(r.status))) return again;
		}
		if (Date.now() > deadline) {
			const open = rows.filter((r) => !FINISHED.has(r.status)).length;
			throw new Error(
				`workflow ${workflowId}: ${rows.length} executions (${open} unfinished), wanted ${n}, after ${timeoutMs} ms`,
			);
		}
		await sleep(300);
	}
}

type Flatted = { parse(text: string): unknown };

interface RunData {
	resultData?: {
		runData?: Record<
			string,
			Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>
		>;
	};
}

/** Output items (json) of one node, per execution id; executions where the node did not run map to []. */
export async function nodeItemsByExecution(
	pg: Postgres,
	workflowId: string,
	nodeName: string,
): Promise<Map<number, Array<Record<string, unknown>>>> {
	const flatted = require(path.join(RUNTIME_DIRS.n8n2, 'node_modules/flatted')) as Flatted;
	const rows = await pg.query<{ id: number; storedAt: string; data: string | null }>(
		`SELECT e.id::int AS id, e."storedAt", d.data FROM execution_entity e
		 LEFT JOIN execution_data d ON d."executionId" = e.id
		 WHERE e."workflowId" = $1 ORDER BY e.id`,
		[workflowId],
	);
	const out = new Map<number, Array<Record<string, unknown>>>();
	for (const row of rows) {
		if (row.data === null) {
			throw new Error(`execution ${row.id}: no data in execution_data (storedAt ${row.storedAt})`);
		}
		const run = flatted.parse(row.data) as RunData;
		const runs = run.resultData?.runData?.[nodeName] ?? [];
		out.set(
			row.id,
			runs.flatMap((r) => (r.data?.main?.[0] ?? []).map((item) => item.json)),
		);
	}
	return out;
}

/** How many times each key (a field's value, or what `key` makes of an item) appears across all executions. */
export function countBy(
	itemsByExecution: Map<number, Array<Record<string, unknown>>>,
	field: string | ((item: Record<string, unknown>) => unknown),
): Map<string, number> {
	const keyOf = typeof field === 'string' ? (item: Record<string, unknown>) => item[field] : field;
	const counts = new Map<string, number>();
	for (const items of itemsByExecution.values()) {
		for (const item of items) {
			const key = String(keyOf(item));
			counts.set(key, (counts.get(key) ?? 0) + 1);
		}
	}
	return counts;
}
