import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { isBotId, parseIdList, splitIdsForCalls } from '../../../shared/chunk';
import { withNote } from './errorNote';

/** One request of a split id list: the ids and the member_id_type they are sent with. */
export interface IdCall {
	ids: string[];
	memberIdType: string;
}

/** Common shapes an expression may hand us: a member item from Get Many, or a user/bot object. */
const ID_KEYS = ['member_id', 'open_id', 'union_id', 'user_id', 'app_id', 'id'];

function idOf(value: unknown): unknown {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const object = value as IDataObject;
		const key = ID_KEYS.find((k) => typeof object[k] === 'string');
		return key ? object[key] : '';
	}
	return value;
}

/**
 * Reads an id-list parameter: one id, a comma/newline list, a JSON array string, or an array
 * (of ids, or of member objects such as Get Many's output) from an expression.
 */
export function readIdList(context: IExecuteFunctions, name: string, itemIndex: number): string[] {
	let value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (typeof value === 'string' && value.trim().startsWith('[')) {
		try {
			value = JSON.parse(value);
		} catch {
			// Not JSON after all: treat it as a plain list.
		}
	}
	const ids = parseIdList(Array.isArray(value) ? value.map(idOf) : idOf(value));
	if (ids.length === 0) {
		throw new NodeOperationError(context.getNode(), 'No member IDs given', {
			itemIndex,
			description: 'Enter at least one user ID or bot app ID (cli_…).',
		});
	}
	return ids;
}

/**
 * Plans the requests for an id list: bot app ids (cli_…) go in their own requests as app_id
 * (Feishu treats one request as one id type), at most 5 per request; user ids at most 50 per
 * request with the selected type. Bots come first by default, so that the last answer of manager
 * calls lists the user managers in the selected id type (bot calls answer with open_ids);
 * 'usersFirst' lets an all-or-nothing add check the users before any bot is added, because added
 * users can be told from earlier members (Feishu lists users) and bots cannot.
 */
export function planIdCalls(
	ids: string[],
	memberIdType: string,
	order: 'botsFirst' | 'usersFirst' = 'botsFirst',
): IdCall[] {
	if (memberIdType === 'app_id') {
		return splitIdsForCalls(ids, 'app_id').map((chunk) => ({ ids: chunk, memberIdType: 'app_id' }));
	}
	const bots = splitIdsForCalls(ids.filter(isBotId), 'app_id').map((chunk) => ({
		ids: chunk,
		memberIdType: 'app_id',
	}));
	const users = splitIdsForCalls(
		ids.filter((id) => !isBotId(id)),
		memberIdType,
	).map((chunk) => ({ ids: chunk, memberIdType }));
	return order === 'usersFirst' ? [...users, ...bots] : [...bots, ...users];
}

/**
 * Sends the planned requests one after another (Feishu throttles concurrent member changes on one
 * chat with 232019). If a later request fails, the error says which ids were already applied,
 * because earlier requests cannot be undone.
 */
export async function runIdCalls(
	context: IExecuteFunctions,
	itemIndex: number,
	calls: IdCall[],
	send: (call: IdCall) => Promise<IDataObject>,
	failureNote: (calls: IdCall[], failedIndex: number) => string = partialNote,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	for (const [index, call] of calls.entries()) {
		try {
			results.push(await send(call));
		} catch (error) {
			throw withNote(context.getNode(), error, failureNote(calls, index), itemIndex);
		}
	}
	return results;
}

function partialNote(calls: IdCall[], failedIndex: number): string {
	if (failedIndex === 0) {
		return calls.length > 1
			? `The list was split into ${calls.length} requests; the first one failed, so nothing was changed.`
			: '';
	}
	const done = calls.slice(0, failedIndex).flatMap((call) => call.ids);
	const total = calls.reduce((sum, call) => sum + call.ids.length, 0);
	const requests = failedIndex === 1 ? 'request 1' : `requests 1-${failedIndex}`;
	return (
		`The list was split into ${calls.length} requests; ${requests} (${done.length} of ${total} IDs) ` +
		`had already succeeded and stay applied: ${done.join(', ')}. ` +
		`Request ${failedIndex + 1} failed, the rest were not sent.`
	);
}
