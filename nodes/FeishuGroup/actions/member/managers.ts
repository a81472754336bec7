import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuApiRequest } from '../../../shared/transport';
import { getChatId, segment } from '../params';
import { planIdCalls, readIdList, runIdCalls } from '../shared/idLists';
import { idCounts } from './counts';

/**
 * Adds or removes chat managers (owner only). Feishu answers every call with the full current
 * manager lists, so the last answer is the state after all calls, and `not_applied_id_list` names
 * the given ids it did not make managers (not members, unknown, the owner) or did not demote.
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
	const chatManagers = (last.chat_managers as string[] | undefined) ?? [];
	const botManagers = (last.chat_bot_managers as string[] | undefined) ?? [];
	// Feishu skips ids it cannot use without saying so; the full lists it answers with tell which.
	// (User ids are comparable: bot requests go first, so the last answer uses the selected type.)
	const managersNow = new Set([...chatManagers, ...botManagers]);
	const notApplied = ids.filter((id) =>
		action === 'add_managers' ? !managersNow.has(id) : managersNow.has(id),
	);
	return {
		chat_id: chatId,
		chat_managers: chatManagers,
		chat_bot_managers: botManagers,
		not_applied_id_list: notApplied,
		...idCounts(context, ids.length, calls.length),
	};
}
