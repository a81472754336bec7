import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const FEISHU_BASE_URL = 'https://open.feishu.cn';
export const LARK_BASE_URL = 'https://open.larksuite.com';

/**
 * Loopback hosts (the local Feishu emulator): plain http cannot be read or altered on the way there.
 * WHATWG URL has already lower-cased the host and normalised IPv4 forms such as 0x7f.1.
 */
function isLoopbackHost(hostname: string): boolean {
	if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
	if (hostname === '[::1]') return true;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Why a custom base URL cannot be used, or undefined when it can. The App Secret and every token go
 * to this host, so it must be https:// unless it is this machine.
 */
export function customBaseUrlProblem(baseUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return `The Base URL "${baseUrl}" is not a URL. Enter e.g. https://feishu-proxy.example.com`;
	}
	if (url.username || url.password) {
		return 'The Base URL must not contain a user name or password';
	}
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
	if (url.protocol === 'http:') {
		return `The Base URL must start with https:// (plain http:// is allowed only for this machine, e.g. the local emulator on http://127.0.0.1): the App Secret and tokens would travel unencrypted to ${url.host}`;
	}
	return `The Base URL must start with https:// (got "${url.protocol}")`;
}

/**
 * The API host a Feishu credential points at: Feishu, Lark, or a custom base (proxy, private deployment,
 * emulator). '' when the platform is custom but no Base URL is set; throws when the custom Base URL is
 * unusable (see customBaseUrlProblem).
 */
export function credentialBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.platform === 'lark') return LARK_BASE_URL;
	if (credentials.platform === 'custom') {
		const custom = String(credentials.baseUrl ?? '').trim();
		const base = custom.replace(/\/+$/, '').replace(/\/open-apis$/, '');
		if (base === '') return '';
		const problem = customBaseUrlProblem(base);
		if (problem) throw new Error(problem);
		return base;
	}
	return FEISHU_BASE_URL;
}

/** Where an expression sends a refused custom Base URL: a name that can never resolve, saying why. */
export const REFUSED_BASE_URL = 'https://base-url-must-start-with-https.invalid';

/**
 * The custom Base URL as an expression (no `={{ }}`), for URLs n8n itself requests, such as the OAuth2
 * token endpoint that receives the client secret: the same rule as customBaseUrlProblem, and a
 * refused URL becomes REFUSED_BASE_URL, so nothing is sent over plain http to another host.
 */
export function customBaseExpression(source: '$credentials' | '$self'): string {
	const base = `String(${source}.baseUrl || "").trim().replace(/\\/+$/, "").replace(/\\/open-apis$/, "")`;
	// Loopback names in plain letters only: a backslash would end the host for the URL parser
	// (`http://evil.example\.localhost` is evil.example).
	const usable =
		'/^https:\\/\\/[^\\/@]+(\\/|$)/i.test(b) || /^http:\\/\\/(localhost|[a-z0-9.-]+\\.localhost|127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[::1\\])(:\\d+)?(\\/|$)/i.test(b)';
	return `((b) => (${usable}) ? b : "${REFUSED_BASE_URL}")(${base})`;
}

/**
 * The same choice as an n8n expression, for places that only take expressions: credential test
 * requests read `$credentials`, OAuth2 URL fields read `$self`. (The credential test first runs the
 * token exchange, which refuses an unusable custom Base URL before anything is sent.)
 */
export function baseUrlExpression(source: '$credentials' | '$self'): string {
	return (
		`={{ ${source}.platform === "custom" ? ${customBaseExpression(source)}` +
		` : (${source}.platform === "lark" ? "${LARK_BASE_URL}" : "${FEISHU_BASE_URL}") }}`
	);
}
