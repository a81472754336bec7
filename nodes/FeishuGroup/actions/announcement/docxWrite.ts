import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chunk } from '../../../shared/chunk';
import { withNote } from '../shared/errorNote';
import { MAX_CHILDREN_PER_CREATE, batchDelete, createChildren, getRootBlock } from './docxApi';

/** What a docx write did: the blocks made and the announcement's revision afterwards. */
export interface DocxWriteResult {
	block_ids: string[];
	revision?: number;
}

function createdIds(data: IDataObject): string[] {
	const children = (data.children as IDataObject[] | undefined) ?? [];
	return children.map((child) => String(child.block_id ?? '')).filter(Boolean);
}

/**
 * Creates top-level blocks in chunks of at most 50 (Feishu's cap per call), at the end
 * (`index` -1) or from position `index` on. If a later chunk fails, the error says how many
 * blocks were already written.
 */
export async function createTopLevelBlocks(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	blocks: IDataObject[],
	options: { index?: number; step: string; alreadyDone?: string },
): Promise<DocxWriteResult> {
	const result: DocxWriteResult = { block_ids: [] };
	const chunks = chunk(blocks, MAX_CHILDREN_PER_CREATE);
	for (const [number, children] of chunks.entries()) {
		const index =
			options.index === undefined || options.index < 0
				? -1
				: options.index + number * MAX_CHILDREN_PER_CREATE;
		try {
			const data = await createChildren(context, chatId, itemIndex, children, {
				index,
				step: `${options.step}:${number}`,
			});
			result.block_ids.push(...createdIds(data));
			if (typeof data.revision_id === 'number') result.revision = data.revision_id;
		} catch (error) {
			const written = number * MAX_CHILDREN_PER_CREATE;
			const notes = [options.alreadyDone ?? ''];
			if (written > 0)
				notes.push(`${written} of ${blocks.length} blocks were already written before this error.`);
			throw withNote(context.getNode(), error, notes.filter(Boolean).join(' '), itemIndex);
		}
	}
	return result;
}

/**
 * Makes the docx announcement exactly `blocks`: counts the page's top-level children, deletes
 * [0, n) and creates the new blocks. Not atomic (Feishu has no transaction): an error after the
 * delete says so, and running Replace again finishes the job.
 *
 * The steps' client_tokens include the revision Replace started from: a retry of the item (Retry
 * On Fail) deletes what the first attempt wrote, so its creates must be new edits, not replays of
 * the first attempt's (Feishu would answer those without writing anything).
 */
export async function replaceDocxBlocks(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	blocks: IDataObject[],
	baseRevision: unknown,
): Promise<DocxWriteResult & { removed: number }> {
	const step = `replace@${String(baseRevision)}`;
	const root = await getRootBlock(context, chatId, itemIndex);
	const removed = Array.isArray(root.children) ? root.children.length : 0;
	let revision: number | undefined;
	if (removed > 0) {
		const data = await batchDelete(context, chatId, itemIndex, 0, removed, `${step}:delete`);
		if (typeof data.revision_id === 'number') revision = data.revision_id;
	}
	const created = await createTopLevelBlocks(context, chatId, itemIndex, blocks, {
		step: `${step}:create`,
		alreadyDone:
			removed > 0
				? `The ${removed} old top-level block(s) were already removed; run Replace again to write the new content.`
				: undefined,
	});
	return { removed, block_ids: created.block_ids, revision: created.revision ?? revision };
}
