/**
 * batch_update on a docx announcement (§4.6): up to 200 requests, unique block ids, one operation each — text
 * elements/style, table rows/columns/merges/properties, grid columns, image/file tokens and tasks. Applied to a fork;
 * the caller commits only when every request succeeded (one revision for the whole call).
 */
import { docxError } from '../errors';
import type { Store } from '../state';
import {
	Block,
	BLOCK_KEYS,
	FILE,
	GRID,
	GRID_COLUMN,
	IMAGE,
	isTextual,
	TABLE,
	TABLE_CELL,
	TASK,
	TEXT,
	TODO,
} from './model';
import { fillWithEmptyText } from './empty';
import { newBudget, normaliseStyle, RequestBudget, textElements, textStyle } from './text';
import type { DocxTree } from './tree';

export const MAX_UPDATE_REQUESTS = 200;

/** update_text_style field codes -> TextStyle keys (§4.6). */
const STYLE_FIELDS: Record<number, string> = {
	1: 'align',
	2: 'done',
	3: 'folded',
	4: 'language',
	5: 'wrap',
	6: 'background_color',
	7: 'indentation_level',
};

const isObj = (v: unknown): v is Record<string, any> =>
	!!v && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const bad = (field: string, value: unknown, description: string) =>
	docxError(1770001, { field, value, description });

interface Ctx {
	tree: DocxTree;
	store: Store;
	budget: RequestBudget;
}

// ---- text -------------------------------------------------------------------------------------------------

function textPayload(block: Block): { elements: unknown[]; style: Record<string, unknown> } {
	if (!isTextual(block.block_type)) throw docxError(1770025);
	return block[BLOCK_KEYS[block.block_type]] as {
		elements: unknown[];
		style: Record<string, unknown>;
	};
}

function setElements(ctx: Ctx, block: Block, raw: unknown, at: string): void {
	const text = textPayload(block);
	text.elements = textElements(
		{ store: ctx.store, mode: 'update', budget: ctx.budget, previous: text.elements },
		block.block_type,
		raw,
		at,
	);
}

function setStyle(block: Block, style: unknown, fields: unknown, at: string): void {
	const text = textPayload(block);
	if (!Array.isArray(fields) || fields.length === 0 || fields.some((f) => !STYLE_FIELDS[f]))
		throw bad(`${at}.fields`, fields ?? '', 'fields is a non-empty list of 1-7');
	const t = block.block_type;
	const given = textStyle(t, isObj(style) ? pick(style, fields) : style, `${at}.style`);
	const next = { ...text.style };
	for (const f of fields as number[]) {
		const key = STYLE_FIELDS[f];
		if (f === 2 && t !== TODO && t !== TASK) throw docxError(1770025);
		if ((f === 4 || f === 5) && t !== 14) throw docxError(1770025);
		if (f === 7 && t !== TEXT) throw docxError(1770025);
		if (f === 3 && !(t >= 3 && t <= 11) && !block.children?.length) throw docxError(1770025);
		if (given[key] === undefined) delete next[key];
		else next[key] = given[key];
	}
	text.style = normaliseStyle(t, next);
}

function pick(style: Record<string, any>, fields: unknown[]): Record<string, unknown> {
	const keys = new Set(fields.map((f) => STYLE_FIELDS[f as number]));
	return Object.fromEntries(Object.entries(style).filter(([k]) => keys.has(k)));
}

// ---- tables -----------------------------------------------------------------------------------------------

interface Region {
	r0: number;
	r1: number;
	c0: number;
	c1: number;
}

function table(block: Block): { property: Record<string, any>; cells: string[] } {
	if (block.block_type !== TABLE) throw docxError(1770025);
	return block.table as { property: Record<string, any>; cells: string[] };
}

function regions(p: Record<string, any>): Region[] {
	const out: Region[] = [];
	const info = (p.merge_info ?? []) as Array<{ row_span: number; col_span: number }>;
	info.forEach((m, i) => {
		if (m.row_span > 1 || m.col_span > 1) {
			const r = Math.floor(i / p.column_size);
			const c = i % p.column_size;
			out.push({ r0: r, r1: r + m.row_span, c0: c, c1: c + m.col_span });
		}
	});
	return out;
}

function writeRegions(p: Record<string, any>, list: Region[]): void {
	const live = list.filter(
		(g) => g.r1 - g.r0 > 0 && g.c1 - g.c0 > 0 && g.r1 - g.r0 + (g.c1 - g.c0) > 2,
	);
	if (!live.length) {
		delete p.merge_info;
		return;
	}
	const info = Array.from({ length: p.row_size * p.column_size }, () => ({
		row_span: 1,
		col_span: 1,
	}));
	for (const g of live)
		info[g.r0 * p.column_size + g.c0] = { row_span: g.r1 - g.r0, col_span: g.c1 - g.c0 };
	p.merge_info = info;
}

/** Shifts merge regions when rows (axis 'r') or columns ('c') are inserted (+n at i) or deleted ([i, i+n)). */
function shiftRegions(list: Region[], axis: 'r' | 'c', i: number, delta: number): Region[] {
	const lo = axis === 'r' ? 'r0' : 'c0';
	const hi = axis === 'r' ? 'r1' : 'c1';
	return list.map((g) => {
		const out = { ...g };
		if (delta > 0) {
			if (g[lo] >= i) out[lo] += delta;
			if (g[hi] > i) out[hi] += delta;
		} else {
			const end = i - delta;
			const cut = (x: number) => (x <= i ? x : x >= end ? x + delta : i);
			out[lo] = cut(g[lo]);
			out[hi] = cut(g[hi]);
		}
		return out;
	});
}

function newCell(ctx: Ctx, tableId: string): string {
	const cell: Block = {
		block_id: ctx.tree.newId(),
		parent_id: tableId,
		block_type: TABLE_CELL,
		table_cell: {},
	};
	fillWithEmptyText(ctx.tree, cell);
	ctx.tree.put(cell);
	return cell.block_id;
}

/** Rebuilds the table's cells/children after a row/column change (cells are row-major) and rewrites its merges. */
function setCells(ctx: Ctx, block: Block, cells: string[], merges: Region[]): void {
	const t = table(block);
	const keep = new Set(cells);
	const gone = t.cells.filter((c) => !keep.has(c));
	t.cells = cells;
	// Removing the gone cells' subtrees: put them last, then cut that range.
	block.children = [...cells, ...gone];
	if (gone.length) ctx.tree.unlinkRange(block.block_id, cells.length, cells.length + gone.length);
	block.children = [...cells];
	writeRegions(t.property, merges);
}

/** Per axis: the table property holding its size and the code for an index beyond it. */
const AXIS = {
	row: { size: 'row_size', outOfRange: 1770026 },
	column: { size: 'column_size', outOfRange: 1770027 },
} as const;
type Axis = keyof typeof AXIS;

/** The `<axis>_index` of an insert (-1 = after the last), checked against the table; -1 comes back resolved. */
function insertIndex(
	p: Record<string, any>,
	op: Record<string, any>,
	at: string,
	axis: Axis,
): number {
	const { size, outOfRange } = AXIS[axis];
	const key = `${axis}_index`;
	const i = op[key];
	if (!isInt(i) || i < -1) throw bad(`${at}.${key}`, i, `${key} >= -1`);
	if (i > p[size]) throw docxError(outOfRange);
	return i === -1 ? p[size] : i;
}

/** The half-open `<axis>_start_index`/`<axis>_end_index` range of a delete; one row/column must stay. */
function deleteRange(
	p: Record<string, any>,
	op: Record<string, any>,
	at: string,
	axis: Axis,
): [number, number] {
	const { size, outOfRange } = AXIS[axis];
	const start = `${axis}_start_index`;
	const end = `${axis}_end_index`;
	const a = op[start];
	const b = op[end];
	if (!isInt(a) || !isInt(b) || a < 0 || b < 1) throw bad(at, op, `${start} >= 0, ${end} >= 1`);
	if (a >= b || b > p[size]) throw docxError(outOfRange);
	if (b - a >= p[size]) throw docxError(1770024);
	return [a, b];
}

/** Row-major cells with, in every row, `count` cells cut at column `c` and `added()` put there. */
function spliceEachRow(
	cells: string[],
	p: Record<string, any>,
	c: number,
	count: number,
	added: () => string[],
): string[] {
	const next: string[] = [];
	for (let r = 0; r < p.row_size; r++) {
		const row = cells.slice(r * p.column_size, (r + 1) * p.column_size);
		row.splice(c, count, ...added());
		next.push(...row);
	}
	return next;
}

function insertRow(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const { property: p, cells } = table(block);
	const r = insertIndex(p, op, at, 'row');
	if ((p.row_size + 1) * p.column_size > 2000) throw docxError(1770011);
	const row = Array.from({ length: p.column_size }, () => newCell(ctx, block.block_id));
	const next = [...cells];
	next.splice(r * p.column_size, 0, ...row);
	const merges = shiftRegions(regions(p), 'r', r, 1);
	p.row_size += 1;
	setCells(ctx, block, next, merges);
}

function insertColumn(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const { property: p, cells } = table(block);
	const c = insertIndex(p, op, at, 'column');
	if (p.column_size + 1 > 100) throw docxError(1770010);
	if (p.row_size * (p.column_size + 1) > 2000) throw docxError(1770011);
	const next = spliceEachRow(cells, p, c, 0, () => [newCell(ctx, block.block_id)]);
	const merges = shiftRegions(regions(p), 'c', c, 1);
	p.column_width = [...(p.column_width ?? [])];
	p.column_width.splice(c, 0, 100);
	p.column_size += 1;
	setCells(ctx, block, next, merges);
}

function deleteRows(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const { property: p, cells } = table(block);
	const [a, b] = deleteRange(p, op, at, 'row');
	const merges = shiftRegions(regions(p), 'r', a, -(b - a));
	const next = [...cells];
	next.splice(a * p.column_size, (b - a) * p.column_size);
	p.row_size -= b - a;
	setCells(ctx, block, next, merges);
}

function deleteColumns(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const { property: p, cells } = table(block);
	const [a, b] = deleteRange(p, op, at, 'column');
	const merges = shiftRegions(regions(p), 'c', a, -(b - a));
	const next = spliceEachRow(cells, p, a, b - a, () => []);
	p.column_width = [...(p.column_width ?? [])];
	p.column_width.splice(a, b - a);
	p.column_size -= b - a;
	setCells(ctx, block, next, merges);
}

function mergeCells(block: Block, op: Record<string, any>): void {
	const { property: p } = table(block);
	const g: Region = {
		r0: op.row_start_index,
		r1: op.row_end_index,
		c0: op.column_start_index,
		c1: op.column_end_index,
	};
	if (![g.r0, g.r1, g.c0, g.c1].every(isInt))
		throw bad('merge_table_cells', op, 'four indexes are required');
	if (g.r0 < 0 || g.r0 >= g.r1 || g.r1 > p.row_size) throw docxError(1770026);
	if (g.c0 < 0 || g.c0 >= g.c1 || g.c1 > p.column_size) throw docxError(1770027);
	if (g.r1 - g.r0 + (g.c1 - g.c0) <= 2) throw docxError(1770024);
	const list = regions(p);
	const overlaps = (x: Region) => x.r0 < g.r1 && g.r0 < x.r1 && x.c0 < g.c1 && g.c0 < x.c1;
	const inside = (x: Region) => x.r0 >= g.r0 && x.r1 <= g.r1 && x.c0 >= g.c0 && x.c1 <= g.c1;
	// A new merge must fully contain, or stay clear of, every earlier merge.
	if (list.some((x) => overlaps(x) && !inside(x))) throw docxError(1770024);
	writeRegions(p, [...list.filter((x) => !inside(x)), g]);
}

function unmergeCells(block: Block, op: Record<string, any>): void {
	const { property: p } = table(block);
	const r = op.row_index;
	const c = op.column_index;
	if (!isInt(r) || r < 0 || r >= p.row_size) throw docxError(1770026);
	if (!isInt(c) || c < 0 || c >= p.column_size) throw docxError(1770027);
	const list = regions(p);
	const hit = list.find((x) => x.r0 <= r && r < x.r1 && x.c0 <= c && c < x.c1);
	if (!hit) throw docxError(1770024);
	writeRegions(
		p,
		list.filter((x) => x !== hit),
	);
}

function tableProperty(block: Block, op: Record<string, any>, at: string): void {
	const { property: p } = table(block);
	if (op.column_width !== undefined || op.column_index !== undefined) {
		if (!isInt(op.column_width) || op.column_width < 50)
			throw bad(`${at}.column_width`, op.column_width, 'column_width >= 50');
		if (!isInt(op.column_index) || op.column_index < 0)
			throw bad(`${at}.column_index`, op.column_index, '>= 0');
		if (op.column_index >= p.column_size) throw docxError(1770027);
		p.column_width = [...(p.column_width ?? [])];
		p.column_width[op.column_index] = op.column_width;
	}
	for (const k of ['header_row', 'header_column'])
		if (op[k] !== undefined) {
			if (typeof op[k] !== 'boolean') throw bad(`${at}.${k}`, op[k], `${k} is a boolean`);
			p[k] = op[k];
		}
}

// ---- grids ------------------------------------------------------------------------------------------------

function evenRatios(ctx: Ctx, cols: string[]): void {
	const n = cols.length;
	cols.forEach((id, i) => {
		const b = ctx.tree.get(id) as Block;
		b.grid_column = {
			width_ratio: i < n - 1 ? Math.floor(100 / n) : 100 - Math.floor(100 / n) * (n - 1),
		};
	});
}

function gridColumns(block: Block): string[] {
	if (block.block_type !== GRID) throw docxError(1770025);
	return block.children ?? [];
}

function insertGridColumn(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const cols = gridColumns(block);
	const i = op.column_index;
	if (!isInt(i) || i === 0 || i < -1)
		throw bad(`${at}.column_index`, i, 'column_index is -1 or 1-based');
	if (i > cols.length) throw docxError(1770027);
	if (cols.length + 1 > 10) throw docxError(1770024);
	const col: Block = {
		block_id: ctx.tree.newId(),
		parent_id: block.block_id,
		block_type: GRID_COLUMN,
		grid_column: { width_ratio: 0 },
	};
	fillWithEmptyText(ctx.tree, col);
	ctx.tree.put(col);
	ctx.tree.link(block.block_id, [col.block_id], i);
	block.grid = { column_size: cols.length + 1 };
	evenRatios(ctx, block.children ?? []);
}

function deleteGridColumn(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const cols = gridColumns(block);
	const i = op.column_index;
	if (!isInt(i) || i < -1) throw bad(`${at}.column_index`, i, 'column_index is -1 or 0-based');
	if (i >= cols.length) throw docxError(1770027);
	if (cols.length - 1 < 2) throw docxError(1770024);
	const idx = i === -1 ? cols.length - 1 : i;
	ctx.tree.unlinkRange(block.block_id, idx, idx + 1);
	block.grid = { column_size: cols.length - 1 };
	evenRatios(ctx, block.children ?? []);
}

function gridRatios(ctx: Ctx, block: Block, op: Record<string, any>, at: string): void {
	const cols = gridColumns(block);
	const r = op.width_ratios;
	if (!Array.isArray(r) || r.length !== cols.length || r.some((x) => !isInt(x) || x < 1 || x > 99))
		throw bad(`${at}.width_ratios`, r ?? '', `one ratio (1-99) per column (${cols.length})`);
	if (r.reduce((a: number, b: number) => a + b, 0) !== 100)
		throw bad(`${at}.width_ratios`, r, 'width_ratios must add up to 100');
	cols.forEach((id, k) => {
		(ctx.tree.get(id) as Block).grid_column = { width_ratio: r[k] };
	});
}

// ---- media and tasks --------------------------------------------------------------------------------------

function replaceToken(block: Block, type: number, op: Record<string, any>, at: string): void {
	if (block.block_type !== type) throw docxError(1770025);
	if (typeof op.token !== 'string' || !op.token)
		throw bad(`${at}.token`, op.token, 'token is required');
	const key = BLOCK_KEYS[type];
	const cur = block[key] as Record<string, unknown>;
	const next: Record<string, unknown> = { ...cur, token: op.token };
	if (type === IMAGE)
		for (const k of ['width', 'height', 'align', 'caption', 'scale'])
			if (op[k] !== undefined) next[k] = op[k];
	block[key] = next;
}

function updateTask(block: Block, op: Record<string, any>): void {
	if (block.block_type !== TASK) throw docxError(1770025);
	const cur = block.task as Record<string, unknown>;
	block.task = {
		...cur,
		...(op.task_id !== undefined ? { task_id: op.task_id } : {}),
		...(op.folded !== undefined ? { folded: op.folded } : {}),
	};
}

// ---- dispatcher -------------------------------------------------------------------------------------------

type Apply = (ctx: Ctx, block: Block, op: Record<string, any>, at: string) => void;

/** Every batch_update operation, in the documented order, and what applies it. */
const OPERATIONS: Record<string, Apply> = {
	update_text_elements: (ctx, block, v, at) =>
		setElements(ctx, block, v.elements, `${at}.elements`),
	update_text_style: (_ctx, block, v, at) => setStyle(block, v.style, v.fields, at),
	update_text: (ctx, block, v, at) => {
		setElements(ctx, block, v.elements, `${at}.elements`);
		setStyle(block, v.style, v.fields, at);
	},
	update_table_property: (_ctx, block, v, at) => tableProperty(block, v, at),
	insert_table_row: insertRow,
	insert_table_column: insertColumn,
	delete_table_rows: deleteRows,
	delete_table_columns: deleteColumns,
	merge_table_cells: (_ctx, block, v) => mergeCells(block, v),
	unmerge_table_cells: (_ctx, block, v) => unmergeCells(block, v),
	insert_grid_column: insertGridColumn,
	delete_grid_column: deleteGridColumn,
	update_grid_column_width_ratio: gridRatios,
	replace_image: (_ctx, block, v, at) => replaceToken(block, IMAGE, v, at),
	replace_file: (_ctx, block, v, at) => replaceToken(block, FILE, v, at),
	update_task: (_ctx, block, v) => updateTask(block, v),
};
const OPERATION_NAMES = Object.keys(OPERATIONS);

/** Validates and applies a batch_update body on `tree` (a fork); returns the updated blocks in request order. */
export function batchUpdate(tree: DocxTree, body: Record<string, any>, store: Store): Block[] {
	const requests = body.requests;
	if (!Array.isArray(requests) || requests.length < 1 || requests.length > MAX_UPDATE_REQUESTS)
		throw bad('requests', requests ?? '', `requests must hold 1-${MAX_UPDATE_REQUESTS} items`);
	const seen = new Set<string>();
	const ctx: Ctx = { tree, store, budget: newBudget() };
	const touched: string[] = [];
	requests.forEach((r, i) => {
		const at = `requests[${i}]`;
		if (!isObj(r)) throw bad(at, r, 'a request must be an object');
		if (typeof r.block_id !== 'string' || !r.block_id)
			throw bad(`${at}.block_id`, r.block_id, 'block_id is required');
		if (seen.has(r.block_id))
			throw bad(`${at}.block_id`, r.block_id, 'block_id repeats in requests');
		seen.add(r.block_id);
		const ops = Object.keys(r).filter(
			(k) => k !== 'block_id' && r[k] !== undefined && r[k] !== null,
		);
		if (ops.length !== 1 || !OPERATION_NAMES.includes(ops[0]))
			throw bad(at, ops.join(',') || '', `exactly one operation of ${OPERATION_NAMES.join(', ')}`);
		if (!isObj(r[ops[0]])) throw bad(`${at}.${ops[0]}`, r[ops[0]], `${ops[0]} must be an object`);
		const block = tree.get(r.block_id);
		if (!block) throw docxError(1770002);
		OPERATIONS[ops[0]](ctx, block, r[ops[0]], `${at}.${ops[0]}`);
		touched.push(r.block_id);
	});
	if (ctx.budget.reminder > 30 || ctx.budget.mention_doc > 50 || ctx.budget.mention_user > 100)
		throw docxError(1770035);
	return touched.map((id) => tree.get(id)).filter((b): b is Block => !!b);
}
