/** Records every event and hands it to the configured transport, with Feishu's redelivery schedule. */
import type { AppConfig } from '../config';
import { eventIdOf, eventTypeOf } from './envelopes';

export interface Attempt {
	at: number;
	status: number | string;
	ok: boolean;
	error?: string;
	/** The start of what the receiver answered (n8n's reason for a refusal). */
	answer?: string;
}

export interface Delivery {
	event_id: string;
	event_type: string;
	mode: string;
	attempts: number;
	last_status: number | string | null;
	acked: boolean;
	/** No more attempts will be made (acked, retries exhausted, or not delivered). */
	done: boolean;
	history: Attempt[];
	/** Long connection: number of frames the last attempt was split into. */
	fragments?: number;
	envelope: Record<string, unknown>;
}

/** One transport attempt: resolves with the outcome (never rejects). */
export type Transport = (
	envelope: Record<string, unknown>,
	d: Delivery,
) => Promise<{ ok: boolean; status: number | string; error?: string; body?: string }>;

/** How much of a receiver's answer a delivery keeps (enough for n8n's error message). */
const ANSWER_EXCERPT = 300;

export class EventBus {
	readonly deliveries: Delivery[] = [];
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly cap = 20_000;
	transports: Partial<Record<'callback' | 'long_connection', Transport>> = {};
	/** Resolvers waiting for a delivery to finish (tests: waitForDelivery). */
	private readonly waiters: Array<() => void> = [];
	/** The first attempt of each delivery, so POST /__emulator/events can tell its caller how it went. */
	private readonly firstAttempts = new WeakMap<Delivery, Promise<void>>();

	constructor(private readonly config: () => AppConfig) {}

	publish(envelope: Record<string, unknown>): Delivery {
		const cfg = this.config();
		const type = eventTypeOf(envelope);
		const subscribed = !cfg.subscribedEvents || cfg.subscribedEvents.includes(type);
		const mode = subscribed ? cfg.eventMode : 'none';
		const d: Delivery = {
			event_id: eventIdOf(envelope),
			event_type: type,
			mode: subscribed ? mode : 'unsubscribed',
			attempts: 0,
			last_status: null,
			acked: false,
			done: mode === 'none',
			history: [],
			envelope,
		};
		this.deliveries.push(d);
		if (this.deliveries.length > this.cap)
			this.deliveries.splice(0, this.deliveries.length - this.cap);
		if (mode !== 'none') this.firstAttempts.set(d, this.attempt(d, mode));
		return d;
	}

	/** Resolves when the delivery's first attempt has an outcome (at once when nothing is sent). */
	async firstAttempt(d: Delivery): Promise<Attempt | undefined> {
		await this.firstAttempts.get(d);
		return d.history[0];
	}

	private async attempt(d: Delivery, mode: 'callback' | 'long_connection'): Promise<void> {
		const transport = this.transports[mode];
		if (!transport) return;
		d.attempts++;
		const r = await transport(d.envelope, d);
		const answer = r.body ? r.body.slice(0, ANSWER_EXCERPT) : undefined;
		d.history.push({ at: Date.now(), status: r.status, ok: r.ok, error: r.error, answer });
		d.last_status = r.status;
		if (r.ok) {
			d.acked = true;
			d.done = true;
			this.notify();
			return;
		}
		const cfg = this.config();
		const retry = d.attempts - 1; // attempts so far minus the first one
		if (retry >= cfg.redeliveryDelays.length) {
			d.done = true;
			this.notify();
			return;
		}
		const delay = Math.max(0, cfg.redeliveryDelays[retry] * cfg.redeliveryScale * 1000);
		const t = setTimeout(() => {
			this.timers.delete(t);
			void this.attempt(d, mode);
		}, delay);
		this.timers.add(t);
		this.notify();
	}

	private notify(): void {
		for (const w of this.waiters.splice(0)) w();
	}

	/** Resolves on the next delivery state change (used by control long-poll helpers). */
	changed(timeoutMs: number): Promise<void> {
		return new Promise((resolve) => {
			const t = setTimeout(resolve, timeoutMs);
			this.waiters.push(() => {
				clearTimeout(t);
				resolve();
			});
		});
	}

	summary(): Array<Omit<Delivery, 'envelope' | 'history'> & { history: Attempt[] }> {
		return this.deliveries.map(({ envelope: _e, ...rest }) => rest);
	}

	clear(): void {
		this.stop();
		this.deliveries.length = 0;
	}

	stop(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
	}
}
