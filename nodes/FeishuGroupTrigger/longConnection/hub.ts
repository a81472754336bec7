import type { IDataObject } from 'n8n-workflow';

import { sharedSeenEvents } from '../dedupe';
import { envelopeInfo, type EnvelopeInfo } from '../events';
import {
	LongConnectionClient,
	type ConnectInfo,
	type LogLevel,
	type SocketFactory,
} from './client';
import type { ClientConfig } from './endpoint';

export interface Subscriber {
	/**
	 * Hands one new event to the workflow (filters, then this.emit). Returns once it was handed over;
	 * throwing means it could not be, and Feishu should redeliver it.
	 */
	deliver(envelope: IDataObject, info: EnvelopeInfo): void;
	/** The shared connection gave up for good. */
	onFatal(message: string): void;
	/** Endpoint credentials and request helper of this subscriber. */
	connectInfo(): ConnectInfo;
	/** How long event ids count as duplicates for this subscriber (ms). */
	windowMs: number;
	log?(level: LogLevel, message: string): void;
}

export interface HubOptions {
	createSocket: SocketFactory;
	/** Test knobs for the client. */
	stepMs?: number;
	random?: () => number;
	handshakeTimeoutMs?: number;
}

/**
 * One long connection per app inside the n8n process, shared by every trigger subscribed to that app.
 * Feishu hands each event to only one of an app's connections, so separate connections per workflow
 * would steal each other's events; the hub fans each event out to all subscribers instead.
 */
class Hub {
	readonly subscribers = new Set<Subscriber>();
	readonly client: LongConnectionClient;
	ready: Promise<void> = Promise.resolve();
	private lastInfo: ConnectInfo | undefined;

	constructor(
		private readonly key: string,
		private readonly appId: string,
		options: HubOptions,
	) {
		this.client = new LongConnectionClient({
			appId,
			createSocket: options.createSocket,
			stepMs: options.stepMs,
			random: options.random,
			handshakeTimeoutMs: options.handshakeTimeoutMs,
			connectInfo: () => this.connectInfo(),
			onEvent: (payload) => this.onEvent(payload),
			onFatal: (message) => this.onFatal(message),
			log: (level, message) => this.log(level, message),
		});
	}

	/** Opens the connection; called once the first subscriber is in (its credentials are needed). */
	start(): void {
		this.ready = this.client.start();
	}

	private connectInfo(): ConnectInfo {
		// The newest subscriber has the freshest credential data.
		const newest = [...this.subscribers].pop();
		if (newest) this.lastInfo = newest.connectInfo();
		if (!this.lastInfo) throw new Error('no subscriber');
		return this.lastInfo;
	}

	private log(level: LogLevel, message: string): void {
		for (const subscriber of this.subscribers) subscriber.log?.(level, message);
	}

	private onEvent(payload: Uint8Array): boolean {
		let envelope: IDataObject;
		try {
			envelope = JSON.parse(new TextDecoder().decode(payload)) as IDataObject;
		} catch (error) {
			// Redelivering bytes that are not JSON cannot help: acknowledge and report.
			this.log('error', `Event payload is not JSON and was dropped: ${(error as Error).message}`);
			return true;
		}
		const info =
			typeof envelope === 'object' && envelope !== null ? envelopeInfo(envelope) : undefined;
		if (!info) {
			this.log('warn', 'Payload without an event type was dropped');
			return true;
		}
		const subscribers = [...this.subscribers];
		const windowMs = Math.max(0, ...subscribers.map((s) => s.windowMs));
		const dedupeKey = info.eventId ? `lc|${info.eventId}` : undefined;
		const seen = sharedSeenEvents(this.appId);
		if (dedupeKey && !seen.checkAndRecord(dedupeKey, windowMs)) {
			this.log('debug', `Duplicate event ${info.eventId} ignored`);
			return true;
		}
		let handed = 0;
		let failed = 0;
		for (const subscriber of subscribers) {
			try {
				subscriber.deliver(envelope, info);
				handed++;
			} catch (error) {
				failed++;
				subscriber.log?.(
					'error',
					`Event ${info.eventId ?? ''} not handed over: ${(error as Error).message}`,
				);
			}
		}
		if (handed === 0 && failed > 0) {
			// Nobody got it: forget the id and let Feishu redeliver.
			if (dedupeKey) seen.forget(dedupeKey);
			return false;
		}
		return true;
	}

	private onFatal(message: string): void {
		if (hubs.get(this.key) === this) hubs.delete(this.key);
		for (const subscriber of [...this.subscribers]) subscriber.onFatal(message);
		this.subscribers.clear();
	}
}

const hubs = new Map<string, Hub>();

export type SubscribeResult =
	| { ok: true; unsubscribe: () => Promise<void> }
	| { ok: false; message: string };

/**
 * Subscribes to the app's shared connection, opening it for the first subscriber. Fails with a
 * readable message when Feishu refuses the connection. The connection closes when its last
 * subscriber unsubscribes.
 */
export async function subscribe(
	baseUrl: string,
	appId: string,
	subscriber: Subscriber,
	options: HubOptions,
): Promise<SubscribeResult> {
	const key = `${baseUrl}|${appId}`;
	let joined = hubs.get(key);
	if (joined) {
		joined.subscribers.add(subscriber);
	} else {
		joined = new Hub(key, appId, options);
		hubs.set(key, joined);
		joined.subscribers.add(subscriber);
		joined.start();
	}
	const hub = joined;
	const failure = await hub.ready.then(
		() => undefined,
		(error: Error) => error.message,
	);
	if (failure !== undefined) {
		hub.subscribers.delete(subscriber);
		if (hubs.get(key) === hub) hubs.delete(key);
		return { ok: false, message: failure };
	}
	let left = false;
	const unsubscribe = async () => {
		if (left) return;
		left = true;
		hub.subscribers.delete(subscriber);
		if (hub.subscribers.size === 0) {
			if (hubs.get(key) === hub) hubs.delete(key);
			await hub.client.close();
		}
	};
	return { ok: true, unsubscribe };
}

/** For tests and diagnostics: the open shared connections. */
export function activeHubs(): Array<{
	key: string;
	subscribers: number;
	open: boolean;
	connections: number;
	config: ClientConfig;
}> {
	return [...hubs.entries()].map(([key, hub]) => ({
		key,
		config: hub.client.clientConfig,
		subscribers: hub.subscribers.size,
		open: hub.client.isOpen,
		connections: hub.client.connections,
	}));
}
