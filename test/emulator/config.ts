/** The emulated app's configuration (PUT /__emulator/app changes it; reset restores it). */

export const ALL_SCOPES = [
	'im:chat',
	'im:chat:create',
	'im:chat:read',
	'im:chat:readonly',
	'im:chat:update',
	'im:chat:delete',
	'im:chat:operate_as_owner',
	'im:chat.group_info:readonly',
	'im:chat.moderation:read',
	'im:chat:moderation:write_only',
	'im:chat.top_notice:write_only',
	'im:chat.managers:write_only',
	'im:chat.members:write_only',
	'im:chat.members:read',
	'im:chat.members:bot_access',
	'im:chat.announcement:read',
	'im:chat.announcement:write_only',
	'im:chat.tabs:read',
	'im:chat.tabs:write_only',
	'im:chat.menu_tree:read',
	'im:chat.menu_tree:write_only',
	'contact:user.employee_id:readonly',
	'offline_access',
];

export type EventMode = 'callback' | 'long_connection' | 'none';

export interface WsClientConfig {
	PingInterval: number;
	ReconnectCount: number;
	ReconnectInterval: number;
	ReconnectNonce: number;
}

export interface AppConfig {
	appId: string;
	appSecret: string;
	verificationToken: string;
	/** '' = no encryption (signature still sent, computed with an empty key). */
	encryptKey: string;
	eventMode: EventMode;
	callbackUrl: string;
	/** Scopes granted to the app (tenant identity). */
	scopes: string[];
	botEnabled: boolean;
	/** Event types delivered; null = all. */
	subscribedEvents: string[] | null;
	tokenTtlSeconds: number;
	/** HTTP status of token errors (99991661/63/68); Feishu documents 400 (unverified). */
	tokenErrorStatus: number;
	/** Real per-endpoint limiter; 0 = off. */
	rateLimitPerSecond: number;
	rateLimitPerMinute: number;
	/** GET chat by a non-member: 'reduced' field set (doc usage note) or 'error' (232011). */
	getChatOutsider: 'reduced' | 'error';
	/** Redelivery delays in seconds, multiplied by redeliveryScale (default 0.001: 15 ms, 300 ms, 3.6 s, 21.6 s). */
	redeliveryDelays: number[];
	redeliveryScale: number;
	callbackTimeoutMs: number;
	/** Long connection: how long to wait for an ack before scheduling a redelivery. */
	wsAckTimeoutMs: number;
	/** Split event payloads into fragments of this many bytes (0 = never split). */
	wsFragmentSize: number;
	wsMaxConnections: number;
	clientConfig: WsClientConfig;
	/** Docx announcement edits (create/update/delete) allowed per announcement per second; 0 = no limit (HTTP 429). */
	announcementEditsPerSecond: number;
	/** Code for a docx announcement edit without edit rights: 1772005 (400) or 1770032 (403) — which one is unverified. */
	announcementNoEditCode: 1772005 | 1770032;
}

export function defaultConfig(
	appId: string,
	appSecret: string,
	verificationToken: string,
	ttl: number,
): AppConfig {
	return {
		appId,
		appSecret,
		verificationToken,
		encryptKey: '',
		eventMode: 'none',
		callbackUrl: '',
		scopes: [...ALL_SCOPES],
		botEnabled: true,
		subscribedEvents: null,
		tokenTtlSeconds: ttl,
		tokenErrorStatus: 400,
		rateLimitPerSecond: 0,
		rateLimitPerMinute: 0,
		getChatOutsider: 'reduced',
		redeliveryDelays: [15, 300, 3600, 21600],
		redeliveryScale: 0.001,
		callbackTimeoutMs: 3000,
		wsAckTimeoutMs: 3000,
		wsFragmentSize: 0,
		wsMaxConnections: 50,
		clientConfig: {
			PingInterval: 120,
			ReconnectCount: -1,
			ReconnectInterval: 120,
			ReconnectNonce: 30,
		},
		announcementEditsPerSecond: 3,
		announcementNoEditCode: 1772005,
	};
}
