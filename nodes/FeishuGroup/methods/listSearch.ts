import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { feishuApiRequest } from '../../shared/transport';

/**
 * Chats for the Chat picker: with a filter, Feishu's search (names, including public chats the
 * caller is not in); without one, the chats the bot or user is in. Feishu's page_token is the
 * pagination token.
 */
export async function searchChats(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const query = filter?.trim();
	const qs: IDataObject = { page_size: 100 };
	if (paginationToken) qs.page_token = paginationToken;
	if (query) qs.query = query;
	const data = await feishuApiRequest.call(this, {
		method: 'GET',
		path: query ? '/im/v1/chats/search' : '/im/v1/chats',
		qs,
		idempotent: true,
		scopes: ['im:chat', 'im:chat:read', 'im:chat:readonly'],
	});
	const items = (data.items as IDataObject[] | undefined) ?? [];
	return {
		results: items.map((chat) => ({
			name: String(chat.name || chat.chat_id),
			value: String(chat.chat_id),
		})),
		paginationToken: data.has_more === true ? (data.page_token as string) : undefined,
	};
}
