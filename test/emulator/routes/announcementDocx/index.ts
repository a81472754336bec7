/**
 * The 7 upgraded (docx) announcement endpoints (announcement-docx.md §2). Reads accept only
 * im:chat.announcement:read, writes only im:chat.announcement:write_only — the broad im:chat is not enough.
 * Literal paths (batch_update) are registered before :block_id ones.
 */
import type { ApiSpec } from '../../api';
import { getBlock, getInfo, listBlocks, listChildren } from './read';
import { batchDeleteChildren, batchUpdateBlocks, createBlockChildren } from './write';

const BASE = '/open-apis/docx/v1/chats/:chat_id/announcement';
export const READ_SCOPES = ['im:chat.announcement:read'];
export const WRITE_SCOPES = ['im:chat.announcement:write_only'];

const spec = (
	method: string,
	path: string,
	scopes: string[],
	handler: ApiSpec['handler'],
): ApiSpec => ({
	method,
	path: BASE + path,
	tokens: 'TU',
	scopes,
	handler,
	botOffCode: 1772025,
	rateLimitStatus: 400,
});

export const announcementDocxRoutes: ApiSpec[] = [
	spec('GET', '', READ_SCOPES, getInfo),
	spec('GET', '/blocks', READ_SCOPES, listBlocks),
	spec('PATCH', '/blocks/batch_update', WRITE_SCOPES, batchUpdateBlocks),
	spec('DELETE', '/blocks/:block_id/children/batch_delete', WRITE_SCOPES, batchDeleteChildren),
	spec('GET', '/blocks/:block_id', READ_SCOPES, getBlock),
	spec('GET', '/blocks/:block_id/children', READ_SCOPES, listChildren),
	spec('POST', '/blocks/:block_id/children', WRITE_SCOPES, createBlockChildren),
];
