import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuCode, withNote } from '../shared/errorNote';
import { currentLegacyRevision, fetchAnnouncement } from './fetch';
import { appendBlocksRequest, deleteRangeRequest, legacyBodyRange } from './legacyDoc';
import { patchLegacyAnnouncement } from './legacyPatch';

/** Feishu codes meaning "this edit request was refused", as opposed to access problems. */
const REFUSED_REQUEST_CODES = [232001, 232018];

/** Appends legacy blocks at the end of the body, on top of the current (or a just-read) revision. */
export async function appendLegacyBlocks(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	blocks: IDataObject[],
	knownRevision?: string,
): Promise<{ based_on_revision: string }> {
	const revision = knownRevision ?? (await currentLegacyRevision(context, chatId, itemIndex));
	await patchLegacyAnnouncement(context, chatId, itemIndex, revision, [
		appendBlocksRequest(blocks),
	]);
	return { based_on_revision: revision };
}

export type LegacyReplaceResult =
	| { replaced: true; based_on_revision: string; removed_range?: [number, number] }
	| { replaced: false; reason: string; explanation: string; revision: string };

const WHAT_INSTEAD =
	'Nothing was changed. Instead: use Append to add paragraphs, clear the announcement in the Feishu app and then Append, or set Options → If Replace Is Impossible to "Append Instead".';

/**
 * Replace on a legacy announcement: the legacy API has no "clear", only a character-range delete
 * whose offsets come from the content's `loc` fields, and Feishu may refuse that delete on
 * announcements. So: an empty body is simply appended to; otherwise the delete and the insert go
 * in one PATCH (applied together or not at all). When the range is unknown or Feishu refuses, the
 * result says why, and the caller decides between failing and appending.
 */
export async function replaceLegacyBlocks(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	blocks: IDataObject[],
): Promise<LegacyReplaceResult> {
	const current = await fetchAnnouncement(context, chatId, itemIndex);
	const revision = String(current.revision ?? '0');
	const range = legacyBodyRange(current.content);
	if (range === undefined) {
		return {
			replaced: false,
			revision,
			reason: 'no_locations',
			explanation:
				"Feishu's legacy (doc-format) announcement API cannot replace this announcement: its content does not say where each paragraph is, so the old paragraphs cannot be removed.",
		};
	}
	if (range.empty) {
		await patchLegacyAnnouncement(context, chatId, itemIndex, revision, [
			appendBlocksRequest(blocks),
		]);
		return { replaced: true, based_on_revision: revision };
	}
	try {
		await patchLegacyAnnouncement(context, chatId, itemIndex, revision, [
			deleteRangeRequest(range.startIndex, range.endIndex),
			appendBlocksRequest(blocks),
		]);
	} catch (error) {
		const code = feishuCode(error);
		if (code === undefined || !REFUSED_REQUEST_CODES.includes(code))
			throw withNote(context.getNode(), error, '', itemIndex);
		return {
			replaced: false,
			revision,
			reason: `refused_${code}`,
			explanation: `Feishu refused to delete the content of this legacy (doc-format) announcement (error ${code}: ${(error as Error).message}). The legacy API does not support replacing announcements.`,
		};
	}
	return {
		replaced: true,
		based_on_revision: revision,
		removed_range: [range.startIndex, range.endIndex],
	};
}

/** The error for a legacy Replace that could not be done: why, and what to do instead. */
export function legacyReplaceError(
	context: IExecuteFunctions,
	itemIndex: number,
	result: { explanation: string },
): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		'Replace is not possible on this legacy (doc-format) announcement',
		{ itemIndex, description: `${result.explanation}\n${WHAT_INSTEAD}` },
	);
}
