import { boundedId } from './boundedId';
import { resetPersistedIds } from './persistedSeen';

/** Feishu retries at +15 s, +5 min, +1 h, +6 h: ids must be remembered for at least ~7.2 h. */
export const MIN_WINDOW_HOURS = 8;
export const DEFAULT_WINDOW_HOURS = 24;
export const MAX_WINDOW_HOURS = 72;
const HOUR = 3600_000;
/** Keys are "<source>|<workflow>|<node>|<mode>|<event id>": room for the prefix plus a full-size id. */
export const MAX_KEY_CHARS = 256;

interface Entry {
	key: string;
	at: number;
	seq: number;
}

/**
 * Event ids seen recently, with bounded memory (count capped; long keys stored as digests) and O(1) amortised operations: a Map for lookups plus
 * a queue in first-seen order, so expiry and capacity overflow both evict from the queue head. (Walking
 * a Map from its start is not O(1) in V8 after many deletions, hence the separate queue.)
 */
export class SeenEvents {
	private readonly seen = new Map<string, { at: number; seq: number }>();
	private queue: Entry[] = [];
	private head = 0;
	private seq = 0;

	constructor(
		readonly capacity = 100_000,
		readonly retentionMs = MAX_WINDOW_HOURS * HOUR,
		private readonly clock: () => number = Date.now,
	) {}

	get size(): number {
		return this.seen.size;
	}

	/** True when the key was recorded less than windowMs ago. */
	has(key: string, windowMs = this.retentionMs): boolean {
		const entry = this.seen.get(boundedId(key, MAX_KEY_CHARS));
		return entry !== undefined && this.clock() - entry.at < windowMs;
	}

	/**
	 * Records the key unless it was seen within windowMs; returns true for a new key (process it) and
	 * false for a duplicate. Synchronous, so two concurrent deliveries cannot both pass.
	 */
	checkAndRecord(rawKey: string, windowMs = this.retentionMs): boolean {
		const key = boundedId(rawKey, MAX_KEY_CHARS);
		const now = this.clock();
		this.expire(now);
		const entry = this.seen.get(key);
		if (entry !== undefined && now - entry.at < windowMs) return false;
		const seq = ++this.seq;
		this.seen.set(key, { at: now, seq });
		this.queue.push({ key, at: now, seq });
		while (this.seen.size > this.capacity) this.dropHead();
		this.compact();
		return true;
	}

	/** Forgets a key, e.g. when the event could not be handed over and Feishu should redeliver it. */
	forget(key: string): void {
		this.seen.delete(boundedId(key, MAX_KEY_CHARS));
	}

	/** Removes the queue head; its key too, unless the key was recorded again later. */
	private dropHead(): void {
		const entry = this.queue[this.head++];
		if (entry && this.seen.get(entry.key)?.seq === entry.seq) this.seen.delete(entry.key);
	}

	private expire(now: number): void {
		while (this.head < this.queue.length && now - this.queue[this.head].at >= this.retentionMs) {
			this.dropHead();
		}
	}

	private compact(): void {
		if (this.head > 1024 && this.head * 2 > this.queue.length) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
		// Stale entries (keys forgotten or recorded again) are dropped when the queue outgrows the map.
		if (this.queue.length - this.head > 2 * this.capacity + 1024) {
			this.queue = this.queue
				.slice(this.head)
				.filter((entry) => this.seen.get(entry.key)?.seq === entry.seq);
			this.head = 0;
		}
	}
}

/** One store per app id for the whole n8n process, so ids survive re-activation of a workflow. */
const stores = new Map<string, SeenEvents>();

export function sharedSeenEvents(appId: string): SeenEvents {
	let store = stores.get(appId);
	if (!store) {
		store = new SeenEvents();
		stores.set(appId, store);
	}
	return store;
}

/** For tests: drop everything this process remembers, as after a restart (static data stays). */
export function resetSharedSeenEvents(): void {
	stores.clear();
	resetPersistedIds();
}
