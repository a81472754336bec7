import { NodeOperationError } from 'n8n-workflow';
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

/** Feishu answers an empty result, not an error, for longer keywords. */
const MAX_QUERY_LENGTH = 64;

export const search: OperationDefinition = {
	value: 'search',
	name: 'Search',
	action: 'Search chats',
	description:
		'Find chats by name or member name: chats the bot (or user) is in plus public chats it can see',
	properties: [
		{
			displayName: 'Query',
			name: 'query',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. project',
			description:
				'Keyword matched against chat names (all languages, pinyin, prefix) and member names; at most 64 characters. A keyword containing "-" is quoted automatically.',
		},
		returnAllOption,
		limitOption,
		{ ...userIdTypeOption, description: 'Type of owner_id in the answer' },
		simplifyOption,
	],
	async execute(itemIndex) {
		let query = String(this.getNodeParameter('query', itemIndex)).trim();
		if ([...query].length > MAX_QUERY_LENGTH) {
			throw new NodeOperationError(
				this.getNode(),
				'The search query is longer than 64 characters',
				{
					itemIndex,
					description: 'Feishu returns nothing for longer keywords. Shorten it.',
				},
			);
		}
		// Feishu's search treats "-" specially unless the keyword is quoted.
		if (query.includes('-') && !/^".*"$/.test(query)) query = `"${query}"`;
		const returnAll = this.getNodeParameter('returnAll', itemIndex) as boolean;
		const chats = await feishuApiRequestAllItems.call(
			this,
			{
				method: 'GET',
				path: '/im/v1/chats/search',
				qs: { user_id_type: this.getNodeParameter('userIdType', itemIndex) as string, query },
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
