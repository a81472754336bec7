import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { EDITABLE_TAB_TYPES, listTabs, tabLabel, tabLink } from '../actions/tab/api';
import type { ChatTab } from '../actions/tab/api';

function selectedChatId(context: ILoadOptionsFunctions): string {
	const value = context.getCurrentNodeParameter('chatId', { extractValue: true }) as unknown;
	return typeof value === 'string' ? value.trim() : '';
}

function option(tab: ChatTab): INodePropertyOptions {
	const link = tabLink(tab);
	return {
		name: tabLabel(tab),
		value: String(tab.tab_id),
		description: link ? `${tab.tab_type}: ${link}` : String(tab.tab_type),
	};
}

async function tabsOfSelectedChat(context: ILoadOptionsFunctions): Promise<ChatTab[]> {
	const chatId = selectedChatId(context);
	return chatId ? await listTabs.call(context, chatId) : [];
}

/** URL and document tabs of the selected chat: the ones Feishu lets the API change or delete. */
export async function getEditableTabs(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const tabs = await tabsOfSelectedChat(this);
	return tabs.filter((tab) => EDITABLE_TAB_TYPES.includes(String(tab.tab_type))).map(option);
}

/** Every tab of the selected chat except the message tab, which always stays first. */
export async function getSortableTabs(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const tabs = await tabsOfSelectedChat(this);
	return tabs.filter((tab) => tab.tab_type !== 'message').map(option);
}
