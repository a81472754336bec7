import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequestAllItems } from '../../../shared/pagination';
import {
	limitOption,
	returnAllOption,
	simplifyOption,
	userIdTypeOption,
} from '../../descriptions/common';
import type { OperationDefinition } from '../types';
import { LIST_SCOPES } from './scopes';
import { simplifyListedChat } from './simplify';

export const getAll: OperationDefinition = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many chats',
	description:
		'List the group chats the bot (or the signed-in user) is a member of, one item per chat',
	properties: [
		returnAllOption,
		limitOption,
		{
			displayName: 'Sort',
			name: 'sortType',
			type: 'options',
			options: [
				{
					name: 'Creation Time (Oldest First)',
					value: 'ByCreateTimeAsc',
					description: 'Stable order, safe to page through',
				},
				{
					name: 'Last Activity (Most Recent First)',
					value: 'ByActiveTimeDesc',
					description:
						'Chats can move between pages while paging, so items may repeat or be missed',
				},
			],
			default: 'ByCreateTimeAsc',
			description: 'Order of the chats',
		},
		{ ...userIdTypeOption, description: 'Type of owner_id in the answer' },
		simplifyOption,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Types',
					name: 'types',
					type: 'string',
					default: '',
					description:
						"Feishu's types filter for the list (types), sent as written. Feishu's API page does not describe it or its values; the official SDK's request type has it as a string.",
				},
			],
		},
	],
	async execute(itemIndex) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {
			user_id_type: this.getNodeParameter('userIdType', itemIndex) as string,
			sort_type: this.getNodeParameter('sortType', itemIndex) as string,
		};
		const types = String(options.types ?? '').trim();
		if (types) qs.types = types;
		const chats = await feishuApiRequestAllItems.call(
			this,
			{
				method: 'GET',
				path: '/im/v1/chats',
				qs,
				scopes: LIST_SCOPES,
				itemIndex,
			},
			{
				returnAll,
				limit: returnAll ? undefined : (this.getNodeParameter('limit', itemIndex) as number),
			},
		);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return chats.map((chat: IDataObject) => (simplify ? simplifyListedChat(chat) : chat));
	},
};
