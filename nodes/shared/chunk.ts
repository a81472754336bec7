import type { IDataObject } from 'n8n-workflow';

/** Feishu's per-call caps on id lists. */
export const MAX_USER_IDS_PER_CALL = 50;
export const MAX_BOT_IDS_PER_CALL = 5;

export function chunk<T>(list: T[], size: number): T[][] {
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size)
		chunks.push(list.slice(start, start + size));
	return chunks;
}

/** Bot ids are app ids (`cli_…`); everything else is a user id of the selected type. */
export function isBotId(id: string): boolean {
	return id.startsWith('cli_');
}

/**
 * Splits an id list into calls that respect Feishu's caps: at most 50 users or 5 bots per call,
 * and never users and bots in the same call (Feishu treats a call as one id type).
 */
export function splitIdsForCalls(ids: string[], memberIdType: string): string[][] {
	if (memberIdType === 'app_id') return chunk(ids, MAX_BOT_IDS_PER_CALL);
	return chunk(ids, MAX_USER_IDS_PER_CALL);
}

/** Concatenates the list fields of several answers (invalid_id_list, not_existed_id_list …), deduplicated. */
export function mergeListFields(results: IDataObject[], keys: string[]): IDataObject {
	const merged: IDataObject = {};
	for (const key of keys) {
		const values = new Set<string>();
		for (const result of results) {
			for (const value of (result[key] as string[] | undefined) ?? []) values.add(value);
		}
		merged[key] = [...values];
	}
	return merged;
}

/** Accepts one id, a comma/newline separated string, or an array (e.g. from an expression). */
export function parseIdList(value: unknown): string[] {
	const raw: unknown[] = Array.isArray(value) ? value : String(value ?? '').split(/[\s,;]+/);
	const ids = raw.map((v) => String(v ?? '').trim()).filter((v) => v.length > 0);
	return [...new Set(ids)];
}
