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
	/** Which n8n the emit plays: 2 (default) takes a deduplication key and refuses a second execution with it; 1 ignores it. */
	n8nVersion?: 1 | 2;
	/** n8n 2.x's executions by deduplication key (its database); share one to play a restart. */
	executionKeys?: Set<string>;
}

/**
 * What n8n does with the next emits that pass a done promise: 'run' (default) creates the execution and
 * reports it ended on the next turn; 'fail' reports that it could not be started; 'hold' keeps the report
 * in `held` until the test settles it.
 */
export type EmitOutcome = 'run' | 'fail' | 'hold';

interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
	reject: (error: Error) => void;
}

export function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	let reject!: (error: Error) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

export interface TriggerHarness {
	ctx: ITriggerFunctions;
	/** Executions n8n created. */
	emitted: Array<{ data: INodeExecutionData[][]; key?: string }>;
	/** Keys n8n 2.x refused because an execution with that key exists. */
	refused: string[];
	/** Done promises of executions created while the outcome was 'hold'. */
	held: Array<Deferred<unknown>>;
	outcome: EmitOutcome;
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
	const executionKeys = call.executionKeys ?? new Set<string>();
	const harness = {
		emitted,
		refused: [],
		held: [],
		outcome: 'run',
		errors,
		logs,
		staticData,
	} as Omit<TriggerHarness, 'ctx'>;
	/** n8n's emit: starts the execution later and reports on the done promise, as both lines do. */
	const play = (data: INodeExecutionData[][], done?: Deferred<unknown>, key?: string) => {
		const later = (settle: () => void) => setImmediate(settle);
		if (harness.outcome === 'fail') {
			later(() => done?.reject(new Error('could not start the execution')));
			return;
		}
		if (key && executionKeys.has(key)) {
			harness.refused.push(key);
			later(() => done?.resolve(undefined));
			return;
		}
		if (key) executionKeys.add(key);
		emitted.push({ data, key });
		if (harness.outcome === 'hold' && done) harness.held.push(done);
		else later(() => done?.resolve({ finished: true }));
	};
	const emit =
		call.n8nVersion === 1
			? (data: INodeExecutionData[][], _r?: unknown, done?: Deferred<unknown>) => play(data, done)
			: (data: INodeExecutionData[][], _r?: unknown, done?: Deferred<unknown>, key?: string) =>
					play(data, done, key);
	const ctx = {
		getNodeParameter: (name: string, fallback?: unknown) =>
			param(call.params ?? {}, name, fallback),
		getCredentials: async () => call.credentials,
		getMode: () => call.mode ?? 'trigger',
		getActivationMode: () => 'activate',
		getWorkflow: () => ({ id: call.workflowId ?? 'wf1', name: 'wf', active: true }),
		getNode: () => triggerNode(call.nodeName),
		getWorkflowStaticData: () => staticData,
		emit,
		emitError: (error: Error) => errors.push(error),
		saveFailedExecution: (error: Error) => errors.push(error),
		helpers: { httpRequest: call.httpRequest ?? fetchRequest, createDeferredPromise: deferred },
		logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
	};
	return Object.assign(harness, { ctx: ctx as unknown as ITriggerFunctions });
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
