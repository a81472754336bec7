import type { IDataObject } from 'n8n-workflow';

import type { InvalidInput } from './form';
import type { AnnouncementFormat } from './model';

/**
 * The raw-blocks alternative of Append and Replace: blocks written in one format's own JSON,
 * sent as they are. docx blocks are create-shape blocks (`{"block_type":2,"text":{…}}`); legacy
 * blocks are old-doc blocks (`{"type":"paragraph","paragraph":{…}}`). Also accepted: the API's
 * own envelopes `{"children":[…]}` (docx) and `{"blocks":[…]}` (legacy).
 */

export interface RawBlocks {
	format: AnnouncementFormat;
	blocks: IDataObject[];
}

export const DOCX_BLOCKS_EXAMPLE = JSON.stringify(
	[
		{ block_type: 3, heading1: { elements: [{ text_run: { content: 'Welcome' } }] } },
		{
			block_type: 2,
			text: {
				elements: [
					{ text_run: { content: 'Read the ' } },
					{
						text_run: {
							content: 'handbook',
							text_element_style: {
								bold: true,
								link: { url: 'https%3A%2F%2Fexample.com%2Fhandbook' },
							},
						},
					},
				],
			},
		},
	],
	null,
	2,
);

function parse(value: unknown, invalid: InvalidInput): unknown {
	if (typeof value !== 'string') return value;
	if (value.trim() === '') throw invalid('Blocks (JSON) is empty');
	try {
		return JSON.parse(value) as unknown;
	} catch (error) {
		throw invalid(`Blocks (JSON) is not valid JSON: ${(error as Error).message}`);
	}
}

function formatOf(block: IDataObject): AnnouncementFormat | undefined {
	if (typeof block.block_type === 'number') return 'docx';
	if (typeof block.type === 'string' || block.paragraph !== undefined) return 'doc';
	return undefined;
}

/** Parses and checks the raw blocks; all must be of one format. */
export function parseRawBlocks(value: unknown, invalid: InvalidInput): RawBlocks {
	let parsed = parse(value, invalid);
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
		const envelope = parsed as IDataObject;
		if (Array.isArray(envelope.children)) parsed = envelope.children;
		else if (Array.isArray(envelope.blocks)) parsed = envelope.blocks;
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	const hint =
		'Give an array of docx blocks such as {"block_type":2,"text":{"elements":[{"text_run":{"content":"Hi"}}]}} or of legacy blocks such as {"type":"paragraph","paragraph":{"elements":[{"type":"textRun","textRun":{"text":"Hi"}}]}}.';
	if (list.length === 0) throw invalid('Blocks (JSON) holds no blocks', hint);
	let format: AnnouncementFormat | undefined;
	const blocks = list.map((entry, index) => {
		if (!entry || typeof entry !== 'object' || Array.isArray(entry))
			throw invalid(`Block ${index + 1} is not an object`, hint);
		const blockFormat = formatOf(entry as IDataObject);
		if (!blockFormat)
			throw invalid(
				`Block ${index + 1} is neither a docx block (numeric "block_type") nor a legacy block ("type")`,
				hint,
			);
		if (format && blockFormat !== format)
			throw invalid('Blocks (JSON) mixes docx and legacy blocks', 'Use one format for all blocks.');
		format = blockFormat;
		return entry as IDataObject;
	});
	return { format: format as AnnouncementFormat, blocks };
}

/** Why raw blocks cannot go into this chat's announcement, and what to do instead. */
export function formatMismatchMessage(
	blocks: AnnouncementFormat,
	chat: AnnouncementFormat,
): { message: string; description: string } {
	const name = (f: AnnouncementFormat) => (f === 'docx' ? 'docx' : 'legacy (doc)');
	return {
		message: `This chat's announcement is ${name(chat)}, but Blocks (JSON) holds ${name(blocks)} blocks`,
		description:
			chat === 'docx'
				? 'Give docx blocks ({"block_type":2,"text":{…}}), or set Define By to Fields: the form works for both formats.'
				: 'Give legacy blocks ({"type":"paragraph","paragraph":{…}}), or set Define By to Fields: the form works for both formats.',
	};
}
