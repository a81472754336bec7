import { NodeOperationError } from 'n8n-workflow';

import { chatIdLocator } from '../../descriptions/common';
import { feishuCode, withNote } from '../shared/errorNote';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { DOCX_ANNOUNCEMENT_CODE, docxAnnouncementNote, legacyDeleteRefusedNote } from './docxHint';
import { currentLegacyRevision } from './fetch';
import { patchLegacyAnnouncement } from './legacyPatch';
import { updateDocxWithEdits } from './docxEdits';
import type { EditFields } from './requests';
import { LEGACY_REQUESTS_EXAMPLE, requestsFromEdits, requestsFromJson } from './requests';

/** Feishu codes for a refused revision or request list. */
const REFUSED_UPDATE_CODES = [232001, 232018];

/** What the operation knows beyond the transport's hint: a stale given revision, a docx chat. */
function updateErrorNote(error: unknown, chatId: string, givenRevision: string): string {
	const code = feishuCode(error);
	if (code === DOCX_ANNOUNCEMENT_CODE) return docxAnnouncementNote(chatId);
	const deleteRefused = legacyDeleteRefusedNote(error);
	if (deleteRefused) return deleteRefused;
	if (givenRevision && code !== undefined && REFUSED_UPDATE_CODES.includes(code)) {
		return `Revision ${givenRevision} may be stale or invalid: leave Revision empty to use the current one.`;
	}
	return '';
}

export const update: OperationDefinition = {
	value: 'update',
	name: 'Update',
	action: 'Update a chat announcement',
	description:
		'The original announcement editor, kept for existing workflows: add paragraphs at the end or start, or set the title (both formats), or send legacy edit requests as JSON. For new workflows use Append, Replace or Batch Update.',
	properties: [
		chatIdLocator,
		{
			displayName: 'Define By',
			name: 'defineBy',
			type: 'options',
			options: [
				{
					name: 'Fields',
					value: 'fields',
					description: 'Add paragraphs or set the title with the editor below',
				},
				{
					name: 'JSON',
					value: 'json',
					description: 'Send legacy-doc edit requests as JSON (any request type)',
				},
			],
			default: 'fields',
			description: 'How to describe the changes',
		},
		{
			displayName: 'Edits',
			name: 'edits',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: 'Add Edit',
			default: { edit: [{ type: 'append', text: '' }] },
			description: 'Changes, applied in this order',
			displayOptions: { show: { defineBy: ['fields'] } },
			options: [
				{
					displayName: 'Edit',
					name: 'edit',
					values: [
						{
							displayName: 'Type',
							name: 'type',
							type: 'options',
							options: [
								{
									name: 'Append Paragraphs',
									value: 'append',
									description: 'Add the text at the end; each line becomes a paragraph',
								},
								{
									name: 'Insert Paragraphs at Start',
									value: 'prepend',
									description: 'Add the text at the beginning; each line becomes a paragraph',
								},
								{
									name: 'Set Title',
									value: 'setTitle',
									description: 'Replace the announcement title',
								},
							],
							default: 'append',
						},
						{
							displayName: 'Bold',
							name: 'bold',
							type: 'boolean',
							default: false,
							description: 'Whether to show the text in bold',
						},
						{
							displayName: 'Link URL',
							name: 'linkUrl',
							type: 'string',
							default: '',
							placeholder: 'e.g. https://example.com/handbook',
							description: 'Optional link target: the text becomes a link to this URL',
							displayOptions: { show: { type: ['append', 'prepend'] } },
						},
						{
							displayName: 'Text',
							name: 'text',
							type: 'string',
							typeOptions: { rows: 4 },
							default: '',
							description:
								'The text. For paragraphs each non-empty line becomes one paragraph; the title is one line.',
						},
					],
				},
			],
		},
		{
			displayName: 'Requests (JSON)',
			name: 'requestsJson',
			type: 'json',
			default: LEGACY_REQUESTS_EXAMPLE,
			description:
				'Array of legacy-doc edit requests (InsertBlocksRequestType, UpdateTitleRequestType, DeleteContentRangeRequestType, …), as objects or JSON strings. Objects, including a "payload" given as an object, are JSON-encoded for you.',
			displayOptions: { show: { defineBy: ['json'] } },
		},
		{
			displayName: 'Revision',
			name: 'revision',
			type: 'string',
			default: '',
			placeholder: 'e.g. 12',
			description:
				'Revision the edits are based on (from Get; at most 100 behind the latest). Leave empty to read the current revision first, which costs one extra request.',
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const defineBy = this.getNodeParameter('defineBy', itemIndex) as string;

		let requests: string[];
		if (defineBy === 'json') {
			const invalid = (message: string) =>
				new NodeOperationError(this.getNode(), message, {
					itemIndex,
					description:
						'Give an array of request objects such as {"requestType":"InsertBlocksRequestType","insertBlocksRequest":{…}}, or of JSON strings of them.',
				});
			requests = requestsFromJson(this.getNodeParameter('requestsJson', itemIndex), invalid);
		} else {
			const edits = this.getNodeParameter('edits', itemIndex, {}) as { edit?: EditFields[] };
			requests = requestsFromEdits(edits.edit ?? []).map((request) => JSON.stringify(request));
		}
		if (requests.length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', {
				itemIndex,
				description: 'Add at least one edit with some text, or at least one request in the JSON.',
			});
		}

		const givenRevision = String(this.getNodeParameter('revision', itemIndex, '') ?? '').trim();
		let revision = givenRevision;
		try {
			// The legacy API first, exactly as before, so existing workflows send the same requests.
			if (!revision) revision = await currentLegacyRevision(this, chatId, itemIndex);
			await patchLegacyAnnouncement(this, chatId, itemIndex, revision, requests);
		} catch (error) {
			// A docx announcement (every chat created since 2025-05-27): the editor's edits have exact
			// docx equivalents, so apply them there; raw legacy requests have none.
			if (feishuCode(error) === DOCX_ANNOUNCEMENT_CODE && defineBy !== 'json') {
				const edits = this.getNodeParameter('edits', itemIndex, {}) as { edit?: EditFields[] };
				return await updateDocxWithEdits(this, chatId, itemIndex, edits.edit ?? []);
			}
			throw withNote(
				this.getNode(),
				error,
				updateErrorNote(error, chatId, givenRevision),
				itemIndex,
			);
		}
		return {
			chat_id: chatId,
			success: true,
			revision,
			revision_read: !givenRevision,
			request_count: requests.length,
		};
	},
};
