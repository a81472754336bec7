/**
 * What POST /__emulator/events tells its caller about the first delivery attempt: a 404 from n8n (Test URL, or a
 * workflow that is not published) must not look like success, and the caller should learn what to do next.
 */
import type { AppConfig } from '../config';
import type { Attempt, Delivery } from './bus';

export interface DeliveryReport {
	/** true when the receiver took the event on the first attempt. */
	ok: boolean;
	delivered: boolean;
	status?: number | string | null;
	/** The start of the receiver's answer (n8n's message on a refusal). */
	answer?: string;
	error?: string;
	/** Redeliveries follow on Feishu's schedule (GET /__emulator/deliveries shows them). */
	retrying?: boolean;
	hint?: string;
}

const DELIVERIES = 'GET /__emulator/deliveries lists every attempt.';

function hintFor(cfg: AppConfig, d: Delivery, a: Attempt | undefined): string {
	if (d.mode === 'unsubscribed')
		return `${d.event_type} is not in the app's subscribedEvents: PUT /__emulator/app {"subscribedEvents":null} to send every type.`;
	if (d.mode === 'none')
		return 'eventMode is "none" (events are recorded, not sent): PUT /__emulator/app {"eventMode":"callback","callbackUrl":"<the trigger\'s Production URL>"} or {"eventMode":"long_connection"}.';
	const status = a?.status;
	if (d.mode === 'long_connection') {
		if (status === 'no_connection')
			return 'no long connection is open: publish a workflow whose Feishu Group Trigger uses Connection "Long Connection" with a credential for this emulator.';
		if (status === 'ack_timeout')
			return `the long-connection client did not acknowledge within ${cfg.wsAckTimeoutMs} ms.`;
		return `the long-connection client acknowledged with code ${String(status)}, not 200.`;
	}
	const url = cfg.callbackUrl;
	if (status === 'no_callback_url')
		return 'no callbackUrl: PUT /__emulator/app {"callbackUrl":"<the trigger\'s Production URL>"}.';
	if (status === 404) {
		if (url.includes('/webhook-test/'))
			return "this is the trigger's Test URL, which listens only while the editor waits for a test event (after Execute workflow), once: use the Production URL (/webhook/…) and publish the workflow.";
		return "n8n has no active webhook at this URL: publish the workflow (n8n 2.x: Publish; 1.x: the Active switch) and use the trigger's Production URL (/webhook/<id>/webhook).";
	}
	if (status === 'timeout')
		return `no answer within callbackTimeoutMs (${cfg.callbackTimeoutMs} ms): is the receiver busy or stuck?`;
	if (status === 'error' || status === 'invalid_url')
		return `nothing answered at ${url}: is n8n running on that host and port?`;
	if (typeof status === 'number' && (status === 400 || status === 401 || status === 403))
		return "n8n refused the event: the credential's Verification Token and Encrypt Key must match the emulator's (PUT /__emulator/app sets them).";
	if (typeof status === 'number' && status >= 500)
		return "n8n could not start the workflow: see the workflow's executions and n8n's log.";
	return `the receiver answered ${String(status)}, not 200.`;
}

export function deliveryReport(
	cfg: AppConfig,
	d: Delivery,
	a: Attempt | undefined,
): DeliveryReport {
	if (a?.ok) return { ok: true, delivered: true, status: a.status };
	return {
		ok: false,
		delivered: false,
		status: a?.status ?? null,
		answer: a?.answer,
		error: a?.error,
		retrying: !d.done,
		hint: `${hintFor(cfg, d, a)} ${DELIVERIES}`,
	};
}
