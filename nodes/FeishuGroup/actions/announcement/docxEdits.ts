import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withNote } from '../shared/errorNote';
import { batchUpdate } from './docxApi';
import { docxBlockFromParagraph, docxTitleElements } from './docxBlocks';
import { createTopLevelBlocks } from './docxWrite';
import type { Paragraph } from './model';
import type { EditFields } from './requests';

/** An Update edit's text → one plain paragraph per non-empty line, with its bold and link. */
function editParagraphs(edit: EditFields): Paragraph[] {
	return String(edit.text ?? '')
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '')
		.map((line) => {
			const run: Paragraph['elements'][number] = { type: 'text', text: line };
			if (edit.bold) run.bold = true;
			if (edit.linkUrl?.trim()) run.link = edit.linkUrl.trim();
			return { kind: 'text', text: line, elements: [run] };
		});
}

/**
 * The Update editor's edits on a docx announcement, in order: append → blocks at the end,
 * prepend → blocks at the start, set title → the page block's title line (the docx counterpart
 * of the legacy title). Lets workflows built for legacy chats keep working on new chats.
 */
export async function updateDocxWithEdits(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	edits: EditFields[],
): Promise<IDataObject> {
	let revision: number | undefined;
	let applied = 0;
	for (const [number, edit] of edits.entries()) {
		const step = `update:${number}`;
		try {
			if (edit.type === 'setTitle') {
				const title = String(edit.text ?? '').replace(/\r?\n/g, ' ');
				if (title.trim() === '') continue;
				const data = await batchUpdate(
					context,
					chatId,
					itemIndex,
					[
						{
							block_id: chatId,
							update_text_elements: { elements: docxTitleElements(title, { bold: edit.bold }) },
						},
					],
					{ step },
				);
				if (typeof data.revision_id === 'number') revision = data.revision_id;
			} else {
				const blocks = editParagraphs(edit).map(docxBlockFromParagraph);
				if (blocks.length === 0) continue;
				const result = await createTopLevelBlocks(context, chatId, itemIndex, blocks, {
					index: edit.type === 'prepend' ? 0 : -1,
					step,
				});
				if (result.revision !== undefined) revision = result.revision;
			}
		} catch (error) {
			const note = applied > 0 ? `${applied} earlier edit(s) were already applied.` : '';
			throw withNote(context.getNode(), error, note, itemIndex);
		}
		applied++;
	}
	return { chat_id: chatId, success: true, format: 'docx', revision, request_count: applied };
}
