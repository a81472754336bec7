import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { defineByField } from '../shared/input';
import { docxBlockFromParagraph } from './docxBlocks';
import type { FormRow, InvalidInput } from './form';
import { paragraphsField, paragraphsFromForm } from './form';
import { legacyBlocksFromParagraphs } from './legacyDoc';
import type { AnnouncementFormat, Paragraph } from './model';
import type { RawBlocks } from './rawBlocks';
import { DOCX_BLOCKS_EXAMPLE, formatMismatchMessage, parseRawBlocks } from './rawBlocks';

/** What Append and Replace write: form paragraphs (either format) or raw blocks (one format). */
export type WriteInput = { paragraphs: Paragraph[] } | { raw: RawBlocks };

/** The fields shared by Append and Replace. */
export function contentFields(): INodeProperties[] {
	return [
		defineByField(
			"Blocks as JSON in the announcement's own format (docx blocks or legacy doc blocks), sent as written",
		),
		paragraphsField,
		{
			displayName: 'Blocks (JSON)',
			name: 'blocksJson',
			type: 'json',
			default: DOCX_BLOCKS_EXAMPLE,
			description:
				'Array of docx create-shape blocks ({"block_type":2,"text":{…}}; link URLs percent-encoded) for a docx announcement, or of legacy blocks ({"type":"paragraph","paragraph":{…}}) for a legacy one',
			displayOptions: { show: { defineBy: ['json'] } },
		},
	];
}

function invalidInput(context: IExecuteFunctions, itemIndex: number): InvalidInput {
	return (message, description) =>
		new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** Reads and checks the input before any request, so bad input costs no call. */
export function readWriteInput(context: IExecuteFunctions, itemIndex: number): WriteInput {
	const invalid = invalidInput(context, itemIndex);
	const defineBy = context.getNodeParameter('defineBy', itemIndex) as string;
	if (defineBy === 'json')
		return { raw: parseRawBlocks(context.getNodeParameter('blocksJson', itemIndex), invalid) };
	const rows = context.getNodeParameter('paragraphs.paragraph', itemIndex, []) as FormRow[];
	const paragraphs = paragraphsFromForm(rows, invalid);
	if (paragraphs.length === 0) {
		throw invalid(
			'Nothing to write',
			'Add at least one paragraph with some text, a mention or a divider.',
		);
	}
	return { paragraphs };
}

/** The blocks to send for this chat's format; raw blocks of the other format are refused. */
export function blocksForFormat(
	context: IExecuteFunctions,
	itemIndex: number,
	input: WriteInput,
	format: AnnouncementFormat,
): IDataObject[] {
	if ('raw' in input) {
		if (input.raw.format !== format) {
			const { message, description } = formatMismatchMessage(input.raw.format, format);
			throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
		}
		return input.raw.blocks;
	}
	return format === 'docx'
		? input.paragraphs.map(docxBlockFromParagraph)
		: legacyBlocksFromParagraphs(input.paragraphs);
}
