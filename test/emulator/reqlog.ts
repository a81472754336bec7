/** In-memory request log (capped ring of the newest entries) for GET /__emulator/requests. */

export interface LogEntry {
	seq: number;
	time: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	token: { kind: string; value: string } | null;
	code: number | null;
	status: number;
	logId: string;
}

export class RequestLog {
	private entries: LogEntry[] = [];
	private seq = 0;
	constructor(private readonly cap = 100_000) {}

	add(e: Omit<LogEntry, 'seq'>): void {
		const entry = e as LogEntry;
		entry.seq = ++this.seq;
		this.entries.push(entry);
		// Trim in chunks so the per-request cost stays O(1) amortised.
		if (this.entries.length > this.cap + 1000) this.entries = this.entries.slice(-this.cap);
	}

	list(since = 0, filter?: { path?: string; method?: string; limit?: number }): LogEntry[] {
		let out = since > 0 ? this.entries.filter((e) => e.seq > since) : this.entries.slice();
		if (filter?.path) out = out.filter((e) => e.path.includes(filter.path as string));
		if (filter?.method) out = out.filter((e) => e.method === filter.method!.toUpperCase());
		if (filter?.limit && out.length > filter.limit) out = out.slice(-filter.limit);
		return out;
	}

	get lastSeq(): number {
		return this.seq;
	}

	clear(): void {
		this.entries = [];
	}
}
