import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { callbackKeys, type CallbackKeys } from './callback/keys';
import { verifyCallback, type Headers } from './callback/verify';
import { sharedSeenEvents } from './dedupe';
import { envelopeInfo, normaliseEvent } from './events';
import { checkAndPersist, forgetPersisted } from './persistedSeen';
import { accepts, readSettings } from './settings';
import { stashTestItems } from './testStash';

interface RequestLike {
	rawBody?: Buffer | string;
	body?: unknown;
	headers?: Headers;
}

interface ResponseLike {
	status(code: number): ResponseLike;
	json(body: unknown): ResponseLike;
	end(): void;
	statusCode?: number;
	once?(event: 'finish', listener: () => void): void;
}

/** The exact request bytes (n8n keeps them as rawBody); re-serialising the parsed body is a last resort. */
function rawBodyOf(req: RequestLike): Buffer {
	if (Buffer.isBuffer(req.rawBody)) return req.rawBody;
	if (typeof req.rawBody === 'string') return Buffer.from(req.rawBody, 'utf8');
	return Buffer.from(req.body === undefined ? '' : JSON.stringify(req.body), 'utf8');
}

function answer(res: ResponseLike, status: number, body: IDataObject): IWebhookResponseData {
	res.status(status).json(body).end();
	return { noWebhookResponse: true };
}

/**
 * The one answer to every refused request, whatever the reason: a sender learns nothing about the
 * credential, the key or the padding from it (the reason goes to n8n's log only). Not 200, so that
 * Feishu retries a delivery refused because of a misconfiguration once it has been fixed.
 */
export const REFUSAL = { status: 401, body: { code: 401, msg: 'Unauthorized' } } as const;

function refuse(res: ResponseLike): IWebhookResponseData {
	return answer(res, REFUSAL.status, { ...REFUSAL.body });
}

/**
 * HTTP callback mode: verify (events.md §2.9), answer challenges, drop duplicates and unsubscribed
 * events with 200, and start the workflow with one item per event. n8n answers 200 itself
 * (responseMode onReceived) as soon as the execution is queued.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject() as unknown as RequestLike;
	const res = this.getResponseObject() as unknown as ResponseLike;
	const settings = readSettings(this);
	if (settings.connection !== 'callback') {
		this.logger.warn(
			'Feishu Group Trigger refused a callback: the node is set to long connection mode',
		);
		return refuse(res);
	}
	const manual = this.getMode() === 'manual';
	const now = Date.now();
	const raw = rawBodyOf(req);
	const headers = req.headers ?? this.getHeaderData();
	const verify = (keys: CallbackKeys) =>
		verifyCallback(raw, headers, {
			verificationToken: keys.verificationToken,
			encryptKey: keys.encryptKey,
			maxAgeSeconds: settings.replayWindowMs / 1000,
			now,
		});
	let keys = await callbackKeys(this, manual);
	let result = verify(keys);
	if (result.kind === 'reject' && keys.cached) {
		// The credential may have changed since the keys were cached: check once more with fresh ones.
		keys = await callbackKeys(this, true);
		result = verify(keys);
	}
	if (result.kind === 'reject') {
		this.logger.warn(`Feishu Group Trigger refused a callback: ${result.reason}`, {
			workflowId: this.getWorkflow().id,
			node: this.getNode().name,
		});
		return refuse(res);
	}
	if (result.kind === 'challenge') return answer(res, 200, { challenge: result.challenge });

	const info = envelopeInfo(result.envelope);
	if (!info || !accepts(settings, info)) return answer(res, 200, { msg: 'success' });

	if (info.eventId) {
		// Test deliveries are kept apart from production ones; ids are per workflow node.
		const consumer = `${this.getWorkflow().id ?? ''}|${this.getNode().id}|${manual ? 'test' : 'live'}`;
		const appId = keys.appId || info.appId || 'unknown';
		const seen = sharedSeenEvents(appId);
		const key = `cb|${consumer}|${info.eventId}`;
		if (!seen.checkAndRecord(key, settings.windowMs)) return answer(res, 200, { msg: 'success' });
		if (!manual) {
			// Survives restarts: n8n saves node static data after a production webhook call.
			const staticData = this.getWorkflowStaticData('node');
			if (!checkAndPersist(staticData, consumer, info.eventId, settings.windowMs, now)) {
				return answer(res, 200, { msg: 'success' });
			}
		}
		// If n8n then fails to start the execution it answers with an error and Feishu redelivers the
		// event: that redelivery must run, so the id is forgotten again.
		const eventId = info.eventId;
		res.once?.('finish', () => {
			if ((res.statusCode ?? 200) < 400) return;
			seen.forget(key);
			forgetPersisted(consumer, eventId);
		});
	}

	const items = [[{ json: normaliseEvent(result.envelope, settings.includeRaw) }]];
	if (manual) stashTestItems(this.getWorkflow().id, this.getNode().name, items);
	return { workflowData: items };
}
