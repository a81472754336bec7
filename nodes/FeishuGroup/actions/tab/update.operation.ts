import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { contentKey, listTabs, TAB_WRITE_SCOPES, tabLabel, tabRequest, tabsPath } from './api';
import type { ChatTab } from './api';
import { checkEmbeddable, checkNameAndLink, readRows, tabsFromJson } from './build';
import type { TabRow } from './build';
import { tabsJsonField, tabUpdatesField } from './fields';
import { defineByField } from '../shared/input';

/**
 * Feishu wants each updated tab with its tab_type (and the content that goes with it), so the
 * form's rows are merged into the tab as it is now: fields left empty keep their value.
 */
function mergeRow(
	context: IExecuteFunctions,
	itemIndex: number,
	row: TabRow,
	current: ChatTab[],
): ChatTab {
	const tabId = String(row.tabId ?? '').trim();
	if (tabId === '') {
		throw new NodeOperationError(context.getNode(), 'Each tab to update needs its tab ID', {
			itemIndex,
		});
	}
	const existing = current.find((tab) => tab.tab_id === tabId);
	if (!existing) {
		throw new NodeOperationError(context.getNode(), `Tab ${tabId} is not in this chat`, {
			itemIndex,
			description: `Tabs of the chat: ${current.map((tab) => `${tab.tab_id} ${tabLabel(tab)}`).join(', ')}`,
		});
	}
	const name = String(row.name ?? '').trim();
	const link = String(row.link ?? '').trim();
	const iconKey = String(row.iconKey ?? '').trim();
	const embedded =
		row.openEmbedded === 'yes' ? true : row.openEmbedded === 'no' ? false : undefined;
	if (!name && !link && !iconKey && embedded === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`Nothing to change for tab ${tabId}: fill in a new name, link or icon key, or set Open Embedded`,
			{ itemIndex },
		);
	}
	checkNameAndLink(context, itemIndex, `Tab ${tabId}`, name, link);
	if (embedded !== undefined)
		checkEmbeddable(context, itemIndex, `Tab ${tabId}`, existing.tab_type);
	const tab: ChatTab = { tab_id: tabId, tab_type: existing.tab_type };
	const newName = name || existing.tab_name;
	if (newName !== undefined) tab.tab_name = newName;
	const content = link ? { [contentKey(existing.tab_type)]: link } : existing.tab_content;
	if (content !== undefined) tab.tab_content = content;
	let config = iconKey ? { ...existing.tab_config, icon_key: iconKey } : existing.tab_config;
	if (embedded !== undefined) config = { ...config, is_built_in: embedded };
	if (config !== undefined) tab.tab_config = config;
	return tab;
}

export const update: OperationDefinition = {
	value: 'update',
	name: 'Update',
	action: 'Update tabs in a chat',
	description:
		'Rename URL or document tabs of a chat or change their link, icon or whether they open embedded',
	properties: [
		chatIdLocator,
		defineByField("Feishu's chat_tabs array with tab_id and tab_type, sent as written"),
		tabUpdatesField,
		tabsJsonField(
			[
				{
					tab_id: '7101214603622940671',
					tab_name: 'Dashboard',
					tab_type: 'url',
					tab_content: { url: 'https://example.com/dashboard' },
				},
			],
			'Feishu chat_tabs array (or an object with chat_tabs), sent as written. Each tab needs tab_id and tab_type, plus the new tab_name, tab_content or tab_config.',
		),
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		let tabs: ChatTab[];
		if (this.getNodeParameter('defineBy', itemIndex) === 'json') {
			tabs = tabsFromJson(this, itemIndex);
		} else {
			const rows = readRows(this, 'tabUpdates', itemIndex);
			if (rows.length === 0) {
				throw new NodeOperationError(this.getNode(), 'Add at least one tab to update', {
					itemIndex,
				});
			}
			const current = await listTabs.call(this, chatId, itemIndex);
			tabs = rows.map((row) => mergeRow(this, itemIndex, row, current));
		}
		const chatTabs = await tabRequest.call(this, {
			method: 'POST',
			path: tabsPath(chatId, '/update_tabs'),
			body: { chat_tabs: tabs },
			scopes: TAB_WRITE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, chat_tabs: chatTabs };
	},
};
