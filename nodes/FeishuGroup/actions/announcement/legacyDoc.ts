import type { IDataObject } from 'n8n-workflow';

import { parseContent, titleText } from './content';
import type { Element, Paragraph, ParagraphKind, ReadAnnouncement } from './model';
import {
	decodeLink,
	elementsText,
	encodeLink,
	paragraphsText,
	readableOrder,
	withMentionsAndLinks,
} from './model';

/**
 * The legacy ("doc") announcement JSON ↔ paragraphs. Its shape is the old cloud-doc format:
 * `{ title, body: { blocks: [ { type: 'paragraph', paragraph: { elements, style, loc } }, … ] } }`
 * with `textRun`, `person` and `docsLink` elements. Feishu documents this format only loosely for
 * announcements, so reading walks it defensively and keeps unknown blocks by name.
 */

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** Every textRun text below a value, in order (tables and other containers). */
function allTexts(node: unknown, out: string[] = []): string[] {
	if (Array.isArray(node)) for (const child of node) allTexts(child, out);
	else if (node && typeof node === 'object') {
		const run = asObject((node as IDataObject).textRun);
		if (run && typeof run.text === 'string') out.push(run.text);
		for (const [key, value] of Object.entries(node as IDataObject))
			if (key !== 'textRun' && typeof value === 'object') allTexts(value, out);
	}
	return out;
}

function readElement(raw: IDataObject): Element {
	const run = asObject(raw.textRun);
	if (run) {
		const style = asObject(run.style) ?? {};
		const element: Element = { type: 'text', text: String(run.text ?? '') };
		if (style.bold === true) element.bold = true;
		if (style.italic === true) element.italic = true;
		if (style.strikeThrough === true) element.strikethrough = true;
		if (style.underLine === true || style.underline === true) element.underline = true;
		if (style.codeInline === true) element.inline_code = true;
		const url = asObject(style.link)?.url;
		if (typeof url === 'string' && url) element.link = decodeLink(url);
		return element;
	}
	const person = asObject(raw.person);
	if (person) {
		const userId = String(person.openId ?? person.open_id ?? '');
		return { type: 'mention', user_id: userId, text: `@${userId}` };
	}
	const docsLink = asObject(raw.docsLink);
	if (docsLink) {
		const url = typeof docsLink.url === 'string' ? decodeLink(docsLink.url) : '';
		return { type: 'doc', text: url, url };
	}
	const equation = asObject(raw.equation);
	if (equation) return { type: 'equation', text: String(equation.equation ?? '') };
	return { type: 'other', element: String(raw.type ?? 'unknown'), text: '' };
}

/** Kind, level and to-do state from a legacy paragraph style. */
function styleKind(style: IDataObject): Pick<Paragraph, 'kind' | 'level' | 'done' | 'depth'> {
	const heading = Number(style.headingLevel);
	if (Number.isInteger(heading) && heading >= 1 && heading <= 9)
		return { kind: 'heading', level: heading };
	const list = asObject(style.list);
	if (list) {
		const indent = Number(list.indentLevel);
		const depth = Number.isInteger(indent) && indent > 1 ? { depth: indent - 1 } : {};
		const kinds: Record<string, ParagraphKind> = {
			bullet: 'bullet',
			number: 'ordered',
			checkBox: 'todo',
			checkedBox: 'todo',
			code: 'code',
		};
		const kind = kinds[String(list.type)];
		if (kind === 'todo') return { kind, done: list.type === 'checkedBox', ...depth };
		if (kind) return { kind, ...depth };
	}
	if (style.quote === true) return { kind: 'quote' };
	return { kind: 'text' };
}

function readBlock(block: IDataObject): Paragraph {
	const paragraphData = asObject(block.paragraph);
	if (paragraphData) {
		const rawElements = Array.isArray(paragraphData.elements) ? paragraphData.elements : [];
		const elements = rawElements
			.map((e) => asObject(e))
			.filter((e): e is IDataObject => e !== undefined)
			.map(readElement);
		const shape = styleKind(asObject(paragraphData.style) ?? {});
		return withMentionsAndLinks({ ...shape, text: elementsText(elements), elements });
	}
	const type = String(block.type ?? Object.keys(block)[0] ?? 'unknown');
	if (type === 'horizontalLine') return { kind: 'divider', text: '', elements: [] };
	return readableOrder({
		kind: 'other',
		block: type,
		text: allTexts(block).join(' '),
		elements: [],
	});
}

function bodyBlocks(doc: IDataObject): IDataObject[] {
	const body = asObject(doc.body);
	const blocks = (body?.blocks ?? doc.blocks) as unknown;
	return Array.isArray(blocks)
		? blocks.map((b) => asObject(b)).filter((b): b is IDataObject => b !== undefined)
		: [];
}

/** The legacy `content` (JSON string or object) → title, plain text and paragraphs. */
export function readLegacyContent(content: unknown): ReadAnnouncement & { doc?: IDataObject } {
	const doc = parseContent(content);
	if (!doc) return { title: '', text: '', paragraphs: [] };
	const paragraphs = bodyBlocks(doc).map(readBlock);
	return { title: titleText(doc), text: paragraphsText(paragraphs), paragraphs, doc };
}

/* ---------- writing ---------- */

function writeElement(element: Element): IDataObject {
	if (element.type === 'mention') return { type: 'person', person: { openId: element.user_id } };
	const style: IDataObject = {};
	if (element.type === 'text') {
		if (element.bold) style.bold = true;
		if (element.italic) style.italic = true;
		if (element.strikethrough) style.strikeThrough = true;
		if (element.underline) style.underLine = true;
		if (element.inline_code) style.codeInline = true;
		if (element.link) style.link = { url: encodeLink(element.link) };
	}
	return { type: 'textRun', textRun: { text: element.text, style } };
}

function paragraphStyle(paragraph: Paragraph, number: number): IDataObject {
	switch (paragraph.kind) {
		case 'heading':
			return { headingLevel: Math.min(9, Math.max(1, Math.round(paragraph.level ?? 1))) };
		case 'bullet':
			return { list: { type: 'bullet', indentLevel: 1 } };
		case 'ordered':
			return { list: { type: 'number', indentLevel: 1, number } };
		case 'todo':
			return { list: { type: paragraph.done ? 'checkedBox' : 'checkBox', indentLevel: 1 } };
		case 'code':
			return { list: { type: 'code', indentLevel: 1 } };
		case 'quote':
			return { quote: true };
		default:
			return {};
	}
}

/** Paragraphs → legacy body blocks (numbered items count up within each run of them). */
export function legacyBlocksFromParagraphs(paragraphs: Paragraph[]): IDataObject[] {
	let number = 0;
	return paragraphs.map((paragraph) => {
		number = paragraph.kind === 'ordered' ? number + 1 : 0;
		if (paragraph.kind === 'divider') return { type: 'horizontalLine', horizontalLine: {} };
		const elements = paragraph.elements.length
			? paragraph.elements
			: [{ type: 'text' as const, text: paragraph.text }];
		return {
			type: 'paragraph',
			paragraph: { elements: elements.map(writeElement), style: paragraphStyle(paragraph, number) },
		};
	});
}

/** The PATCH request that adds blocks at the end of the body (zone "0"). */
export function appendBlocksRequest(blocks: IDataObject[]): string {
	return JSON.stringify({
		requestType: 'InsertBlocksRequestType',
		insertBlocksRequest: {
			payload: JSON.stringify({ blocks }),
			location: { zoneId: '0', index: 0, endOfZone: true },
		},
	});
}

/**
 * The body's character range, from the blocks' `loc` (UTF-16 offsets in zone "0"), for a
 * DeleteContentRangeRequestType. Undefined when some block does not say where it is: then the
 * range cannot be known and nothing should be deleted. An empty body gives `{ empty: true }`.
 */
export function legacyBodyRange(
	content: unknown,
): { empty: true } | { empty: false; startIndex: number; endIndex: number } | undefined {
	const doc = parseContent(content);
	const blocks = doc ? bodyBlocks(doc) : [];
	if (blocks.length === 0) return { empty: true };
	let start = Infinity;
	let end = -Infinity;
	for (const block of blocks) {
		const inner = Object.values(block).map((v) => asObject(v));
		const loc = asObject(block.loc) ?? inner.map((v) => asObject(v?.loc)).find(Boolean);
		const from = Number(loc?.startIndex);
		const to = Number(loc?.endIndex);
		if (!loc || !Number.isFinite(from) || !Number.isFinite(to) || String(loc.zoneId ?? '0') !== '0')
			return undefined;
		start = Math.min(start, from);
		end = Math.max(end, to);
	}
	return end > start ? { empty: false, startIndex: start, endIndex: end } : undefined;
}

/** The PATCH request that deletes a range of the body. */
export function deleteRangeRequest(startIndex: number, endIndex: number): string {
	return JSON.stringify({
		requestType: 'DeleteContentRangeRequestType',
		deleteContentRangeRequest: { deleteRange: { zoneId: '0', startIndex, endIndex } },
	});
}
