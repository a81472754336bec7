import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { chunk, MAX_USER_IDS_PER_CALL, parseIdList } from '../../../shared/chunk';
import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator, userIdTypeOption } from '../../descriptions/common';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { MODERATION_WRITE_SCOPES } from './scopes';

const moderatorList = { show: { moderationSetting: ['moderator_list'] } };

export const updateModeration: OperationDefinition = {
	value: 'updateModeration',
	name: 'Update Moderation',
	action: 'Update who can speak in a chat',
	description:
		'Set who may send messages in a chat (everyone, owner and managers, or listed moderators) and add or remove moderators. Owner only.',
	properties: [
		chatIdLocator,
		{
			displayName: 'Who Can Speak',
			name: 'moderationSetting',
			type: 'options',
			options: [
				{ name: 'All Members', value: 'all_members', description: 'Everyone can send messages' },
				{
					name: 'Moderator List',
					value: 'moderator_list',
					description: 'Only the owner, managers and the listed moderators can send messages',
				},
				{
					name: 'Only Owner and Managers',
					value: 'only_owner',
					description: 'Only the owner and managers can send messages',
				},
			],
			default: 'all_members',
			description: "The chat's speaking permission (moderation_setting)",
		},
		{
			displayName: 'Moderators to Add',
			name: 'moderatorsToAdd',
			type: 'string',
			default: '',
			displayOptions: moderatorList,
			placeholder: 'e.g. ou_7d8a6e6df7621556ce0d21922b676706',
			description:
				'Members allowed to speak: one ID, a comma-separated list, or an expression returning an array. IDs of people not in the chat are ignored by Feishu.',
		},
		{
			displayName: 'Moderators to Remove',
			name: 'moderatorsToRemove',
			type: 'string',
			default: '',
			displayOptions: moderatorList,
			placeholder: 'e.g. ou_a1b2c3d4e5f60718293a4b5c6d7e8f90',
			description:
				'Moderators to take the permission from (one ID, a list, or an array). Must not overlap with Moderators to Add.',
		},
		{ ...userIdTypeOption, description: 'Type of the moderator IDs' },
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const setting = this.getNodeParameter('moderationSetting', itemIndex) as string;
		const listed = setting === 'moderator_list';
		const added = listed
			? parseIdList(this.getNodeParameter('moderatorsToAdd', itemIndex, ''))
			: [];
		const removed = listed
			? parseIdList(this.getNodeParameter('moderatorsToRemove', itemIndex, ''))
			: [];
		const both = added.filter((id) => removed.includes(id));
		if (both.length > 0) {
			throw new NodeOperationError(
				this.getNode(),
				`These IDs are both added and removed as moderators: ${both.join(', ')}`,
				{ itemIndex, description: 'Feishu refuses overlapping lists. Keep each ID in one list.' },
			);
		}
		// Long moderator lists go in several calls of at most 50 IDs per list; each call repeats the
		// setting, so every call is valid on its own.
		const addedChunks = chunk(added, MAX_USER_IDS_PER_CALL);
		const removedChunks = chunk(removed, MAX_USER_IDS_PER_CALL);
		const calls = Math.max(1, addedChunks.length, removedChunks.length);
		for (let call = 0; call < calls; call++) {
			const body: IDataObject = { moderation_setting: setting };
			if (addedChunks[call]) body.moderator_added_list = addedChunks[call];
			if (removedChunks[call]) body.moderator_removed_list = removedChunks[call];
			await feishuApiRequest.call(this, {
				method: 'PUT',
				path: `/im/v1/chats/${segment(chatId)}/moderation`,
				qs: { user_id_type: this.getNodeParameter('userIdType', itemIndex) as string },
				body,
				scopes: MODERATION_WRITE_SCOPES,
				itemIndex,
			});
		}
		return {
			chat_id: chatId,
			success: true,
			moderation_setting: setting,
			moderator_added_list: added,
			moderator_removed_list: removed,
		};
	},
};
