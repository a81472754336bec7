/** Opaque page tokens: base64 of "kind|scope|offset|checksum"; anything else is rejected with 232001. */
import { createHash } from 'node:crypto';
import { ApiError } from './errors';
import type { Query } from './http';

const sum = (s: string) =>
	createHash('md5')
		.update('emulator-page:' + s)
		.digest('hex')
		.slice(0, 12);

/** The scope (caller, query, chat…) is hashed so it may contain any character. */
const scopeKey = (scope: string) => sum('scope:' + scope).slice(0, 8);

export function encodePageToken(kind: string, scope: string, offset: number): string {
	const s = `${kind}|${scopeKey(scope)}|${offset}`;
	return Buffer.from(`${s}|${sum(s)}`).toString('base64');
}

function invalid(field: string, value: string, description: string): ApiError {
	return new ApiError(232001, undefined, 400, {
		error: { field_violations: [{ field, value, description }] },
	});
}

export function decodePageToken(token: string, kind: string, scope: string): number {
	const text = Buffer.from(token, 'base64').toString('utf8');
	const parts = text.split('|');
	if (parts.length !== 4) throw invalid('page_token', token, 'invalid page_token');
	const [k, sc, off, check] = parts;
	if (
		sum(`${k}|${sc}|${off}`) !== check ||
		k !== kind ||
		sc !== scopeKey(scope) ||
		!/^\d+$/.test(off)
	) {
		throw invalid('page_token', token, 'invalid page_token');
	}
	return Number(off);
}

/** page_size (default 20, 1..max) and page_token -> offset. */
export function pageParams(
	q: Query,
	kind: string,
	scope: string,
	max = 100,
): { size: number; offset: number } {
	let size = 20;
	if (q.page_size !== undefined && q.page_size !== '') {
		const n = Number(q.page_size);
		if (!Number.isInteger(n) || n < 1 || n > max) {
			throw invalid('page_size', q.page_size, `page_size must be between 1 and ${max}`);
		}
		size = n;
	}
	const offset = q.page_token ? decodePageToken(q.page_token, kind, scope) : 0;
	return { size, offset };
}

/** Slices a list and adds has_more / page_token (page_token only when has_more). */
export function page<T>(
	all: T[],
	size: number,
	offset: number,
	kind: string,
	scope: string,
): { items: T[]; has_more: boolean; page_token?: string } {
	const items = all.slice(offset, offset + size);
	const next = offset + items.length;
	const has_more = next < all.length;
	return has_more
		? { items, has_more, page_token: encodePageToken(kind, scope, next) }
		: { items, has_more };
}
