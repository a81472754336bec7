import {
	NodeOperationError,
	type INodeExecutionData,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { credentialBaseUrl } from '../shared/baseUrl';
import { normaliseEvent } from './events';
import { createHandOver } from './handOver';
import type { LogLevel, SocketFactory } from './longConnection/client';
import { DEFAULT_SETTLE_MS, subscribe, type Subscriber } from './longConnection/hub';
import type { ClientLimits } from './longConnection/limits';
import { checkAndPersist, forgetPersisted } from './persistedSeen';
import { accepts, readSettings } from './settings';
import { takeTestItems } from './testStash';

/** The platform WebSocket (Node.js >= 22); undefined on older Node.js. */
function platformWebSocket(): SocketFactory | undefined {
	if (typeof WebSocket === 'undefined') return undefined;
	return (url) => new WebSocket(url);
}

/**
 * Test hook: replaces the socket factory (e.g. to simulate a Node.js without WebSocket) and loosens the
 * long connection's timings (settle delay, grace period, interval limits) so tests run fast.
 */
export const socketFactoryOverride: {
	factory?: SocketFactory | null;
	stepMs?: number;
	settleMs?: number;
	graceMs?: number;
	limits?: Partial<ClientLimits>;
} = {};

const STARTUP_SETTLE_MS = 10_000;

const RETRY_NOTE =
	'n8n re-activates the trigger on its own: a refusal (e.g. a wrong secret) then fails the activation with the reason; an outage is retried, and while it lasts reported again after 4, 8, 16 … minutes (at most hourly).';

/**
 * n8n activates workflows one after another at start (and on a leadership change); the connection waits
 * until they are all in, so none misses events the others already acknowledged.
 */
function settleDelay(this: ITriggerFunctions): number {
	if (socketFactoryOverride.settleMs !== undefined) return socketFactoryOverride.settleMs;
	const activation = this.getActivationMode?.();
	return activation === 'init' || activation === 'leadershipChange'
		? STARTUP_SETTLE_MS
		: DEFAULT_SETTLE_MS;
}

/** HTTP callback mode, manual run: hand over what webhook() received (see testStash). */
function callbackTestRun(this: ITriggerFunctions): ITriggerResponse {
	const items = takeTestItems(this.getWorkflow().id, this.getNode().name);
	return {
		manualTriggerFunction: async () => {
			if (!items) {
				throw new NodeOperationError(
					this.getNode(),
					'No test event arrived. In HTTP callback mode a test run starts when Feishu calls the Test URL.',
				);
			}
			this.emit(items);
		},
	};
}

export async function startTrigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
	const settings = readSettings(this);
	const mode = this.getMode();
	if (settings.connection === 'callback') {
		// Production callbacks are handled entirely by webhook(); nothing to keep open here.
		return mode === 'manual' ? callbackTestRun.call(this) : {};
	}

	const createSocket =
		socketFactoryOverride.factory === undefined
			? platformWebSocket()
			: socketFactoryOverride.factory;
	if (!createSocket) {
		throw new NodeOperationError(
			this.getNode(),
			'Long connection mode needs a Node.js with a built-in WebSocket (Node.js 22 or newer)',
			{
				description:
					'This n8n runs on an older Node.js. Upgrade Node.js, or set Connection to "HTTP callback".',
			},
		);
	}
	const credentials = await this.getCredentials('feishuApi');
	const appId = String(credentials.appId ?? '').trim();
	const appSecret = String(credentials.appSecret ?? '').trim();
	if (!appId || !appSecret) {
		throw new NodeOperationError(
			this.getNode(),
			'The credential needs an App ID and App Secret for long connection mode',
		);
	}
	const baseUrl = credentialBaseUrl(credentials);
	const node = this.getNode();
	const workflowId = this.getWorkflow().id ?? '';
	const staticData = mode === 'manual' ? undefined : this.getWorkflowStaticData('node');
	const consumer = `${workflowId}|${node.id}|live`;

	// Manual runs keep the first matching event until n8n calls manualTriggerFunction: n8n swaps in
	// the emit that resolves the test run only after trigger() has returned.
	let firstItems: INodeExecutionData[][] | undefined;
	let firstArrived: () => void = () => {};
	const first = new Promise<void>((resolve) => (firstArrived = resolve));

	const log = (level: LogLevel, message: string) =>
		this.logger[level](`Feishu long connection (${appId}): ${message}`);
	const handOver = createHandOver(this, (message) => log('warn', message));
	// n8n 2.x's emit takes a deduplication key (a fourth argument) and refuses a second execution with it.
	const n8nRefusesDuplicates = this.emit.length >= 4;

	const subscriber: Subscriber = {
		windowMs: settings.windowMs,
		// A test listener is separate from the active workflow: its own dedupe, and it holds no acks.
		id: mode === 'manual' ? undefined : consumer,
		active: mode !== 'manual',
		connectInfo: () => ({
			request: async (options) => await this.helpers.httpRequest(options),
			baseUrl,
			appSecret,
		}),
		deliver: (envelope, info) => {
			if (!accepts(settings, info)) return;
			const items = [[{ json: normaliseEvent(envelope, settings.includeRaw) }]];
			if (mode === 'manual') {
				if (!firstItems) {
					firstItems = items;
					firstArrived();
				}
				return;
			}
			const eventId = info.eventId || undefined;
			// Saved to the database by n8n as part of this emit.
			const persisted = eventId !== undefined && staticData !== undefined;
			const recorded =
				persisted && checkAndPersist(staticData, consumer, eventId, settings.windowMs, Date.now());
			// An id recorded before a restart may belong to an execution n8n never created (the process
			// stopped first). n8n 2.x decides by the key in its database; n8n 1.x ignores the key.
			if (persisted && !recorded && !n8nRefusesDuplicates) return;
			const key = eventId ? `feishu:${workflowId}:${node.id}:${eventId}` : undefined;
			return handOver(items, key).catch((error: unknown) => {
				// Not taken: the hub answers 500, and Feishu's redelivery must not count as a duplicate.
				if (recorded) forgetPersisted(consumer, eventId);
				throw new NodeOperationError(node, error as Error);
			});
		},
		// n8n shows the error on the workflow, runs its error workflow and re-activates the trigger.
		onFatal: (message) => {
			this.emitError(
				new NodeOperationError(node, `Feishu long connection stopped: ${message}`, {
					description: `Check App ID and App Secret in the credential, the network between n8n and Feishu, or use HTTP callback mode. ${RETRY_NOTE}`,
				}),
			);
		},
		log,
	};

	const subscription = await subscribe(baseUrl, appId, subscriber, {
		createSocket,
		settleMs: settleDelay.call(this),
		stepMs: socketFactoryOverride.stepMs,
		graceMs: socketFactoryOverride.graceMs,
		limits: socketFactoryOverride.limits,
	});
	if (!subscription.ok) {
		throw new NodeOperationError(node, subscription.message, {
			description:
				'Feishu did not accept the long connection. Check App ID and App Secret in the credential, or use HTTP callback mode.',
		});
	}
	const { unsubscribe } = subscription;
	const closeFunction = async () => {
		firstArrived(); // ends a manual run that is still waiting
		await unsubscribe();
	};
	if (mode !== 'manual') return { closeFunction };

	return {
		closeFunction,
		manualTriggerFunction: async () => {
			await first;
			if (firstItems) this.emit(firstItems);
		},
	};
}
