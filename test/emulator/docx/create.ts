/**
 * "Create children" on a docx announcement: turns create-shape children ({block_type, <key>: payload}) into stored
 * blocks under a parent, with the parent/child rules of §6.5, the per-request caps of §9 and the side effects of §4.5
 * (grid -> columns with one empty text each, table -> cells, file -> a View wrapping it). Works on a fork of the tree;
 * the caller commits it only when everything succeeded.
 */
import { docxError } from '../errors';
import type { Store } from '../state';
import {
	acceptsChildren,
	Block,
	BLOCK_KEYS,
	CALLOUT,
	creatable,
	FILE,
	forbiddenChild,
	GRID,
	GRID_COLUMN,
	isTextual,
	OKR,
	RESOURCE_CAPS,
	TABLE,
	TABLE_CELL,
	VIEW,
} from './model';
import { fillWithEmptyText } from './empty';
import { newBudget, normaliseStyle, RequestBudget, textElements, textStyle } from './text';
import type { DocxTree } from './tree';

export const MAX_CHILDREN_PER_CALL = 50;
/** Limits behind 1770004 / 1770005 / 1770007 are undocumented; these are the emulator's (unverified) values. */
export const MAX_BLOCKS = 20000;
export const MAX_DEPTH = 16;
export const MAX_CHILDREN = 5000;
/** Plain-text size limit of an announcement (1770033). */
export const MAX_TEXT_CHARS = 10_485_760;

export interface CreateContext {
	store: Store;
	/** OKR blocks may only be created with a user token. */
	userToken: boolean;
	budget: RequestBudget;
}

const isObj = (v: unknown): v is Record<string, any> =>
	!!v && typeof v === 'object' && !Array.isArray(v);
const intIn = (v: unknown, lo: number, hi: number) =>
	Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
const bad = (field: string, value: unknown, description: string) =>
	docxError(1770001, { field, value, description });

const token = (tree: DocxTree, prefix: string) => `${prefix}${tree.newId()}`;

/** Builds the stored payload for a non-text block and any auto-created descendants. */
function payload(
	tree: DocxTree,
	block: Block,
	type: number,
	raw: Record<string, any>,
	at: string,
	ctx: CreateContext,
): Record<string, unknown> {
	switch (type) {
		case 22: // divider
		case 34: // quote_container
			if (Object.keys(raw).length) throw bad(at, raw, `${BLOCK_KEYS[type]} must be {}`);
			return {};
		case CALLOUT: {
			for (const [k, lo, hi] of [
				['background_color', 1, 15],
				['border_color', 1, 7],
				['text_color', 1, 7],
			] as const)
				if (raw[k] !== undefined && !intIn(raw[k], lo, hi))
					throw bad(`${at}.${k}`, raw[k], `${k} is ${lo}-${hi}`);
			fillWithEmptyText(tree, block);
			return { ...raw };
		}
		case GRID: {
			if (!intIn(raw.column_size, 2, 5))
				throw bad(`${at}.column_size`, raw.column_size, 'column_size is 2-5');
			const n = raw.column_size as number;
			const ids: string[] = [];
			for (let i = 0; i < n; i++) {
				const ratio = i < n - 1 ? Math.floor(100 / n) : 100 - Math.floor(100 / n) * (n - 1);
				const col: Block = {
					block_id: tree.newId(),
					parent_id: block.block_id,
					block_type: GRID_COLUMN,
					grid_column: { width_ratio: ratio },
				};
				fillWithEmptyText(tree, col);
				tree.put(col);
				ids.push(col.block_id);
			}
			block.children = ids;
			return { column_size: n };
		}
		case TABLE: {
			const p = raw.property;
			if (!isObj(p)) throw bad(`${at}.property`, p, 'property is required');
			if (!intIn(p.row_size, 1, 10000))
				throw bad(`${at}.property.row_size`, p.row_size, 'row_size >= 1');
			if (!intIn(p.column_size, 1, 10000))
				throw bad(`${at}.property.column_size`, p.column_size, 'column_size >= 1');
			if (p.column_size > 100) throw docxError(1770010);
			if (p.row_size * p.column_size > 2000) throw docxError(1770011);
			if (
				p.column_width !== undefined &&
				(!Array.isArray(p.column_width) ||
					p.column_width.some((w: unknown) => !intIn(w, 50, 100000)))
			)
				throw bad(`${at}.property.column_width`, p.column_width, 'column widths are >= 50 px');
			const cells: string[] = [];
			for (let i = 0; i < p.row_size * p.column_size; i++) {
				const cell: Block = {
					block_id: tree.newId(),
					parent_id: block.block_id,
					block_type: TABLE_CELL,
					table_cell: {},
				};
				fillWithEmptyText(tree, cell);
				tree.put(cell);
				cells.push(cell.block_id);
			}
			block.children = cells;
			const property: Record<string, unknown> = {
				row_size: p.row_size,
				column_size: p.column_size,
				column_width: p.column_width ?? Array(p.column_size).fill(100),
				header_row: p.header_row ?? false,
				header_column: p.header_column ?? false,
			};
			// The SDK lets a table be created with merge_info (one {row_span, col_span} per cell, row-major).
			if (p.merge_info !== undefined) {
				const ok =
					Array.isArray(p.merge_info) &&
					p.merge_info.length === cells.length &&
					p.merge_info.every(
						(m: any) =>
							isObj(m) && intIn(m.row_span ?? 1, 1, 2000) && intIn(m.col_span ?? 1, 1, 100),
					);
				if (!ok)
					throw bad(`${at}.property.merge_info`, p.merge_info, 'one {row_span, col_span} per cell');
				property.merge_info = p.merge_info.map((m: any) => ({
					row_span: m.row_span ?? 1,
					col_span: m.col_span ?? 1,
				}));
			}
			return { cells, property };
		}
		case 30: // sheet
			for (const k of ['row_size', 'column_size'])
				if (raw[k] !== undefined && !intIn(raw[k], 1, 9))
					throw bad(`${at}.${k}`, raw[k], `${k} is 1-9`);
			return { token: token(tree, 'shtcn') + '_' + tree.newId().slice(0, 6) };
		case 18: // bitable
			if (raw.view_type !== undefined && ![1, 2].includes(raw.view_type))
				throw bad(`${at}.view_type`, raw.view_type, 'view_type is 1 or 2');
			return {
				token: token(tree, 'bascn') + '_tbl' + tree.newId().slice(0, 13),
				view_type: raw.view_type ?? 1,
			};
		case 20: {
			// chat_card: the caller must be able to see the referenced chat.
			const chat = typeof raw.chat_id === 'string' ? ctx.store.chats.get(raw.chat_id) : undefined;
			if (typeof raw.chat_id !== 'string' || !raw.chat_id)
				throw bad(`${at}.chat_id`, raw.chat_id, 'chat_id is required');
			if (!chat) throw docxError(1770032);
			return { chat_id: raw.chat_id, align: raw.align ?? 1 };
		}
		case 26: {
			const comp = raw.component;
			// The SDK types iframe_type as optional; url is required (URL-encoded).
			if (!isObj(comp) || typeof comp.url !== 'string' || !comp.url)
				throw bad(`${at}.component`, comp, 'component {iframe_type?, url} is required');
			if (comp.iframe_type !== undefined && !Number.isInteger(comp.iframe_type))
				throw bad(`${at}.component.iframe_type`, comp.iframe_type, 'iframe_type is an integer');
			return { component: { iframe_type: comp.iframe_type ?? 1, url: comp.url } };
		}
		case 27: // image: created empty, filled by replace_image after a media upload
			return {
				token: '',
				width: raw.width ?? 100,
				height: raw.height ?? 100,
				align: raw.align ?? 2,
				...(raw.caption !== undefined ? { caption: raw.caption } : {}),
				...(raw.scale !== undefined ? { scale: raw.scale } : {}),
			};
		case 40:
			if (typeof raw.component_type_id !== 'string' || !raw.component_type_id)
				throw bad(
					`${at}.component_type_id`,
					raw.component_type_id,
					'component_type_id is required',
				);
			return { ...raw };
		case 48:
			if (typeof raw.url !== 'string' || !raw.url)
				throw bad(`${at}.url`, raw.url, 'url is required');
			// Only IM message links (§6.2); `url` is write-only, so the answer carries only the type.
			if (raw.url_type !== undefined && raw.url_type !== 'MessageLink')
				throw bad(`${at}.url_type`, raw.url_type, 'url_type must be MessageLink');
			return { url_type: 'MessageLink' };
		case 43:
			return { token: token(tree, 'bdcn'), align: raw.align ?? 2 };
		default:
			return { ...raw };
	}
}

/** One create-shape child -> the block stored in the tree (or, for a file, the View that wraps it). */
function createOne(
	tree: DocxTree,
	parent: Block,
	raw: unknown,
	at: string,
	ctx: CreateContext,
): Block {
	if (!isObj(raw)) throw bad(at, raw, 'a child must be an object');
	const type = raw.block_type;
	if (!Number.isInteger(type) || !BLOCK_KEYS[type])
		throw bad(`${at}.block_type`, type, 'unknown block_type');
	const key = BLOCK_KEYS[type];
	// The SDK types a create child as a full Block (block_id, parent_id, children, comment_ids optional): ids are
	// ignored, but nested children cannot be created in one call (§4.5) and any other key is an error.
	if (Array.isArray(raw.children) && raw.children.length)
		throw bad(
			`${at}.children`,
			raw.children,
			'one call creates one level; create children separately',
		);
	const ignored = new Set(['block_type', key, 'block_id', 'parent_id', 'children', 'comment_ids']);
	const extra = Object.keys(raw).filter((k) => !ignored.has(k) && raw[k] !== undefined);
	if (extra.length)
		throw bad(
			`${at}.${extra[0]}`,
			raw[extra[0]],
			`unexpected field ${extra[0]} for block_type ${type}`,
		);
	if (!creatable(type)) throw docxError(1770029);
	if (type === OKR && !ctx.userToken) throw docxError(1770032);
	if (forbiddenChild(parent.block_type, type)) throw docxError(1770041);
	const body = raw[key];
	if (!isObj(body)) throw bad(`${at}.${key}`, body, `${key} is required`);
	const block: Block = { block_id: tree.newId(), parent_id: parent.block_id, block_type: type };
	if (isTextual(type)) {
		const ctxText = { store: ctx.store, mode: 'create' as const, budget: ctx.budget };
		block[key] = {
			elements: textElements(ctxText, type, body.elements, `${at}.${key}.elements`),
			style: normaliseStyle(type, textStyle(type, body.style, `${at}.${key}.style`)),
		};
	} else if (type === FILE) {
		// A file lives under a View block; the View is what the parent gets (FAQ).
		const view: Block = {
			block_id: block.block_id,
			parent_id: parent.block_id,
			block_type: VIEW,
			view: { view_type: intIn(body.view_type, 1, 3) ? body.view_type : 1 },
		};
		const file: Block = {
			block_id: tree.newId(),
			parent_id: view.block_id,
			block_type: FILE,
			file: { token: '', name: typeof body.name === 'string' ? body.name : '' },
		};
		tree.put(file);
		view.children = [file.block_id];
		tree.put(view);
		return view;
	} else {
		block[key] = payload(tree, block, type, body, `${at}.${key}`, ctx);
	}
	tree.put(block);
	return block;
}

/** Validates and applies a create-children body on `tree` (a fork); returns the created top-level blocks. */
export function createChildren(
	tree: DocxTree,
	parentId: string,
	body: Record<string, any>,
	ctx: Omit<CreateContext, 'budget'>,
): Block[] {
	const parent = tree.get(parentId);
	if (!parent) throw docxError(1770002);
	const children = body.children;
	if (!Array.isArray(children) || children.length < 1 || children.length > MAX_CHILDREN_PER_CALL)
		throw bad('children', children ?? '', `children must hold 1-${MAX_CHILDREN_PER_CALL} blocks`);
	const count = tree.childIds(parentId).length;
	const index = body.index ?? -1;
	if (!Number.isInteger(index) || index < -1 || index > count)
		throw bad('index', index, `index must be -1 (end) or 0..${count}`);
	if (!acceptsChildren(parent.block_type)) throw docxError(1770028);
	const perType = new Map<number, number>();
	for (const c of children) {
		const t = isObj(c) ? c.block_type : undefined;
		if (typeof t === 'number') perType.set(t, (perType.get(t) ?? 0) + 1);
	}
	for (const [t, n] of perType)
		if (RESOURCE_CAPS[t] && n > RESOURCE_CAPS[t].max) throw docxError(1770035);
	const full: CreateContext = { ...ctx, budget: newBudget() };
	const created = children.map((c, i) => createOne(tree, parent, c, `children[${i}]`, full));
	if (full.budget.mention_user > 200 || full.budget.mention_doc > 200) throw docxError(1770035);
	if (count + created.length > MAX_CHILDREN) throw docxError(1770007);
	if (tree.size > MAX_BLOCKS) throw docxError(1770004);
	if (tree.depthOf(parentId) + 1 > MAX_DEPTH) throw docxError(1770005);
	tree.link(
		parentId,
		created.map((b) => b.block_id),
		index,
	);
	return created;
}

/** Total plain-text characters in the tree (text_run / equation contents), for 1770033. */
export function textSize(blocks: Block[]): number {
	let n = 0;
	for (const b of blocks) {
		const key = BLOCK_KEYS[b.block_type];
		const els = (b[key] as { elements?: Array<Record<string, any>> } | undefined)?.elements ?? [];
		for (const e of els) n += (e.text_run?.content ?? e.equation?.content ?? '').length;
	}
	return n;
}
