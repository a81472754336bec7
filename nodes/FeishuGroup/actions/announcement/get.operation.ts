import type { IDataObject } from 'n8n-workflow';

import { chatIdLocator, simplifyOption, userIdTypeOption } from '../../descriptions/common';
import { feishuCode, withNote } from '../shared/errorNote';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { listBlocks } from './docxApi';
import { LEGACY_ANNOUNCEMENT_CODE, legacyAnnouncementNote } from './docxHint';
import { fetchAnnouncement } from './fetch';
import { detectFormat, legacyUnlessDocx } from './format';
import { simplifyAnnouncement, simplifyDocxAnnouncement } from './simplify';

export const get: OperationDefinition = {
	value: 'get',
	name: 'Get',
	action: 'Get a chat announcement',
	description:
		"Read a chat's announcement in either format (docx or legacy): plain text, paragraphs with their kind (heading, bullet, numbered, to-do, quote, code, divider), mentions and links, the revision and who changed it when",
	properties: [
		chatIdLocator,
		{ ...userIdTypeOption, description: 'Type of the owner and modifier user IDs in the output' },
		{
			...simplifyOption,
			description:
				'Whether to return plain text, paragraphs and ISO dates instead of the raw data (docx: basic info plus every block; legacy: the content as a JSON string)',
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const userIdType = this.getNodeParameter('userIdType', itemIndex) as string;
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;

		const probe = await detectFormat(this, chatId, itemIndex, userIdType);
		if (probe.format === 'docx') {
			let blocks: IDataObject[];
			try {
				blocks = await listBlocks(this, chatId, itemIndex, userIdType);
			} catch (error) {
				// The format changed between the two calls only in theory; say so if Feishu disagrees.
				const note =
					feishuCode(error) === LEGACY_ANNOUNCEMENT_CODE ? legacyAnnouncementNote(chatId) : '';
				throw withNote(this.getNode(), error, note, itemIndex);
			}
			const info = probe.info ?? {};
			return simplify
				? simplifyDocxAnnouncement(chatId, info, blocks)
				: { chat_id: chatId, ...info, blocks };
		}

		const data = await legacyUnlessDocx(this, probe, itemIndex, 'read', async () =>
			fetchAnnouncement(this, chatId, itemIndex, userIdType),
		);
		const announcement = { chat_id: chatId, ...data };
		return simplify
			? simplifyAnnouncement(announcement)
			: { ...announcement, announcement_type: 'doc' };
	},
};
