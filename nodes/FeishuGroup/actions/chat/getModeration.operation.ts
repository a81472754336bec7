import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequestAllItems } from '../../../shared/pagination';
import { feishuApiRequest } from '../../../shared/transport';
import {
	chatIdLocator,
	limitOption,
	returnAllOption,
	userIdTypeOption,
} from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { MODERATION_READ_SCOPES } from './scopes';

const MAX_PAGE_SIZE = 100;

export const getModeration: OperationDefinition = {
	value: 'getModeration',
	name: 'Get Moderation',
	action: 'Get who can speak in a chat',
	description:
		"Get a chat's speaking permission (everyone, owner and managers, or a moderator list) and the moderators",
	properties: [
		chatIdLocator,
		{
			...returnAllOption,
			description: 'Whether to return every moderator or only up to a given limit',
		},
		{ ...limitOption, description: 'Max number of moderators to return' },
		{ ...userIdTypeOption, description: 'Type of the moderator IDs in the answer' },
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as number);
		const request = {
			method: 'GET' as const,
			path: `/im/v1/chats/${segment(chatId)}/moderation`,
			qs: { user_id_type: this.getNodeParameter('userIdType', itemIndex) as string },
			idempotent: true,
			scopes: MODERATION_READ_SCOPES,
			itemIndex,
		};
		// The first page carries moderation_setting, which the pagination helper does not return,
		// so it is read here; the helper then continues from its page_token.
		const first = await feishuApiRequest.call(this, {
			...request,
			qs: { ...request.qs, page_size: Math.min(MAX_PAGE_SIZE, limit) },
		});
		const moderators = [...((first.items as IDataObject[] | undefined) ?? [])];
		if (
			first.has_more === true &&
			typeof first.page_token === 'string' &&
			moderators.length < limit
		) {
			const rest = await feishuApiRequestAllItems.call(
				this,
				{ ...request, qs: { ...request.qs, page_token: first.page_token } },
				{
					returnAll,
					limit: returnAll ? undefined : limit - moderators.length,
					maxPageSize: MAX_PAGE_SIZE,
				},
			);
			moderators.push(...rest);
		}
		return {
			chat_id: chatId,
			moderation_setting: first.moderation_setting,
			moderators: returnAll ? moderators : moderators.slice(0, limit),
		};
	},
};
