import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { describeNetworkProblem } from '../../shared/networkError';
import {
	clampClientConfig,
	DEFAULT_LIMITS,
	refuseSocketUrl,
	type ClientConfig,
	type ClientLimits,
} from './limits';

export type { ClientConfig } from './limits';

/** n8n's `this.helpers.httpRequest`, passed in so the client is testable without n8n. */
export type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

/** The SDKs' defaults before the server has sent anything. */
export const DEFAULT_CLIENT_CONFIG: ClientConfig = {
	pingIntervalMs: 120_000,
	reconnectCount: -1,
	reconnectIntervalMs: 120_000,
	reconnectNonceMs: 30_000,
};

export type EndpointResult =
	| { ok: true; url: string; serviceId: number; config: ClientConfig }
	| { ok: false; retryable: boolean; message: string };

const CALLBACK_HINT =
	'If your app cannot use long connections (store apps, some Lark tenants), set Connection to "HTTP callback" instead.';

/** Merges a server ClientConfig ({PingInterval,…} in seconds) over the current values, within the limits. */
export function adoptClientConfig(
	current: ClientConfig,
	raw: unknown,
	limits: ClientLimits = DEFAULT_LIMITS,
): ClientConfig {
	if (typeof raw !== 'object' || raw === null) return current;
	const c = raw as IDataObject;
	const seconds = (value: unknown, fallback: number): number =>
		typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value * 1000 : fallback;
	return clampClientConfig(
		{
			pingIntervalMs: seconds(c.PingInterval, current.pingIntervalMs) || current.pingIntervalMs,
			reconnectCount:
				typeof c.ReconnectCount === 'number' && Number.isInteger(c.ReconnectCount)
					? c.ReconnectCount
					: current.reconnectCount,
			reconnectIntervalMs: seconds(c.ReconnectInterval, current.reconnectIntervalMs),
			reconnectNonceMs: seconds(c.ReconnectNonce, current.reconnectNonceMs),
		},
		limits,
	);
}

/**
 * POST {base}/callback/ws/endpoint {AppID, AppSecret} → a one-time wss URL plus ClientConfig
 * (events.md §3.2). Codes 1 (system busy) and 1000040343 (internal error), HTTP 5xx/408/429 and
 * transport failures are retryable; 403, 1000040350 (too many connections), any other code, other HTTP
 * 4xx and a WebSocket URL that is not wss:// are not.
 */
export async function fetchEndpoint(
	request: HttpRequest,
	baseUrl: string,
	appId: string,
	appSecret: string,
	current: ClientConfig = DEFAULT_CLIENT_CONFIG,
	limits: ClientLimits = DEFAULT_LIMITS,
): Promise<EndpointResult> {
	let response: { statusCode?: number; body?: unknown };
	try {
		response = (await request({
			method: 'POST',
			url: `${baseUrl}/callback/ws/endpoint`,
			// The gateway reads `locale`; all official SDKs send "zh".
			headers: { 'Content-Type': 'application/json', locale: 'zh' },
			body: { AppID: appId, AppSecret: appSecret },
			json: true,
			timeout: 15_000,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode?: number; body?: unknown };
	} catch (error) {
		// Worded without the system code: n8n swaps messages holding one for a generic text.
		const problem = describeNetworkProblem(error, baseUrl);
		return {
			ok: false,
			retryable: true,
			message: `Cannot reach ${baseUrl}/callback/ws/endpoint (${problem.summary}). ${problem.advice}`,
		};
	}
	const status = response.statusCode ?? 0;
	if (status === 404) {
		return {
			ok: false,
			retryable: false,
			message: `${baseUrl} does not offer long connections (HTTP 404 from /callback/ws/endpoint). ${CALLBACK_HINT}`,
		};
	}
	let body = response.body;
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			// Not JSON: treated as a transient gateway error below.
			body = undefined;
		}
	}
	if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
		// The SDKs retry any non-200, but a 4xx is this request being refused, not Feishu being busy.
		return {
			ok: false,
			retryable: false,
			message: `${baseUrl}/callback/ws/endpoint refused the request (HTTP ${status}). Check the credential's Platform / Base URL. ${CALLBACK_HINT}`,
		};
	}
	if (status !== 200 || typeof body !== 'object' || body === null) {
		return {
			ok: false,
			retryable: true,
			message: `Long-connection endpoint answered HTTP ${status || 'error'}`,
		};
	}
	const { code, msg, data } = body as IDataObject;
	const text = typeof msg === 'string' && msg ? msg : 'no message';
	if (code === 0) {
		const d = (data ?? {}) as IDataObject;
		if (typeof d.URL !== 'string' || !d.URL) {
			return { ok: false, retryable: true, message: 'Long-connection endpoint returned no URL' };
		}
		const refused = refuseSocketUrl(d.URL);
		if (refused) {
			return { ok: false, retryable: false, message: `Long connection refused: ${refused}` };
		}
		const serviceId = Number(new URL(d.URL).searchParams.get('service_id') ?? 0) || 0;
		return {
			ok: true,
			url: d.URL,
			serviceId,
			config: adoptClientConfig(current, d.ClientConfig, limits),
		};
	}
	if (code === 1 || code === 1000040343) {
		return {
			ok: false,
			retryable: true,
			message: `Feishu is busy (code ${String(code)}: ${text})`,
		};
	}
	if (code === 1000040350) {
		return {
			ok: false,
			retryable: false,
			message: `Too many long connections for this app (code 1000040350, at most 50): ${text}`,
		};
	}
	if (code === 403) {
		return {
			ok: false,
			retryable: false,
			message: `Feishu refused the long connection (code 403: ${text}). ${CALLBACK_HINT}`,
		};
	}
	return {
		ok: false,
		retryable: false,
		message: `Feishu refused the long connection (code ${String(code)}: ${text}). Check App ID and App Secret. ${CALLBACK_HINT}`,
	};
}
