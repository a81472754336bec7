import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { READ_SCOPES } from './scopes';

export const getShareLink: OperationDefinition = {
	value: 'getShareLink',
	name: 'Get Share Link',
	action: 'Get a chat share link',
	description:
		'Create a link people can open to join the chat, valid for a week, a year or permanently',
	properties: [
		chatIdLocator,
		{
			displayName: 'Validity',
			name: 'validityPeriod',
			type: 'options',
			options: [
				{ name: 'One Week', value: 'week', description: 'The link expires after 7 days' },
				{ name: 'One Year', value: 'year', description: 'The link expires after one year' },
				{ name: 'Permanent', value: 'permanently', description: 'The link never expires' },
			],
			default: 'week',
			description:
				'How long the link works. It also stops working when the bot that made it leaves the chat or is disabled.',
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const data = await feishuApiRequest.call(this, {
			method: 'POST',
			path: `/im/v1/chats/${segment(chatId)}/link`,
			body: { validity_period: this.getNodeParameter('validityPeriod', itemIndex) as string },
			scopes: READ_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, ...data };
	},
};
