/**
 * Issue 15, finding 5: the Custom API Call path is checked as the URL parser will read it, so that
 * backslashes, tab/CR/LF and encoded dots cannot climb out of /open-apis/ on the credential's host.
 */
import { parseApiPath } from '../../nodes/FeishuGroup/actions/custom/path';
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';

const BASE = 'https://feishu.example';

/** The URL the transport sends to: `${baseUrl}/open-apis${path}`, read by WHATWG URL as the HTTP client does. */
function requestUrl(path: string): URL {
	return new URL(`${BASE}/open-apis${path}`);
}

const ATTACKS = [
	'\\..\\..\\admin\\reset',
	'/open-apis/im/\\..\\..\\admin',
	'/im/v1/..\\..\\..\\admin',
	'im\\..\\..\\admin',
	'/im/.\t./.\t./admin',
	'/im/..\r\n/..\r\n/admin',
	'/im/.\n./x/../../admin',
	'/im/%2e%2e/%2E%2E/admin',
	'/im/.%2e/%2e./admin',
	'/im/%2e%2e\\%2e%2e\\admin',
	'/im/.%2E\t/../admin',
	'/im/v1/chats/..%5c..%5cadmin',
	'/..;/admin',
	'/%2e%2e;/admin',
	'https:\\\\evil.example\\open-apis\\im',
	'/\\evil.example/open-apis/im',
	'\\\\evil.example\\x',
	'/\t/evil.example/x',
	'/im#/../../admin',
	'/im/\u0000/../admin',
];

describe('finding 5: Custom API Call paths', () => {
	it.each(ATTACKS)('%j cannot leave /open-apis/ on the credential host', (attack) => {
		const parsed = parseApiPath(attack);
		if (typeof parsed === 'string') return; // refused, with a reason
		const url = requestUrl(parsed.path);
		expect(url.origin).toBe(BASE);
		expect(url.pathname.startsWith('/open-apis/')).toBe(true);
		// Nothing the parser would still turn into a dot segment.
		expect(url.pathname.split('/')).not.toContain('..');
	});

	it('the review\'s path is refused outright, as are backslash and tab variants of ".."', () => {
		for (const attack of ['\\..\\..\\admin\\reset', '/im/.\t./admin', '/im/..\r\n/admin']) {
			expect(parseApiPath(attack)).toBe('The path must not contain "." or ".." segments');
		}
		expect(parseApiPath('/\\evil.example/x')).toMatch(/the host comes from the credential/);
		// A server that decodes %2F / %5C before resolving dots must not see "../" either.
		for (const attack of ['/im/v1/chats/..%5c..%5cadmin', '/im/..%2F..%2Fadmin']) {
			expect(parseApiPath(attack)).toBe('The path must not contain encoded slashes (%2F, %5C)');
		}
	});

	it('paths with backslashes are sent as the parser would have read them', () => {
		expect(parseApiPath('im\\v1\\chats')).toEqual({ path: '/im/v1/chats', qs: {} });
		// The query is not a path: a backslash in a value stays a value.
		expect(parseApiPath('/im/v1/chats?q=a\\b')).toEqual({
			path: '/im/v1/chats',
			qs: { q: 'a\\b' },
		});
	});
});

describe('finding 5 against the emulator: nothing is sent outside /open-apis/', () => {
	const h = setUpEmulatorHarness({ resetEach: false });

	it.each(['\\..\\..\\admin\\reset', '/im/..\t/..\t/admin/reset', '/im/%2e%2e\\%2e%2e\\admin'])(
		'POST %j',
		async (path) => {
			const { error, requests } = await h.runError({
				resource: 'customApi',
				operation: 'request',
				method: 'POST',
				path,
				body: '{}',
			});
			expect((error as Error).message).toMatch(/^Invalid path: /);
			for (const request of requests) expect(request.path).toMatch(/^\/open-apis\//);
			expect(requests.filter((r) => !r.path.startsWith('/open-apis/auth/'))).toHaveLength(0);
		},
	);
});
