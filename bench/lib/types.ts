/** The shapes every measure shares: one table row per figure, one result per measure. */

/** One figure of the table: a raw value, the baseline it is compared with (same run), and their ratio. */
export interface Row {
	figure: string;
	value: number;
	unit: string;
	/** What the ratio is taken against (an ideal count, the SDK, the emulator's ceiling…), measured or computed in this run. */
	baseline: number;
	baselineLabel: string;
	/** value / baseline, or baseline / value for lower-is-better figures (so > 1 always reads "better than baseline"). */
	ratio: number;
	goal?: string;
	/** undefined when the figure has no goal. */
	met?: boolean;
}

export interface MeasureResult {
	name: string;
	title: string;
	/** 'ok' ran; 'skipped' a prerequisite is missing (reason in notes); 'failed' threw. */
	status: 'ok' | 'skipped' | 'failed';
	rows: Row[];
	notes: string[];
	durationMs: number;
	date: string;
}

export interface MeasureContext {
	/** Progress lines go to stderr so stdout stays the table. */
	log(message: string): void;
	/** Milliseconds left of the whole run's budget (10 minutes), for measures that can shorten themselves. */
	remainingMs(): number;
	/** Shared resources a measure may lazily start (one real n8n for all n8n measures, etc.), stopped at the end. */
	shared: SharedResources;
}

export interface SharedResources {
	get<T>(key: string, start: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T>;
}

export interface Measure {
	name: string;
	title: string;
	/** Extra words that select this measure on the command line (e.g. "economy", "trigger", "n8n"). */
	tags: string[];
	/** Rough duration, shown by --list and used to keep the whole run under budget. */
	estimateSeconds: number;
	run(ctx: MeasureContext): Promise<Omit<MeasureResult, 'name' | 'title' | 'durationMs' | 'date'>>;
}

/** Thrown by a measure when something it needs does not exist yet (e.g. the e2e harness). */
export class Skip extends Error {}

/** A row for a lower-is-better figure (counts, latencies): ratio = baseline / value. */
export function lowerIsBetter(r: Omit<Row, 'ratio'>): Row {
	return { ...r, ratio: r.value === 0 ? (r.baseline === 0 ? 1 : Infinity) : r.baseline / r.value };
}

/** A row for a higher-is-better figure (rates): ratio = value / baseline. */
export function higherIsBetter(r: Omit<Row, 'ratio'>): Row {
	return { ...r, ratio: r.baseline === 0 ? Infinity : r.value / r.baseline };
}
