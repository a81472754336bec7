import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';

export const join: OperationDefinition = {
	value: 'join',
	name: 'Join',
	action: 'Join a public chat',
	description:
		"Make the caller (the app's bot, or the signed-in user with OAuth2) join a public chat; private chats must use Add",
	properties: [
		{
			...chatIdLocator,
			description:
				'The public chat to join. Type part of its name in the list to also find public chats the bot is not in yet.',
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		await feishuApiRequest.call(this, {
			method: 'PATCH',
			path: `/im/v1/chats/${segment(chatId)}/members/me_join`,
			// Joining twice leaves the same state, so a resend after a network error is safe.
			idempotent: true,
			scopes: ['im:chat', 'im:chat.members:write_only'],
			itemIndex,
		});
		return { chat_id: chatId, success: true };
	},
};
