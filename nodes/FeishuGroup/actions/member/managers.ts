import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { getChatId, segment } from '../params';
import { planIdCalls, readIdList, runIdCalls } from '../shared/idLists';

/**
 * Adds or removes chat managers (owner only). Feishu answers every call with the full current
 * manager lists, so the last answer is the state after all calls.
 */
export async function changeManagers(
	context: IExecuteFunctions,
	itemIndex: number,
	action: 'add_managers' | 'delete_managers',
): Promise<IDataObject> {
	const chatId = getChatId(context, itemIndex);
	const ids = readIdList(context, 'managerIds', itemIndex);
	const memberIdType = context.getNodeParameter('memberIdType', itemIndex) as string;
	const calls = planIdCalls(ids, memberIdType);
	const results = await runIdCalls(context, itemIndex, calls, async (call) => {
		return await feishuApiRequest.call(context, {
			method: 'POST',
			path: `/im/v1/chats/${segment(chatId)}/managers/${action}`,
			qs: { member_id_type: call.memberIdType },
			body: { manager_ids: call.ids },
			scopes: ['im:chat', 'im:chat.managers:write_only'],
			itemIndex,
		});
	});
	const last = results[results.length - 1] ?? {};
	return {
		chat_id: chatId,
		chat_managers: (last.chat_managers as string[] | undefined) ?? [],
		chat_bot_managers: (last.chat_bot_managers as string[] | undefined) ?? [],
		requested_count: ids.length,
		request_count: calls.length,
	};
}
