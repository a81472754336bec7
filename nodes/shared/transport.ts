import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';

import { credentialBaseUrl } from './baseUrl';
import { feishuApiError, isFeishuEnvelope, RATE_LIMIT_CODES, TOKEN_ERROR_CODES } from './errors';
import { describeNetworkProblem } from './networkError';
import { CREDENTIAL_ERROR_PREFIX, storedTokenFits } from './tenantToken';

export type FeishuContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions;

export type FeishuAuthentication = 'tenantToken' | 'userToken';

export interface FeishuRequest {
	method: IHttpRequestMethods;
	/** Path below /open-apis, e.g. `/im/v1/chats/oc_x`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Safe to send again after a network error or a 5xx: reads, and creates that carry Feishu's
	 * `uuid` idempotency key. Rate-limited and token-refused requests were never processed, so they
	 * are always resent.
	 */
	idempotent?: boolean;
	/** Scopes (any one) the endpoint accepts; named in the error when Feishu reports a missing scope. */
	scopes?: string[];
	itemIndex?: number;
}

/** Retry policy; tests shorten the waits. */
export const retryPolicy = {
	maxRateLimitRetries: 3,
	maxServerErrorRetries: 3,
	/** Longest wait honoured from `x-ogw-ratelimit-reset`, in ms. */
	maxRateLimitWaitMs: 30_000,
	baseBackoffMs: 500,
};

const CREDENTIAL_TYPE: Record<FeishuAuthentication, string> = {
	tenantToken: 'feishuApi',
	userToken: 'feishuOAuth2Api',
};

/** Which identity the node acts as. Nodes without the parameter (e.g. the trigger) use the app. */
export function getAuthentication(context: FeishuContext): FeishuAuthentication {
	try {
		const value = (context as IExecuteFunctions).getNodeParameter(
			'authentication',
			0,
			'tenantToken',
		);
		return value === 'userToken' ? 'userToken' : 'tenantToken';
	} catch {
		return 'tenantToken';
	}
}

/**
 * Decrypted credentials per node run. Passing the same object to every request lets n8n's
 * pre-authentication write a renewed token into it, so one token serves all items.
 */
type LoadedCredentials = ICredentialsDecrypted & { data: ICredentialDataDecryptedObject };

const credentialCache = new WeakMap<object, Map<string, LoadedCredentials>>();

async function cachedCredentials(context: FeishuContext, type: string): Promise<LoadedCredentials> {
	let byType = credentialCache.get(context);
	if (!byType) {
		byType = new Map();
		credentialCache.set(context, byType);
	}
	let entry = byType.get(type);
	if (!entry) {
		const data = (await context.getCredentials(type)) as ICredentialDataDecryptedObject;
		const reference = context.getNode().credentials?.[type];
		entry = { id: reference?.id ?? '', name: reference?.name ?? type, type, data };
		byType.set(type, entry);
	}
	return entry;
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name] ?? response.headers?.[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined ? undefined : String(value);
}

function backoff(attempt: number): number {
	const base = retryPolicy.baseBackoffMs * 2 ** attempt;
	return base + Math.floor(Math.random() * base * 0.2);
}

function rateLimitWait(response: IN8nHttpFullResponse, attempt: number): number {
	const reset = Number(header(response, 'x-ogw-ratelimit-reset'));
	const wait = Number.isFinite(reset) && reset > 0 ? reset * 1000 : backoff(attempt);
	return Math.min(wait, retryPolicy.maxRateLimitWaitMs);
}

function parseBody(raw: unknown): unknown {
	if (typeof raw === 'string') {
		try {
			return JSON.parse(raw);
		} catch {
			return raw;
		}
	}
	if (raw instanceof Buffer) return parseBody(raw.toString('utf8'));
	return raw;
}

/** A successful answer: Feishu's whole envelope (code 0) and the request's log id. */
export interface FeishuResponse {
	envelope: IDataObject;
	logId?: string;
}

/**
 * The one request function of the package: base URL from the credential, JSON in and out, the
 * `{code,msg,data}` envelope checked, token renewal, bounded retries on rate limits and (for
 * idempotent calls) on network errors and 5xx. Returns `data` of a successful answer.
 */
export async function feishuApiRequest(
	this: FeishuContext,
	request: FeishuRequest,
): Promise<IDataObject> {
	const { envelope } = await feishuApiRequestWithEnvelope.call(this, request);
	return (envelope.data ?? {}) as IDataObject;
}

/** Like feishuApiRequest, but keeps Feishu's envelope (msg, top-level fields) and the log id. */
export async function feishuApiRequestWithEnvelope(
	this: FeishuContext,
	request: FeishuRequest,
): Promise<FeishuResponse> {
	const authentication = getAuthentication(this);
	const credentialType = CREDENTIAL_TYPE[authentication];
	const credentials = await cachedCredentials(this, credentialType);
	let baseUrl: string;
	try {
		baseUrl = credentialBaseUrl(credentials.data);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			itemIndex: request.itemIndex,
			description: 'Change the Base URL in the credential.',
		});
	}
	if (!baseUrl) {
		throw new NodeOperationError(
			this.getNode(),
			'The credential has Platform "Custom Base URL" but no Base URL',
			{ itemIndex: request.itemIndex },
		);
	}

	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}/open-apis${request.path}`,
		qs: request.qs,
		headers: { 'Content-Type': 'application/json; charset=utf-8' },
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	if (request.body !== undefined) options.body = request.body;

	let rateLimitRetries = 0;
	let serverErrorRetries = 0;
	let tokenRenewed = false;
	let forceUserTokenRefresh = false;

	for (;;) {
		const additional: IAdditionalCredentialOptions = {};
		if (authentication === 'tenantToken') {
			// Also decided by the credential's pre-authentication; cleared here so that any n8n
			// version fetches a new token for a changed credential or one about to expire.
			if (!storedTokenFits(credentials.data)) credentials.data.tenantAccessToken = '';
			additional.credentialsDecrypted = credentials;
		} else if (forceUserTokenRefresh) {
			// Feishu reports an expired user token with HTTP 400, not 401: let n8n's OAuth2 client
			// refresh on 400 for this one resend, when we already know the token is the problem.
			additional.oauth2 = { tokenExpiredStatusCode: 400 } as IAdditionalCredentialOptions['oauth2'];
		}

		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				credentialType,
				{ ...options, ignoreHttpStatusErrors: !forceUserTokenRefresh },
				additional,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const fromError = errorResponse(error);
			if (String((error as Error).message).includes(CREDENTIAL_ERROR_PREFIX)) {
				// The token exchange failed: resending cannot help, and it is not a network problem.
				throw new NodeOperationError(this.getNode(), (error as Error).message, {
					itemIndex: request.itemIndex,
					description: 'Open the Feishu credential, fix it, and use its Test button to check.',
				});
			}
			if (fromError) {
				response = fromError;
			} else if (request.idempotent && serverErrorRetries < retryPolicy.maxServerErrorRetries) {
				await sleep(backoff(serverErrorRetries++));
				continue;
			} else {
				throw networkError(this, error, baseUrl, request, serverErrorRetries + 1);
			}
		}
		forceUserTokenRefresh = false;

		const status = response.statusCode;
		const body = parseBody(response.body);
		const code = isFeishuEnvelope(body) ? body.code : undefined;

		if (status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))) {
			if (rateLimitRetries < retryPolicy.maxRateLimitRetries) {
				await sleep(rateLimitWait(response, rateLimitRetries++));
				continue;
			}
		} else if (code !== undefined && TOKEN_ERROR_CODES.has(code) && !tokenRenewed) {
			tokenRenewed = true;
			if (authentication === 'tenantToken') credentials.data.tenantAccessToken = '';
			else forceUserTokenRefresh = true;
			continue;
		} else if (status >= 500 && request.idempotent) {
			if (serverErrorRetries < retryPolicy.maxServerErrorRetries) {
				await sleep(backoff(serverErrorRetries++));
				continue;
			}
		}

		const context = {
			httpStatus: status,
			headerLogId: header(response, 'x-tt-logid'),
			method: request.method,
			path: `/open-apis${request.path}`,
			scopes: request.scopes,
			itemIndex: request.itemIndex,
		};
		if (isFeishuEnvelope(body)) {
			if (body.code === 0)
				return { envelope: body as unknown as IDataObject, logId: context.headerLogId };
			throw feishuApiError(this.getNode(), body, context);
		}
		throw new NodeApiError(this.getNode(), { body: String(body) } as JsonObject, {
			message: `Feishu answered HTTP ${status} without a Feishu response body`,
			description: `Check the credential's Platform / Base URL. Request: ${context.method} ${context.path}`,
			httpCode: String(status),
			itemIndex: request.itemIndex,
		});
	}
}

/**
 * The error for a request that never got an answer: the host, what went wrong, what to check, and
 * whether the request may have been applied. Built from a plain object, so n8n keeps this message
 * instead of its generic one for the error code (which would drop the host).
 */
function networkError(
	context: FeishuContext,
	error: unknown,
	baseUrl: string,
	request: FeishuRequest,
	attempts: number,
): NodeApiError {
	const problem = describeNetworkProblem(error, baseUrl);
	const raw = (error as Error).message;
	const outcome = request.idempotent
		? `Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}.`
		: 'This request changes data, so it was not resent automatically (it may or may not have been applied). Check the result in Feishu before running it again.';
	return new NodeApiError(context.getNode(), { reason: raw } as JsonObject, {
		message: `Could not reach Feishu at ${baseUrl}: ${problem.summary}`,
		description: `${problem.advice}\n${outcome}\nError${problem.code ? ` ${problem.code}` : ''}: ${raw}\nRequest: ${request.method} /open-apis${request.path}`,
		itemIndex: request.itemIndex,
	});
}

/** n8n throws on HTTP errors in some paths (e.g. OAuth2 refresh); recover Feishu's answer from the error. */
function errorResponse(error: unknown): IN8nHttpFullResponse | undefined {
	const candidates = [
		(error as { response?: unknown }).response,
		(error as { cause?: { response?: unknown } }).cause?.response,
	];
	for (const candidate of candidates) {
		const response = candidate as
			| {
					status?: number;
					statusCode?: number;
					data?: unknown;
					body?: unknown;
					headers?: IDataObject;
			  }
			| undefined;
		if (!response) continue;
		const statusCode = response.status ?? response.statusCode;
		const body = response.data ?? response.body;
		if (typeof statusCode === 'number' && body !== undefined) {
			return { statusCode, body, headers: response.headers ?? {} } as IN8nHttpFullResponse;
		}
	}
	return undefined;
}
