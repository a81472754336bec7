/** Small statistics helpers for latency samples and timings. */

export function percentile(samples: number[], p: number): number {
	if (samples.length === 0) return NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function median(samples: number[]): number {
	return percentile(samples, 50);
}

/** Milliseconds since t0 (from process.hrtime.bigint()). */
export function msSince(t0: bigint): number {
	return Number(process.hrtime.bigint() - t0) / 1e6;
}

export const round = (n: number, digits = 2): number => {
	const f = 10 ** digits;
	return Math.round(n * f) / f;
};
