/** Id generators: deterministic (hash of a seed string) for seed data, counters/random for runtime objects. */
import { createHash, randomBytes } from 'node:crypto';

export const hex = (seed: string, len = 32): string =>
	createHash('sha256').update(seed).digest('hex').slice(0, len);

export const randomHex = (len = 32): string =>
	randomBytes(Math.ceil(len / 2))
		.toString('hex')
		.slice(0, len);

/** Lower-case alphanumeric short id (Feishu user_id style, e.g. "e33ggbyz"). */
export function shortId(seed: string, len = 8): string {
	const h = createHash('sha256').update(seed).digest();
	const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < len; i++) s += alphabet[h[i] % alphabet.length];
	return s;
}

/** 19-digit numeric ids (tab ids, menu ids) from a monotonic counter, so runs are reproducible after reset. */
export class NumericIds {
	private n = 0n;
	constructor(private readonly base = 7300000000000000000n) {}
	next(): string {
		this.n += 1n;
		return (this.base + this.n * 7919n).toString();
	}
	reset(): void {
		this.n = 0n;
	}
	/** How many ids were issued (saved with the emulator's state, so ids stay unique after a restart). */
	get issued(): string {
		return this.n.toString();
	}
	set issued(n: string) {
		this.n = BigInt(n);
	}
}

let logSeq = 0;
const logSalt = randomHex(8).toUpperCase();
/** Log id like Feishu's: yyyyMMddHHmmss + 20 upper-case hex chars. Cheap: one counter per request. */
export function newLogId(nowMs: number): string {
	const d = new Date(nowMs);
	const p = (n: number, w = 2) => String(n).padStart(w, '0');
	const ts = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
	logSeq = (logSeq + 1) % 0xfffffffff;
	return ts + logSalt + logSeq.toString(16).toUpperCase().padStart(12, '0');
}
