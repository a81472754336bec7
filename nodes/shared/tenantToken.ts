import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IDataObject } from 'n8n-workflow';

import { credentialBaseUrl } from './baseUrl';
import { describeNetworkProblem } from './networkError';

export interface TenantToken {
	token: string;
	/** Epoch milliseconds at which Feishu stops accepting the token. */
	expiresAt: number;
}

/** Marks token-exchange failures, so the transport reports them as credential problems, not network ones. */
export const CREDENTIAL_ERROR_PREFIX = 'Feishu credential: ';

/**
 * Identifies what a tenant token was fetched with (API host, App ID, App Secret), without storing
 * the secret a second time. n8n keeps the token inside the credential and can save a token fetched
 * with values that were never saved (the credential's Test button persists it), so a token is only
 * used while this still matches the credential as it is now.
 */
export function credentialFingerprint(credentials: ICredentialDataDecryptedObject): string {
	let host: string;
	try {
		host = credentialBaseUrl(credentials);
	} catch {
		host = `${String(credentials.platform)} ${String(credentials.baseUrl)}`; // unusable: refused elsewhere
	}
	const parts = [host, credentials.appId ?? '', credentials.appSecret ?? ''];
	return (
		'v1:' +
		createHash('sha256')
			.update(JSON.stringify(parts.map(String)))
			.digest('hex')
	);
}

/** Renew the tenant token this long before Feishu's stated expiry (the official SDK uses 3 min). */
const TOKEN_RENEW_MARGIN_MS = 5 * 60 * 1000;

/**
 * The stored tenant token can be used for these credential values: it is set, it was fetched with
 * exactly this host, App ID and App Secret, and it is not about to expire.
 */
export function storedTokenFits(credentials: ICredentialDataDecryptedObject): boolean {
	if (!credentials.tenantAccessToken) return false;
	if (credentials.tenantAccessTokenFor !== credentialFingerprint(credentials)) return false;
	// 0: expiry unknown; Feishu's refusal of an expired token then renews it (see transport.ts).
	const expiresAt = Number(credentials.tenantAccessExpiresAt ?? 0);
	return expiresAt <= 0 || expiresAt - Date.now() >= TOKEN_RENEW_MARGIN_MS;
}

/** Why Feishu refused the app credentials, phrased as what to change. */
function explainTokenRefusal(code: number, msg: string): string {
	const lower = msg.toLowerCase();
	if (code === 10014 || code === 20002 || lower.includes('secret')) {
		return `The App Secret is wrong (Feishu code ${code}: ${msg}). Copy it again from the developer console → Credentials & Basic Info.`;
	}
	if (
		code === 10003 ||
		lower.includes('app_id') ||
		lower.includes('app id') ||
		lower.includes('app not')
	) {
		return `The App ID is wrong or the app does not exist on this platform (Feishu code ${code}: ${msg}). Check the App ID and the Platform (Feishu vs Lark).`;
	}
	return `Feishu refused the App ID / App Secret (code ${code}: ${msg}).`;
}

/**
 * The token endpoint could not be reached. A plain Error without the system code: pre-authentication
 * has no node to build an n8n error for, and n8n shows this message as it is (see networkError.ts).
 */
function unreachable(error: unknown, baseUrl: string): Error {
	const problem = describeNetworkProblem(error, baseUrl);
	return new Error(
		`${CREDENTIAL_ERROR_PREFIX}could not reach ${baseUrl} (${problem.summary}). ${problem.advice}`,
	);
}

/** A plain Error, like unreachable(): pre-authentication has no node to build an n8n error for. */
function credentialProblem(message: string): Error {
	return new Error(CREDENTIAL_ERROR_PREFIX + message);
}

/** Exchanges a self-built app's id and secret for a tenant_access_token. */
export async function fetchTenantAccessToken(
	requester: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<TenantToken> {
	let baseUrl: string;
	try {
		baseUrl = credentialBaseUrl(credentials);
	} catch (error) {
		// An unusable custom Base URL (e.g. plain http to another host): refused before the App
		// Secret is sent anywhere.
		throw credentialProblem((error as Error).message);
	}
	if (!baseUrl) {
		throw new Error(
			`${CREDENTIAL_ERROR_PREFIX}the Platform is "Custom Base URL" but no Base URL is set`,
		);
	}
	let response: IDataObject | string;
	try {
		response = (await requester.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}/open-apis/auth/v3/tenant_access_token/internal`,
			body: { app_id: credentials.appId, app_secret: credentials.appSecret },
			json: true,
			ignoreHttpStatusErrors: true,
		})) as IDataObject | string;
	} catch (error) {
		throw unreachable(error, baseUrl);
	}
	const body = (typeof response === 'object' && response !== null ? response : {}) as IDataObject;
	const code = Number(body.code ?? -1);
	if (code !== 0 || typeof body.tenant_access_token !== 'string') {
		// 99991201: Feishu's "no such path" — the base URL is not an open platform API root.
		if (typeof response === 'string' || body.code === undefined || code === 99991201) {
			throw new Error(
				`${CREDENTIAL_ERROR_PREFIX}no Feishu token endpoint at ${baseUrl}: check the Platform / Base URL of the credential`,
			);
		}
		throw new Error(CREDENTIAL_ERROR_PREFIX + explainTokenRefusal(code, String(body.msg ?? '')));
	}
	const expireSeconds = Number(body.expire ?? 7200);
	return { token: body.tenant_access_token, expiresAt: Date.now() + expireSeconds * 1000 };
}
