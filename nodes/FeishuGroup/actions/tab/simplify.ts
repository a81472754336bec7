import type { IDataObject } from 'n8n-workflow';

import { tabLink } from './api';
import type { ChatTab } from './api';

/** One tab as people and agents use it: id, name, type, link and icon, with the chat id. */
export function simplifyTab(tab: ChatTab, chatId: string): IDataObject {
	const simple: IDataObject = { chat_id: chatId, tab_id: tab.tab_id, tab_type: tab.tab_type };
	if (tab.tab_name !== undefined) simple.tab_name = tab.tab_name;
	const link = tabLink(tab);
	if (link !== undefined) simple.link = link;
	const iconKey = tab.tab_config?.icon_key;
	if (iconKey) simple.icon_key = iconKey;
	return simple;
}
