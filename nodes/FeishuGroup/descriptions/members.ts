import type { INodeProperties } from 'n8n-workflow';

const ID_TYPE_OPTIONS = [
	{
		name: 'App ID (Bots)',
		value: 'app_id',
		description: 'Bots, by their app ID (cli_…)',
	},
	{ name: 'Open ID', value: 'open_id', description: 'Per-app user ID (ou_…)' },
	{ name: 'Union ID', value: 'union_id', description: 'Same across apps of one developer (on_…)' },
	{
		name: 'User ID',
		value: 'user_id',
		description: 'Tenant-wide employee ID (needs the contact:user.employee_id:readonly scope)',
	},
];

/** Member ID Type for calls that take users and bots (add/remove members, managers). */
export const memberIdTypeOption: INodeProperties = {
	displayName: 'Member ID Type',
	name: 'memberIdType',
	type: 'options',
	options: ID_TYPE_OPTIONS,
	default: 'open_id',
	description:
		'Type of the user IDs in the list. Bot app IDs (cli_…) in the list are always sent as App ID, in separate requests.',
};

/** Member ID Type for Get Many: Feishu does not list bots, so App ID is not offered. */
export const listMemberIdTypeOption: INodeProperties = {
	displayName: 'Member ID Type',
	name: 'memberIdType',
	type: 'options',
	options: ID_TYPE_OPTIONS.filter((option) => option.value !== 'app_id'),
	default: 'open_id',
	description: 'Type of the member IDs in the output (bots are never listed by Feishu)',
};

/** A required list of user and/or bot IDs: one, several, or an expression returning an array. */
export function memberIdsField(options: {
	name: string;
	displayName: string;
	action: string;
	perCall: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ou_7d8a6e6df7621556ce0d21922b676706, cli_a1b2c3d4e5f60001',
		description:
			`IDs to ${options.action}: one ID, a comma- or newline-separated list, or an expression returning an array. ` +
			'Bot app IDs (cli_…) may be mixed in: they are sent in separate requests with Member ID Type "App ID". ' +
			`Long lists are split automatically (${options.perCall}).`,
	};
}
