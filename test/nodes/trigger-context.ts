/** Fake n8n contexts for calling the trigger node's webhook() and trigger() directly (Stripe-test style). */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	ITriggerFunctions,
	IWebhookFunctions,
	IHttpRequestOptions,
} from 'n8n-workflow';

export interface Answer {
	status?: number;
	body?: unknown;
	ended: boolean;
	/** Plays n8n's own answer after webhook() returned (e.g. 500 when the execution could not start). */
	finish(status: number): void;
}

export interface NodeParams {
	connection?: 'callback' | 'longConnection';
	events?: string[];
	chatIds?: string;
	options?: IDataObject;
}

export interface WebhookCall {
	params?: NodeParams;
	credentials: ICredentialDataDecryptedObject;
	rawBody: string | Buffer | undefined;
	body?: unknown;
	headers?: Record<string, string>;
	mode?: 'webhook' | 'manual';
	staticData?: IDataObject;
	workflowId?: string;
	nodeName?: string;
	/** The node's credential reference id, as n8n sets it; undefined = none. */
	credentialId?: string;
	/** Counts getCredentials() calls (each one decrypts the credential in n8n). */
	decrypts?: { count: number };
}

const logger = { debug() {}, info() {}, warn() {}, error() {} };

function param(params: NodeParams, name: string, fallback: unknown): unknown {
	const value = (params as Record<string, unknown>)[name];
	return value === undefined ? fallback : value;
}

/** The trigger node as n8n describes it to the node's code. */
function triggerNode(name = 'Feishu Group Trigger', credentialId?: string) {
	return {
		id: 'node-1',
		name,
		type: 'feishuGroupTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: credentialId ? { feishuApi: { id: credentialId, name: 'Feishu' } } : undefined,
	};
}

export function webhookContext(call: WebhookCall): { ctx: IWebhookFunctions; answer: Answer } {
	const finished: Array<() => void> = [];
	const res = {
		statusCode: 200,
		status(code: number) {
			answer.status = code;
			res.statusCode = code;
			return res;
		},
		once(_event: 'finish', listener: () => void) {
			finished.push(listener);
		},
		json(body: unknown) {
			answer.body = body;
			return res;
		},
		send(body: unknown) {
			answer.body = body;
			return res;
		},
		end() {
			answer.ended = true;
		},
	};
	const answer: Answer = {
		ended: false,
		finish(status: number) {
			res.statusCode = status;
			for (const listener of finished.splice(0)) listener();
		},
	};
	const raw = call.rawBody;
	const req = {
		rawBody: typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw,
		body: call.body ?? (typeof raw === 'string' ? JSON.parse(raw) : undefined),
		headers: call.headers ?? {},
	};
	const staticData = call.staticData ?? {};
	const ctx = {
		getRequestObject: () => req,
		getResponseObject: () => res,
		getHeaderData: () => req.headers,
		getBodyData: () => req.body,
		getNodeParameter: (name: string, fallback?: unknown) =>
			param(call.params ?? {}, name, fallback),
		getCredentials: async () => {
			if (call.decrypts) call.decrypts.count++;
			return call.credentials;
		},
		getMode: () => call.mode ?? 'webhook',
		getWorkflow: () => ({ id: call.workflowId ?? 'wf1', name: 'wf', active: true }),
		getNode: () => triggerNode(call.nodeName, call.credentialId),
		getWorkflowStaticData: () => staticData,
		logger,
	};
	return { ctx: ctx as unknown as IWebhookFunctions, answer };
}

export interface TriggerCall {
	params?: NodeParams;
	credentials: ICredentialDataDecryptedObject;
	mode?: 'trigger' | 'manual';
	staticData?: IDataObject;
	workflowId?: string;
	nodeName?: string;
	httpRequest?: (options: IHttpRequestOptions) => Promise<unknown>;
}

export interface TriggerHarness {
	ctx: ITriggerFunctions;
	emitted: Array<{ data: INodeExecutionData[][]; key?: string }>;
	errors: Error[];
	logs: string[];
	staticData: IDataObject;
}

/** A trigger context. Like n8n, the harness's emit can be swapped after trigger() returns (manual runs). */
export function triggerContext(call: TriggerCall): TriggerHarness {
	const emitted: TriggerHarness['emitted'] = [];
	const errors: Error[] = [];
	const logs: string[] = [];
	const staticData = call.staticData ?? {};
	const log = (level: string) => (message: string) => logs.push(`${level}: ${message}`);
	const ctx = {
		getNodeParameter: (name: string, fallback?: unknown) =>
			param(call.params ?? {}, name, fallback),
		getCredentials: async () => call.credentials,
		getMode: () => call.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getWorkflow: () => ({ id: call.workflowId ?? 'wf1', name: 'wf', active: true }),
		getNode: () => triggerNode(call.nodeName),
		getWorkflowStaticData: () => staticData,
		emit: (data: INodeExecutionData[][], _r?: unknown, _d?: unknown, key?: string) =>
			emitted.push({ data, key }),
		emitError: (error: Error) => errors.push(error),
		saveFailedExecution: (error: Error) => errors.push(error),
		helpers: { httpRequest: call.httpRequest ?? fetchRequest },
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
	};
	return { ctx: ctx as unknown as ITriggerFunctions, emitted, errors, logs, staticData };
}

/** A minimal stand-in for n8n's httpRequest (JSON, full response, status errors ignored). */
export async function fetchRequest(options: IHttpRequestOptions): Promise<unknown> {
	const response = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers: { 'content-type': 'application/json', ...(options.headers as Record<string, string>) },
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON
	}
	if (!options.ignoreHttpStatusErrors && response.status >= 400)
		throw new Error(`HTTP ${response.status}`);
	return options.returnFullResponse ? { statusCode: response.status, body, headers: {} } : body;
}
