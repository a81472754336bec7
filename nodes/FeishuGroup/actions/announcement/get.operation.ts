import { chatIdLocator, simplifyOption, userIdTypeOption } from '../../descriptions/common';
import { feishuCode, withNote } from '../shared/errorNote';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { DOCX_ANNOUNCEMENT_CODE, docxAnnouncementNote } from './docxHint';
import { fetchAnnouncement } from './fetch';
import { simplifyAnnouncement } from './simplify';

export const get: OperationDefinition = {
	value: 'get',
	name: 'Get',
	action: 'Get a chat announcement',
	description:
		"Get a chat's announcement: title, text, revision (needed to update it) and who changed it when",
	properties: [
		chatIdLocator,
		{ ...userIdTypeOption, description: 'Type of the owner and modifier user IDs in the output' },
		{
			...simplifyOption,
			description:
				'Whether to return the title and text as plain strings, the content parsed into an object (content_parsed) and ISO dates, instead of the raw data with the content as a JSON string',
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const userIdType = this.getNodeParameter('userIdType', itemIndex) as string;
		let data;
		try {
			data = await fetchAnnouncement(this, chatId, itemIndex, userIdType);
		} catch (error) {
			const note = feishuCode(error) === DOCX_ANNOUNCEMENT_CODE ? docxAnnouncementNote(chatId) : '';
			throw withNote(this.getNode(), error, note, itemIndex);
		}
		const announcement = { chat_id: chatId, ...data };
		return this.getNodeParameter('simplify', itemIndex)
			? simplifyAnnouncement(announcement)
			: announcement;
	},
};
