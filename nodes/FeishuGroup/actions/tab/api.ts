import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import type { FeishuContext, FeishuRequest } from '../../../shared/transport';
import { segment } from '../params';

/** Scopes (any one) of the tab endpoints, from the seed overview. */
export const TAB_READ_SCOPES = ['im:chat', 'im:chat.tabs:read', 'im:chat:readonly'];
export const TAB_WRITE_SCOPES = ['im:chat', 'im:chat.tabs:write_only'];

/** Feishu's chat tab object (only doc and url tabs can be written). */
export interface ChatTab extends IDataObject {
	tab_id?: string;
	tab_name?: string;
	tab_type?: string;
	tab_content?: IDataObject;
	tab_config?: IDataObject;
}

/** The tab types the API may create, update or delete. */
export const EDITABLE_TAB_TYPES = ['url', 'doc'];

/** Key of the link inside tab_content for a tab type. */
export function contentKey(tabType: string | undefined): string {
	return tabType === 'doc' ? 'doc' : 'url';
}

export function tabsPath(chatId: string, suffix = ''): string {
	return `/im/v1/chats/${segment(chatId)}/chat_tabs${suffix}`;
}

/** Calls a tab endpoint and returns Feishu's full tab list (every tab endpoint answers with it). */
export async function tabRequest(this: FeishuContext, request: FeishuRequest): Promise<ChatTab[]> {
	const data = await feishuApiRequest.call(this, request);
	return (data.chat_tabs as ChatTab[] | undefined) ?? [];
}

/** The chat's current tabs, message tab included (Feishu does not paginate this list). */
export async function listTabs(
	this: FeishuContext,
	chatId: string,
	itemIndex?: number,
): Promise<ChatTab[]> {
	return await tabRequest.call(this, {
		method: 'GET',
		path: tabsPath(chatId, '/list_tabs'),
		idempotent: true,
		scopes: TAB_READ_SCOPES,
		itemIndex,
	});
}

/** The link of a tab, whatever its type keeps it under. */
export function tabLink(tab: ChatTab): string | undefined {
	const content = tab.tab_content ?? {};
	const link = content.url ?? content.doc ?? content.meeting_minute ?? content.task;
	return typeof link === 'string' && link !== '' ? link : undefined;
}

/** A short label for pickers and messages: name, else type. */
export function tabLabel(tab: ChatTab): string {
	return tab.tab_name ? String(tab.tab_name) : `(${tab.tab_type ?? 'tab'})`;
}
