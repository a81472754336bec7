/**
 * Explains a network failure (nothing answered, unknown host, timeout, TLS) in terms of what to
 * check, naming the host. The words are chosen so that n8n keeps them: n8n replaces any error
 * message that contains a Node.js error code (ECONNREFUSED, ENOTFOUND, …) with its own generic
 * text, which drops the host, so the code only ever goes into the description.
 */

/** Node.js / OpenSSL error codes we recognise, from the error object or its message. */
const KNOWN_CODE =
	/\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ESOCKETTIMEDOUT|ECONNRESET|ECONNABORTED|EHOSTUNREACH|ENETUNREACH|EPROTO|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_[A-Z_]+)\b/;

export interface NetworkProblem {
	/** The system code, e.g. ECONNREFUSED, or '' when none was found. */
	code: string;
	/** Short, for the error message: "nothing is listening", "the host name does not resolve", … */
	summary: string;
	/** What to check, several sentences, naming the host (without the code: see the file comment). */
	advice: string;
}

function messagesOf(error: unknown): string[] {
	const texts: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 4; depth++) {
		const object = current as { message?: unknown; messages?: unknown; code?: unknown };
		if (typeof object.code === 'string') texts.unshift(object.code);
		if (typeof object.message === 'string') texts.push(object.message);
		if (Array.isArray(object.messages))
			texts.push(...object.messages.filter((m): m is string => typeof m === 'string'));
		current = (current as { cause?: unknown }).cause;
	}
	return texts;
}

/** The network error code hidden in an error (n8n wraps the original one in `cause`). */
export function networkErrorCode(error: unknown): string {
	for (const text of messagesOf(error)) {
		const match = KNOWN_CODE.exec(text);
		if (match) return match[1];
	}
	return '';
}

function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return baseUrl;
	}
}

const isLocal = (host: string) => /^(localhost|127\.|\[::1\]|0\.0\.0\.0)/.test(host);

/** What went wrong reaching `baseUrl`, and what to check. */
export function describeNetworkProblem(error: unknown, baseUrl: string): NetworkProblem {
	const code = networkErrorCode(error);
	// axios reports its own timeout as ECONNABORTED "timeout of … exceeded".
	const timedOut = code === 'ECONNABORTED' && messagesOf(error).some((m) => /timeout/i.test(m));
	const host = hostOf(baseUrl);
	const platform = "the credential's Platform / Base URL";
	const emulator = isLocal(host)
		? ` If ${host} is the local Feishu emulator, start it first (npm start or npm run emulator) and keep it running.`
		: '';
	const proxy =
		" If n8n reaches the internet through a proxy, set HTTPS_PROXY (and NO_PROXY for local hosts) in n8n's environment.";
	switch (timedOut ? 'ETIMEDOUT' : code) {
		case 'ECONNREFUSED':
			return {
				code,
				summary: 'nothing is listening there',
				advice: `Nothing accepted the connection at ${host}. Check ${platform} (host and port).${emulator}`,
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				code,
				summary: 'the host name does not resolve',
				advice: `The host name ${host} could not be resolved. Check the spelling in ${platform} (Feishu: open.feishu.cn, Lark: open.larksuite.com) and that n8n's machine has DNS.${proxy}`,
			};
		case 'ETIMEDOUT':
		case 'ESOCKETTIMEDOUT':
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
			return {
				code,
				summary: 'no answer in time',
				advice: `${host} did not answer. A firewall or a missing proxy is the usual cause.${proxy} Also check ${platform}.${emulator}`,
			};
		case 'ECONNRESET':
		case 'ECONNABORTED':
			return {
				code,
				summary: 'the connection was dropped',
				advice: `${host} closed the connection. A proxy or firewall in between may be dropping it.${proxy} Also check ${platform}.`,
			};
		default:
			if (code && code !== 'EPROTO')
				return {
					code,
					summary: 'the TLS certificate was not accepted',
					advice: `${host}'s certificate was refused. An intercepting proxy needs its CA in NODE_EXTRA_CA_CERTS for n8n; a local server should be addressed by http://. Check ${platform}.`,
				};
			return {
				code,
				summary: 'the network request failed',
				advice: `The request to ${host} failed. Check ${platform}.${proxy}${emulator}`,
			};
	}
}
