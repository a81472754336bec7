/**
 * Who may use the control API (/__emulator/...): local tools only. `npm start` runs the emulator next to a browser,
 * so a web page must not be able to reconfigure it (cross-site POST) or read it (DNS rebinding, where the page's
 * own host name resolves to 127.0.0.1). Browsers always name the page's site in Origin on cross-site writes and
 * keep the attacker's host name in Host; a form or no-cors fetch cannot send Content-Type: application/json.
 */
import type { Answer, Req } from './http';

const IPV4_LOOPBACK = /^127(\.\d{1,3}){3}$/;

/** localhost, *.localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopbackName(hostname: string): boolean {
	const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
	return (
		h === 'localhost' ||
		h.endsWith('.localhost') ||
		IPV4_LOOPBACK.test(h) ||
		h === '::1' ||
		h === '0:0:0:0:0:0:0:1'
	);
}

/** The host name of a Host header ("name:port", "[::1]:port"), lower-cased. */
function hostOf(header: string): string {
	const h = header.trim().toLowerCase();
	if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
	const colon = h.lastIndexOf(':');
	return colon < 0 ? h : h.slice(0, colon);
}

/** True for loopback URLs (http or https); false for anything else, including unparsable text. */
export function isLoopbackUrl(url: string): boolean {
	try {
		const u = new URL(url);
		return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopbackName(u.hostname);
	} catch {
		return false;
	}
}

const refuse = (status: number, error: string): Answer => ({ status, body: { ok: false, error } });

/**
 * undefined when the request may go on, else the refusal. `extraHosts`: host names the emulator was told to listen
 * on (e.g. --host 192.168.1.5), which a caller on the network legitimately uses.
 */
export function guardControl(req: Req, extraHosts: readonly string[] = []): Answer | undefined {
	const host = req.headers.host;
	const name = host ? hostOf(host) : '';
	if (!name || !(isLoopbackName(name) || extraHosts.includes(name))) {
		return refuse(
			403,
			`the control API answers local callers only (Host ${JSON.stringify(host ?? '')} is not a loopback name)`,
		);
	}
	const origin = req.headers.origin;
	if (origin !== undefined && !isLoopbackUrl(origin)) {
		return refuse(
			403,
			`the control API refuses requests from web pages of other sites (Origin ${origin})`,
		);
	}
	if (req.rawBody.length > 0) {
		const type = String(req.headers['content-type'] ?? '')
			.split(';')[0]
			.trim()
			.toLowerCase();
		if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
			return refuse(
				415,
				`the control API takes JSON bodies only: send Content-Type: application/json (curl: -H 'Content-Type: application/json'), not ${type || 'no content type'}`,
			);
		}
	}
	return undefined;
}
