/** A small JSON-over-HTTP helper on Node's fetch (no cookie jar library needed for n8n's one auth cookie). */

export interface HttpResponse<T = unknown> {
	status: number;
	headers: Headers;
	text: string;
	/** Parsed JSON body, or undefined when the body is not JSON. */
	json: T;
}

export interface HttpRequest {
	method?: string;
	headers?: Record<string, string>;
	/** Objects are sent as JSON; strings as they are. */
	body?: unknown;
	timeoutMs?: number;
}

export async function http<T = unknown>(
	url: string,
	req: HttpRequest = {},
): Promise<HttpResponse<T>> {
	const headers: Record<string, string> = { ...(req.headers ?? {}) };
	let body: string | undefined;
	if (req.body !== undefined) {
		if (typeof req.body === 'string') {
			body = req.body;
		} else {
			body = JSON.stringify(req.body);
			if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
				headers['content-type'] = 'application/json';
			}
		}
	}
	const res = await fetch(url, {
		method: req.method ?? (body === undefined ? 'GET' : 'POST'),
		headers,
		body,
		signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json: json as T };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
