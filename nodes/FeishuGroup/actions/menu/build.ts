import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { charLength, compact, isHttpUrl, isPlainObject, readJsonParameter } from '../shared/input';
import type { MenuItem, MenuSecondLevel, MenuTopLevel } from './api';

/** Feishu's caps (232070 / 232071) and name length. */
export const MAX_TOP_LEVEL_ITEMS = 3;
export const MAX_SUB_ITEMS = 5;
export const MAX_MENU_NAME_LENGTH = 120;

export interface ItemExtras {
	androidUrl?: string;
	iosUrl?: string;
	pcUrl?: string;
	webUrl?: string;
	iconKey?: string;
	nameZhCn?: string;
	nameEnUs?: string;
	nameJaJp?: string;
}

interface SubRow {
	name?: string;
	link?: string;
	additionalFields?: ItemExtras;
}

interface TopRow extends SubRow {
	actionType?: string;
	subItems?: { item?: SubRow[] };
}

/** Reports the row that is wrong, before anything is sent to Feishu. */
export type Fail = (message: string) => never;

const MENU_RULES =
	'Feishu chat menus: at most 3 top-level items per chat (existing ones included), each with up to 5 sub-items; a top-level item with sub-items has the action "None" and no icon; links start with http:// or https://.';

/** A Fail that throws a NodeOperationError for the item. */
export function failFor(
	context: IExecuteFunctions,
	itemIndex: number,
	description = MENU_RULES,
): Fail {
	return (message) => {
		throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
	};
}

/** Feishu's redirect_link from the form's links (empty ones left out). */
export function redirectLink(link: string | undefined, extras: ItemExtras): IDataObject {
	return compact({
		common_url: link?.trim(),
		pc_url: extras.pcUrl?.trim(),
		ios_url: extras.iosUrl?.trim(),
		android_url: extras.androidUrl?.trim(),
		web_url: extras.webUrl?.trim(),
	}) as IDataObject;
}

export function i18nNames(extras: ItemExtras): IDataObject {
	return compact({
		zh_cn: extras.nameZhCn?.trim(),
		en_us: extras.nameEnUs?.trim(),
		ja_jp: extras.nameJaJp?.trim(),
	}) as IDataObject;
}

export function checkName(fail: Fail, label: string, name: string | undefined, field = 'name') {
	const length = charLength(name ?? '');
	if (length < 1 || length > MAX_MENU_NAME_LENGTH) {
		fail(`${label}: the ${field} must be 1 to ${MAX_MENU_NAME_LENGTH} characters (got ${length})`);
	}
}

export function checkLinks(fail: Fail, label: string, links: IDataObject) {
	for (const [key, value] of Object.entries(links)) {
		if (!isHttpUrl(String(value))) {
			fail(`${label}: ${key} must start with http:// or https:// (got "${String(value)}")`);
		}
	}
}

export function checkI18n(fail: Fail, label: string, names: IDataObject) {
	for (const [key, value] of Object.entries(names))
		checkName(fail, label, String(value), `${key} name`);
}

function menuItem(fail: Fail, label: string, row: SubRow, actionType: string): MenuItem {
	const extras = row.additionalFields ?? {};
	const name = String(row.name ?? '').trim();
	checkName(fail, label, name);
	const item: MenuItem = { action_type: actionType, name };
	const links = redirectLink(actionType === 'REDIRECT_LINK' ? row.link : undefined, extras);
	if (actionType === 'REDIRECT_LINK') {
		if (Object.keys(links).length === 0) {
			fail(`${label}: it opens a link, so give a link`);
		}
		checkLinks(fail, label, links);
		item.redirect_link = links;
	} else if (Object.keys(links).length > 0) {
		fail(`${label}: links are only used when the action is "Open Link"`);
	}
	const names = i18nNames(extras);
	if (Object.keys(names).length > 0) {
		checkI18n(fail, label, names);
		item.i18n_names = names;
	}
	const iconKey = extras.iconKey?.trim();
	if (iconKey) item.image_key = iconKey;
	return item;
}

function topLevelFromRow(fail: Fail, row: TopRow, position: number): MenuTopLevel {
	const label = `Menu item ${position + 1}${row.name ? ` ("${row.name}")` : ''}`;
	const actionType = row.actionType === 'NONE' ? 'NONE' : 'REDIRECT_LINK';
	const subRows = row.subItems?.item ?? [];
	if (subRows.length > MAX_SUB_ITEMS) {
		fail(`${label} has ${subRows.length} sub-items; Feishu allows at most ${MAX_SUB_ITEMS}`);
	}
	if (subRows.length > 0 && actionType !== 'NONE') {
		fail(`${label} has sub-items, so its action must be "None (Opens Sub-Items)"`);
	}
	const item = menuItem(fail, label, row, actionType);
	if (subRows.length > 0 && item.image_key) {
		fail(`${label} has sub-items, so it cannot have an icon`);
	}
	const top: MenuTopLevel = { chat_menu_item: item };
	if (subRows.length > 0) {
		top.children = subRows.map(
			(sub, index): MenuSecondLevel => ({
				chat_menu_item: menuItem(
					fail,
					`Sub-item ${index + 1}${sub.name ? ` ("${sub.name}")` : ''} of ${label.toLowerCase()}`,
					sub,
					'REDIRECT_LINK',
				),
			}),
		);
	}
	return top;
}

/** The form's rows as Feishu's chat_menu_top_levels, checked against Feishu's rules. */
export function topLevelsFromForm(context: IExecuteFunctions, itemIndex: number): MenuTopLevel[] {
	const rows =
		(context.getNodeParameter('menuItems', itemIndex, {}) as { item?: TopRow[] }).item ?? [];
	const fail = failFor(context, itemIndex);
	if (rows.length === 0) fail('Add at least one top-level menu item');
	if (rows.length > MAX_TOP_LEVEL_ITEMS) {
		fail(
			`${rows.length} top-level menu items given; Feishu allows at most ${MAX_TOP_LEVEL_ITEMS} per chat`,
		);
	}
	return rows.map((row, position) => topLevelFromRow(fail, row, position));
}

/** The JSON alternative: `{ chat_menu_top_levels }`, `{ menu_tree: {...} }` or the bare array. */
export function topLevelsFromJson(context: IExecuteFunctions, itemIndex: number): unknown[] {
	let value = readJsonParameter(context, 'menuTreeJson', itemIndex, 'Menu Tree (JSON)');
	if (isPlainObject(value) && isPlainObject(value.menu_tree)) value = value.menu_tree;
	if (isPlainObject(value) && Array.isArray(value.chat_menu_top_levels)) {
		value = value.chat_menu_top_levels;
	}
	if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) {
		throw new NodeOperationError(
			context.getNode(),
			'Menu Tree (JSON) must hold a non-empty chat_menu_top_levels array of menu objects',
			{ itemIndex },
		);
	}
	return value;
}
