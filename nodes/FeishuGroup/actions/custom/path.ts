import type { IDataObject } from 'n8n-workflow';

const PREFIX = '/open-apis';
/** Any host will do: only the path the URL parser makes of ours is looked at. */
const PROBE_ORIGIN = 'https://feishu.invalid';

export interface ApiPath {
	/** Path below /open-apis, as the transport expects it. */
	path: string;
	/** Query parameters written into the path (`?a=1`). */
	qs: IDataObject;
}

/**
 * The path as the WHATWG URL parser (used by n8n's HTTP client) will read it: it drops tab, CR and LF
 * anywhere, and reads a backslash as a slash in http(s) URLs. Checking anything else would let
 * `\..\admin` or `.<TAB>.` turn back into `..` after the check.
 */
function asUrlParserReadsIt(path: string): string {
	return path.replace(/[\t\n\r]/g, '').replace(/\\/g, '/');
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
	const queryAt = raw.indexOf('?');
	const pathPart = asUrlParserReadsIt(queryAt < 0 ? raw : raw.slice(0, queryAt));
	const query = queryAt < 0 ? '' : raw.slice(queryAt + 1);
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pathPart) || pathPart.startsWith('//')) {
		return 'Enter only the path, e.g. /open-apis/im/v1/chats: the host comes from the credential';
	}
	// Other control characters (NUL, ESC, DEL) have no place in a Feishu path.
	if ([...pathPart].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
		return 'The path must not contain control characters';
	}
	if (pathPart.includes('#')) return 'The path must not contain "#"';

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
		// Decoded, as the URL parser (%2e) and some servers (%2f, %5c) will read the segment.
		if (decoded === '.' || decoded === '..')
			return 'The path must not contain "." or ".." segments';
		if (/[/\\]/.test(decoded)) return 'The path must not contain encoded slashes (%2F, %5C)';
	}
	if (segments.every((piece) => piece === '')) return 'The path needs an API below /open-apis/';

	// Last word to the parser itself: the request must stay on the credential's host, below /open-apis/.
	const probe = new URL(`${PREFIX}${path}`, PROBE_ORIGIN);
	if (probe.origin !== PROBE_ORIGIN || !probe.pathname.startsWith(`${PREFIX}/`)) {
		return 'The path must stay below /open-apis/';
	}

	const qs: IDataObject = {};
	if (query) {
		for (const [key, value] of new URLSearchParams(query)) qs[key] = value;
	}
	return { path, qs };
}
