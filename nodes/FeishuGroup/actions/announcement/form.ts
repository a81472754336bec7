import type { INodeProperties } from 'n8n-workflow';

import { parseIdList } from '../../../shared/chunk';
import type { Element, Paragraph, ParagraphKind } from './model';
import { withMentionsAndLinks } from './model';

/**
 * The paragraph form of Append and Replace: one row per paragraph (or per line of its text),
 * with kind, styles, an optional link and @mentions. It produces format-neutral paragraphs, so
 * the same rows work on docx and legacy announcements.
 */

export interface FormRow {
	kind?: string;
	text?: string;
	headingLevel?: number;
	done?: boolean;
	linkUrl?: string;
	mentionUserIds?: string | string[];
	bold?: boolean;
	italic?: boolean;
}

const KINDS: ParagraphKind[] = [
	'text',
	'heading',
	'bullet',
	'ordered',
	'todo',
	'quote',
	'code',
	'divider',
];

const notFor = (...kinds: ParagraphKind[]) => ({
	hide: { kind: kinds },
});

export const paragraphsField: INodeProperties = {
	displayName: 'Paragraphs',
	name: 'paragraphs',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Paragraph',
	default: { paragraph: [{ kind: 'text', text: '' }] },
	description: 'Paragraphs in order. Each non-empty line of a text becomes its own paragraph.',
	displayOptions: { show: { defineBy: ['fields'] } },
	options: [
		{
			displayName: 'Paragraph',
			name: 'paragraph',
			values: [
				{
					displayName: 'Bold',
					name: 'bold',
					type: 'boolean',
					default: false,
					description: 'Whether to show the text in bold',
					displayOptions: notFor('divider'),
				},
				{
					displayName: 'Done',
					name: 'done',
					type: 'boolean',
					default: false,
					description: 'Whether the to-do is ticked',
					displayOptions: { show: { kind: ['todo'] } },
				},
				{
					displayName: 'Heading Level',
					name: 'headingLevel',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 9 },
					default: 1,
					description: 'Level 1 is the largest heading',
					displayOptions: { show: { kind: ['heading'] } },
				},
				{
					displayName: 'Italic',
					name: 'italic',
					type: 'boolean',
					default: false,
					description: 'Whether to show the text in italics',
					displayOptions: notFor('divider'),
				},
				{
					displayName: 'Kind',
					name: 'kind',
					type: 'options',
					options: [
						{ name: 'Bulleted Item', value: 'bullet' },
						{ name: 'Code', value: 'code', description: 'A code block' },
						{ name: 'Divider', value: 'divider', description: 'A horizontal line (no text)' },
						{ name: 'Heading', value: 'heading' },
						{ name: 'Numbered Item', value: 'ordered' },
						{ name: 'Quote', value: 'quote' },
						{ name: 'Text', value: 'text', description: 'A plain paragraph' },
						{ name: 'To-Do', value: 'todo', description: 'A checkbox item' },
					],
					default: 'text',
				},
				{
					displayName: 'Link URL',
					name: 'linkUrl',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://example.com/handbook',
					description: 'Optional: the text becomes a link to this URL',
					displayOptions: notFor('divider', 'code'),
				},
				{
					displayName: 'Mention User IDs',
					name: 'mentionUserIds',
					type: 'string',
					default: '',
					placeholder: 'e.g. ou_7d8a6e6df7621556ce0d21922b676706ccs',
					description:
						'Optional open_IDs (ou_…) of users to @mention after the text, separated by commas. Mentions in an announcement send no notification.',
					displayOptions: notFor('divider', 'code'),
				},
				{
					displayName: 'Text',
					name: 'text',
					type: 'string',
					typeOptions: { rows: 3 },
					default: '',
					description: 'The text; each non-empty line becomes one paragraph of this kind',
					displayOptions: notFor('divider'),
				},
			],
		},
	],
};

/** A problem with a row, turned into the error to throw by the caller (which adds node and item). */
export type InvalidInput = (message: string, description?: string) => Error;

function kindOf(row: FormRow, index: number, invalid: InvalidInput): ParagraphKind {
	const kind = (row.kind ?? 'text') as ParagraphKind;
	if (!KINDS.includes(kind))
		throw invalid(
			`Paragraph ${index + 1} has an unknown kind "${row.kind}"`,
			`Use one of: ${KINDS.join(', ')}.`,
		);
	return kind;
}

/** One row → its paragraphs: one per non-empty line; mentions go after the last line's text. */
function rowParagraphs(row: FormRow, index: number, invalid: InvalidInput): Paragraph[] {
	const kind = kindOf(row, index, invalid);
	if (kind === 'divider') return [{ kind, text: '', elements: [] }];

	const mentions = parseIdList(row.mentionUserIds);
	if (mentions.length > 0 && kind === 'code') {
		throw invalid(
			`Paragraph ${index + 1}: a Code paragraph cannot @mention users`,
			'Feishu allows mentions in text, headings, list items, to-dos and quotes only.',
		);
	}
	const lines = String(row.text ?? '')
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '');
	if (lines.length === 0 && mentions.length > 0) lines.push('');
	const link = String(row.linkUrl ?? '').trim();

	return lines.map((line, lineIndex) => {
		const elements: Element[] = [];
		if (line !== '') {
			const run: Element = { type: 'text', text: line };
			if (row.bold) run.bold = true;
			if (row.italic) run.italic = true;
			if (link) run.link = link;
			elements.push(run);
		}
		if (lineIndex === lines.length - 1) {
			mentions.forEach((userId, mentionIndex) => {
				// A space keeps the mention apart from the text (and from the previous mention).
				if (elements.length > 0 || mentionIndex > 0) elements.push({ type: 'text', text: ' ' });
				elements.push({ type: 'mention', user_id: userId, text: `@${userId}` });
			});
		}
		const paragraph: Paragraph = {
			kind,
			text: elements.map((e) => e.text).join(''),
			elements,
		};
		if (kind === 'heading') {
			const level = Math.round(Number(row.headingLevel ?? 1));
			paragraph.level = Number.isFinite(level) ? Math.min(9, Math.max(1, level)) : 1;
		}
		if (kind === 'todo') paragraph.done = row.done === true;
		return withMentionsAndLinks(paragraph);
	});
}

/** The form's rows → paragraphs in order; rows without text or mentions add nothing. */
export function paragraphsFromForm(rows: FormRow[], invalid: InvalidInput): Paragraph[] {
	return rows.flatMap((row, index) => rowParagraphs(row, index, invalid));
}
