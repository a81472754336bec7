import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { chunk } from '../../../shared/chunk';
import { chatIdLocator } from '../../descriptions/common';
import { feishuCode, withNote } from '../shared/errorNote';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { MAX_REQUESTS_PER_UPDATE, batchUpdate as sendBatchUpdate } from './docxApi';
import {
	DOCX_ANNOUNCEMENT_CODE,
	LEGACY_ANNOUNCEMENT_CODE,
	docxAnnouncementNote,
	legacyAnnouncementNote,
	legacyDeleteRefusedNote,
} from './docxHint';
import { DOCX_REQUESTS_EXAMPLE, parseDocxRequests } from './docxRequests';
import { currentLegacyRevision } from './fetch';
import { patchLegacyAnnouncement } from './legacyPatch';
import { LEGACY_REQUESTS_EXAMPLE, requestsFromJson } from './requests';

const showFor = (requestFormat: string) => ({ show: { requestFormat: [requestFormat] } });

/** The note for a request sent to the other format's API. */
function formatNote(error: unknown, chatId: string): string {
	const code = feishuCode(error);
	if (code === DOCX_ANNOUNCEMENT_CODE) return docxAnnouncementNote(chatId);
	if (code === LEGACY_ANNOUNCEMENT_CODE) return legacyAnnouncementNote(chatId);
	return legacyDeleteRefusedNote(error);
}

export const batchUpdate: OperationDefinition = {
	value: 'batchUpdate',
	name: 'Batch Update',
	action: 'Send raw edit requests to a chat announcement',
	description:
		"Advanced: send edit requests as JSON in the announcement's own format: docx batch_update requests (change a block's text or style, table and grid edits, images) or legacy doc edit requests",
	properties: [
		chatIdLocator,
		{
			displayName: 'Request Format',
			name: 'requestFormat',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Docx',
					value: 'docx',
					description:
						'Batch_update requests for the newer docx announcement (every chat created since May 2025)',
				},
				{
					name: 'Legacy Doc',
					value: 'doc',
					description: 'Legacy doc edit requests (InsertBlocksRequestType …) for older chats',
				},
			],
			default: 'docx',
			description: 'Which API the requests are for; use Get to see the format of a chat',
		},
		{
			displayName: 'Requests (JSON)',
			name: 'docxRequests',
			type: 'json',
			default: DOCX_REQUESTS_EXAMPLE,
			description:
				'Array of batch_update requests, each a block_id and one operation (update_text_elements, update_text_style, insert_table_row, replace_image …). More than 200 are sent in several calls.',
			displayOptions: showFor('docx'),
		},
		{
			displayName: 'Revision ID',
			name: 'revisionId',
			type: 'number',
			typeOptions: { minValue: -1 },
			default: -1,
			description:
				'Revision the requests are based on (from Get); -1 is the latest. Feishu rebases older ones, up to 1000 back.',
			displayOptions: showFor('docx'),
		},
		{
			displayName: 'Requests (JSON)',
			name: 'legacyRequests',
			type: 'json',
			default: LEGACY_REQUESTS_EXAMPLE,
			description:
				'Array of legacy doc edit requests (InsertBlocksRequestType, UpdateTitleRequestType, DeleteContentRangeRequestType …), as objects or JSON strings; object payloads are JSON-encoded for you',
			displayOptions: showFor('doc'),
		},
		{
			displayName: 'Revision',
			name: 'revision',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12',
			description:
				'Revision the requests are based on (at most 100 behind). Leave empty to read the current one first.',
			displayOptions: showFor('doc'),
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const format = this.getNodeParameter('requestFormat', itemIndex) as string;
		const invalid = (message: string, description?: string) =>
			new NodeOperationError(this.getNode(), message, { itemIndex, description });

		if (format === 'doc') {
			const requests = requestsFromJson(
				this.getNodeParameter('legacyRequests', itemIndex),
				invalid,
			);
			if (requests.length === 0) throw invalid('Nothing to send', 'Give at least one request.');
			const givenRevision = String(this.getNodeParameter('revision', itemIndex, '') ?? '').trim();
			try {
				const revision = givenRevision || (await currentLegacyRevision(this, chatId, itemIndex));
				await patchLegacyAnnouncement(this, chatId, itemIndex, revision, requests);
				return {
					chat_id: chatId,
					format: 'doc',
					based_on_revision: revision,
					request_count: requests.length,
				};
			} catch (error) {
				throw withNote(this.getNode(), error, formatNote(error, chatId), itemIndex);
			}
		}

		const requests = parseDocxRequests(this.getNodeParameter('docxRequests', itemIndex), invalid);
		const revisionId = Number(this.getNodeParameter('revisionId', itemIndex, -1));
		const blocks: IDataObject[] = [];
		let revision: number | undefined;
		const calls = chunk(requests, MAX_REQUESTS_PER_UPDATE);
		for (const [number, part] of calls.entries()) {
			try {
				const data = await sendBatchUpdate(this, chatId, itemIndex, part, {
					// Later calls build on the earlier ones, so they go on the latest revision.
					revisionId: number === 0 ? revisionId : -1,
					step: `batchUpdate:${number}`,
				});
				blocks.push(...((data.blocks as IDataObject[] | undefined) ?? []));
				if (typeof data.revision_id === 'number') revision = data.revision_id;
			} catch (error) {
				const done =
					number > 0
						? `${number * MAX_REQUESTS_PER_UPDATE} of ${requests.length} requests were already applied.`
						: '';
				const note = [formatNote(error, chatId), done].filter(Boolean).join(' ');
				throw withNote(this.getNode(), error, note, itemIndex);
			}
		}
		return { chat_id: chatId, format: 'docx', revision, request_count: requests.length, blocks };
	},
};
