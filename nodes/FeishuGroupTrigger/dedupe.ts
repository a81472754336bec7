import type { IDataObject } from 'n8n-workflow';

/** Feishu retries at +15 s, +5 min, +1 h, +6 h: ids must be remembered for at least ~7.2 h. */
export const MIN_WINDOW_HOURS = 8;
export const DEFAULT_WINDOW_HOURS = 24;
export const MAX_WINDOW_HOURS = 72;
const HOUR = 3600_000;

interface Entry {
	key: string;
	at: number;
	seq: number;
}

/**
 * Event ids seen recently, with bounded memory and O(1) amortised operations: a Map for lookups plus
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
		const entry = this.seen.get(key);
		return entry !== undefined && this.clock() - entry.at < windowMs;
	}

	/**
	 * Records the key unless it was seen within windowMs; returns true for a new key (process it) and
	 * false for a duplicate. Synchronous, so two concurrent deliveries cannot both pass.
	 */
	checkAndRecord(key: string, windowMs = this.retentionMs): boolean {
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
		this.seen.delete(key);
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

/** For tests: drop every shared store (as after a restart). */
export function resetSharedSeenEvents(): void {
	stores.clear();
	recentlyPersisted.clear();
}

/** How many ids a workflow keeps in its static data (saved to the database by n8n). */
export const PERSISTED_CAPACITY = 1000;
const PERSISTED_KEY = 'feishuSeenEvents';

/**
 * Recently persisted ids per consumer (workflow node) in this process. n8n loads static data afresh for
 * every webhook request and saves it afterwards, so concurrent requests overwrite each other's ids;
 * writing what this process knows as well keeps the saved set complete.
 */
const recentlyPersisted = new Map<string, Map<string, number>>();

/**
 * Event ids kept in the workflow's static data, so that a redelivery arriving after an n8n restart is
 * still recognised. n8n saves node static data after a production webhook call and on every trigger
 * emit (n8n 1.x and 2.x), but not for manual runs. Bounded to PERSISTED_CAPACITY newest ids.
 */
export function persistedSeen(
	staticData: IDataObject,
	eventId: string,
	windowMs: number,
	now: number,
): boolean {
	const ids = staticData[PERSISTED_KEY];
	if (typeof ids !== 'object' || ids === null) return false;
	const at = (ids as IDataObject)[eventId];
	return typeof at === 'number' && now - at * 1000 < windowMs;
}

/**
 * The object this process last wrote per static-data owner, with its ids oldest first. When n8n hands
 * the same object back (a trigger's static data lives in memory between emits), the next id is added
 * in place in O(1) instead of rebuilding ~1000 keys, which costs about a millisecond per event.
 */
const lastWritten = new WeakMap<object, { ids: string[] }>();

export function persistSeen(
	staticData: IDataObject,
	eventId: string,
	windowMs: number,
	now: number,
	consumer?: string,
): void {
	const seconds = Math.floor(now / 1000);
	const current = staticData[PERSISTED_KEY];
	const known =
		typeof current === 'object' && current !== null ? lastWritten.get(current) : undefined;
	if (known && consumer === undefined) {
		const ids = current as IDataObject;
		if (ids[eventId] !== undefined) {
			delete ids[eventId];
			known.ids.splice(known.ids.indexOf(eventId), 1);
		}
		ids[eventId] = seconds;
		known.ids.push(eventId);
		let drop = 0;
		while (
			drop < known.ids.length - 1 &&
			(known.ids.length - drop > PERSISTED_CAPACITY ||
				now - Number(ids[known.ids[drop]]) * 1000 >= windowMs)
		) {
			delete ids[known.ids[drop++]];
		}
		if (drop > 0) known.ids.splice(0, drop);
		// Re-assigning marks the static data as changed (n8n's observable object sees top-level sets).
		staticData[PERSISTED_KEY] = ids;
		return;
	}
	persistSeenRebuild(staticData, eventId, windowMs, now, seconds, consumer);
}

/** Full rebuild: merges what the loaded copy and this process know (concurrent webhook calls). */
function persistSeenRebuild(
	staticData: IDataObject,
	eventId: string,
	windowMs: number,
	now: number,
	seconds: number,
	consumer?: string,
): void {
	const previous = staticData[PERSISTED_KEY];
	const entries = new Map<string, number>();
	if (typeof previous === 'object' && previous !== null) {
		for (const [id, at] of Object.entries(previous as IDataObject)) {
			if (typeof at === 'number') entries.set(id, at);
		}
	}
	if (consumer !== undefined) {
		let recent = recentlyPersisted.get(consumer);
		if (!recent) {
			recent = new Map();
			recentlyPersisted.set(consumer, recent);
		}
		recent.delete(eventId);
		recent.set(eventId, seconds);
		while (recent.size > PERSISTED_CAPACITY) {
			const oldest = recent.keys().next().value;
			if (oldest === undefined) break;
			recent.delete(oldest);
		}
		for (const [id, at] of recent) entries.set(id, Math.max(at, entries.get(id) ?? 0));
	}
	entries.delete(eventId);
	entries.set(eventId, seconds);
	const kept = [...entries].filter(([, at]) => now - at * 1000 < windowMs);
	kept.sort((a, b) => a[1] - b[1]);
	const next: IDataObject = {};
	const ids: string[] = [];
	for (const [id, at] of kept.slice(-PERSISTED_CAPACITY)) {
		next[id] = at;
		ids.push(id);
	}
	lastWritten.set(next, { ids });
	// A fresh object, so a copy loaded by a concurrent request is never written through.
	staticData[PERSISTED_KEY] = next;
}
