import type { INodeProperties } from 'n8n-workflow';

const linkDescription =
	'Web page (URL tab) or Feishu document link (Document tab); must start with http:// or https://';

const iconKeyField: INodeProperties = {
	displayName: 'Icon Key',
	name: 'iconKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. img_v2_041b28e3-5680-48c2-9af2-497ace79333g',
	description:
		'Image key of an icon uploaded by this app\'s bot (image type "message"); only URL tabs show it',
};

/** Rows of the Create form: one per new tab. */
export const newTabsField: INodeProperties = {
	displayName: 'Tabs',
	name: 'tabs',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true, sortable: true },
	placeholder: 'Add Tab',
	default: { tab: [{ name: '', type: 'url', link: '' }] },
	displayOptions: { show: { defineBy: ['fields'] } },
	description: 'Tabs to add after the existing ones (a chat holds at most 20 custom tabs)',
	options: [
		{
			displayName: 'Tab',
			name: 'tab',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					required: true,
					description: 'Title shown on the tab (at most 60 characters)',
				},
				{
					displayName: 'Type',
					name: 'type',
					type: 'options',
					options: [
						{
							name: 'Document',
							value: 'doc',
							description: 'A Feishu document; the bot or user must have access to it',
						},
						{ name: 'URL', value: 'url', description: 'Any web page' },
					],
					default: 'url',
				},
				{
					displayName: 'Link',
					name: 'link',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'e.g. https://example.com/dashboard',
					description: linkDescription,
				},
				iconKeyField,
				{
					displayName: 'Open Embedded',
					name: 'isBuiltIn',
					type: 'boolean',
					default: false,
					description:
						"Whether Feishu opens the tab's page embedded in the app (tab_config.is_built_in). URL tabs only; off leaves Feishu's default.",
				},
			],
		},
	],
};

/**
 * Rows of the Update form: which tab, and what changes (empty fields keep their value). n8n's
 * linter wants the fields in alphabetical order, so the tab picker comes last.
 */
export const tabUpdatesField: INodeProperties = {
	displayName: 'Tabs',
	name: 'tabUpdates',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Tab to Update',
	default: { tab: [{ tabId: '' }] },
	displayOptions: { show: { defineBy: ['fields'] } },
	description:
		'Tabs to change. Fields left empty keep their current value (the node reads the tab list first: one extra request).',
	options: [
		{
			displayName: 'Tab',
			name: 'tab',
			values: [
				{
					...iconKeyField,
					displayName: 'New Icon Key',
					description: `${iconKeyField.description}; empty keeps the current one`,
				},
				{
					displayName: 'New Link',
					name: 'link',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://example.com/new-page',
					description: `${linkDescription}; empty keeps the current one`,
				},
				{
					displayName: 'New Name',
					name: 'name',
					type: 'string',
					default: '',
					description: 'New title (at most 60 characters); empty keeps the current one',
				},
				{
					displayName: 'Open Embedded',
					name: 'openEmbedded',
					type: 'options',
					options: [
						{ name: 'Keep Current', value: 'keep' },
						{ name: 'Yes', value: 'yes', description: 'Open the page embedded in Feishu' },
						{ name: 'No', value: 'no', description: 'Do not open the page embedded' },
					],
					default: 'keep',
					description:
						"Whether Feishu opens the tab's page embedded in the app (tab_config.is_built_in). URL tabs only.",
				},
				{
					displayName: 'Tab Name or ID',
					name: 'tabId',
					type: 'options',
					typeOptions: {
						loadOptionsMethod: 'getEditableTabs',
						loadOptionsDependsOn: ['chatId.value'],
					},
					default: '',
					required: true,
					description:
						'URL or document tab to change. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				},
			],
		},
	],
};

/** Raw JSON alternative: Feishu's chat_tabs array, sent as written. */
export function tabsJsonField(example: object[], description: string): INodeProperties {
	return {
		displayName: 'Tabs (JSON)',
		name: 'tabsJson',
		type: 'json',
		default: JSON.stringify(example, null, 2),
		required: true,
		displayOptions: { show: { defineBy: ['json'] } },
		description,
	};
}
