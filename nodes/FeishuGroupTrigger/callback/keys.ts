import type { IWebhookFunctions } from 'n8n-workflow';

/** What a callback needs from the credential. */
export interface CallbackKeys {
	appId: string;
	verificationToken: string;
	encryptKey: string;
	/** True when taken from the cache rather than decrypted for this request. */
	cached: boolean;
}

/**
 * How long production callbacks may reuse a credential's keys. n8n decrypts a credential in a fresh
 * expression isolate on every getCredentials() call, which adds about 60 % to n8n's CPU per callback;
 * reusing the keys for a minute removes that. A request that fails verification with cached keys is
 * checked again with freshly decrypted ones, so a changed key works at once; a removed key stops being
 * accepted within the minute.
 */
export const KEYS_TTL_MS = 60_000;

const cache = new Map<string, { keys: CallbackKeys; until: number }>();

/** For tests: forget cached keys. */
export function resetCallbackKeys(): void {
	cache.clear();
}

/**
 * The credential's keys for this request. fresh = always decrypt (manual test calls, or a retry after
 * a refusal); otherwise cached per credential id for KEYS_TTL_MS.
 */
export async function callbackKeys(ctx: IWebhookFunctions, fresh: boolean): Promise<CallbackKeys> {
	const credentialId = ctx.getNode().credentials?.feishuApi?.id;
	const now = Date.now();
	const hit = credentialId ? cache.get(credentialId) : undefined;
	if (!fresh && hit && hit.until > now) return hit.keys;

	const credentials = await ctx.getCredentials('feishuApi');
	const keys: CallbackKeys = {
		appId: String(credentials.appId ?? '').trim(),
		verificationToken: String(credentials.verificationToken ?? '').trim(),
		encryptKey: String(credentials.encryptKeySecret ?? '').trim(),
		cached: false,
	};
	if (credentialId)
		cache.set(credentialId, { keys: { ...keys, cached: true }, until: now + KEYS_TTL_MS });
	return keys;
}
