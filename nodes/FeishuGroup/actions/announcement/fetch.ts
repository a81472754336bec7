import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { segment } from '../params';

/** GET the legacy (doc-format) announcement of a chat: content, revision, times, owner. */
export async function fetchAnnouncement(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	userIdType?: string,
): Promise<IDataObject> {
	return await feishuApiRequest.call(context, {
		method: 'GET',
		path: `/im/v1/chats/${segment(chatId)}/announcement`,
		qs: userIdType ? { user_id_type: userIdType } : undefined,
		idempotent: true,
		scopes: ['im:chat', 'im:chat.announcement:read', 'im:chat:readonly'],
		itemIndex,
	});
}

/** The legacy announcement's current revision, read first, as the string PATCH takes ('0' if none). */
export async function currentLegacyRevision(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
): Promise<string> {
	return String((await fetchAnnouncement(context, chatId, itemIndex)).revision ?? '0');
}
