import type { IDataObject } from 'n8n-workflow';

import type { Element, Paragraph, ParagraphKind, ReadAnnouncement, SpanStyle } from './model';
import {
	decodeLink,
	elementsText,
	encodeLink,
	paragraphsText,
	readableOrder,
	withMentionsAndLinks,
} from './model';

/**
 * The docx block model of an upgraded announcement ↔ paragraphs. A block carries one payload
 * key matching its `block_type` (2 `text`, 3–11 `heading1`…`heading9`, 12 `bullet` …); the page
 * root (type 1, id = chat id) holds the title line and every top-level block as its children.
 */

const PAGE = 1;

/** Text-bearing block types and their payload keys, kinds and heading levels. */
const TEXT_TYPES: Record<number, { key: string; kind: ParagraphKind; level?: number }> = {
	2: { key: 'text', kind: 'text' },
	12: { key: 'bullet', kind: 'bullet' },
	13: { key: 'ordered', kind: 'ordered' },
	14: { key: 'code', kind: 'code' },
	15: { key: 'quote', kind: 'quote' },
	17: { key: 'todo', kind: 'todo' },
};
for (let level = 1; level <= 9; level++)
	TEXT_TYPES[2 + level] = { key: `heading${level}`, kind: 'heading', level };

const DIVIDER = 22;
const QUOTE_CONTAINER = 34;

/** Blocks that only hold other blocks; their children appear after them in the list. */
const CONTAINERS = new Set([19, 24, 25, 31, 32, 33, QUOTE_CONTAINER]);

/** Fields every block has, as opposed to its payload key. */
const BASE_FIELDS = new Set(['block_id', 'parent_id', 'children', 'block_type', 'comment_ids']);

const STYLE_FLAGS: Array<keyof SpanStyle> = [
	'bold',
	'italic',
	'strikethrough',
	'underline',
	'inline_code',
];

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function readStyle(style: IDataObject | undefined): SpanStyle {
	const result: SpanStyle = {};
	for (const flag of STYLE_FLAGS) if (style?.[flag] === true) result[flag] = true;
	return result;
}

/** One docx text element → the model's element (unknown kinds are kept by name). */
function readElement(raw: IDataObject): Element {
	const run = asObject(raw.text_run);
	if (run) {
		const style = asObject(run.text_element_style);
		const element: Element = { type: 'text', text: String(run.content ?? ''), ...readStyle(style) };
		const url = asObject(style?.link)?.url;
		if (typeof url === 'string' && url) element.link = decodeLink(url);
		return element;
	}
	const mention = asObject(raw.mention_user);
	if (mention) {
		const userId = String(mention.user_id ?? '');
		return { type: 'mention', user_id: userId, text: `@${userId}` };
	}
	const doc = asObject(raw.mention_doc) ?? asObject(raw.link_preview);
	if (doc) {
		const url = typeof doc.url === 'string' ? decodeLink(doc.url) : undefined;
		const title = typeof doc.title === 'string' ? doc.title : undefined;
		const element: Element = { type: 'doc', text: title || url || '' };
		if (url) element.url = url;
		if (title) element.title = title;
		if (typeof doc.token === 'string') element.token = doc.token;
		if (typeof doc.obj_type === 'number') element.obj_type = doc.obj_type;
		return element;
	}
	const equation = asObject(raw.equation);
	if (equation)
		return { type: 'equation', text: String(equation.content ?? '').replace(/\n+$/, '') };
	const name = Object.keys(raw)[0] ?? 'unknown';
	return { type: 'other', element: name, text: '' };
}

function readElements(payload: IDataObject | undefined): Element[] {
	const elements = payload?.elements;
	if (!Array.isArray(elements)) return [];
	return elements
		.map((e) => asObject(e))
		.filter((e): e is IDataObject => e !== undefined)
		.map(readElement);
}

/** The payload key of a block: the one that matches its type, else the first non-base field. */
function payloadKey(block: IDataObject): string | undefined {
	const known = TEXT_TYPES[Number(block.block_type)]?.key;
	if (known && block[known] !== undefined) return known;
	return Object.keys(block).find((key) => !BASE_FIELDS.has(key));
}

function depthOf(block: IDataObject, byId: Map<string, IDataObject>, rootId: string): number {
	let depth = 0;
	let parentId = String(block.parent_id ?? '');
	const seen = new Set<string>();
	while (parentId && parentId !== rootId && !seen.has(parentId)) {
		seen.add(parentId);
		depth++;
		parentId = String(byId.get(parentId)?.parent_id ?? '');
	}
	return depth;
}

/** One non-root block → a paragraph, or undefined for containers (their children follow). */
function readBlock(
	block: IDataObject,
	byId: Map<string, IDataObject>,
	rootId: string,
): Paragraph | undefined {
	const type = Number(block.block_type);
	if (CONTAINERS.has(type)) return undefined;
	const blockId = String(block.block_id ?? '');
	const depth = depthOf(block, byId, rootId);
	const base = (kind: ParagraphKind, elements: Element[]): Paragraph => {
		const paragraph: Paragraph = { kind, text: elementsText(elements), elements };
		if (blockId) paragraph.block_id = blockId;
		if (depth > 0) paragraph.depth = depth;
		return paragraph;
	};
	if (type === DIVIDER) return readableOrder(base('divider', []));

	const key = payloadKey(block);
	const payload = key ? asObject(block[key]) : undefined;
	const textType = TEXT_TYPES[type];
	if (textType) {
		// Text directly inside a quote container reads as a quote.
		const inQuote = byId.get(String(block.parent_id ?? ''))?.block_type === QUOTE_CONTAINER;
		const kind = textType.kind === 'text' && inQuote ? 'quote' : textType.kind;
		const paragraph = base(kind, readElements(payload));
		const style = asObject(payload?.style);
		if (textType.level) paragraph.level = textType.level;
		if (kind === 'todo') paragraph.done = style?.done === true;
		if (kind === 'code' && typeof style?.language === 'number') paragraph.language = style.language;
		return withMentionsAndLinks(paragraph);
	}
	// Unknown types that still carry text (equation, synced blocks …) are read as text.
	if (Array.isArray(payload?.elements)) {
		const paragraph = base('text', readElements(payload));
		if (key) paragraph.block = key;
		return withMentionsAndLinks(paragraph);
	}
	const other = base('other', []);
	other.block = key ?? `block_type ${type}`;
	return readableOrder(other);
}

/**
 * The blocks of `GET …/announcement/blocks` (pre-order, root page first) → title, plain text and
 * paragraphs. Tolerates unknown block types and payload keys, as Feishu adds new ones.
 */
export function readDocxBlocks(items: IDataObject[], chatId: string): ReadAnnouncement {
	const byId = new Map<string, IDataObject>();
	for (const item of items) byId.set(String(item.block_id ?? ''), item);
	const root =
		items.find((item) => Number(item.block_type) === PAGE && !item.parent_id) ?? byId.get(chatId);
	const rootId = String(root?.block_id ?? chatId);
	const title = root ? elementsText(readElements(asObject(root.page))) : '';
	const paragraphs: Paragraph[] = [];
	for (const item of items) {
		if (item === root) continue;
		const paragraph = readBlock(item, byId, rootId);
		if (paragraph) paragraphs.push(paragraph);
	}
	return { title, text: paragraphsText(paragraphs), paragraphs };
}

/* ---------- writing ---------- */

/** Block type and payload key for a paragraph kind. */
function blockTypeOf(paragraph: Paragraph): { type: number; key: string } {
	switch (paragraph.kind) {
		case 'heading': {
			const level = Math.min(9, Math.max(1, Math.round(paragraph.level ?? 1)));
			return { type: 2 + level, key: `heading${level}` };
		}
		case 'bullet':
			return { type: 12, key: 'bullet' };
		case 'ordered':
			return { type: 13, key: 'ordered' };
		case 'code':
			return { type: 14, key: 'code' };
		case 'quote':
			return { type: 15, key: 'quote' };
		case 'todo':
			return { type: 17, key: 'todo' };
		case 'divider':
			return { type: DIVIDER, key: 'divider' };
		default:
			return { type: 2, key: 'text' };
	}
}

function writeElement(element: Element): IDataObject {
	if (element.type === 'mention') return { mention_user: { user_id: element.user_id } };
	const style: IDataObject = {};
	if (element.type === 'text') {
		for (const flag of STYLE_FLAGS) if (element[flag]) style[flag] = true;
		if (element.link) style.link = { url: encodeLink(element.link) };
	}
	const run: IDataObject = { content: element.text };
	if (Object.keys(style).length > 0) run.text_element_style = style;
	return { text_run: run };
}

/** A paragraph → the create-shape block of `POST …/blocks/:block_id/children`. */
export function docxBlockFromParagraph(paragraph: Paragraph): IDataObject {
	const { type, key } = blockTypeOf(paragraph);
	if (type === DIVIDER) return { block_type: type, divider: {} };
	const elements = paragraph.elements.length
		? paragraph.elements
		: [{ type: 'text' as const, text: paragraph.text }];
	const payload: IDataObject = { elements: elements.map(writeElement) };
	if (paragraph.kind === 'todo') payload.style = { done: paragraph.done === true };
	if (paragraph.kind === 'code' && paragraph.language !== undefined)
		payload.style = { language: paragraph.language };
	return { block_type: type, [key]: payload };
}

/** The page root's title line as docx elements (for batch_update `update_text_elements`). */
export function docxTitleElements(title: string, style: SpanStyle = {}): IDataObject[] {
	return [writeElement({ type: 'text', text: title, ...style })];
}
