/**
 * The two long-connection receivers: ours (the trigger's shared connection hub, with a subscriber doing what
 * trigger.ts's deliver does per event in production) and the official SDK's WSClient + EventDispatcher.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_WINDOW_HOURS } from '../../nodes/FeishuGroupTrigger/dedupe';
import { normaliseEvent } from '../../nodes/FeishuGroupTrigger/events';
import { subscribe } from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { checkAndPersist } from '../../nodes/FeishuGroupTrigger/persistedSeen';
import { EMULATOR_DEFAULTS } from '../../test/emulator';
import { EVENT_TYPES } from '../../test/emulator/events/envelopes';
import { httpRequest } from '../../test/helpers/n8nContext';

export interface WsContender {
	name: string;
	/** Connects to the emulator at `url`; `onEvent` is called once per event handed over. Resolves with a stop function. */
	start(url: string, onEvent: () => void): Promise<() => Promise<void>>;
}

const WINDOW_MS = DEFAULT_WINDOW_HOURS * 3600_000;
const noop = () => undefined;
const SILENT = { error: noop, warn: noop, info: noop, debug: noop, trace: noop };

/** Ours; `persist: false` leaves out the static-data dedupe (diagnosis only: production always persists). */
let starts = 0;

function oursWith(persist: boolean): WsContender {
	return {
		name: persist ? 'ours (trigger hub)' : 'ours without persisted dedupe',
		async start(url, onEvent) {
			const staticData: IDataObject = {};
			const consumer = `bench|ws-${++starts}|live`;
			const result = await subscribe(
				url,
				EMULATOR_DEFAULTS.appId,
				{
					windowMs: WINDOW_MS,
					connectInfo: () => ({
						request: httpRequest as never,
						baseUrl: url,
						appSecret: EMULATOR_DEFAULTS.appSecret,
					}),
					// As trigger.ts in an active workflow: output item, persisted dedupe, then emit.
					deliver: (envelope, info) => {
						normaliseEvent(envelope, true);
						if (
							persist &&
							info.eventId &&
							!checkAndPersist(staticData, consumer, info.eventId, WINDOW_MS, Date.now())
						)
							return;
						onEvent();
					},
					onFatal: (message) =>
						process.stderr.write(`[bench] our long connection stopped: ${message}\n`),
				},
				{ createSocket: (u) => new WebSocket(u) },
			);
			if (!result.ok) throw new Error(`our long connection was refused: ${result.message}`);
			return result.unsubscribe;
		},
	};
}

export const ours = oursWith(true);
export const oursNoPersist = oursWith(false);

export const sdk: WsContender = {
	name: 'SDK WSClient',
	async start(url, onEvent) {
		const dispatcher = new lark.EventDispatcher({
			loggerLevel: lark.LoggerLevel.error,
			logger: SILENT,
		});
		const handlers: Record<string, () => Promise<void>> = {};
		for (const type of EVENT_TYPES) handlers[type] = async () => onEvent();
		dispatcher.register(handlers as never);
		const client = new lark.WSClient({
			appId: EMULATOR_DEFAULTS.appId,
			appSecret: EMULATOR_DEFAULTS.appSecret,
			domain: url,
			loggerLevel: lark.LoggerLevel.error,
			logger: SILENT,
		});
		await client.start({ eventDispatcher: dispatcher });
		return async () => client.close({ force: true });
	},
};
