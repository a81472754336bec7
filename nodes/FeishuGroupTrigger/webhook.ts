import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { verifyCallback, type Headers } from './callback/verify';
import { persistedSeen, persistSeen, sharedSeenEvents } from './dedupe';
import { envelopeInfo, normaliseEvent } from './events';
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
 * HTTP callback mode: verify (events.md §2.9), answer challenges, drop duplicates and unsubscribed
 * events with 200, and start the workflow with one item per event. n8n answers 200 itself
 * (responseMode onReceived) as soon as the execution is queued.
 */
export async function handleWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject() as unknown as RequestLike;
	const res = this.getResponseObject() as unknown as ResponseLike;
	const settings = readSettings(this);
	if (settings.connection !== 'callback') {
		return answer(res, 404, {
			code: 404,
			msg: 'This trigger uses a long connection, not HTTP callbacks',
		});
	}
	const credentials = await this.getCredentials('feishuApi');
	const now = Date.now();
	const result = verifyCallback(rawBodyOf(req), req.headers ?? this.getHeaderData(), {
		verificationToken: String(credentials.verificationToken ?? '').trim(),
		encryptKey: String(credentials.encryptKey ?? '').trim(),
		maxAgeSeconds: settings.windowMs / 1000,
		now,
	});
	if (result.kind === 'reject') {
		this.logger.warn(`Feishu Group Trigger refused a callback: ${result.reason}`);
		return answer(res, result.status, { code: result.status, msg: result.reason });
	}
	if (result.kind === 'challenge') return answer(res, 200, { challenge: result.challenge });

	const info = envelopeInfo(result.envelope);
	if (!info || !accepts(settings, info)) return answer(res, 200, { msg: 'success' });

	if (info.eventId) {
		const manual = this.getMode() === 'manual';
		// Test deliveries are kept apart from production ones; ids are per workflow node.
		const consumer = `${this.getWorkflow().id ?? ''}|${this.getNode().id}|${manual ? 'test' : 'live'}`;
		const appId = String(credentials.appId ?? '') || info.appId || 'unknown';
		const fresh = sharedSeenEvents(appId).checkAndRecord(
			`cb|${consumer}|${info.eventId}`,
			settings.windowMs,
		);
		if (!fresh) return answer(res, 200, { msg: 'success' });
		if (!manual) {
			// Survives restarts: n8n saves node static data after a production webhook call.
			const staticData = this.getWorkflowStaticData('node');
			if (persistedSeen(staticData, info.eventId, settings.windowMs, now)) {
				return answer(res, 200, { msg: 'success' });
			}
			persistSeen(staticData, info.eventId, settings.windowMs, now, consumer);
		}
	}

	const items = [[{ json: normaliseEvent(result.envelope, settings.includeRaw) }]];
	if (this.getMode() === 'manual')
		stashTestItems(this.getWorkflow().id, this.getNode().name, items);
	return { workflowData: items };
}
