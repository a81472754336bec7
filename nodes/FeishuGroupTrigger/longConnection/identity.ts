import { createHmac } from 'crypto';

/**
 * Which shared connection a trigger may join. App IDs are not secret, so the identity is keyed by the
 * App Secret too (an HMAC, never the secret itself): a trigger whose credential has the right App ID
 * but another secret gets a connection of its own, cannot read anyone else's events, and its secret is
 * never used to reconnect someone else's connection.
 */
export function connectionKey(baseUrl: string, appId: string, appSecret: string): string {
	const proof = createHmac('sha256', appSecret)
		.update(`feishu-long-connection\n${baseUrl}\n${appId}`)
		.digest('hex')
		.slice(0, 32);
	return `${baseUrl}|${appId}|${proof}`;
}

/** The part of the key that names the app (for the "one app, two secrets" warning). */
export function appOfKey(key: string): string {
	return key.slice(0, key.lastIndexOf('|'));
}
