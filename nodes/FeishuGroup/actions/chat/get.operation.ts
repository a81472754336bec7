import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator, simplifyOption, userIdTypeOption } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { simplifyChat } from './simplify';

export const get: OperationDefinition = {
	value: 'get',
	name: 'Get',
	action: 'Get a chat',
	description: "Get a chat's name, description, owner, settings and member counts",
	properties: [chatIdLocator, userIdTypeOption, simplifyOption],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const data = await feishuApiRequest.call(this, {
			method: 'GET',
			path: `/im/v1/chats/${segment(chatId)}`,
			qs: { user_id_type: this.getNodeParameter('userIdType', itemIndex) as string },
			idempotent: true,
			scopes: ['im:chat', 'im:chat:read', 'im:chat:readonly'],
			itemIndex,
		});
		// Feishu's answer has no chat_id; add it so the next node can chain on it.
		const chat: IDataObject = { chat_id: chatId, ...data };
		return this.getNodeParameter('simplify', itemIndex) ? simplifyChat(chat) : chat;
	},
};
