/**
 * The docx block model of an upgraded announcement (announcement-docx.md §6): block type numbers, their JSON keys,
 * which blocks carry Text, which may hold children, which may be created, and the parent/child rules of §6.5.
 */

/** A block as stored and returned: block_id, parent_id, block_type, children (omitted when empty), one payload key. */
export type Block = {
	block_id: string;
	parent_id: string;
	block_type: number;
	children?: string[];
	[payload: string]: unknown;
};

const HEADINGS: Record<number, string> = Object.fromEntries(
	Array.from({ length: 9 }, (_, i) => [3 + i, `heading${i + 1}`]),
);

/** block_type -> payload key (§6.2). 16 has no documented number; 999 is the "unsupported block". */
export const BLOCK_KEYS: Record<number, string> = {
	1: 'page',
	2: 'text',
	...HEADINGS,
	12: 'bullet',
	13: 'ordered',
	14: 'code',
	15: 'quote',
	17: 'todo',
	18: 'bitable',
	19: 'callout',
	20: 'chat_card',
	21: 'diagram',
	22: 'divider',
	23: 'file',
	24: 'grid',
	25: 'grid_column',
	26: 'iframe',
	27: 'image',
	28: 'isv',
	29: 'mindnote',
	30: 'sheet',
	31: 'table',
	32: 'table_cell',
	33: 'view',
	34: 'quote_container',
	35: 'task',
	36: 'okr',
	37: 'okr_objective',
	38: 'okr_key_result',
	39: 'okr_progress',
	40: 'add_ons',
	41: 'jira_issue',
	42: 'wiki_catalog',
	43: 'board',
	44: 'agenda',
	45: 'agenda_item',
	46: 'agenda_item_title',
	47: 'agenda_item_content',
	48: 'link_preview',
	49: 'source_synced',
	50: 'reference_synced',
	51: 'sub_page_list',
	52: 'ai_template',
	999: 'undefined',
};

export const PAGE = 1;
export const TEXT = 2;
export const CODE = 14;
export const TODO = 17;
export const CALLOUT = 19;
export const FILE = 23;
export const GRID = 24;
export const GRID_COLUMN = 25;
export const IMAGE = 27;
export const SHEET = 30;
export const TABLE = 31;
export const TABLE_CELL = 32;
export const VIEW = 33;
export const QUOTE_CONTAINER = 34;
export const TASK = 35;
export const OKR = 36;
export const BITABLE = 18;

/** Blocks whose payload is a Text ({elements, style}): page, text, headings, bullet, ordered, code, quote, todo. */
export const isTextual = (t: number): boolean => (t >= 1 && t <= 15) || t === TODO;

/** Text-bearing blocks on which mention_user / mention_doc / reminder are allowed (not page, not code). */
export const allowsRichElements = (t: number): boolean => isTextual(t) && t !== PAGE && t !== CODE;

/** §6.5: blocks that may receive children through "create children". */
const PARENTS = new Set([
	1,
	2,
	...Object.keys(HEADINGS).map(Number),
	12,
	13,
	17,
	35,
	32,
	25,
	19,
	34,
]);
export const acceptsChildren = (t: number): boolean => PARENTS.has(t);

/** §6.6: blocks that may be created directly (OKR only with a user token, checked by the caller). */
const CREATABLE = new Set([
	...Array.from({ length: 14 }, (_, i) => 2 + i), // 2..15
	17,
	18,
	19,
	20,
	22,
	23,
	24,
	26,
	27,
	28,
	30,
	31,
	34,
	36,
	40,
	42,
	43,
	48,
]);
export const creatable = (t: number): boolean => CREATABLE.has(t);

/** Callout may contain only the text family, todo, task, quote and quote containers (§6.5). */
const CALLOUT_CHILDREN = new Set([2, ...Object.keys(HEADINGS).map(Number), 12, 13, 15, 17, 35, 34]);

/** §6.5 combinations a parent forbids (-> 1770041). */
export function forbiddenChild(parentType: number, childType: number): boolean {
	if (parentType === TABLE_CELL) return [TABLE, SHEET, BITABLE, OKR].includes(childType);
	if (parentType === GRID_COLUMN) return [GRID, BITABLE, OKR].includes(childType);
	if (parentType === CALLOUT) return !CALLOUT_CHILDREN.has(childType);
	return false;
}

/** Containers that must keep at least one child (batch_delete may not empty them). */
export const mustKeepAChild = (t: number): boolean =>
	t === TABLE_CELL || t === GRID_COLUMN || t === CALLOUT;

/** Per-request resource caps of 1770035 (§9), by block type. */
export const RESOURCE_CAPS: Record<number, { name: string; max: number }> = {
	20: { name: 'ChatCard', max: 200 },
	23: { name: 'File', max: 200 },
	27: { name: 'Image', max: 20 },
	28: { name: 'ISV', max: 20 },
	30: { name: 'Sheet', max: 5 },
	18: { name: 'Bitable', max: 5 },
};

/** Caps on text elements in one request (1770035 / batch_update per-text limits). */
export const ELEMENT_CAPS: Record<string, number> = { mention_user: 200, mention_doc: 200 };

/** Known text element keys; file / inline_block / undefined may be read but never sent in an edit. */
export const ELEMENT_KEYS = new Set([
	'text_run',
	'mention_user',
	'mention_doc',
	'reminder',
	'equation',
	'file',
	'inline_block',
	'undefined',
	'undefined_element',
	'link_preview',
]);
