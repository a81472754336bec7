/**
 * Query parameters of the docx announcement endpoints, each failing with 1770001: revision_id (-1 = latest,
 * else 1..latest; more than 1000 behind -> 1770021), user_id_type, page_size (1..500, default 500) and page_token
 * (opaque; it pins the revision the first page was read at so later pages stay consistent).
 */
import { createHash } from 'node:crypto';
import type { Call } from '../../api';
import { docxError } from '../../errors';
import { MAX_REVISION_LAG } from '../../docx/tree';
import type { Chat } from '../../state';
import { USER_ID_TYPES } from '../common';

export const MAX_PAGE_SIZE = 500;

const bad = (field: string, value: unknown, description: string) =>
	docxError(1770001, { field, value, description });

export function userIdTypeParam(c: Call): string {
	const t = c.req.query.user_id_type || 'open_id';
	if (!USER_ID_TYPES.includes(t))
		throw bad('user_id_type', t, 'user_id_type must be one of open_id, union_id, user_id');
	return t;
}

/** The revision a call names: the latest for -1 or absent. */
export function revisionParam(c: Call, chat: Chat): number {
	const raw = c.req.query.revision_id;
	const latest = chat.announcement.revision;
	if (raw === undefined || raw === '') return latest;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < -1)
		throw bad('revision_id', raw, 'revision_id must be -1 or a revision');
	if (n === -1) return latest;
	// 0 and future revisions are undocumented; the emulator treats them as invalid.
	if (n === 0 || n > latest)
		throw bad('revision_id', raw, `revision_id must be -1 or 1..${latest}`);
	if (latest - n > MAX_REVISION_LAG) throw docxError(1770021);
	return n;
}

const sum = (s: string) =>
	createHash('sha256')
		.update('docx-page:' + s)
		.digest('hex')
		.slice(0, 12);

export function encodeDocxPageToken(scope: string, revision: number, offset: number): string {
	const body = `${revision}.${offset}`;
	return Buffer.from(`${body}.${sum(scope + '|' + body)}`).toString('base64url');
}

/** page_size and page_token -> {size, offset, revision?} (revision from the token, when given). */
export function pageParams(
	c: Call,
	scope: string,
): { size: number; offset: number; revision?: number } {
	const q = c.req.query;
	let size = MAX_PAGE_SIZE;
	if (q.page_size !== undefined && q.page_size !== '') {
		const n = Number(q.page_size);
		if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
			throw bad('page_size', q.page_size, `page_size must be 1-${MAX_PAGE_SIZE}`);
		size = n;
	}
	if (!q.page_token) return { size, offset: 0 };
	const parts = Buffer.from(q.page_token, 'base64url').toString('utf8').split('.');
	const [rev, off, check] = parts;
	if (
		parts.length !== 3 ||
		!/^\d+$/.test(rev ?? '') ||
		!/^\d+$/.test(off ?? '') ||
		sum(`${scope}|${rev}.${off}`) !== check
	)
		throw bad('page_token', q.page_token, 'invalid page_token');
	return { size, offset: Number(off), revision: Number(rev) };
}
