import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequestAllItems } from '../../../shared/pagination';
import {
	chatIdLocator,
	limitOption,
	returnAllOption,
	simplifyOption,
} from '../../descriptions/common';
import { listMemberIdTypeOption } from '../../descriptions/members';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';

/** Feishu's largest page for GET /members. */
const MAX_PAGE_SIZE = 100;

export const getAll: OperationDefinition = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many members of a chat',
	description: 'List the users in a chat (one item per member; Feishu does not list bots)',
	properties: [
		chatIdLocator,
		returnAllOption,
		limitOption,
		listMemberIdTypeOption,
		{
			...simplifyOption,
			description:
				'Whether to return only the member ID, its type and name (plus the chat ID) instead of the raw data',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Check Security Settings',
					name: 'checkSecurityConf',
					type: 'boolean',
					default: false,
					description:
						"Whether Feishu applies the organisation's security settings to the list (check_security_conf). Feishu's API page does not describe it; the official SDK's request type has it, and its answer type carries trigger_security_conf_limit and security_conf_limit.",
				},
			],
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {
			member_id_type: this.getNodeParameter('memberIdType', itemIndex) as string,
		};
		if (typeof options.checkSecurityConf === 'boolean')
			qs.check_security_conf = options.checkSecurityConf;
		const members = await feishuApiRequestAllItems.call(
			this,
			{
				method: 'GET',
				path: `/im/v1/chats/${segment(chatId)}/members`,
				qs,
				scopes: [
					'im:chat',
					'im:chat.members:read',
					'im:chat:readonly',
					'im:chat.group_info:readonly',
				],
				itemIndex,
			},
			{ returnAll, limit, maxPageSize: MAX_PAGE_SIZE },
		);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return members.map((member): IDataObject => {
			if (!simplify) return { chat_id: chatId, ...member };
			return {
				chat_id: chatId,
				member_id: member.member_id,
				member_id_type: member.member_id_type,
				name: member.name,
			};
		});
	},
};
