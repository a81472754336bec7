import type { IDataObject } from 'n8n-workflow';

const PREFIX = '/open-apis';

export interface ApiPath {
	/** Path below /open-apis, as the transport expects it. */
	path: string;
	/** Query parameters written into the path (`?a=1`). */
	qs: IDataObject;
}

/**
 * Accepts `/open-apis/im/v1/chats`, `/im/v1/chats` or `im/v1/chats?page_size=10` and returns the
 * part below /open-apis. Refuses full URLs (the host comes from the credential, and the token must
 * not be sent elsewhere) and dot segments that would climb out of /open-apis. Returns a reason
 * string when the path is unusable.
 */
export function parseApiPath(input: string): ApiPath | string {
	const raw = input.trim();
	if (raw === '') return 'The path is empty';
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith('//')) {
		return 'Enter only the path, e.g. /open-apis/im/v1/chats: the host comes from the credential';
	}
	const [pathPart, ...queryParts] = raw.split('?');
	let path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
	if (path === PREFIX || path === `${PREFIX}/`) return 'The path needs an API below /open-apis/';
	if (path.startsWith(`${PREFIX}/`)) path = path.slice(PREFIX.length);
	const segments = path.split('/').slice(1);
	for (const piece of segments) {
		let decoded = piece;
		try {
			decoded = decodeURIComponent(piece);
		} catch {
			return `The path segment "${piece}" is not valid URL encoding`;
		}
		if (decoded === '.' || decoded === '..')
			return 'The path must not contain "." or ".." segments';
	}
	if (segments.every((piece) => piece === '')) return 'The path needs an API below /open-apis/';

	const qs: IDataObject = {};
	const query = queryParts.join('?');
	if (query) {
		for (const [key, value] of new URLSearchParams(query)) qs[key] = value;
	}
	return { path, qs };
}
