import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { TOP_NOTICE_SCOPES } from './scopes';

/** Feishu's action_type values (strings). */
const PIN_MESSAGE = '1';
const PIN_ANNOUNCEMENT = '2';

export const pinTopNotice: OperationDefinition = {
	value: 'pinTopNotice',
	name: 'Pin Top Notice',
	action: 'Pin a top notice in a chat',
	description: 'Pin the chat announcement or a message to the top of a chat',
	properties: [
		chatIdLocator,
		{
			displayName: 'Pin',
			name: 'pinType',
			type: 'options',
			options: [
				{ name: 'Announcement', value: 'announcement', description: 'Pin the chat announcement' },
				{ name: 'Message', value: 'message', description: 'Pin one message of the chat' },
			],
			default: 'announcement',
			description: "What to show as the chat's top notice",
		},
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. om_dc13264520392913993dd051dba21dcf',
			description: 'ID of the message to pin (om_…)',
			displayOptions: { show: { pinType: ['message'] } },
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const pinType = this.getNodeParameter('pinType', itemIndex) as string;
		const notice: IDataObject =
			pinType === 'message'
				? {
						action_type: PIN_MESSAGE,
						message_id: String(this.getNodeParameter('messageId', itemIndex)).trim(),
					}
				: { action_type: PIN_ANNOUNCEMENT };
		await feishuApiRequest.call(this, {
			method: 'POST',
			path: `/im/v1/chats/${segment(chatId)}/top_notice/put_top_notice`,
			body: { chat_top_notice: [notice] },
			scopes: TOP_NOTICE_SCOPES,
			itemIndex,
		});
		return {
			chat_id: chatId,
			success: true,
			pinned: pinType,
			...(notice.message_id ? { message_id: notice.message_id } : {}),
		};
	},
};
