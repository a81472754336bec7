import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';

export const isInChat: OperationDefinition = {
	value: 'isInChat',
	name: 'Is In Chat',
	action: 'Check whether the bot or user is in a chat',
	description:
		"Check whether the caller (the app's bot, or the signed-in user with OAuth2) is a member of a chat",
	properties: [chatIdLocator],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const data = await feishuApiRequest.call(this, {
			method: 'GET',
			path: `/im/v1/chats/${segment(chatId)}/members/is_in_chat`,
			idempotent: true,
			scopes: [
				'im:chat',
				'im:chat.members:read',
				'im:chat:readonly',
				'im:chat.group_info:readonly',
			],
			itemIndex,
		});
		return { chat_id: chatId, is_in_chat: data.is_in_chat === true };
	},
};
