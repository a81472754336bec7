/** Drives the trigger's webhook() as a remote sender would, and keeps what n8n's log was told. */
import type { IWebhookResponseData } from 'n8n-workflow';

import { computeSignature, encryptPayload } from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { webhookContext, type WebhookCall } from '../nodes/trigger-context';

const node = new FeishuGroupTrigger();

export interface Delivery {
	result: IWebhookResponseData;
	/** What the sender sees: status and body. */
	seen: { status?: number; body?: unknown };
	/** What n8n's log was told. */
	logs: string[];
	started: boolean;
}

export async function deliver(call: WebhookCall): Promise<Delivery> {
	const { ctx, answer } = webhookContext(call);
	const logs: string[] = [];
	const log = (message: string) => logs.push(message);
	Object.assign(ctx, { logger: { debug: log, info: log, warn: log, error: log } });
	const result = await node.webhook.call(ctx);
	return {
		result,
		seen: { status: answer.status, body: answer.body },
		logs,
		started: result.workflowData !== undefined,
	};
}

/** Headers Feishu adds to an event: X-Lark-Signature over timestamp + nonce + key + raw body. */
export function signedHeaders(
	body: string,
	key: string,
	timestamp = String(Math.floor(Date.now() / 1000)),
	nonce = '950646929',
): Record<string, string> {
	return {
		'x-lark-request-timestamp': timestamp,
		'x-lark-request-nonce': nonce,
		'x-lark-signature': computeSignature(timestamp, nonce, key, Buffer.from(body, 'utf8')),
	};
}

export const encryptedBody = (value: unknown, key: string) =>
	JSON.stringify({ encrypt: encryptPayload(JSON.stringify(value), key) });

export { node as triggerNode };
