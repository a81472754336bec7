import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_BOT_IDS_PER_CALL, MAX_USER_IDS_PER_CALL, parseIdList } from '../../../shared/chunk';
import { feishuApiRequest } from '../../../shared/transport';
import { userIdTypeOption } from '../../descriptions/common';
import type { OperationDefinition } from '../types';
import { settingsBody } from './chatBody';
import type { ChatSettingField } from './fields';
import {
	chatModeField,
	chatTagsField,
	chatTypeOptions,
	externalField,
	labelsField,
	pinManageSettingField,
	sharedSettingFields,
	sortedProperties,
	toolkitIdsField,
} from './fields';
import { automaticIdempotencyKey, MAX_UUID_LENGTH } from './idempotency';
import { addMembersInBatches, MEMBER_LIST_KEYS } from './initialMembers';

const CREATE_SCOPES = ['im:chat', 'im:chat:create'];

/** Settings only Create takes, besides those Update shares. */
const createFields: ChatSettingField[] = [
	...sharedSettingFields,
	chatModeField,
	chatTagsField,
	externalField,
	labelsField,
	pinManageSettingField,
	toolkitIdsField,
];

export const create: OperationDefinition = {
	value: 'create',
	name: 'Create',
	action: 'Create a chat',
	description:
		'Create a group chat with the bot in it, optionally with an owner, members, bots and settings',
	tenantOnly: true,
	properties: [
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. Project Apollo',
			description:
				'Chat name (at most 60 characters recommended). Public chats need one of at least 2 characters; a private chat without a name shows "(no subject)".',
		},
		{
			displayName: 'Chat Type',
			name: 'chatType',
			type: 'options',
			options: chatTypeOptions,
			default: 'private',
			description: 'Whether the chat is private or public',
		},
		{
			...userIdTypeOption,
			description: 'Type of the owner and member IDs you pass, and of owner_id in the answer',
		},
		{
			displayName: 'Member IDs',
			name: 'userIds',
			type: 'string',
			default: '',
			placeholder: 'e.g. ou_7d8a6e6df7621556ce0d21922b676706, ou_a1b2…',
			description:
				'Users to put in the chat: one ID, a comma-separated list, or an expression returning an array. Any number: Feishu takes 50 at creation, so the node adds the rest with the Add Members API in batches of 50 (IDs Feishu cannot add are then listed in invalid_id_list / not_existed_id_list of the output, not failed). An unusable ID among the first 50 makes Feishu refuse the whole creation.',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: sortedProperties([
				...createFields,
				{
					displayName: 'Bot IDs',
					name: 'botIds',
					type: 'string',
					default: '',
					placeholder: 'e.g. cli_a1b2c3d4e5f60001',
					description:
						"App IDs (cli_…) of other bots to invite; not this app's own bot, which always joins. More than 5 are added in batches of 5 after creation (a chat holds at most 15 bots).",
				},
				{
					displayName: 'Idempotency Key',
					name: 'idempotencyKey',
					type: 'string',
					default: '',
					description:
						"Feishu's uuid (at most 50 characters): requests with the same key (and owner) create at most one chat within 10 hours. Empty = the node derives one from the execution, node, run and item, so a retried item does not create a second chat.",
				},
				{
					displayName: 'Make Bot a Manager',
					name: 'setBotManager',
					type: 'boolean',
					default: false,
					description:
						"Whether to also make this app's bot a manager when a user is set as owner (set_bot_manager)",
				},
				{
					displayName: 'Owner ID',
					name: 'ownerId',
					type: 'string',
					default: '',
					placeholder: 'e.g. ou_7d8a6e6df7621556ce0d21922b676706',
					description:
						'User who owns the chat (of the User ID Type above; same tenant). Empty = the bot owns it.',
				},
			]),
		},
	],
	async execute(itemIndex) {
		const userIdType = this.getNodeParameter('userIdType', itemIndex) as string;
		const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const userIds = parseIdList(this.getNodeParameter('userIds', itemIndex, ''));
		const botIds = parseIdList(fields.botIds);

		const body: IDataObject = {
			...settingsBody(this, itemIndex, fields, createFields),
			chat_type: this.getNodeParameter('chatType', itemIndex) as string,
		};
		const name = String(this.getNodeParameter('name', itemIndex, '')).trim();
		if (name) body.name = name;
		const ownerId = String(fields.ownerId ?? '').trim();
		if (ownerId) body.owner_id = ownerId;
		if (body.external === true) checkExternal(this, itemIndex, body);
		if (userIds.length > 0) body.user_id_list = userIds.slice(0, MAX_USER_IDS_PER_CALL);
		if (botIds.length > 0) body.bot_id_list = botIds.slice(0, MAX_BOT_IDS_PER_CALL);

		const qs: IDataObject = { user_id_type: userIdType };
		if (fields.setBotManager === true) qs.set_bot_manager = true;
		qs.uuid = idempotencyKey(this, itemIndex, fields, { qs, body });

		const chat = await feishuApiRequest.call(this, {
			method: 'POST',
			path: '/im/v1/chats',
			qs,
			body,
			// The uuid makes a resend return the same chat, so network errors and 5xx may be retried.
			idempotent: true,
			scopes: CREATE_SCOPES,
			itemIndex,
		});

		const chatId = String(chat.chat_id);
		const extras = await addMembersInBatches(this, itemIndex, chatId, {
			users: userIds.slice(MAX_USER_IDS_PER_CALL),
			userIdType,
			bots: botIds.slice(MAX_BOT_IDS_PER_CALL),
		});
		const result: IDataObject = { chat_id: chatId, ...chat };
		for (const key of MEMBER_LIST_KEYS) result[key] = extras[key];
		return result;
	},
};

/** Feishu's rules for external chats (rest-api.md §4.1), checked before anything is created. */
function checkExternal(context: IExecuteFunctions, itemIndex: number, body: IDataObject): void {
	if (body.chat_type === 'public') {
		throw new NodeOperationError(context.getNode(), 'An external chat cannot be public', {
			itemIndex,
			description: 'Set Chat Type to Private, or turn External off (Feishu error 232069).',
		});
	}
	if (body.owner_id === undefined) {
		throw new NodeOperationError(context.getNode(), 'An external chat needs a user as owner', {
			itemIndex,
			description:
				"Set Owner ID (under Additional Fields) to a user of your organisation; external members must be that user's contacts.",
		});
	}
}

function idempotencyKey(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	request: IDataObject,
): string {
	const own = String(fields.idempotencyKey ?? '').trim();
	if (!own) return automaticIdempotencyKey(context, itemIndex, request);
	if (own.length > MAX_UUID_LENGTH) {
		throw new NodeOperationError(
			context.getNode(),
			`The idempotency key is ${own.length} characters long; Feishu accepts at most ${MAX_UUID_LENGTH}`,
			{ itemIndex },
		);
	}
	return own;
}
