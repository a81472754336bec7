import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mergeListFields } from '../../../shared/chunk';
import { feishuApiRequest } from '../../../shared/transport';
import { planIdCalls, runIdCalls } from '../shared/idLists';
import type { IdCall } from '../shared/idLists';
import { segment } from '../params';

/** Lists in the Add Members answer, merged over all batches. */
export const MEMBER_LIST_KEYS = [
	'invalid_id_list',
	'not_existed_id_list',
	'pending_approval_id_list',
];

interface ExtraMembers {
	users: string[];
	userIdType: string;
	bots: string[];
}

/**
 * Adds the members that did not fit into the Create call (over 50 users / 5 bots), one batch after
 * another (parallel adds on one chat are throttled with 232019). succeed_type 1 makes Feishu add
 * every usable ID and report the others instead of failing, so a chat that now exists is never
 * left half-filled because of one bad ID. Adding someone already in the chat is a no-op, which is
 * why a resend after a network error is safe.
 */
export async function addMembersInBatches(
	context: IExecuteFunctions,
	itemIndex: number,
	chatId: string,
	extra: ExtraMembers,
): Promise<IDataObject> {
	const calls: IdCall[] = [
		...planIdCalls(extra.users, extra.userIdType),
		...planIdCalls(extra.bots, 'app_id'),
	];
	const answers = await runIdCalls(
		context,
		itemIndex,
		calls,
		async (call) =>
			await feishuApiRequest.call(context, {
				method: 'POST',
				path: `/im/v1/chats/${segment(chatId)}/members`,
				qs: { member_id_type: call.memberIdType, succeed_type: 1 },
				body: { id_list: call.ids },
				idempotent: true,
				scopes: ['im:chat', 'im:chat.members:write_only'],
				itemIndex,
			}),
		(all, failedIndex) =>
			`The chat ${chatId} was created, but adding the members beyond the first batch failed at batch ${failedIndex + 1} of ${all.length}. Add the remaining members with Member → Add (members already in the chat are skipped).`,
	).catch((error: { context?: IDataObject }) => {
		// The chat exists: put its id in the error item so a workflow can finish the job.
		if (error.context) {
			const feishu = (error.context.feishu as IDataObject | undefined) ?? {};
			error.context.feishu = { ...feishu, chat_id: chatId };
		}
		throw error;
	});
	return mergeListFields(answers, MEMBER_LIST_KEYS);
}
