/**
 * Bounds on what the long-connection server may ask of the client. The server is Feishu, or whatever a
 * credential's custom base URL points at, so its numbers and URLs are checked like any other input.
 */

/** Connection settings from the server, in milliseconds (the server sends seconds). */
export interface ClientConfig {
	pingIntervalMs: number;
	/** < 0 = retry forever (still bounded by the grace period, see client.ts). */
	reconnectCount: number;
	reconnectIntervalMs: number;
	/** Upper bound of the random delay before the first reconnect attempt. */
	reconnectNonceMs: number;
}

export interface ClientLimits {
	minPingMs: number;
	maxPingMs: number;
	/** Also the shortest time between two endpoint calls, whatever the server says. */
	minReconnectMs: number;
	maxReconnectMs: number;
	maxNonceMs: number;
}

/** The SDK default is 120 s for both intervals; these bounds leave Feishu room and stop storms. */
export const DEFAULT_LIMITS: ClientLimits = {
	minPingMs: 5_000,
	maxPingMs: 10 * 60_000,
	minReconnectMs: 5_000,
	maxReconnectMs: 10 * 60_000,
	maxNonceMs: 2 * 60_000,
};

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Brings every interval into the limits (a server value of 0 or 1e9 seconds cannot storm or stall). */
export function clampClientConfig(config: ClientConfig, limits: ClientLimits): ClientConfig {
	return {
		pingIntervalMs: clamp(config.pingIntervalMs, limits.minPingMs, limits.maxPingMs),
		reconnectCount: Number.isInteger(config.reconnectCount) ? config.reconnectCount : -1,
		reconnectIntervalMs: clamp(
			config.reconnectIntervalMs,
			limits.minReconnectMs,
			limits.maxReconnectMs,
		),
		reconnectNonceMs: clamp(config.reconnectNonceMs, 0, limits.maxNonceMs),
	};
}

function isLoopback(hostname: string): boolean {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
	return /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The WebSocket URL handed out by the endpoint must be wss:// (the secret-bearing ticket travels in it);
 * ws:// is accepted only on this machine (the emulator, local tests). Returns a reason when refused.
 */
export function refuseSocketUrl(raw: string): string | undefined {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'the endpoint returned an invalid WebSocket URL';
	}
	if (url.protocol === 'wss:') return undefined;
	if (url.protocol === 'ws:' && isLoopback(url.hostname)) return undefined;
	return `the endpoint returned a ${url.protocol}// WebSocket URL for ${url.hostname}; only wss:// (or ws:// on this machine) is accepted`;
}
