import type { INodeProperties } from 'n8n-workflow';

const urlHint = 'must start with http:// or https://';

/** Per-platform links, i18n names and icon of one menu item (top-level or sub-item). */
function linkAndNameFields(withIcon: boolean): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Android Link',
			name: 'androidUrl',
			type: 'string',
			default: '',
			description: `Opened on Android instead of the default link; ${urlHint}`,
		},
		{
			displayName: 'Chinese Name',
			name: 'nameZhCn',
			type: 'string',
			default: '',
			description: 'Name shown when Feishu is set to Chinese (zh_cn), at most 120 characters',
		},
		{
			displayName: 'English Name',
			name: 'nameEnUs',
			type: 'string',
			default: '',
			description: 'Name shown when Feishu is set to English (en_us), at most 120 characters',
		},
		{
			displayName: 'Icon Key',
			name: 'iconKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. img_v2_b0fbe905-7988-4282-b882-82edd010336j',
			description:
				'Image key of an icon uploaded by this app\'s bot (image type "message"); not allowed on a top-level item with sub-items',
		},
		{
			displayName: 'iOS Link',
			name: 'iosUrl',
			type: 'string',
			default: '',
			description: `Opened on iOS instead of the default link; ${urlHint}`,
		},
		{
			displayName: 'Japanese Name',
			name: 'nameJaJp',
			type: 'string',
			default: '',
			description: 'Name shown when Feishu is set to Japanese (ja_jp), at most 120 characters',
		},
		{
			displayName: 'PC Link',
			name: 'pcUrl',
			type: 'string',
			default: '',
			description: `Opened on desktop instead of the default link; ${urlHint}. Wrap it in Feishu's applink with mode=sidebar-semi to open it in the sidebar.`,
		},
		{
			displayName: 'Web Link',
			name: 'webUrl',
			type: 'string',
			default: '',
			description: `Opened in the web app instead of the default link; ${urlHint}`,
		},
	];
	return withIcon ? fields : fields.filter((field) => field.name !== 'iconKey');
}

function additionalFields(): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: linkAndNameFields(true),
	};
}

const nameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	required: true,
	description: 'Label of the menu item, 1 to 120 characters',
};

const newNameField: INodeProperties = {
	displayName: 'Name',
	name: 'name',
	type: 'string',
	default: '',
	description: 'New label, 1 to 120 characters',
};

const linkField: INodeProperties = {
	displayName: 'Link',
	name: 'link',
	type: 'string',
	default: '',
	placeholder: 'e.g. https://example.com/report',
	description: `Default link for every platform (override per platform under Additional Fields); ${urlHint}`,
};

/** The structured editor of Create: up to 3 top-level items, each with up to 5 sub-items. */
export const menuItemsField: INodeProperties = {
	displayName: 'Menu Items',
	name: 'menuItems',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Top-Level Item',
	default: { item: [{ name: '', actionType: 'REDIRECT_LINK', link: '' }] },
	displayOptions: { show: { defineBy: ['fields'] } },
	description:
		'Top-level items added after the existing ones. A chat holds at most 3 top-level items with up to 5 sub-items each.',
	options: [
		{
			displayName: 'Top-Level Item',
			name: 'item',
			values: [
				nameField,
				{
					displayName: 'Action',
					name: 'actionType',
					type: 'options',
					options: [
						{
							name: 'None (Opens Sub-Items)',
							value: 'NONE',
							description: 'The item only opens its sub-items',
						},
						{ name: 'Open Link', value: 'REDIRECT_LINK', description: 'The item opens a link' },
					],
					default: 'REDIRECT_LINK',
					description: 'What a click does; cannot be changed after creation',
				},
				{ ...linkField, displayOptions: { show: { actionType: ['REDIRECT_LINK'] } } },
				{
					displayName: 'Sub-Items',
					name: 'subItems',
					type: 'fixedCollection',
					typeOptions: { multipleValues: true, sortable: true },
					placeholder: 'Add Sub-Item',
					default: {},
					displayOptions: { show: { actionType: ['NONE'] } },
					description: 'Up to 5 items shown when the top-level item is clicked; each opens a link',
					options: [
						{
							displayName: 'Sub-Item',
							name: 'item',
							values: [nameField, linkField, additionalFields()],
						},
					],
				},
				additionalFields(),
			],
		},
	],
};

export const menuTreeJsonField: INodeProperties = {
	displayName: 'Menu Tree (JSON)',
	name: 'menuTreeJson',
	type: 'json',
	default: JSON.stringify(
		{
			chat_menu_top_levels: [
				{
					chat_menu_item: {
						action_type: 'NONE',
						name: 'Links',
					},
					children: [
						{
							chat_menu_item: {
								action_type: 'REDIRECT_LINK',
								name: 'Docs',
								redirect_link: { common_url: 'https://example.com/docs' },
							},
						},
					],
				},
			],
		},
		null,
		2,
	),
	required: true,
	displayOptions: { show: { defineBy: ['json'] } },
	description:
		'Feishu menu_tree: an object with chat_menu_top_levels (or that array alone, or wrapped in menu_tree), sent as written',
};

/** The fields of Update Item; those filled in decide Feishu's update_fields. */
export const menuItemUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	displayOptions: { show: { defineBy: ['fields'] } },
	description:
		'Only the parts filled in change. Links are sent as one set: give every link the item should keep.',
	options: [
		...linkAndNameFields(true),
		{ ...linkField, description: `Default link for every platform; ${urlHint}` },
		newNameField,
	].sort((a, b) => a.displayName.localeCompare(b.displayName)),
};

export const menuItemJsonField: INodeProperties = {
	displayName: 'Menu Item (JSON)',
	name: 'menuItemJson',
	type: 'json',
	default: JSON.stringify(
		{ name: 'Reports', redirect_link: { common_url: 'https://example.com/reports' } },
		null,
		2,
	),
	required: true,
	displayOptions: { show: { defineBy: ['json'] } },
	description:
		'Feishu chat_menu_item, or { update_fields, chat_menu_item }. Without update_fields the node derives them from the keys given (name, i18n_names, image_key, redirect_link).',
};
