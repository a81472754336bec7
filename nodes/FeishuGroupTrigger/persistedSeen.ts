import type { IDataObject } from 'n8n-workflow';

import { boundedId } from './boundedId';

/**
 * Event ids kept in the workflow's static data, so that a redelivery arriving after an n8n restart is
 * still recognised. n8n saves node static data on every trigger emit (long connection) and after a
 * production webhook call, but not for manual runs. (n8n 2.41 saves a webhook call that starts an
 * execution only while the workflow's static data was empty: establishContextForPersistence builds a
 * Workflow on the same static data and clears its "changed" mark before the save.) Keeps at least the
 * PERSISTED_CAPACITY newest ids within the window and at most PERSISTED_CAPACITY + TRIM_SLACK.
 *
 * Stored as one string, "feishu-seen-v2 <writer>:<seq>" followed by "\n<seconds> <id>" per id, oldest
 * first. n8n reloads static data from the database for every webhook request, so whatever is stored
 * must be cheap to take back: the header says which process state wrote it and when, and when it is
 * this state's own copy (current or older) the process's parsed state is used as is, O(1) per event.
 * Only a copy written elsewhere (another process, before a restart, or the v1 object format) is parsed
 * and merged. Concurrent requests each load an older copy; writing the process's full state every time
 * keeps the last save complete.
 */
export const PERSISTED_CAPACITY = 1000;
/** Overflow is cut in batches: cutting the stored string copies it, so not on every event. */
const TRIM_SLACK = 128;
/**
 * Each save makes n8n write the whole set (~45 kB) to its database, on top of the execution's own
 * writes. So the ids are written at most once per SAVE_EVERY_MS; ids that came between two writes are
 * written by the next event. (They matter only if n8n restarts before that and Feishu then redelivers
 * one of them, which it does only when its answer was lost too; the in-memory store covers the rest.)
 */
export const SAVE_EVERY_MS = 1000;
export const PERSISTED_KEY = 'feishuSeenEvents';
const FORMAT = 'feishu-seen-v2 ';

interface Entry {
	id: string;
	at: number;
	length: number;
}

/** One consumer's (workflow node's) ids as this process knows them, oldest first. */
class PersistedIds {
	private readonly ids = new Map<string, number>();
	private queue: Entry[] = [];
	private head = 0;
	private body = '';
	/** Names this state in what it writes; a new state (e.g. after a restart) is a new writer. */
	readonly writer = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
	seq = 0;
	/** The value last written, so the common case (n8n hands it back unchanged) is one comparison. */
	lastWritten?: string;
	/** When lastWritten was handed to n8n (ms). */
	savedAt = -Infinity;
	/** Names of foreign copies already merged (copyName), a few at most. */
	readonly mergedCopies = new Set<string>();

	rememberMerged(name: string): void {
		if (this.mergedCopies.size >= 16) this.mergedCopies.clear();
		this.mergedCopies.add(name);
	}

	has(id: string, windowMs: number, now: number): boolean {
		const at = this.ids.get(id);
		return at !== undefined && now - at * 1000 < windowMs;
	}

	add(id: string, at: number): void {
		if (this.ids.has(id)) {
			// An expired id seen again: rare, so rebuild rather than keep holes in the queue.
			this.merge([[id, at]], true);
			return;
		}
		const line = `\n${at} ${id}`;
		this.ids.set(id, at);
		this.queue.push({ id, at, length: line.length });
		this.body += line;
	}

	/**
	 * Once the ids outgrow the capacity by TRIM_SLACK, or the oldest has left the window: drops the oldest
	 * ids beyond the capacity and those older than the window.
	 */
	trim(windowMs: number, now: number): void {
		const oldest = this.queue[this.head];
		const count = this.queue.length - this.head;
		if (count <= PERSISTED_CAPACITY + TRIM_SLACK && now - oldest.at * 1000 < windowMs) return;
		let cut = 0;
		while (this.head < this.queue.length) {
			const entry = this.queue[this.head];
			const full = this.queue.length - this.head > PERSISTED_CAPACITY;
			if (!full && now - entry.at * 1000 < windowMs) break;
			this.ids.delete(entry.id);
			cut += entry.length;
			this.head++;
		}
		if (cut > 0) this.body = this.body.slice(cut);
		if (this.head > 256 && this.head * 2 > this.queue.length) {
			this.queue = this.queue.slice(this.head);
			this.head = 0;
		}
	}

	/** Takes in ids from elsewhere (newest time wins) and rebuilds the order. */
	merge(pairs: Iterable<[string, number]>, replace = false): void {
		for (const [id, at] of pairs) {
			const known = this.ids.get(id);
			if (known === undefined || replace || at > known) this.ids.set(id, at);
		}
		const sorted = [...this.ids].sort((a, b) => a[1] - b[1]);
		this.ids.clear();
		this.queue = [];
		this.head = 0;
		this.body = '';
		for (const [id, at] of sorted) this.add(id, at);
	}

	/** Forgets an id (its delivery failed), rebuilding the order: rare. */
	remove(id: string): void {
		if (this.ids.delete(id)) this.merge([]);
	}

	serialise(): string {
		this.lastWritten = `${FORMAT}${this.writer}:${this.seq}${this.body}`;
		return this.lastWritten;
	}
}

const states = new Map<string, PersistedIds>();

/** For tests: forget what this process knows (as after a restart). */
export function resetPersistedIds(): void {
	states.clear();
}

/** The (id, seconds) pairs of a stored value in either format; [] for anything else. */
export function storedIds(value: unknown): Array<[string, number]> {
	const pairs: Array<[string, number]> = [];
	if (typeof value === 'string' && value.startsWith(FORMAT)) {
		const lines = value.split('\n');
		for (let i = 1; i < lines.length; i++) {
			const space = lines[i].indexOf(' ');
			const at = Number(lines[i].slice(0, space));
			if (space > 0 && Number.isFinite(at)) pairs.push([lines[i].slice(space + 1), at]);
		}
	} else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		// v1: { [id]: seconds }
		for (const [id, at] of Object.entries(value as IDataObject)) {
			if (typeof at === 'number') pairs.push([id, at]);
		}
	}
	return pairs;
}

/** Names a stored copy: "<writer>:<seq>" for v2 (which fixes its content), "v1" for the old object format. */
function copyName(value: unknown): string | undefined {
	if (typeof value === 'string' && value.startsWith(FORMAT)) {
		const end = value.indexOf('\n');
		return value.slice(FORMAT.length, end < 0 ? undefined : end);
	}
	return typeof value === 'object' && value !== null ? 'v1' : undefined;
}

/** True when the stored value is this state's own copy, written at or before its latest save. */
function isOwnCopy(value: unknown, name: string | undefined, state: PersistedIds): boolean {
	if (value === state.lastWritten) return true;
	if (name === undefined) return false;
	const colon = name.lastIndexOf(':');
	return name.slice(0, colon) === state.writer && Number(name.slice(colon + 1)) <= state.seq;
}

/**
 * Checks an event id against the workflow's static data and records it there. Returns false for an id
 * already recorded within windowMs (a duplicate: do not start the workflow), true for a new one.
 */
export function checkAndPersist(
	staticData: IDataObject,
	consumer: string,
	rawEventId: string,
	windowMs: number,
	now: number,
): boolean {
	// Long ids (and ids with a line break, which this format cannot hold) are stored as digests.
	const eventId = boundedId(rawEventId);
	let state = states.get(consumer);
	if (!state) {
		state = new PersistedIds();
		states.set(consumer, state);
	}
	const stored = staticData[PERSISTED_KEY];
	if (stored !== undefined && stored !== state.lastWritten) {
		const name = copyName(stored);
		// A foreign copy is merged once: n8n may hand the same one back on every call (see above).
		if (!isOwnCopy(stored, name, state) && !(name && state.mergedCopies.has(name))) {
			state.merge(storedIds(stored));
			if (name) state.rememberMerged(name);
		}
	}
	if (state.has(eventId, windowMs, now)) return false;
	state.add(eventId, Math.floor(now / 1000));
	state.trim(windowMs, now);
	if (now - state.savedAt >= SAVE_EVERY_MS) {
		state.seq++;
		state.savedAt = now;
		// A top-level assignment, so n8n's observable static data is marked as changed and saved.
		staticData[PERSISTED_KEY] = state.serialise();
	}
	return true;
}

/**
 * Forgets an id recorded by checkAndPersist whose execution n8n then failed to start, so that Feishu's
 * redelivery runs. The next save writes the set without it.
 */
export function forgetPersisted(consumer: string, eventId: string): void {
	states.get(consumer)?.remove(boundedId(eventId));
}
