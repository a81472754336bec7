/**
 * Reassembly of payloads the server splits into fragments (headers message_id / sum / seq, events.md §3.7),
 * with bounded memory: the fragment count, the bytes of one message and the bytes of all incomplete
 * messages are capped, and only fragments that arrived are stored (a header saying sum = 4294967295
 * costs nothing). Whatever breaks a bound is dropped with a reason; the connection carries on.
 */

export interface FragmentLimits {
	/** Most fragments one message may announce. */
	maxFragments: number;
	/** Most bytes one reassembled message may have. */
	maxMessageBytes: number;
	/** Most bytes held for all incomplete messages together. */
	maxPendingBytes: number;
	/** Most incomplete messages held at once. */
	maxPendingMessages: number;
	/** Longest message_id of a split message (it is held as a key; Feishu's are a few dozen chars). */
	maxMessageIdChars: number;
	/** How long fragments of an incomplete message are kept (the SDKs use 5-10 s). */
	ttlMs: number;
}

/** Feishu's event payloads are a few KB; these bounds are generous for them and small for n8n. */
export const DEFAULT_FRAGMENT_LIMITS: FragmentLimits = {
	maxFragments: 256,
	maxMessageBytes: 8 * 1024 * 1024,
	maxPendingBytes: 32 * 1024 * 1024,
	maxPendingMessages: 512,
	maxMessageIdChars: 256,
	ttlMs: 10_000,
};

export interface FragmentHeaders {
	messageId: string;
	/** Raw header values (decimal strings); undefined when absent. */
	sum: string | undefined;
	seq: string | undefined;
}

export type FragmentResult =
	| { status: 'complete'; payload: Uint8Array }
	| { status: 'incomplete' }
	| { status: 'dropped'; reason: string };

interface Pending {
	sum: number;
	parts: Map<number, Uint8Array>;
	bytes: number;
	createdAt: number;
}

/** Decimal string to a non-negative integer, or NaN (no exponent, sign or fraction accepted). */
function parseCount(value: string | undefined, fallback: number): number {
	if (value === undefined) return fallback;
	return /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
}

export class FragmentBuffer {
	private readonly pending = new Map<string, Pending>();
	private pendingBytes = 0;

	constructor(
		private readonly limits: FragmentLimits = DEFAULT_FRAGMENT_LIMITS,
		private readonly clock: () => number = Date.now,
		private readonly onEvicted: (messageId: string, why: string) => void = () => {},
	) {}

	/** Bytes held for incomplete messages (tests, diagnostics). */
	get heldBytes(): number {
		return this.pendingBytes;
	}

	get heldMessages(): number {
		return this.pending.size;
	}

	add(headers: FragmentHeaders, payload: Uint8Array): FragmentResult {
		const { messageId } = headers;
		const sum = parseCount(headers.sum, 1);
		const seq = parseCount(headers.seq, 0);
		if (!Number.isInteger(sum) || sum < 1 || !Number.isInteger(seq) || seq >= sum) {
			return {
				status: 'dropped',
				reason: `invalid sum/seq (${headers.sum ?? '-'}/${headers.seq ?? '-'})`,
			};
		}
		if (sum > this.limits.maxFragments) {
			this.discard(messageId);
			return {
				status: 'dropped',
				reason: `${sum} fragments announced, at most ${this.limits.maxFragments} accepted`,
			};
		}
		if (sum === 1) {
			if (payload.length > this.limits.maxMessageBytes) return this.tooLarge(payload.length);
			return { status: 'complete', payload };
		}
		if (messageId.length > this.limits.maxMessageIdChars) {
			return {
				status: 'dropped',
				reason: `message_id of ${messageId.length} characters, at most ${this.limits.maxMessageIdChars} accepted`,
			};
		}
		this.expire();
		let entry = this.pending.get(messageId);
		if (entry && entry.sum !== sum) {
			this.discard(messageId);
			return {
				status: 'dropped',
				reason: `fragments disagree about their count (${entry.sum} and ${sum})`,
			};
		}
		if (!entry) {
			entry = { sum, parts: new Map(), bytes: 0, createdAt: this.clock() };
			this.pending.set(messageId, entry);
		}
		const previous = entry.parts.get(seq)?.length ?? 0;
		const bytes = entry.bytes - previous + payload.length;
		if (bytes > this.limits.maxMessageBytes) {
			this.discard(messageId);
			return this.tooLarge(bytes);
		}
		entry.parts.set(seq, payload);
		entry.bytes = bytes;
		this.pendingBytes += payload.length - previous;
		this.makeRoom(messageId);
		if (!this.pending.has(messageId)) {
			return { status: 'dropped', reason: 'no room for incomplete messages' };
		}
		if (entry.parts.size < sum) return { status: 'incomplete' };
		this.discard(messageId);
		const merged = new Uint8Array(entry.bytes);
		let offset = 0;
		for (let i = 0; i < sum; i++) {
			const part = entry.parts.get(i) as Uint8Array;
			merged.set(part, offset);
			offset += part.length;
		}
		return { status: 'complete', payload: merged };
	}

	clear(): void {
		this.pending.clear();
		this.pendingBytes = 0;
	}

	private tooLarge(bytes: number): FragmentResult {
		return {
			status: 'dropped',
			reason: `message of ${bytes} bytes, at most ${this.limits.maxMessageBytes} accepted`,
		};
	}

	private discard(messageId: string): void {
		const entry = this.pending.get(messageId);
		if (!entry) return;
		this.pending.delete(messageId);
		this.pendingBytes -= entry.bytes;
	}

	private expire(): void {
		const now = this.clock();
		for (const [id, entry] of this.pending) {
			if (now - entry.createdAt <= this.limits.ttlMs) continue;
			this.discard(id);
			this.onEvicted(id, 'expired before all its fragments arrived');
		}
	}

	/** Evicts the oldest incomplete messages (possibly `current` itself) until the bounds hold. */
	private makeRoom(current: string): void {
		while (
			this.pending.size > this.limits.maxPendingMessages ||
			this.pendingBytes > this.limits.maxPendingBytes
		) {
			const oldest = this.pending.keys().next().value;
			if (oldest === undefined) return;
			this.discard(oldest);
			if (oldest !== current) this.onEvicted(oldest, 'evicted: too many incomplete messages');
		}
	}
}
