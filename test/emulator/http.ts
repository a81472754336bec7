/** Tiny HTTP helpers: route matching, body parsing, JSON answers. Kept dependency-free and cheap per request. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Query = Record<string, string>;

export interface Req {
	method: string;
	path: string;
	query: Query;
	/** Repeated query keys, in order (the SDK serialises arrays as a=1&a=2). */
	queryAll: Record<string, string[]>;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	/** Parsed JSON or form body; undefined when empty. */
	body: unknown;
	bodyError?: string;
	params: Record<string, string>;
}

export interface Answer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Raw (non-JSON) body, e.g. HTML or redirect. */
	raw?: string;
}

export function parseUrl(url: string): {
	path: string;
	query: Query;
	queryAll: Record<string, string[]>;
} {
	const q = url.indexOf('?');
	const path = q < 0 ? url : url.slice(0, q);
	const query: Query = {};
	const queryAll: Record<string, string[]> = {};
	if (q >= 0) {
		for (const part of url.slice(q + 1).split('&')) {
			if (!part) continue;
			const eq = part.indexOf('=');
			const k = safeDecode(eq < 0 ? part : part.slice(0, eq));
			const v = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
			if (!(k in query)) query[k] = v;
			(queryAll[k] ??= []).push(v);
		}
	}
	return { path, query, queryAll };
}

function safeDecode(s: string): string {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}

export function parseForm(text: string): Record<string, string> {
	return parseUrl('?' + text).query;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** Parses JSON (any content type) or application/x-www-form-urlencoded bodies. */
export function decodeBody(
	raw: Buffer,
	contentType: string | undefined,
): { body: unknown; error?: string } {
	if (raw.length === 0) return { body: undefined };
	const text = raw.toString('utf8');
	// curl -d sends JSON labelled as a form; treat a body that starts with '{' as JSON.
	if (
		contentType &&
		contentType.includes('application/x-www-form-urlencoded') &&
		!text.trimStart().startsWith('{')
	) {
		return { body: parseForm(text) };
	}
	try {
		return { body: JSON.parse(text) };
	} catch (e) {
		return { body: undefined, error: (e as Error).message };
	}
}

export function send(res: ServerResponse, answer: Answer, logId: string): void {
	const headers: Record<string, string | number> = {
		'X-Tt-Logid': logId,
		...(answer.headers ?? {}),
	};
	let payload: string;
	if (answer.raw !== undefined) {
		payload = answer.raw;
	} else {
		payload = JSON.stringify(answer.body);
		headers['Content-Type'] = 'application/json; charset=utf-8';
	}
	headers['Content-Length'] = Buffer.byteLength(payload);
	res.writeHead(answer.status, headers);
	res.end(payload);
}

/** A route pattern such as /open-apis/im/v1/chats/:chat_id compiled to segment matchers. */
export interface Route<H> {
	method: string;
	pattern: string;
	segments: string[];
	handler: H;
}

export class Router<H> {
	private readonly routes: Route<H>[] = [];

	add(method: string, pattern: string, handler: H): void {
		this.routes.push({ method, pattern, segments: pattern.split('/'), handler });
	}

	/** Returns the matching route, or 'method' when only the method is wrong, or undefined. */
	match(
		method: string,
		path: string,
	): { route: Route<H>; params: Record<string, string> } | 'method' | undefined {
		const parts = path.split('/');
		let methodMismatch = false;
		for (const route of this.routes) {
			const params = matchSegments(route.segments, parts);
			if (!params) continue;
			if (route.method !== method) {
				methodMismatch = true;
				continue;
			}
			return { route, params };
		}
		return methodMismatch ? 'method' : undefined;
	}
}

function matchSegments(segments: string[], parts: string[]): Record<string, string> | undefined {
	if (segments.length !== parts.length) return undefined;
	let params: Record<string, string> | undefined;
	for (let i = 0; i < segments.length; i++) {
		const s = segments[i];
		if (s.charCodeAt(0) === 58 /* : */) {
			if (!parts[i]) return undefined;
			(params ??= {})[s.slice(1)] = safeDecode(parts[i]);
		} else if (s !== parts[i]) {
			return undefined;
		}
	}
	return params ?? {};
}
