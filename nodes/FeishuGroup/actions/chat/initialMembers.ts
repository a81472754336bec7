import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { mergeListFields, splitIdsForCalls } from '../../../shared/chunk';
import { feishuApiRequest } from '../../../shared/transport';
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

interface Batch {
	ids: string[];
	memberIdType: string;
}

function batches(extra: ExtraMembers): Batch[] {
	return [
		...splitIdsForCalls(extra.users, extra.userIdType).map((ids) => ({
			ids,
			memberIdType: extra.userIdType,
		})),
		...splitIdsForCalls(extra.bots, 'app_id').map((ids) => ({ ids, memberIdType: 'app_id' })),
	];
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
	const answers: IDataObject[] = [];
	const all = batches(extra);
	for (const [index, batch] of all.entries()) {
		try {
			answers.push(
				await feishuApiRequest.call(context, {
					method: 'POST',
					path: `/im/v1/chats/${segment(chatId)}/members`,
					qs: { member_id_type: batch.memberIdType, succeed_type: 1 },
					body: { id_list: batch.ids },
					idempotent: true,
					scopes: ['im:chat', 'im:chat.members:write_only'],
					itemIndex,
				}),
			);
		} catch (error) {
			throw explainPartialCreate(error, chatId, index, all.length);
		}
	}
	return mergeListFields(answers, MEMBER_LIST_KEYS);
}

/** The chat exists even though a member batch failed: say so, and put its id in the error item. */
function explainPartialCreate(
	error: unknown,
	chatId: string,
	index: number,
	total: number,
): unknown {
	const failure = error as { description?: string | null; context?: IDataObject };
	const note = `The chat ${chatId} was created, but adding the members beyond the first batch failed at batch ${index + 1} of ${total}. Add the remaining members with Member → Add (members already in the chat are skipped).`;
	failure.description = failure.description ? `${note}\n${failure.description}` : note;
	if (failure.context) {
		const feishu = (failure.context.feishu as IDataObject | undefined) ?? {};
		failure.context.feishu = { ...feishu, chat_id: chatId };
	}
	return error;
}
