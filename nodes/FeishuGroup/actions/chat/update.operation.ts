import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator, userIdTypeOption } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { coupleMemberPermissions, settingsBody } from './chatBody';
import type { ChatSettingField } from './fields';
import {
	addMemberPermissionField,
	atAllPermissionField,
	chatTypeField,
	labelsField,
	nameField,
	pinManageSettingField,
	shareCardPermissionField,
	sharedSettingFields,
	sortedProperties,
	toolkitIdsField,
} from './fields';
import { UPDATE_SCOPES } from './scopes';

const newOwnerField: ChatSettingField = {
	feishuKey: 'owner_id',
	property: {
		displayName: 'New Owner ID',
		name: 'ownerId',
		type: 'string',
		default: '',
		placeholder: 'e.g. ou_7d8a6e6df7621556ce0d21922b676706',
		description:
			'Transfer ownership to this user (of the User ID Type above). They must already be in the chat and in the same tenant; the old owner becomes an ordinary member.',
	},
};

const updateFields: ChatSettingField[] = [
	...sharedSettingFields,
	addMemberPermissionField,
	atAllPermissionField,
	chatTypeField,
	labelsField,
	nameField,
	newOwnerField,
	pinManageSettingField,
	shareCardPermissionField,
	toolkitIdsField,
];

export const update: OperationDefinition = {
	value: 'update',
	name: 'Update',
	action: 'Update a chat',
	description:
		"Change a chat's name, description, avatar, permissions and settings, or transfer its ownership",
	properties: [
		chatIdLocator,
		{ ...userIdTypeOption, description: 'Type of the new owner ID' },
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description:
				'Only the fields you add are changed. Members who are not owner or manager may only change name, avatar, description and localized names (and nothing when Edit Permission is "Only Owner and Managers").',
			options: sortedProperties(updateFields),
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const body = settingsBody(this, itemIndex, fields, updateFields);
		coupleMemberPermissions(this, itemIndex, body);
		if (Object.keys(body).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update', {
				itemIndex,
				description: 'Add at least one field under Update Fields.',
			});
		}
		await feishuApiRequest.call(this, {
			method: 'PUT',
			path: `/im/v1/chats/${segment(chatId)}`,
			qs: { user_id_type: this.getNodeParameter('userIdType', itemIndex) as string },
			body,
			scopes: UPDATE_SCOPES,
			itemIndex,
		});
		return { chat_id: chatId, success: true, updated: body };
	},
};
