import type { INodeProperties } from 'n8n-workflow';

/** The chat a resource operation acts on: picked from a searchable list or pasted as an ID. */
export const chatIdLocator: INodeProperties = {
	displayName: 'Chat',
	name: 'chatId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The group chat to act on',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a chat...',
			typeOptions: { searchListMethod: 'searchChats', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. oc_a0553eda9014c201e6969b478895c230',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: '^oc_[A-Za-z0-9_-]+$',
						errorMessage: 'A chat ID starts with oc_',
					},
				},
			],
		},
	],
};

export const userIdTypeOption: INodeProperties = {
	displayName: 'User ID Type',
	name: 'userIdType',
	type: 'options',
	options: [
		{ name: 'Open ID', value: 'open_id', description: 'Per-app user ID (ou_…)' },
		{
			name: 'Union ID',
			value: 'union_id',
			description: 'Same across apps of one developer (on_…)',
		},
		{
			name: 'User ID',
			value: 'user_id',
			description: 'Tenant-wide employee ID (needs the contact:user.employee_id:readonly scope)',
		},
	],
	default: 'open_id',
	description: 'Type of the user IDs in the request and in the answer',
};

export const returnAllOption: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitOption: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};
