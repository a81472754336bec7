import type { IDataObject } from 'n8n-workflow';

import { sharedSeenEvents } from '../dedupe';
import { envelopeInfo, type EnvelopeInfo } from '../events';
import {
	DEFAULT_GRACE_MS,
	LongConnectionClient,
	type ConnectInfo,
	type LogLevel,
	type SocketFactory,
} from './client';
import { DEFAULT_CLIENT_CONFIG, fetchEndpoint, type ClientConfig } from './endpoint';
import type { FragmentLimits } from './fragments';
import { appOfKey, connectionKey } from './identity';
import { clampClientConfig, DEFAULT_LIMITS, type ClientLimits } from './limits';
import { pause } from './wait';

export interface Subscriber {
	/**
	 * Hands one new event to the workflow (filters, then this.emit). Returns (or resolves) once n8n has
	 * it; throwing (or rejecting) means it could not, and Feishu should redeliver it.
	 */
	deliver(envelope: IDataObject, info: EnvelopeInfo): void | Promise<void>;
	/** The shared connection gave up for good. */
	onFatal(message: string): void;
	/** Endpoint credentials and request helper of this subscriber. */
	connectInfo(): ConnectInfo;
	/** How long event ids count as duplicates for this subscriber (ms). */
	windowMs: number;
	/** Stable name (workflow and node), so its de-duplication survives re-activation. */
	id?: string;
	/**
	 * False for a test listener: events are acknowledged without waiting for it, and its leaving does
	 * not reset the connection. Default true (an active workflow).
	 */
	active?: boolean;
	log?(level: LogLevel, message: string): void;
}

export interface HubOptions {
	createSocket: SocketFactory;
	/**
	 * How long the set of active workflows must stay unchanged before the connection (re)opens. n8n
	 * activates workflows one at a time at start; opening early would acknowledge events that later
	 * workflows never see.
	 */
	settleMs?: number;
	/** How long the connection may be down before the subscribers are told it is broken. */
	graceMs?: number;
	/** Test knobs for the client. */
	stepMs?: number;
	random?: () => number;
	handshakeTimeoutMs?: number;
	limits?: Partial<ClientLimits>;
	fragmentLimits?: Partial<FragmentLimits>;
}

export const DEFAULT_SETTLE_MS = 5_000;

const isActive = (subscriber: Subscriber) => subscriber.active !== false;

/**
 * Hand-overs n8n has not finished yet, by de-duplication key (which names the workflow, so it outlives
 * a re-activation): a redelivery that arrives meanwhile waits for their outcome.
 */
const pendingHandOvers = new Map<string, Promise<boolean>>();

/** Subscribers without an id get one for their lifetime (tests, benchmarks). */
const anonymousIds = new WeakMap<Subscriber, string>();
let anonymousCount = 0;
function subscriberId(subscriber: Subscriber): string {
	if (subscriber.id) return subscriber.id;
	let id = anonymousIds.get(subscriber);
	if (!id) {
		id = `anonymous-${++anonymousCount}`;
		anonymousIds.set(subscriber, id);
	}
	return id;
}

/**
 * One long connection per app and secret inside the n8n process, shared by every trigger subscribed
 * to it. Feishu hands each event to only one of an app's connections, so separate connections per
 * workflow would steal each other's events; the hub fans each event out to all subscribers instead,
 * and acknowledges it only once every active workflow has taken it.
 *
 * The set of active workflows changes while n8n starts (one activation after another) and stops (one
 * removal after another). The hub therefore opens the connection only once the set has been stable for
 * `settleMs`, and when an active workflow leaves it drops the connection at once, acknowledging nothing
 * more, then reconnects for the remaining ones after `settleMs`. If n8n is stopping, the others leave
 * within moments and nothing reconnects; Feishu redelivers every unacknowledged event after the restart.
 * If one workflow was deactivated, the rest reconnect and get the redeliveries; those that took an
 * event already skip it (de-duplication by event id per workflow, plus n8n's deduplicationKey).
 */
class Hub {
	readonly subscribers = new Set<Subscriber>();
	/** The current connection; undefined while the set of workflows settles. */
	private client: LongConnectionClient | undefined;
	private openAt = 0;
	private opening = false;
	private dead = false;
	private earlierConnections = 0;
	/** Feishu accepted this secret once (the endpoint check or a connection). */
	verified = false;

	constructor(
		readonly key: string,
		private readonly appId: string,
		private readonly options: HubOptions,
	) {}

	get isOpen(): boolean {
		return this.client?.isOpen ?? false;
	}

	get connections(): number {
		return this.earlierConnections + (this.client?.connections ?? 0);
	}

	get config(): ClientConfig {
		return (
			this.client?.clientConfig ??
			clampClientConfig(DEFAULT_CLIENT_CONFIG, { ...DEFAULT_LIMITS, ...this.options.limits })
		);
	}

	join(subscriber: Subscriber, settleMs: number): void {
		this.subscribers.add(subscriber);
		// An open connection simply hands the newcomer every event from now on.
		if (this.client) return;
		if (isActive(subscriber)) this.openAt = Math.max(this.openAt, Date.now() + settleMs);
		// A test listener alone connects at once; beside active workflows it waits with them.
		else if (![...this.subscribers].some(isActive)) this.openAt = Date.now();
		void this.openWhenSettled();
	}

	async leave(subscriber: Subscriber, settleMs: number): Promise<void> {
		if (!this.subscribers.delete(subscriber)) return;
		if (this.subscribers.size === 0) {
			await this.dispose();
			return;
		}
		if (!isActive(subscriber)) return;
		// An active workflow left: n8n is stopping or one workflow was deactivated. Stop acknowledging
		// at once (Feishu will redeliver), and reconnect for the others once the set is stable again.
		const client = this.client;
		this.retire();
		this.openAt = Date.now() + settleMs;
		if (client) {
			this.log(
				'info',
				`A workflow stopped listening; reconnecting for the other ${this.subscribers.size} in ${Math.round(settleMs / 1000)} s (unacknowledged events will be redelivered)`,
			);
		}
		void this.openWhenSettled();
		await client?.close();
	}

	private retire(): void {
		if (!this.client) return;
		// Feishu's intervals outlive the connection: a re-activated trigger keeps reconnecting at its pace.
		if (this.client.connections > 0) learnedConfigs.set(this.key, this.client.clientConfig);
		this.earlierConnections += this.client.connections;
		this.client = undefined;
	}

	private async dispose(): Promise<void> {
		this.dead = true;
		if (hubs.get(this.key) === this) hubs.delete(this.key);
		const client = this.client;
		this.retire();
		await client?.close();
	}

	private async openWhenSettled(): Promise<void> {
		if (this.opening) return;
		this.opening = true;
		try {
			const settled = () => this.dead || this.client !== undefined;
			// openAt moves while waiting (later when a workflow joins, sooner when one leaves).
			const due = () => settled() || Date.now() >= this.openAt;
			while (!due()) await pause(this.openAt - Date.now(), due, this.options.stepMs);
			if (settled()) return;
			this.connect();
		} finally {
			this.opening = false;
		}
	}

	private connect(): void {
		const options = this.options;
		const client: LongConnectionClient = new LongConnectionClient({
			appId: this.appId,
			createSocket: options.createSocket,
			stepMs: options.stepMs,
			random: options.random,
			handshakeTimeoutMs: options.handshakeTimeoutMs,
			limits: options.limits,
			fragmentLimits: options.fragmentLimits,
			graceMs: reportDelay(this.key, options.graceMs ?? DEFAULT_GRACE_MS),
			initialConfig: learnedConfigs.get(this.key),
			connectInfo: () => this.connectInfo(),
			onEvent: (payload) => (this.client === client ? this.onEvent(payload) : false),
			onFatal: (message) => this.clientFailed(client, message),
			log: (level, message) => this.log(level, message),
		});
		this.client = client;
		client.start().then(
			() => {
				if (client.connections > 0) this.proved();
			},
			(error: Error) => this.clientFailed(client, error.message),
		);
	}

	/** Feishu accepted this connection: later activations need not ask again, and any outage is over. */
	proved(): void {
		this.verified = true;
		brokenConnections.delete(this.key);
	}

	/** Every subscriber shares the same base URL, App ID and secret (the key); any one can connect. */
	private connectInfo(): ConnectInfo {
		const newest = [...this.subscribers].pop();
		if (!newest) throw new Error('no subscriber');
		return newest.connectInfo();
	}

	/** One log line per event, through one subscriber (each would write the same line to n8n's log). */
	log(level: LogLevel, message: string): void {
		for (const subscriber of this.subscribers) {
			if (!subscriber.log) continue;
			subscriber.log(level, message);
			return;
		}
	}

	private async onEvent(payload: Uint8Array): Promise<boolean> {
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
		if (this.subscribers.size === 0) return false;
		const subscribers = [...this.subscribers];
		const outcomes = subscribers.map((subscriber) => this.handOver(subscriber, envelope, info));
		if (outcomes.every((outcome) => outcome === 'duplicate')) {
			this.log('debug', `Duplicate event ${info.eventId} ignored`);
		}
		const taken = await Promise.all(
			outcomes.map(async (outcome) => outcome === 'duplicate' || (await outcome)),
		);
		// Acknowledged only when every active workflow has it; otherwise Feishu redelivers.
		return subscribers.every((subscriber, i) => taken[i] || !isActive(subscriber));
	}

	/**
	 * One subscriber's part of an event: 'duplicate' when it already has it, else whether n8n took it.
	 * A redelivery that arrives while the first delivery is still with n8n shares its outcome.
	 */
	private handOver(
		subscriber: Subscriber,
		envelope: IDataObject,
		info: EnvelopeInfo,
	): 'duplicate' | Promise<boolean> {
		// Per workflow: after a partial failure the redelivery reaches only those that missed it.
		const key = info.eventId ? `lc|${subscriberId(subscriber)}|${info.eventId}` : undefined;
		const seen = sharedSeenEvents(this.appId);
		if (key && !seen.checkAndRecord(key, subscriber.windowMs)) {
			return pendingHandOvers.get(key) ?? 'duplicate';
		}
		const failed = (error: unknown) => {
			if (key) seen.forget(key);
			subscriber.log?.(
				'error',
				`Event ${info.eventId ?? ''} not handed over: ${(error as Error).message}`,
			);
			return false;
		};
		let outcome: Promise<boolean>;
		try {
			const delivered = subscriber.deliver(envelope, info);
			if (!delivered) return Promise.resolve(true);
			outcome = delivered.then(() => true, failed);
		} catch (error) {
			return Promise.resolve(failed(error));
		}
		if (key) {
			pendingHandOvers.set(key, outcome);
			void outcome.then(() => pendingHandOvers.delete(key));
		}
		return outcome;
	}

	private clientFailed(client: LongConnectionClient, message: string): void {
		if (client !== this.client || this.dead) return;
		this.dead = true;
		if (hubs.get(this.key) === this) hubs.delete(this.key);
		this.retire();
		void client.close();
		brokenConnections.set(this.key, (brokenConnections.get(this.key) ?? 0) + 1);
		const subscribers = [...this.subscribers];
		this.subscribers.clear();
		for (const subscriber of subscribers) subscriber.onFatal(message);
	}
}

const hubs = new Map<string, Hub>();

/**
 * How often each connection (by key) reported an outage through onFatal since it last worked. n8n
 * re-activates a trigger at once after it reported an error, and gives up on re-activations that
 * keep failing (n8n 2.x), so re-activation succeeds and the connection keeps trying; within one
 * outage each further report waits twice as long (2, 4, 8 … minutes, at most an hour), so the error
 * workflow is not run every two minutes.
 */
const brokenConnections = new Map<string, number>();

const LONGEST_REPORT_DELAY_MS = 60 * 60 * 1000;

/** The ClientConfig Feishu last sent each connection (by key); one small entry per credential. */
const learnedConfigs = new Map<string, ClientConfig>();

function reportDelay(key: string, graceMs: number): number {
	const reports = brokenConnections.get(key) ?? 0;
	return Math.min(graceMs * 2 ** reports, Math.max(graceMs, LONGEST_REPORT_DELAY_MS));
}

export type SubscribeResult =
	| { ok: true; unsubscribe: () => Promise<void> }
	| { ok: false; message: string };

/** Two credentials with one App ID and different secrets would split the app's events between them. */
function warnIfSplit(hub: Hub, subscriber: Subscriber): void {
	const app = appOfKey(hub.key);
	for (const other of hubs.values()) {
		if (other === hub || appOfKey(other.key) !== app) continue;
		const message =
			'Another credential with the same App ID but a different App Secret also holds a long connection; Feishu hands each event to only one connection, so each side misses some. Use one credential per app.';
		subscriber.log?.('warn', message);
		other.log('warn', message);
	}
}

/**
 * Subscribes to the connection of this app and secret. Feishu is asked once whether it accepts the
 * credential (unless this connection already proved it): a definite refusal fails the subscription
 * with a readable message; a transient one (busy, unreachable) does not, and the connection keeps
 * trying for its grace period before it reports failure through onFatal (later reports of the same
 * outage wait longer, see reportDelay). The connection opens once the set of workflows settled, and
 * closes when its last subscriber unsubscribes.
 */
export async function subscribe(
	baseUrl: string,
	appId: string,
	subscriber: Subscriber,
	options: HubOptions,
): Promise<SubscribeResult> {
	const info = subscriber.connectInfo();
	const key = connectionKey(baseUrl, appId, info.appSecret);
	const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
	let verified = hubs.get(key)?.verified ?? false;
	if (!verified) {
		const check = await fetchEndpoint(
			info.request,
			info.baseUrl,
			appId,
			info.appSecret,
			DEFAULT_CLIENT_CONFIG,
			{ ...DEFAULT_LIMITS, ...options.limits },
		);
		if (!check.ok && !check.retryable) return { ok: false, message: check.message };
		if (check.ok) verified = true;
		else subscriber.log?.('warn', `Not connected yet, retrying: ${check.message}`);
	}
	let hub = hubs.get(key);
	if (!hub) {
		hub = new Hub(key, appId, options);
		hubs.set(key, hub);
		warnIfSplit(hub, subscriber);
	}
	if (verified) hub.proved();
	hub.join(subscriber, settleMs);
	const joined = hub;
	// Reconnecting for the others after a removal needs only the ordinary delay, also for a workflow
	// that joined during n8n's start (when n8n stops, everyone leaves within that delay anyway).
	const leaveSettleMs = Math.min(settleMs, DEFAULT_SETTLE_MS);
	return { ok: true, unsubscribe: async () => await joined.leave(subscriber, leaveSettleMs) };
}

/** For tests and diagnostics: the shared connections (the key holds an HMAC, never the secret). */
export function activeHubs(): Array<{
	key: string;
	subscribers: number;
	open: boolean;
	connections: number;
	config: ClientConfig;
}> {
	return [...hubs.values()].map((hub) => ({
		key: hub.key,
		config: hub.config,
		subscribers: hub.subscribers.size,
		open: hub.isOpen,
		connections: hub.connections,
	}));
}
