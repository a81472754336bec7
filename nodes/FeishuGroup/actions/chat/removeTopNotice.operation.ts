import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { TOP_NOTICE_SCOPES } from './scopes';

export const removeTopNotice: OperationDefinition = {
	value: 'removeTopNotice',
	name: 'Remove Top Notice',
	action: 'Remove the top notice of a chat',
	description: 'Unpin the announcement or message pinned at the top of a chat',
	properties: [chatIdLocator],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		await feishuApiRequest.call(this, {
			method: 'POST',
			path: `/im/v1/chats/${segment(chatId)}/top_notice/delete_top_notice`,
			scopes: TOP_NOTICE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, success: true };
	},
};
