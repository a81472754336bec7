/**
 * The two receivers compared by the trigger-core measure, each from raw request bytes + headers to the data a
 * workflow / handler receives: ours (nodes/FeishuGroupTrigger: verifyCallback → envelopeInfo → SeenEvents →
 * persisted static-data dedupe → normaliseEvent, as handleWebhook chains them in an active workflow) and the official SDK (JSON body + headers as its adaptDefault
 * builds them → EventDispatcher.invoke: signature, decrypt, parse, handler).
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { verifyCallback } from '../../nodes/FeishuGroupTrigger/callback/verify';
import { DEFAULT_WINDOW_HOURS, SeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { envelopeInfo, normaliseEvent } from '../../nodes/FeishuGroupTrigger/events';
import { checkAndPersist, PERSISTED_KEY } from '../../nodes/FeishuGroupTrigger/persistedSeen';
import { EVENT_TYPES } from '../../test/emulator/events/envelopes';
import type { SignedCallback } from './events';

/** Resolves true when the event was accepted and handed over. */
export type Pipeline = (cb: SignedCallback) => Promise<boolean>;

const WINDOW_MS = DEFAULT_WINDOW_HOURS * 3600_000;

export interface Keys {
	encryptKey: string;
	verificationToken: string;
}

export interface Stages {
	/** false: stop after verifyCallback (decrypt, signature, token, parse). */
	verify?: boolean;
	/** In-memory dedupe (SeenEvents). */
	dedupe?: boolean;
	/** Dedupe persisted in the workflow's static data (production mode of handleWebhook). */
	persist?: boolean;
	normalise?: boolean;
}

/** Ours as handleWebhook runs it in an active workflow, with fresh dedupe stores (like a new n8n process). */
let instances = 0;

export function ourPipeline(keys: Keys, stages: Stages = {}): Pipeline {
	const seen = new SeenEvents();
	// handleWebhook's consumer key (workflow | node | mode); a new node id per instance keeps rounds independent.
	const consumer = `bench-wf|bench-node-${++instances}|live`;
	// n8n loads static data afresh for every webhook request: each event gets a new object holding what the
	// previous one saved (n8n's own JSON load/save is the same for any format and is left out).
	let saved: IDataObject[string];
	const { verify = true, dedupe = true, persist = true, normalise = true } = stages;
	return async (cb) => {
		const result = verifyCallback(cb.raw, cb.headers, {
			...keys,
			maxAgeSeconds: WINDOW_MS / 1000,
			now: Date.now(),
		});
		if (result.kind !== 'event') return false;
		if (!verify) return true;
		const info = envelopeInfo(result.envelope);
		if (!info?.eventId) return false;
		if (dedupe && !seen.checkAndRecord(`cb|${consumer}|${info.eventId}`, WINDOW_MS)) return false;
		if (persist) {
			const staticData: IDataObject = saved === undefined ? {} : { [PERSISTED_KEY]: saved };
			if (!checkAndPersist(staticData, consumer, info.eventId, WINDOW_MS, Date.now())) return false;
			saved = staticData[PERSISTED_KEY];
		}
		if (normalise) normaliseEvent(result.envelope, true);
		return true;
	};
}

/** The SDK's EventDispatcher with a handler for each of the 9 events (its cheapest path: autoChallenge off). */
export function sdkPipeline(keys: Keys): Pipeline {
	const dispatcher = new lark.EventDispatcher({ ...keys, loggerLevel: lark.LoggerLevel.error });
	const handlers: Record<string, (data: unknown) => Promise<string>> = {};
	for (const type of EVENT_TYPES) handlers[type] = async () => 'handled';
	dispatcher.register(handlers as never);
	return async (cb) => {
		const data = Object.assign(
			Object.create({ headers: cb.headers }),
			JSON.parse(cb.raw.toString('utf8')),
		);
		return (await dispatcher.invoke(data)) === 'handled';
	};
}
