import { NodeApiError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';

import { feishuCode } from '../shared/errorNote';
import type { IdCall } from '../shared/idLists';

/**
 * Feishu codes that refuse an add-members request because of the ids in it (not because of the
 * chat or the caller): unknown open/user/union ids, ids of another app, "unavailable ids"
 * (succeed_type 2), none usable, users the app cannot see.
 */
const UNUSABLE_ID_CODES = new Set([99992351, 99992360, 99992361, 99992364, 232043, 232027, 232024]);

export function isUnusableIdError(error: unknown): boolean {
	const code = feishuCode(error);
	return code !== undefined && UNUSABLE_ID_CODES.has(code);
}

/** What a well-formed id of each type looks like; anything else Feishu reports as not existing. */
const ID_SHAPES: Record<string, RegExp> = {
	open_id: /^ou_[0-9a-zA-Z]+$/,
	union_id: /^on_[0-9a-zA-Z]+$/,
	app_id: /^cli_[0-9a-zA-Z]+$/,
	user_id: /^[\w.-]+$/,
};

const ID_EXAMPLES: Record<string, string> = {
	open_id: 'open_ids look like ou_ followed by letters and digits',
	union_id: 'union_ids look like on_ followed by letters and digits',
	app_id: 'bot app IDs look like cli_ followed by letters and digits',
	user_id: 'user_ids are letters, digits, "_", "-" and "."',
};

const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Ids listed in a Feishu message such as "these open ids not existed: [ou_a ou_b]". */
function idsInMessage(message: string): string[] {
	const list = /\[([^\]]*)\]/.exec(message)?.[1] ?? '';
	return list.split(/[\s,]+/).filter((id) => id.length > 0);
}

/**
 * Every id Feishu would not add, collected over all requests of one list, with Feishu's reason:
 * from successful answers (invalid / not existed / pending lists) and from refused requests (the
 * ids in the message or in `data`).
 */
export class UnusableIds {
	readonly notExisted = new Set<string>();
	readonly invalid = new Set<string>();
	readonly pending = new Set<string>();
	/** Requests refused as a whole without naming ids (e.g. 232024): their ids and Feishu's message. */
	readonly refusedWhole: Array<{ ids: string[]; reason: string }> = [];
	/** Type of each id, for telling malformed ids from unknown ones. */
	private readonly typeOf = new Map<string, string>();

	/** Adds the lists of a successful answer; returns the ids of the call that Feishu accepted. */
	addAnswer(call: IdCall, answer: IDataObject): string[] {
		this.remember(call);
		const skipped = new Set<string>();
		const lists: Array<[unknown, Set<string>]> = [
			[answer.not_existed_id_list, this.notExisted],
			[answer.invalid_id_list, this.invalid],
			[answer.pending_approval_id_list, this.pending],
		];
		for (const [list, into] of lists) {
			for (const id of strings(list)) {
				skipped.add(id);
				into.add(id);
			}
		}
		return call.ids.filter((id) => !skipped.has(id));
	}

	/** Adds the ids a refused request was refused for. */
	addRefusal(call: IdCall, error: unknown): void {
		this.remember(call);
		const data = (error instanceof NodeApiError ? error.errorResponse?.data : undefined) as
			| IDataObject
			| undefined;
		const code = feishuCode(error);
		const fromData = [...strings(data?.not_existed_id_list), ...strings(data?.invalid_id_list)];
		if (fromData.length > 0) {
			for (const id of strings(data?.not_existed_id_list)) this.notExisted.add(id);
			for (const id of strings(data?.invalid_id_list)) this.invalid.add(id);
			return;
		}
		const named =
			code === 232043 || code === 232027 || code === 232024
				? []
				: idsInMessage(String((error as IDataObject).message ?? '')).filter((id) =>
						call.ids.includes(id),
					);
		if (named.length > 0) {
			for (const id of named) this.notExisted.add(id);
			return;
		}
		const msg = (error as { context?: { feishu?: { msg?: string } } }).context?.feishu?.msg;
		this.refusedWhole.push({ ids: call.ids, reason: `Feishu error ${code}: ${msg ?? ''}`.trim() });
	}

	get count(): number {
		const whole = this.refusedWhole.reduce((sum, r) => sum + r.ids.length, 0);
		return this.notExisted.size + this.invalid.size + this.pending.size + whole;
	}

	/** Lines for an error description: each reason with its ids. */
	lines(): string[] {
		const malformed = [...this.notExisted].filter((id) => !this.wellFormed(id));
		const unknown = [...this.notExisted].filter((id) => this.wellFormed(id));
		const lines: string[] = [];
		const add = (label: string, ids: string[]) => {
			if (ids.length > 0) lines.push(`- ${label} (${ids.length}): ${ids.join(', ')}`);
		};
		const types = [...new Set(malformed.map((id) => this.typeOf.get(id) ?? ''))];
		add(
			`not a valid ID of the chosen type (${types.map((t) => ID_EXAMPLES[t] ?? t).join('; ')})`,
			malformed,
		);
		add('do not exist, or belong to another app or tenant', unknown);
		add('resigned, not activated, or not visible to the app', [...this.invalid]);
		add('waiting for approval by the chat owner or a manager', [...this.pending]);
		for (const whole of this.refusedWhole) add(`refused as a whole (${whole.reason})`, whole.ids);
		return lines;
	}

	private remember(call: IdCall): void {
		for (const id of call.ids) this.typeOf.set(id, call.memberIdType);
	}

	private wellFormed(id: string): boolean {
		const shape = ID_SHAPES[this.typeOf.get(id) ?? ''];
		return shape ? shape.test(id) : true;
	}
}
