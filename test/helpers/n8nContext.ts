/**
 * A small, faithful model of the parts of n8n's execution context our nodes use, for fast
 * in-process tests against the emulator. It mirrors n8n-core's behaviour where it matters:
 * parameter defaults, resource-locator extraction, credential pre-authentication (called while the
 * expirable field is empty; an answer that holds that field is written back into the credential
 * object and "saved", any other answer changes nothing), the
 * generic Authorization header, and httpRequest's option semantics. Real-n8n behaviour is covered
 * by the end-to-end suites in test/e2e.
 */
import axios from 'axios';
import type {
	IAdditionalCredentialOptions,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
} from 'n8n-workflow';

import { FeishuApi } from '../../credentials/FeishuApi.credentials';

export type Parameters = IDataObject | ((itemIndex: number) => IDataObject);

/** Credentials as n8n keeps them between executions (pre-authentication writes back here). */
export class CredentialStore {
	readonly saved: Record<string, ICredentialDataDecryptedObject> = {};
	saves = 0;
	constructor(initial: Record<string, ICredentialDataDecryptedObject> = {}) {
		for (const [type, data] of Object.entries(initial)) this.saved[type] = { ...data };
	}
	get(type: string): ICredentialDataDecryptedObject {
		const data = this.saved[type];
		if (!data) throw new Error(`Node does not have any credentials of type "${type}" set`);
		return { ...data };
	}
	save(type: string, data: ICredentialDataDecryptedObject) {
		this.saved[type] = { ...data };
		this.saves++;
	}
}

export interface RunOptions {
	parameters: Parameters;
	items?: INodeExecutionData[];
	store: CredentialStore;
	/** The node's typeVersion, as a saved workflow has it; 1 when left out. */
	typeVersion?: number;
	continueOnFail?: boolean;
}

function matchesDisplayOptions(property: INodeProperties, values: IDataObject): boolean {
	const show = property.displayOptions?.show ?? {};
	for (const [key, allowed] of Object.entries(show)) {
		if (key.startsWith('@') || key.startsWith('/')) continue;
		if (!Array.isArray(allowed)) continue;
		const value = values[key] ?? findDefault(key, values);
		if (!allowed.includes(value as never)) return false;
	}
	return true;
}

let currentProperties: INodeProperties[] = [];

function findDefault(name: string, values: IDataObject): unknown {
	const candidates = currentProperties.filter((p) => p.name === name);
	const match = candidates.find((p) => matchesDisplayOptions(p, values)) ?? candidates[0];
	return match?.default;
}

function extractValue(value: unknown): unknown {
	if (value && typeof value === 'object' && (value as IDataObject).__rl === true) {
		return (value as IDataObject).value;
	}
	return value;
}

/** httpRequest with n8n's option semantics, on axios like n8n-core. */
export async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
	const response = await axios.request({
		url: options.url,
		baseURL: options.baseURL,
		method: options.method ?? 'GET',
		params: options.qs,
		data: options.body,
		headers: options.headers as Record<string, string>,
		timeout: options.timeout ?? 30000,
		validateStatus: options.ignoreHttpStatusErrors ? () => true : (s) => s >= 200 && s < 300,
	});
	if (options.returnFullResponse) {
		return {
			body: response.data,
			headers: response.headers,
			statusCode: response.status,
			statusMessage: response.statusText,
		};
	}
	return response.data;
}

/** Counts of what the model did, for assertions on request economy. */
export interface RunStats {
	preAuthentications: number;
}

function makeHelpers(store: CredentialStore, node: INode, stats: RunStats) {
	const feishuApi = new FeishuApi();
	const requestWithAuth = async (
		credentialType: string,
		options: IHttpRequestOptions,
		additional?: IAdditionalCredentialOptions,
	): Promise<unknown> => {
		const data = (additional?.credentialsDecrypted?.data ??
			store.get(credentialType)) as ICredentialDataDecryptedObject;
		const expirable = feishuApi.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		)!.name;
		const preAuthenticate = async () => {
			stats.preAuthentications++;
			const output = await feishuApi.preAuthentication.call(
				{ helpers: { httpRequest } } as never,
				data,
			);
			if (output[expirable] === undefined) return;
			Object.assign(data, output);
			store.save(credentialType, data);
		};
		const withAuth = (): IHttpRequestOptions => {
			const token =
				credentialType === 'feishuApi'
					? data.tenantAccessToken
					: (data.oauthTokenData as IDataObject | undefined)?.access_token;
			return {
				...options,
				headers: { ...options.headers, Authorization: `Bearer ${String(token)}` },
			};
		};
		if (credentialType === 'feishuApi' && (data[expirable] ?? '') === '') await preAuthenticate();
		try {
			return await httpRequest(withAuth());
		} catch (error) {
			const status = (error as { response?: { status?: number } }).response?.status;
			if (credentialType === 'feishuApi' && status === 401) {
				await preAuthenticate();
				return await httpRequest(withAuth());
			}
			if (credentialType === 'feishuOAuth2Api') {
				const expiredCode = additional?.oauth2?.tokenExpiredStatusCode ?? 401;
				if (status === expiredCode) {
					await refreshOAuth2(data);
					store.save(credentialType, data);
					return await httpRequest(withAuth());
				}
			}
			throw error;
		}
	};
	return {
		httpRequest,
		httpRequestWithAuthentication: requestWithAuth,
		returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
			return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
		},
		constructExecutionMetaData(
			items: INodeExecutionData[],
			options: { itemData: { item: number } | Array<{ item: number }> },
		): INodeExecutionData[] {
			return items.map((item) => ({ ...item, pairedItem: options.itemData }));
		},
		node,
	};
}

/** The refresh_token grant as n8n's OAuth2 client sends it (form-encoded, client credentials in the body). */
async function refreshOAuth2(data: ICredentialDataDecryptedObject) {
	const tokenData = data.oauthTokenData as IDataObject;
	const body = new URLSearchParams({
		grant_type: 'refresh_token',
		refresh_token: String(tokenData.refresh_token),
		client_id: String(data.clientId),
		client_secret: String(data.clientSecret),
	});
	const response = await axios.post(String(data.accessTokenUrl), body.toString(), {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		validateStatus: () => true,
	});
	if (!response.data?.access_token)
		throw new Error(`refresh failed: ${JSON.stringify(response.data)}`);
	data.oauthTokenData = { ...tokenData, ...response.data };
}

function makeNode(nodeType: INodeType, parameters: IDataObject, typeVersion = 1): INode {
	return {
		id: 'test-node',
		name: nodeType.description.defaults.name ?? nodeType.description.displayName,
		type: `n8n-nodes-feishu-group.${nodeType.description.name}`,
		typeVersion,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: {
			feishuApi: { id: 'cred-app', name: 'Feishu app' },
			feishuOAuth2Api: { id: 'cred-user', name: 'Feishu user' },
		},
	};
}

function parameterGetter(nodeType: INodeType, parameters: Parameters) {
	return (
		name: string,
		itemIndex: number,
		fallback?: unknown,
		options?: { extractValue?: boolean },
	) => {
		currentProperties = nodeType.description.properties;
		const values = typeof parameters === 'function' ? parameters(itemIndex) : parameters;
		// Like n8n, a dotted name reads into a collection: 'edits.edit' → values.edits.edit.
		const [root, ...path] = name.split('.');
		let value: unknown = values[root];
		if (value === undefined) value = findDefault(root, values);
		for (const key of path) value = (value as IDataObject | undefined)?.[key];
		if (value === undefined) {
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}
		return options?.extractValue ? extractValue(value) : value;
	};
}

/** Runs a node's execute() once, like n8n runs one node of a workflow. */
export async function runNode(
	nodeType: INodeType,
	options: RunOptions,
): Promise<{ output: INodeExecutionData[][]; stats: RunStats }> {
	const items = options.items ?? [{ json: {} }];
	const first =
		typeof options.parameters === 'function' ? options.parameters(0) : options.parameters;
	const node = makeNode(nodeType, first, options.typeVersion);
	const stats: RunStats = { preAuthentications: 0 };
	const getParameter = parameterGetter(nodeType, options.parameters);
	const context = {
		getInputData: () => items,
		getNode: () => node,
		getNodeParameter: getParameter,
		getCredentials: async (type: string) => options.store.get(type),
		continueOnFail: () => options.continueOnFail ?? false,
		getMode: () => 'manual',
		helpers: makeHelpers(options.store, node, stats),
	} as unknown as IExecuteFunctions;
	const output = await nodeType.execute!.call(context);
	return { output: output as INodeExecutionData[][], stats };
}

/** A load-options context for listSearch / loadOptions methods. */
export function loadOptionsContext(
	nodeType: INodeType,
	parameters: IDataObject,
	store: CredentialStore,
): ILoadOptionsFunctions {
	const node = makeNode(nodeType, parameters);
	const stats: RunStats = { preAuthentications: 0 };
	const getParameter = parameterGetter(nodeType, parameters);
	return {
		getNode: () => node,
		getNodeParameter: (name: string, fallback?: unknown, options?: { extractValue?: boolean }) =>
			getParameter(name, 0, fallback, options),
		getCurrentNodeParameter: (name: string, options?: { extractValue?: boolean }) =>
			getParameter(name, 0, undefined, options),
		getCredentials: async (type: string) => store.get(type),
		helpers: makeHelpers(store, node, stats),
	} as unknown as ILoadOptionsFunctions;
}

/** A feishuApi credential pointing at the emulator. */
export function emulatorCredential(
	url: string,
	appId: string,
	appSecret: string,
): ICredentialDataDecryptedObject {
	return {
		platform: 'custom',
		baseUrl: url,
		appId,
		appSecret,
		verificationToken: '',
		encryptKeySecret: '',
		tenantAccessToken: '',
		tenantAccessExpiresAt: 0,
	};
}
