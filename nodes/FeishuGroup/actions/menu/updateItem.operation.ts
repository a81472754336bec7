import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import { defineByField, isPlainObject, readJsonParameter } from '../shared/input';
import type { OperationDefinition } from '../types';
import { menuPath, MENU_WRITE_SCOPES } from './api';
import type { MenuItem } from './api';
import { checkI18n, checkLinks, checkName, failFor, i18nNames, redirectLink } from './build';
import type { ItemExtras } from './build';
import { menuItemJsonField, menuItemUpdateFields } from './fields';

/** Which part of chat_menu_item each update_fields value applies. */
const UPDATE_FIELD_OF_KEY: Record<string, string> = {
	image_key: 'ICON',
	name: 'NAME',
	i18n_names: 'I18N_NAME',
	redirect_link: 'REDIRECT_LINK',
};

const menuItemIdField: INodeProperties = {
	displayName: 'Menu Item Name or ID',
	name: 'menuItemId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getMenuItems', loadOptionsDependsOn: ['chatId.value'] },
	default: '',
	required: true,
	description:
		'Top-level item or sub-item to change. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

function itemFromForm(context: IExecuteFunctions, itemIndex: number): MenuItem {
	const fields = context.getNodeParameter('updateFields', itemIndex, {}) as ItemExtras & {
		name?: string;
		link?: string;
	};
	const label = 'Update Fields';
	const fail = failFor(
		context,
		itemIndex,
		'Names are 1 to 120 characters; links start with http:// or https://.',
	);
	const item: MenuItem = {};
	const name = fields.name?.trim();
	if (name) {
		checkName(fail, label, name);
		item.name = name;
	}
	const names = i18nNames(fields);
	if (Object.keys(names).length > 0) {
		checkI18n(fail, label, names);
		item.i18n_names = names;
	}
	const links = redirectLink(fields.link, fields);
	if (Object.keys(links).length > 0) {
		checkLinks(fail, label, links);
		item.redirect_link = links;
	}
	const iconKey = fields.iconKey?.trim();
	if (iconKey) item.image_key = iconKey;
	return item;
}

/** JSON: a bare chat_menu_item or `{ update_fields, chat_menu_item }`. */
function bodyFromJson(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const value = readJsonParameter(context, 'menuItemJson', itemIndex, 'Menu Item (JSON)');
	if (!isPlainObject(value)) {
		throw new NodeOperationError(context.getNode(), 'Menu Item (JSON) must be an object', {
			itemIndex,
		});
	}
	if (isPlainObject(value.chat_menu_item)) {
		const item = value.chat_menu_item as MenuItem;
		return {
			update_fields: Array.isArray(value.update_fields)
				? value.update_fields
				: updateFieldsOf(item),
			chat_menu_item: item,
		};
	}
	return { update_fields: updateFieldsOf(value as MenuItem), chat_menu_item: value };
}

function updateFieldsOf(item: MenuItem): string[] {
	return Object.keys(UPDATE_FIELD_OF_KEY)
		.filter((key) => item[key] !== undefined)
		.map((key) => UPDATE_FIELD_OF_KEY[key]);
}

export const updateItem: OperationDefinition = {
	value: 'updateItem',
	name: 'Update Item',
	action: 'Update a menu item in a chat',
	description:
		'Change the name, translated names, icon or links of one top-level menu item or sub-item',
	tenantOnly: true,
	properties: [
		chatIdLocator,
		menuItemIdField,
		defineByField("Feishu's chat_menu_item, sent as written"),
		menuItemUpdateFields,
		menuItemJsonField,
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const menuItemId = String(this.getNodeParameter('menuItemId', itemIndex)).trim();
		if (menuItemId === '') {
			throw new NodeOperationError(this.getNode(), 'Choose the menu item to update', { itemIndex });
		}
		let body: IDataObject;
		if (this.getNodeParameter('defineBy', itemIndex) === 'json') {
			body = bodyFromJson(this, itemIndex);
		} else {
			const item = itemFromForm(this, itemIndex);
			body = { update_fields: updateFieldsOf(item), chat_menu_item: item };
		}
		if ((body.update_fields as string[]).length === 0) {
			throw new NodeOperationError(
				this.getNode(),
				'Nothing to update: fill in at least one of the name, translated names, icon or links',
				{ itemIndex },
			);
		}
		const data = await feishuApiRequest.call(this, {
			method: 'PATCH',
			path: menuPath(chatId, `/menu_items/${segment(menuItemId)}`),
			body,
			scopes: MENU_WRITE_SCOPES,
			itemIndex,
		});
		return {
			chat_id: chatId,
			menu_item_id: menuItemId,
			update_fields: body.update_fields,
			chat_menu_item: data.chat_menu_item ?? {},
		};
	},
};
