import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * Chat settings shared by Create and Update (rest-api.md §4 "Shared types"), each with the Feishu
 * body key it fills. Parameter names are camelCase; `chatBody.ts` maps them to Feishu's names.
 */
export interface ChatSettingField {
	/** Key in Feishu's request body. */
	feishuKey: string;
	property: INodeProperties;
	/** Feishu takes a string array: the value is one ID, a comma-separated list or an array. */
	list?: boolean;
}

function ownerOrAll(what: string): INodePropertyOptions[] {
	return [
		{ name: 'All Members', value: 'all_members', description: `Every member can ${what}` },
		{
			name: 'Only Owner and Managers',
			value: 'only_owner',
			description: `Only the owner and managers can ${what}`,
		},
	];
}

function visibility(event: string): INodePropertyOptions[] {
	return [
		{ name: 'All Members', value: 'all_members', description: `Everyone sees who ${event}` },
		{ name: 'Nobody', value: 'not_anyone', description: `No one is told who ${event}` },
		{
			name: 'Only Owner and Managers',
			value: 'only_owner',
			description: `Only the owner and managers see who ${event}`,
		},
	];
}

function option(
	feishuKey: string,
	displayName: string,
	name: string,
	options: INodePropertyOptions[],
	defaultValue: string,
	description: string,
): ChatSettingField {
	return {
		feishuKey,
		property: { displayName, name, type: 'options', options, default: defaultValue, description },
	};
}

export const avatarField: ChatSettingField = {
	feishuKey: 'avatar',
	property: {
		displayName: 'Avatar Image Key',
		name: 'avatar',
		type: 'string',
		default: '',
		placeholder: 'e.g. default-avatar_44ae0ca3-e140-494b-956f-78091e348435',
		description:
			'Image key of the avatar, from an image uploaded with image_type "avatar" (Upload Image API)',
	},
};

export const descriptionField: ChatSettingField = {
	feishuKey: 'description',
	property: {
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		typeOptions: { rows: 2 },
		description: 'Chat description (Feishu recommends at most 100 characters)',
	},
};

export const nameField: ChatSettingField = {
	feishuKey: 'name',
	property: {
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Chat name (at most 60 characters recommended; public chats need at least 2)',
	},
};

export const chatTypeOptions: INodePropertyOptions[] = [
	{ name: 'Private', value: 'private', description: 'Only invited people can join' },
	{
		name: 'Public',
		value: 'public',
		description: 'Anyone in the organisation can find and join it (needs a name of 2+ characters)',
	},
];

export const chatTypeField = option(
	'chat_type',
	'Chat Type',
	'chatType',
	chatTypeOptions,
	'private',
	'Whether the chat is private or public',
);

export const groupMessageTypeField = option(
	'group_message_type',
	'Group Message Type',
	'groupMessageType',
	[
		{ name: 'Chat', value: 'chat', description: 'Messages in one conversation stream' },
		{ name: 'Thread', value: 'thread', description: 'Every message starts a thread (topic style)' },
	],
	'chat',
	'How messages are organised in the chat',
);

export const editPermissionField = option(
	'edit_permission',
	'Edit Permission',
	'editPermission',
	ownerOrAll('edit the chat name, avatar, description and other info'),
	'all_members',
	'Who can edit the chat information',
);

export const hideMemberCountField = option(
	'hide_member_count_setting',
	'Member Count Visible To',
	'hideMemberCountSetting',
	[
		{
			name: 'All Members',
			value: 'all_members',
			description: 'Every member sees the member count',
		},
		{
			name: 'Only Owner and Managers',
			value: 'only_owner',
			description: 'The count is hidden from ordinary members',
		},
	],
	'all_members',
	'Who sees the number of members (hide_member_count_setting)',
);

export const joinMessageVisibilityField = option(
	'join_message_visibility',
	'Join Message Visibility',
	'joinMessageVisibility',
	visibility('joins'),
	'all_members',
	'Who sees the "X joined the chat" notice',
);

export const leaveMessageVisibilityField = option(
	'leave_message_visibility',
	'Leave Message Visibility',
	'leaveMessageVisibility',
	visibility('leaves'),
	'all_members',
	'Who sees the "X left the chat" notice',
);

export const membershipApprovalField = option(
	'membership_approval',
	'Membership Approval',
	'membershipApproval',
	[
		{
			name: 'Approval Required',
			value: 'approval_required',
			description: 'The owner or a manager must approve new members',
		},
		{
			name: 'No Approval Required',
			value: 'no_approval_required',
			description: 'Members join directly',
		},
	],
	'no_approval_required',
	'Whether joining the chat needs approval',
);

export const urgentSettingField = option(
	'urgent_setting',
	'Urgent Message Permission',
	'urgentSetting',
	ownerOrAll('send urgent ("Buzz") messages'),
	'all_members',
	'Who can send urgent messages in the chat',
);

export const videoConferenceSettingField = option(
	'video_conference_setting',
	'Video Meeting Permission',
	'videoConferenceSetting',
	ownerOrAll('start a video meeting'),
	'all_members',
	'Who can start a video meeting from the chat',
);

export const addMemberPermissionField = option(
	'add_member_permission',
	'Add Member Permission',
	'addMemberPermission',
	ownerOrAll('add members'),
	'all_members',
	'Who can add members. Feishu couples it with Share Card Permission: Only Owner and Managers goes with Not Allowed, All Members with Allowed; the node fills in the other one if you leave it out.',
);

export const shareCardPermissionField = option(
	'share_card_permission',
	'Share Card Permission',
	'shareCardPermission',
	[
		{ name: 'Allowed', value: 'allowed', description: 'Members can share the chat card or link' },
		{
			name: 'Not Allowed',
			value: 'not_allowed',
			description: 'Only the owner and managers can share the chat',
		},
	],
	'allowed',
	'Whether members can share the chat card. Feishu couples it with Add Member Permission: Not Allowed goes with Only Owner and Managers, Allowed with All Members; the node fills in the other one if you leave it out.',
);

export const atAllPermissionField = option(
	'at_all_permission',
	'@All Permission',
	'atAllPermission',
	ownerOrAll('mention @All'),
	'all_members',
	'Who can mention @All in the chat',
);

const restrictionOptions: INodePropertyOptions[] = [
	{ name: 'All Members', value: 'all_members' },
	{ name: 'Nobody', value: 'not_anyone' },
];

export const restrictedModeField: ChatSettingField = {
	feishuKey: 'restricted_mode_setting',
	property: {
		displayName: 'Restricted Mode',
		name: 'restrictedMode',
		type: 'fixedCollection',
		placeholder: 'Set Restricted Mode',
		default: {},
		description:
			'Confidential mode (Feishu Enterprise edition). When on, at least one action must be "Nobody"; when off, none may be.',
		options: [
			{
				name: 'settings',
				displayName: 'Settings',
				values: [
					{
						displayName: 'Enabled',
						name: 'status',
						type: 'boolean',
						default: true,
						description: 'Whether restricted mode is on',
					},
					{
						displayName: 'Who Can Copy and Forward Messages',
						name: 'message_has_permission_setting',
						type: 'options',
						options: restrictionOptions,
						default: 'not_anyone',
					},
					{
						displayName: 'Who Can Download Files',
						name: 'download_has_permission_setting',
						type: 'options',
						options: restrictionOptions,
						default: 'not_anyone',
					},
					{
						displayName: 'Who Can Take Screenshots',
						name: 'screenshot_has_permission_setting',
						type: 'options',
						options: restrictionOptions,
						default: 'not_anyone',
					},
				],
			},
		],
	},
};

export const i18nNamesField: ChatSettingField = {
	feishuKey: 'i18n_names',
	property: {
		displayName: 'Localized Names',
		name: 'i18nNames',
		type: 'fixedCollection',
		placeholder: 'Add Localized Names',
		default: {},
		description: 'Chat name per language (i18n_names), shown to users of that language',
		options: [
			{
				name: 'names',
				displayName: 'Names',
				values: [
					{
						displayName: 'Chinese',
						name: 'zh_cn',
						type: 'string',
						default: '',
						description: 'Name shown to Chinese users (zh_cn)',
					},
					{
						displayName: 'English',
						name: 'en_us',
						type: 'string',
						default: '',
						description: 'Name shown to English users (en_us)',
					},
					{
						displayName: 'Japanese',
						name: 'ja_jp',
						type: 'string',
						default: '',
						description: 'Name shown to Japanese users (ja_jp)',
					},
				],
			},
		],
	},
};

export const i18nNamesJsonField: ChatSettingField = {
	feishuKey: 'i18n_names',
	property: {
		displayName: 'Localized Names (JSON)',
		name: 'i18nNamesJson',
		type: 'json',
		default: '{\n  "zh_cn": "",\n  "en_us": "",\n  "ja_jp": ""\n}',
		description:
			'The i18n_names object as JSON, e.g. {"zh_cn": "项目群", "en_us": "Project"}; overrides Localized Names',
	},
};

const UNDOCUMENTED =
	"Feishu's API page does not describe this field; the official SDK's request type has it";

/** A string-array field: one value, a comma-separated list, or an expression returning an array. */
function listField(
	feishuKey: string,
	displayName: string,
	name: string,
	description: string,
): ChatSettingField {
	return {
		feishuKey,
		list: true,
		property: {
			displayName,
			name,
			type: 'string',
			default: '',
			description: `${description} One value, a comma-separated list, or an expression returning an array; empty sends an empty list. ${UNDOCUMENTED}.`,
		},
	};
}

export const chatModeField = option(
	'chat_mode',
	'Chat Mode',
	'chatMode',
	[
		{
			name: 'Group',
			value: 'group',
			description: 'A normal group chat, the only mode Feishu creates through the API',
		},
	],
	'group',
	'Mode of the new chat (chat_mode). Feishu creates only normal groups through the API: topic chats cannot be created.',
);

export const externalField: ChatSettingField = {
	feishuKey: 'external',
	property: {
		displayName: 'External',
		name: 'external',
		type: 'boolean',
		default: false,
		description:
			"Whether to create an external chat, open to users of other organisations (external). Needs a bot with external sharing enabled and a user as Owner ID; an external chat cannot be public, and external users must be the owner's contacts.",
	},
};

export const pinManageSettingField = option(
	'pin_manage_setting',
	'Pin Permission',
	'pinManageSetting',
	ownerOrAll('pin messages'),
	'all_members',
	`Who can pin messages in the chat (pin_manage_setting). ${UNDOCUMENTED}.`,
);

export const labelsField = listField(
	'labels',
	'Labels',
	'labels',
	'Chat labels (labels). Managing labels needs its own permission (error 232037 otherwise).',
);

export const toolkitIdsField = listField(
	'toolkit_ids',
	'Toolkit IDs',
	'toolkitIds',
	'IDs of the chat toolkits to set (toolkit_ids).',
);

export const chatTagsField = listField(
	'chat_tags',
	'Chat Tags',
	'chatTags',
	'Tags of the new chat (chat_tags).',
);

/** Settings Create and Update both accept. */
export const sharedSettingFields: ChatSettingField[] = [
	avatarField,
	descriptionField,
	editPermissionField,
	groupMessageTypeField,
	hideMemberCountField,
	i18nNamesField,
	i18nNamesJsonField,
	joinMessageVisibilityField,
	leaveMessageVisibilityField,
	membershipApprovalField,
	restrictedModeField,
	urgentSettingField,
	videoConferenceSettingField,
];

/** Sorts collection options by display name, as n8n's linter and editor expect. */
export function sortedProperties(
	fields: Array<ChatSettingField | INodeProperties>,
): INodeProperties[] {
	return fields
		.map((f) => ('feishuKey' in f ? f.property : f))
		.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
