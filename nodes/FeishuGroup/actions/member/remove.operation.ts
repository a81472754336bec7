import { mergeListFields } from '../../../shared/chunk';
import { feishuApiRequest } from '../../../shared/transport';
import { chatIdLocator } from '../../descriptions/common';
import { memberIdsField, memberIdTypeOption } from '../../descriptions/members';
import { getChatId, segment } from '../params';
import type { OperationDefinition } from '../types';
import { planIdCalls, readIdList, runIdCalls } from '../shared/idLists';
import { idCounts } from './counts';

export const remove: OperationDefinition = {
	value: 'remove',
	name: 'Remove',
	action: 'Remove members from a chat',
	description:
		'Remove users and/or bots from a chat (others: owner or managers only; anyone may remove itself)',
	properties: [
		chatIdLocator,
		memberIdsField({
			name: 'memberIds',
			displayName: 'Member IDs',
			action: 'remove',
			perCall: 'at most 50 users or 5 bots per request',
		}),
		memberIdTypeOption,
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const ids = readIdList(this, 'memberIds', itemIndex);
		const memberIdType = this.getNodeParameter('memberIdType', itemIndex) as string;
		const calls = planIdCalls(ids, memberIdType);
		const results = await runIdCalls(this, itemIndex, calls, async (call) => {
			// Feishu takes the id list of this DELETE in a JSON body.
			return await feishuApiRequest.call(this, {
				method: 'DELETE',
				path: `/im/v1/chats/${segment(chatId)}/members`,
				qs: { member_id_type: call.memberIdType },
				body: { id_list: call.ids },
				scopes: ['im:chat', 'im:chat.members:write_only'],
				itemIndex,
			});
		});
		return {
			chat_id: chatId,
			...mergeListFields(results, ['invalid_id_list']),
			...idCounts(this, ids.length, calls.length),
		};
	},
};
