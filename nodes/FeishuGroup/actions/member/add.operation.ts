import type { IDataObject } from 'n8n-workflow';

import { mergeListFields } from '../../../shared/chunk';
import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { memberIdsField, memberIdTypeOption } from '../../descriptions/members';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { planIdCalls, readIdList, runIdCalls } from '../shared/idLists';

const LIST_FIELDS = ['invalid_id_list', 'not_existed_id_list', 'pending_approval_id_list'];

export const add: OperationDefinition = {
	value: 'add',
	name: 'Add',
	action: 'Add members to a chat',
	description: 'Add users and/or bots to a chat; reports IDs that could not be added',
	properties: [
		chatIdLocator,
		memberIdsField({
			name: 'memberIds',
			displayName: 'Member IDs',
			action: 'add',
			perCall: 'at most 50 users or 5 bots per request; a chat holds at most 15 bots',
		}),
		memberIdTypeOption,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'If Some IDs Are Unusable',
					name: 'succeedType',
					type: 'options',
					// Feishu's succeed_type; the default is Feishu's own default (0).
					options: [
						{
							name: 'Add Usable IDs, Report the Rest',
							value: 1,
							description:
								'Add every usable ID and succeed; unknown, invisible, inactive and resigned IDs are listed in the output',
						},
						{
							name: 'Fail on Unknown IDs (Feishu Default)',
							value: 0,
							description:
								'Fail if any ID does not exist or is invisible to the app; resigned users are skipped and listed',
						},
						{
							name: 'Fail if Any ID Is Unusable',
							value: 2,
							description: 'Add nobody if any ID is unusable; the error lists the unusable IDs',
						},
					],
					default: 0,
					description:
						'What Feishu does when some IDs cannot be added. With long lists split into several requests, requests that already succeeded stay applied.',
				},
			],
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const ids = readIdList(this, 'memberIds', itemIndex);
		const memberIdType = this.getNodeParameter('memberIdType', itemIndex) as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const calls = planIdCalls(ids, memberIdType);
		const results = await runIdCalls(this, itemIndex, calls, async (call) => {
			const qs: IDataObject = { member_id_type: call.memberIdType };
			if (options.succeedType !== undefined) qs.succeed_type = options.succeedType;
			return await feishuApiRequest.call(this, {
				method: 'POST',
				path: `/im/v1/chats/${segment(chatId)}/members`,
				qs,
				body: { id_list: call.ids },
				scopes: ['im:chat', 'im:chat.members:write_only'],
				itemIndex,
			});
		});
		return {
			chat_id: chatId,
			...mergeListFields(results, LIST_FIELDS),
			requested_count: ids.length,
			request_count: calls.length,
		};
	},
};
