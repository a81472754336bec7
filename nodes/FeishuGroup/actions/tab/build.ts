import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { charLength, isHttpUrl, isPlainObject, readJsonParameter } from '../shared/input';
import { contentKey } from './api';
import type { ChatTab } from './api';

/** Feishu's documented caps (API pages; the overview mentions 30 characters for names). */
export const MAX_TAB_NAME_LENGTH = 60;
export const MAX_CUSTOM_TABS = 20;

export interface TabRow {
	tabId?: string;
	name?: string;
	type?: string;
	link?: string;
	iconKey?: string;
	/** Create: tab_config.is_built_in. */
	isBuiltIn?: boolean;
	/** Update: keep, yes or no for tab_config.is_built_in. */
	openEmbedded?: string;
}

/** Rows of a fixedCollection `{ tab: [...] }` parameter. */
export function readRows(context: IExecuteFunctions, name: string, itemIndex: number): TabRow[] {
	const value = context.getNodeParameter(name, itemIndex, {}) as { tab?: TabRow[] };
	return value.tab ?? [];
}

function fail(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
) {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** Checks a name and a link the way Feishu would, so the user sees which row is wrong. */
export function checkNameAndLink(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	name: string,
	link: string,
) {
	if (charLength(name) > MAX_TAB_NAME_LENGTH) {
		throw fail(
			context,
			itemIndex,
			`${label}: the name is ${charLength(name)} characters long; Feishu allows at most ${MAX_TAB_NAME_LENGTH}`,
		);
	}
	if (link !== '' && !isHttpUrl(link)) {
		throw fail(
			context,
			itemIndex,
			`${label}: the link must start with http:// or https:// (got "${link}")`,
			'Feishu only accepts web links for URL and document tabs.',
		);
	}
}

/** One new tab from a Create row, validated. */
export function newTabFromRow(
	context: IExecuteFunctions,
	itemIndex: number,
	row: TabRow,
	position: number,
): ChatTab {
	const name = String(row.name ?? '').trim();
	const link = String(row.link ?? '').trim();
	const type = row.type === 'doc' ? 'doc' : 'url';
	const label = `Tab ${position + 1}${name ? ` ("${name}")` : ''}`;
	if (name === '') throw fail(context, itemIndex, `${label}: a name is required`);
	if (link === '') throw fail(context, itemIndex, `${label}: a link is required`);
	checkNameAndLink(context, itemIndex, label, name, link);
	const tab: ChatTab = {
		tab_name: name,
		tab_type: type,
		tab_content: { [contentKey(type)]: link },
	};
	const iconKey = String(row.iconKey ?? '').trim();
	if (iconKey) tab.tab_config = { icon_key: iconKey };
	if (row.isBuiltIn === true) {
		checkEmbeddable(context, itemIndex, label, type);
		tab.tab_config = { ...tab.tab_config, is_built_in: true };
	}
	return tab;
}

/** Feishu applies tab_config.is_built_in to URL tabs only; refuse it elsewhere rather than drop it. */
export function checkEmbeddable(
	context: IExecuteFunctions,
	itemIndex: number,
	label: string,
	type: string | undefined,
) {
	if (type !== 'url') {
		throw fail(
			context,
			itemIndex,
			`${label}: Open Embedded applies to URL tabs only (this is a ${type ?? 'tab'} tab)`,
		);
	}
}

/** The chat_tabs of the JSON alternative: an array, `{ chat_tabs: [...] }` or a single tab object. */
export function tabsFromJson(context: IExecuteFunctions, itemIndex: number): ChatTab[] {
	const value = readJsonParameter(context, 'tabsJson', itemIndex, 'Tabs (JSON)');
	const list = isPlainObject(value) && Array.isArray(value.chat_tabs) ? value.chat_tabs : value;
	const tabs = Array.isArray(list) ? list : [list];
	if (tabs.length === 0 || !tabs.every(isPlainObject)) {
		throw fail(
			context,
			itemIndex,
			'Tabs (JSON) must be a non-empty array of tab objects (or an object with chat_tabs)',
		);
	}
	return tabs as IDataObject[] as ChatTab[];
}
