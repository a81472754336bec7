import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { DELETE_SCOPES } from './scopes';

export const disband: OperationDefinition = {
	value: 'disband',
	name: 'Disband',
	action: 'Disband a chat',
	description:
		'Dissolve a group chat for everyone; its history is not kept. Owner only (or the bot that created it).',
	properties: [chatIdLocator],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		await feishuApiRequest.call(this, {
			method: 'DELETE',
			path: `/im/v1/chats/${segment(chatId)}`,
			scopes: DELETE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, success: true };
	},
};
