import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuApiRequestAllItems } from '../../../shared/pagination';
import { feishuApiRequest } from '../../../shared/transport';
import { segment } from '../params';
import { announcementClientToken } from './clientToken';
import { announcementEditPacer } from './pacer';

/**
 * The upgraded (docx) announcement endpoints under /docx/v1/chats/:chat_id/announcement. Unlike
 * the legacy API they do not accept the broad `im:chat` scope, only the announcement scopes.
 */

export const DOCX_READ_SCOPES = ['im:chat.announcement:read'];
export const DOCX_WRITE_SCOPES = ['im:chat.announcement:write_only'];

/** Feishu's caps: children per create call, requests per batch_update, blocks per list page. */
export const MAX_CHILDREN_PER_CREATE = 50;
export const MAX_REQUESTS_PER_UPDATE = 200;
const LIST_PAGE_SIZE = 500;

const base = (chatId: string) => `/docx/v1/chats/${segment(chatId)}/announcement`;

/** Basic info (works for both formats): announcement_type, revision_id, owner, modifier, times. */
export async function getBasicInfo(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	userIdType?: string,
): Promise<IDataObject> {
	return await feishuApiRequest.call(context, {
		method: 'GET',
		path: base(chatId),
		qs: userIdType ? { user_id_type: userIdType } : undefined,
		idempotent: true,
		scopes: DOCX_READ_SCOPES,
		itemIndex,
	});
}

/** Every block, root page first (pre-order), following page_token in pages of 500. */
export async function listBlocks(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	userIdType?: string,
): Promise<IDataObject[]> {
	return await feishuApiRequestAllItems.call(
		context,
		{
			method: 'GET',
			path: `${base(chatId)}/blocks`,
			qs: userIdType ? { user_id_type: userIdType } : {},
			scopes: DOCX_READ_SCOPES,
			itemIndex,
		},
		{ returnAll: true, maxPageSize: LIST_PAGE_SIZE },
	);
}

/** The root page block, whose `children` are the top-level block ids. */
export async function getRootBlock(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
): Promise<IDataObject> {
	const data = await feishuApiRequest.call(context, {
		method: 'GET',
		path: `${base(chatId)}/blocks/${segment(chatId)}`,
		idempotent: true,
		scopes: DOCX_READ_SCOPES,
		itemIndex,
	});
	return (data.block ?? {}) as IDataObject;
}

interface WriteStep {
	method: 'POST' | 'PATCH' | 'DELETE';
	path: string;
	body: IDataObject;
	/** Names this step within the item, so its client_token differs from the other steps'. */
	step: string;
	revisionId?: number;
}

/**
 * One paced write. The client_token makes it idempotent, so the transport may resend it after a
 * network error, a 5xx or a rate limit (HTTP 429 / 99991400) with the same token.
 */
async function write(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	request: WriteStep,
): Promise<IDataObject> {
	const clientToken = announcementClientToken(context, itemIndex, {
		chat: chatId,
		step: request.step,
		body: request.body,
	});
	return await announcementEditPacer.run(chatId, async () =>
		feishuApiRequest.call(context, {
			method: request.method,
			path: request.path,
			qs: { revision_id: request.revisionId ?? -1, client_token: clientToken },
			body: request.body,
			idempotent: true,
			scopes: DOCX_WRITE_SCOPES,
			itemIndex,
		}),
	);
}

/** Creates blocks under a parent (the chat id = top level); `index` -1 appends. */
export async function createChildren(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	children: IDataObject[],
	options: { parentId?: string; index?: number; step: string },
): Promise<IDataObject> {
	const parentId = options.parentId ?? chatId;
	return await write(context, chatId, itemIndex, {
		method: 'POST',
		path: `${base(chatId)}/blocks/${segment(parentId)}/children`,
		body: { children, index: options.index ?? -1 },
		step: options.step,
	});
}

/** Deletes the children [startIndex, endIndex) of a parent (the chat id = top level). */
export async function batchDelete(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	startIndex: number,
	endIndex: number,
	step: string,
): Promise<IDataObject> {
	return await write(context, chatId, itemIndex, {
		method: 'DELETE',
		path: `${base(chatId)}/blocks/${segment(chatId)}/children/batch_delete`,
		body: { start_index: startIndex, end_index: endIndex },
		step,
	});
}

/** Sends batch_update requests ({ block_id, update_text_elements | … }) as given. */
export async function batchUpdate(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	requests: IDataObject[],
	options: { revisionId?: number; step: string },
): Promise<IDataObject> {
	return await write(context, chatId, itemIndex, {
		method: 'PATCH',
		path: `${base(chatId)}/blocks/batch_update`,
		body: { requests },
		step: options.step,
		revisionId: options.revisionId,
	});
}
