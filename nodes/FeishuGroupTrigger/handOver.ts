import type { INodeExecutionData, IRun, ITriggerFunctions } from 'n8n-workflow';

import { pause } from './longConnection/wait';

/**
 * How long to wait for n8n to report an execution before taking it as started. n8n 1.x never settles
 * the report when the execution could not be created (it logs that failure itself), so the wait needs
 * an end; a run that is merely long is the likelier cause by then.
 */
export const HAND_OVER_LIMIT_MS = 10 * 60 * 1000;

/** n8n 2.x refuses to report on executions of its Engine 2.0; its message asks to hand off without waiting. */
const CANNOT_WAIT = /without waiting|Engine 2\.0/i;

/** Cancelled by a user or by n8n: the execution existed, so the event was taken. */
const isCancellation = (error: Error) => /cancel/i.test(`${error.name} ${error.message}`);

/**
 * Starts an execution with the items and resolves once n8n has it: its execution ended (or was refused as
 * a duplicate of one that exists). Rejects when n8n could not start it.
 */
export type HandOver = (
	items: INodeExecutionData[][],
	deduplicationKey: string | undefined,
) => Promise<void>;

/**
 * Feishu's long connection forgets an event once it is acknowledged, so the acknowledgement must wait
 * until n8n has the execution in its database. n8n tells a trigger only when the execution ended (the
 * emit's done promise), so that is the moment used: slower than n8n's own start, never earlier. A
 * workflow that runs longer than Feishu's 3 s gets Feishu's redeliveries, which the de-duplication
 * holds until the first delivery's outcome is known.
 */
export function createHandOver(
	context: ITriggerFunctions,
	log: (message: string) => void,
	limitMs = HAND_OVER_LIMIT_MS,
): HandOver {
	// False once n8n said it cannot report on this workflow's executions: then items are only handed off.
	let waits = true;
	const handOff = (items: INodeExecutionData[][], key: string | undefined) =>
		context.emit(items, undefined, undefined, key);

	return async (items, key) => {
		if (!waits) {
			handOff(items, key);
			return;
		}
		const done = context.helpers.createDeferredPromise<IRun>();
		let settled = false;
		const reported = done.promise.finally(() => (settled = true));
		void reported.catch(() => undefined); // a report after the limit must not become an unhandled rejection
		// Package code may not hold timers; the wait wakes once a second to see whether n8n reported.
		const limit = pause(limitMs, () => settled, 1000).then(() => 'limit' as const);
		try {
			context.emit(items, undefined, done, key);
			const outcome = await Promise.race([reported, limit]);
			if (outcome === 'limit') {
				log(
					`n8n has not reported the execution after ${Math.round(limitMs / 60_000)} min; acknowledging the event as taken`,
				);
			}
		} catch (raw) {
			const error = raw instanceof Error ? raw : new Error(String(raw));
			if (isCancellation(error)) return;
			if (CANNOT_WAIT.test(error.message)) {
				// Nothing was started (n8n checks before it creates the execution): hand it off instead.
				if (waits) {
					log(
						`n8n cannot report on this workflow's executions (${error.message}); handing events off`,
					);
				}
				waits = false;
				handOff(items, key);
				return;
			}
			throw error;
		} finally {
			settled = true;
		}
	};
}
