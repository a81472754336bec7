/**
 * The format-neutral announcement model: a list of paragraphs, each with a kind and inline
 * elements. Reads of both formats produce it and writes of both formats start from it, so the
 * user never needs to know whether a chat's announcement is docx or legacy doc.
 */

export type AnnouncementFormat = 'docx' | 'doc';

export type ParagraphKind =
	| 'text'
	| 'heading'
	| 'bullet'
	| 'ordered'
	| 'todo'
	| 'quote'
	| 'code'
	| 'divider'
	/** A block that is not text (image, table, file, chat card …); kept so readers know it is there. */
	| 'other';

/** Inline styles shared by both formats. */
export interface SpanStyle {
	bold?: boolean;
	italic?: boolean;
	strikethrough?: boolean;
	underline?: boolean;
	inline_code?: boolean;
}

export interface TextElement extends SpanStyle {
	type: 'text';
	text: string;
	/** Decoded link target, when the run is a hyperlink. */
	link?: string;
}

export interface MentionElement {
	type: 'mention';
	/** The mentioned user's ID (an open_id in the docx API). */
	user_id: string;
	/** How the mention reads in plain text: `@<user_id>` (Feishu returns no name). */
	text: string;
}

export interface DocElement {
	type: 'doc';
	text: string;
	url?: string;
	title?: string;
	token?: string;
	obj_type?: number;
}

export interface EquationElement {
	type: 'equation';
	text: string;
}

/** An element the model does not understand (reminder, inline file …), kept by name. */
export interface OtherElement {
	type: 'other';
	element: string;
	text: string;
}

export type Element = TextElement | MentionElement | DocElement | EquationElement | OtherElement;

export interface Paragraph {
	kind: ParagraphKind;
	/** The paragraph as plain text (mentions as `@id`, documents by title). */
	text: string;
	/** Heading level 1–9. */
	level?: number;
	/** To-do state. */
	done?: boolean;
	/** Code language number (docx `style.language`). */
	language?: number;
	elements: Element[];
	/** IDs of the users mentioned in the paragraph. */
	mentions?: string[];
	/** Link targets in the paragraph (decoded URLs). */
	links?: string[];
	/** docx block ID (absent for legacy announcements). */
	block_id?: string;
	/** For kind "other": what it is (the docx payload key, e.g. "image", or the legacy block type). */
	block?: string;
	/** Nesting below the top level (children of list items, table cells, callouts …); 0 is omitted. */
	depth?: number;
}

/** The announcement read back: title line, plain text and paragraphs. */
export interface ReadAnnouncement {
	title: string;
	text: string;
	paragraphs: Paragraph[];
}

/** Adds `mentions` and `links` to a paragraph when it has any, so readers need not scan elements. */
export function withMentionsAndLinks(paragraph: Paragraph): Paragraph {
	const mentions = paragraph.elements
		.filter((e): e is MentionElement => e.type === 'mention')
		.map((e) => e.user_id);
	const links: string[] = [];
	for (const element of paragraph.elements) {
		if (element.type === 'text' && element.link) links.push(element.link);
		if (element.type === 'doc' && element.url) links.push(element.url);
	}
	const result: Paragraph = { ...paragraph };
	if (mentions.length > 0) result.mentions = [...new Set(mentions)];
	if (links.length > 0) result.links = [...new Set(links)];
	return readableOrder(result);
}

const KEY_ORDER = ['kind', 'level', 'done', 'language', 'block', 'text', 'mentions', 'links'];

/** The same paragraph with its keys in reading order (kind first, elements and ids last). */
export function readableOrder(paragraph: Paragraph): Paragraph {
	const ordered: Record<string, unknown> = {};
	for (const key of KEY_ORDER)
		if (key in paragraph) ordered[key] = paragraph[key as keyof Paragraph];
	for (const [key, value] of Object.entries(paragraph)) if (!(key in ordered)) ordered[key] = value;
	return ordered as unknown as Paragraph;
}

/** Plain text of some elements. */
export function elementsText(elements: Element[]): string {
	return elements.map((e) => e.text).join('');
}

/**
 * The whole announcement as readable text, one line per paragraph, with light list markers so the
 * structure survives: `- ` bullets, `1. ` numbered items, `[ ]`/`[x]` to-dos, `> ` quotes and
 * `---` for a divider. Plain paragraphs and headings are the bare text.
 */
export function paragraphsText(paragraphs: Paragraph[]): string {
	const lines: string[] = [];
	let number = 0;
	for (const paragraph of paragraphs) {
		number = paragraph.kind === 'ordered' ? number + 1 : 0;
		const indent = '  '.repeat(paragraph.depth ?? 0);
		switch (paragraph.kind) {
			case 'bullet':
				lines.push(`${indent}- ${paragraph.text}`);
				break;
			case 'ordered':
				lines.push(`${indent}${number}. ${paragraph.text}`);
				break;
			case 'todo':
				lines.push(`${indent}[${paragraph.done ? 'x' : ' '}] ${paragraph.text}`);
				break;
			case 'quote':
				lines.push(`${indent}> ${paragraph.text}`);
				break;
			case 'divider':
				lines.push(`${indent}---`);
				break;
			case 'other':
				if (paragraph.text) lines.push(`${indent}${paragraph.text}`);
				break;
			default:
				lines.push(`${indent}${paragraph.text}`);
		}
	}
	return lines.join('\n');
}

/** Feishu wants link URLs percent-encoded; accept URLs the user already encoded. */
export function encodeLink(url: string): string {
	const trimmed = url.trim();
	if (/^[a-z][a-z0-9+.-]*%3A/i.test(trimmed)) return trimmed;
	return encodeURIComponent(trimmed);
}

/** The readable form of a percent-encoded link URL (left as it is when it is not valid encoding). */
export function decodeLink(url: string): string {
	try {
		return decodeURIComponent(url);
	} catch {
		return url;
	}
}
