import {
	NodeOperationError,
	type INodeExecutionData,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';

import { credentialBaseUrl } from '../shared/baseUrl';
import { normaliseEvent } from './events';
import type { SocketFactory } from './longConnection/client';
import { subscribe, type Subscriber } from './longConnection/hub';
import { checkAndPersist } from './persistedSeen';
import { accepts, readSettings } from './settings';
import { takeTestItems } from './testStash';

/** The platform WebSocket (Node.js >= 22); undefined on older Node.js. */
function platformWebSocket(): SocketFactory | undefined {
	if (typeof WebSocket === 'undefined') return undefined;
	return (url) => new WebSocket(url);
}

/** Test hook: replaces the socket factory (e.g. to simulate a Node.js without WebSocket). */
export const socketFactoryOverride: { factory?: SocketFactory | null; stepMs?: number } = {};

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

	const subscriber: Subscriber = {
		windowMs: settings.windowMs,
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
			// Saved to the database by n8n as part of this emit.
			if (
				info.eventId &&
				staticData &&
				!checkAndPersist(staticData, consumer, info.eventId, settings.windowMs, Date.now())
			) {
				return;
			}
			// n8n >= 2.x also refuses a second execution with the same key (ignored by older versions).
			const key = info.eventId ? `feishu:${workflowId}:${node.id}:${info.eventId}` : undefined;
			this.emit(items, undefined, undefined, key);
		},
		onFatal: (message) => {
			this.emitError(new NodeOperationError(node, `Feishu long connection stopped: ${message}`));
		},
		log: (level, message) => this.logger[level](`Feishu long connection (${appId}): ${message}`),
	};

	const subscription = await subscribe(baseUrl, appId, subscriber, {
		createSocket,
		stepMs: socketFactoryOverride.stepMs,
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
