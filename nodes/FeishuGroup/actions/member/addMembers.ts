import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { chunk, MAX_USER_IDS_PER_CALL } from '../../../shared/chunk';
import { feishuApiRequestAllItems } from '../../../shared/pagination';
import { feishuApiRequest } from '../../../shared/transport';
import { segment } from '../params';
import { withNote } from '../shared/errorNote';
import type { IdCall } from '../shared/idLists';
import { planIdCalls } from '../shared/idLists';
import { isUnusableIdError, UnusableIds } from './unusableIds';

/** Feishu's succeed_type: 0 fail on unknown ids, 1 add the usable and report, 2 fail on any unusable id. */
export const REPORT_UNUSABLE = 1;

export const REPORT_OPTION_HINT =
	'To add the usable IDs and list the rest instead of failing, set Options → If Some IDs Are Unusable → "Add Usable IDs, Report the Rest".';

const WRITE_SCOPES = ['im:chat', 'im:chat.members:write_only'];
const READ_SCOPES = [
	'im:chat',
	'im:chat.members:read',
	'im:chat:readonly',
	'im:chat.group_info:readonly',
];

export interface AddRequest {
	chatId: string;
	ids: string[];
	memberIdType: string;
	succeedType: number;
	/** Send succeed_type even when it is Feishu's default (version 1 left it out when unset). */
	sendSucceedType: boolean;
}

export interface AddResult {
	unusable: UnusableIds;
	/** Ids Feishu accepted: now in the chat (Feishu does not say which already were). */
	added: string[];
	calls: IdCall[];
}

/** What happened to one request of the list. */
interface Sent {
	call: IdCall;
	accepted?: string[];
	error?: unknown;
}

/**
 * Adds a list of members with Feishu's succeed_type applied to the whole list, not per request:
 * - "report" (1): every request adds its usable ids; the unusable ones of all requests are listed.
 * - "fail" (0 and 2): Feishu refuses a request with an unusable id and adds nobody from it. Lists
 *   longer than one request are therefore checked request by request (users first; bots only when
 *   every user request went through, since Feishu does not list bots and an added bot cannot be
 *   told from one that was there), and if any request is refused, the users that earlier requests
 *   added are removed again, so that nobody is added. The error lists every unusable id of every
 *   request with Feishu's reason and says exactly what was undone and what could not be.
 */
export async function addMembers(
	context: IExecuteFunctions,
	itemIndex: number,
	request: AddRequest,
): Promise<AddResult> {
	const allOrNothing = request.succeedType !== REPORT_UNUSABLE;
	const calls = planIdCalls(
		request.ids,
		request.memberIdType,
		allOrNothing ? 'usersFirst' : 'botsFirst',
	);
	const unusable = new UnusableIds();
	const needsUndo = allOrNothing && calls.length > 1;
	const before = needsUndo ? await currentMembers(context, itemIndex, request) : undefined;

	const sent: Sent[] = [];
	let refused = false;
	for (const call of calls) {
		// An added bot cannot be undone reliably: once a user request was refused, bots are not sent.
		if (needsUndo && refused && call.memberIdType === 'app_id' && request.memberIdType !== 'app_id')
			break;
		try {
			const answer = await sendAdd(context, itemIndex, request, call);
			sent.push({ call, accepted: unusable.addAnswer(call, answer) });
		} catch (error) {
			sent.push({ call, error });
			if (!isUnusableIdError(error)) break;
			unusable.addRefusal(call, error);
			refused = true;
			// Report mode lists a request refused for its ids (e.g. none usable) and goes on; a
			// single all-or-nothing request needs no further checking.
			if (allOrNothing && !needsUndo) break;
		}
	}

	const failed = sent.find(
		(s) => s.error !== undefined && (allOrNothing || !isUnusableIdError(s.error)),
	);
	if (!failed) {
		return { unusable, added: sent.flatMap((s) => s.accepted ?? []), calls };
	}
	if (!needsUndo) {
		throw describeFailure(context, itemIndex, request, calls, sent, unusable, failed);
	}
	const undo = await removeAddedAgain(context, itemIndex, request, sent, before);
	throw describeFailure(context, itemIndex, request, calls, sent, unusable, failed, undo);
}

async function sendAdd(
	context: IExecuteFunctions,
	itemIndex: number,
	request: AddRequest,
	call: IdCall,
): Promise<IDataObject> {
	const qs: IDataObject = { member_id_type: call.memberIdType };
	if (request.sendSucceedType) qs.succeed_type = request.succeedType;
	return await feishuApiRequest.call(context, {
		method: 'POST',
		path: `/im/v1/chats/${segment(request.chatId)}/members`,
		qs,
		body: { id_list: call.ids },
		scopes: WRITE_SCOPES,
		itemIndex,
	});
}

/** The chat's users in the list's id type before adding, or the error that prevented reading them. */
async function currentMembers(
	context: IExecuteFunctions,
	itemIndex: number,
	request: AddRequest,
): Promise<Set<string> | Error> {
	if (request.memberIdType === 'app_id')
		return new Error('Feishu does not list the bots of a chat');
	try {
		const members = await feishuApiRequestAllItems.call(
			context,
			{
				method: 'GET',
				path: `/im/v1/chats/${segment(request.chatId)}/members`,
				qs: { member_id_type: request.memberIdType },
				scopes: READ_SCOPES,
				itemIndex,
			},
			{ returnAll: true, maxPageSize: 100 },
		);
		return new Set(members.map((m) => String(m.member_id)));
	} catch (error) {
		return error as Error;
	}
}

/** The outcome of undoing: who was removed again, who stays and why. */
interface Undo {
	removed: string[];
	/** Users added by this run that are still in the chat. */
	stayed: string[];
	/** Bots added by this run (they stay: an added bot cannot be told from one that was there). */
	bots: string[];
	/** Users that were already members before the run (untouched). */
	alreadyMembers: number;
	problem?: string;
}

async function removeAddedAgain(
	context: IExecuteFunctions,
	itemIndex: number,
	request: AddRequest,
	sent: Sent[],
	before: Set<string> | Error | undefined,
): Promise<Undo> {
	const accepted = (wantBots: boolean) =>
		sent
			.filter((s) => s.accepted && (s.call.memberIdType === 'app_id') === wantBots)
			.flatMap((s) => s.accepted ?? []);
	const users = accepted(false);
	const undo: Undo = { removed: [], stayed: [], bots: accepted(true), alreadyMembers: 0 };
	if (users.length === 0) return undo;
	if (!(before instanceof Set)) {
		undo.stayed = users;
		undo.problem = `the chat's member list could not be read before adding (${before?.message ?? 'unknown'}), so the node cannot tell the new members from earlier ones`;
		return undo;
	}
	const added = users.filter((id) => !before.has(id));
	undo.alreadyMembers = users.length - added.length;
	for (const [index, ids] of chunk(added, MAX_USER_IDS_PER_CALL).entries()) {
		try {
			await feishuApiRequest.call(context, {
				method: 'DELETE',
				path: `/im/v1/chats/${segment(request.chatId)}/members`,
				qs: { member_id_type: request.memberIdType },
				body: { id_list: ids },
				scopes: WRITE_SCOPES,
				itemIndex,
			});
			undo.removed.push(...ids);
		} catch (error) {
			undo.stayed = added.slice(index * MAX_USER_IDS_PER_CALL);
			undo.problem = `removing them again failed (${(error as Error).message}); remove them by hand or make the bot a manager`;
			break;
		}
	}
	return undo;
}

function describeFailure(
	context: IExecuteFunctions,
	itemIndex: number,
	request: AddRequest,
	calls: IdCall[],
	sent: Sent[],
	unusable: UnusableIds,
	failed: Sent,
	undo?: Undo,
): NodeApiError | NodeOperationError {
	const idsOf = (list: IdCall[]) => list.flatMap((call) => call.ids);
	const notSent = idsOf(calls.filter((call) => !sent.some((s) => s.call === call)));
	const lines: string[] = [];
	const refusedForIds = isUnusableIdError(failed.error);

	if (unusable.count > 0) {
		lines.push(`Unusable IDs, with Feishu's reason (${unusable.count} of ${request.ids.length}):`);
		lines.push(...unusable.lines());
	}
	if (undo) {
		if (undo.removed.length > 0)
			lines.push(
				`Other requests of the list had added ${undo.removed.length} users; they were removed from the chat again (the chat shows them joining and leaving): ${undo.removed.join(', ')}`,
			);
		if (undo.alreadyMembers > 0)
			lines.push(
				`${undo.alreadyMembers} of the accepted users were members before and were left alone.`,
			);
		if (undo.stayed.length > 0)
			lines.push(
				`These ${undo.stayed.length} users were added and stay in the chat: ${undo.stayed.join(', ')}. Why: ${undo.problem}.`,
			);
		if (undo.bots.length > 0)
			lines.push(
				`These bots were added and stay in the chat (Feishu does not list bots, so the node cannot tell whether they were there before): ${undo.bots.join(', ')}`,
			);
		if (unusable.pending.size > 0)
			lines.push(
				`Requests that went through asked the chat's owner or managers to approve ${unusable.pending.size} users; Feishu offers no way to withdraw such a request, so they join if it is approved: ${[...unusable.pending].join(', ')}`,
			);
	} else if (calls.length > 1) {
		const applied = sent.flatMap((s) => s.accepted ?? []);
		if (applied.length > 0)
			lines.push(
				`Earlier requests added these ${applied.length} IDs, and they stay in the chat: ${applied.join(', ')}`,
			);
	}
	if (notSent.length > 0)
		lines.push(
			`Not sent, so not checked or added (${notSent.length}): ${notSent.join(', ')}${refusedForIds && notSent.some((id) => id.startsWith('cli_')) ? ' (bots are only added when every user could be)' : ''}`,
		);
	if (refusedForIds) lines.push(REPORT_OPTION_HINT);

	const error = withNote(context.getNode(), failed.error, lines.join('\n'), itemIndex);
	if (calls.length > 1 && refusedForIds) {
		const stayed = (undo?.stayed.length ?? 0) + (undo?.bots.length ?? 0);
		const code = (error as { context?: { feishu?: { code?: number } } }).context?.feishu?.code;
		error.message =
			`${unusable.count} of ${request.ids.length} IDs cannot be added (Feishu error ${code}), ` +
			(stayed > 0
				? `and ${stayed} IDs added by earlier requests stay in the chat`
				: 'so nobody was added');
	}
	// Machine-readable for Continue On Fail items and error workflows.
	error.context.idReport = {
		not_existed_id_list: [...unusable.notExisted],
		invalid_id_list: [...unusable.invalid],
		pending_approval_id_list: [...unusable.pending],
		stayed_added_id_list: undo
			? [...undo.stayed, ...undo.bots]
			: sent.flatMap((s) => s.accepted ?? []),
		removed_again_id_list: undo?.removed ?? [],
		not_sent_id_list: notSent,
	};
	return error;
}
