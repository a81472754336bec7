import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { segment } from '../params';

export const LEGACY_WRITE_SCOPES = ['im:chat', 'im:chat.announcement:write_only'];

/**
 * PATCH the legacy (doc-format) announcement: `requests` are JSON strings of old-doc edit
 * requests, applied on top of `revision` (at most 100 behind the latest). Not resent on a 5xx:
 * the legacy API has no idempotency key.
 */
export async function patchLegacyAnnouncement(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	revision: string,
	requests: string[],
): Promise<IDataObject> {
	return await feishuApiRequest.call(context, {
		method: 'PATCH',
		path: `/im/v1/chats/${segment(chatId)}/announcement`,
		body: { revision, requests },
		scopes: LEGACY_WRITE_SCOPES,
		itemIndex,
	});
}
