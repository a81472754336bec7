/** Injected faults (POST /__emulator/faults) and the optional real per-endpoint rate limiter. */

export type FaultKind = 'rate_limit' | 'server_error' | 'token_invalid' | 'api_error';

export interface FaultSpec {
	path?: string;
	endpoint?: string;
	method?: string;
	count?: number;
	kind: FaultKind;
	status?: number;
	/** rate_limit: value of x-ogw-ratelimit-reset (seconds). Default 1. */
	resetSeconds?: number;
	/** server_error: business code in the body (default 99991500, emulator choice); api_error: the code to answer (e.g. 232019). */
	code?: number;
	/** api_error: msg override. */
	msg?: string;
}

export interface Fault extends FaultSpec {
	id: number;
	remaining: number;
	regex: RegExp;
}

/** "/open-apis/im/v1/chats/:chat_id" or globs with "*" -> regex over the concrete request path. */
export function compilePattern(p: string): RegExp {
	const src = p
		.split('*')
		.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]+/g, '[^/]+'))
		.join('.*');
	return new RegExp('^' + src + '$');
}

export class Faults {
	private faults: Fault[] = [];
	private nextId = 1;

	add(spec: FaultSpec): Fault {
		const pattern = spec.path ?? spec.endpoint ?? '/open-apis/*';
		const f: Fault = {
			...spec,
			id: this.nextId++,
			remaining: spec.count ?? 1,
			regex: compilePattern(pattern),
			path: pattern,
		};
		this.faults.push(f);
		return f;
	}

	/** Consumes one matching fault, if any. */
	take(method: string, path: string): Fault | undefined {
		if (this.faults.length === 0) return undefined;
		for (const f of this.faults) {
			if (f.remaining <= 0) continue;
			if (f.method && f.method.toUpperCase() !== method) continue;
			if (!f.regex.test(path)) continue;
			f.remaining--;
			if (f.remaining <= 0) this.faults = this.faults.filter((x) => x.remaining > 0);
			return f;
		}
		return undefined;
	}

	list(): Array<Omit<Fault, 'regex'>> {
		return this.faults.map(({ regex: _r, ...rest }) => rest);
	}

	clear(): void {
		this.faults = [];
	}
}

/** Fixed-window counters per endpoint key (method + route pattern), per second and per minute. */
export class RateLimiter {
	private readonly sec = new Map<string, { window: number; n: number }>();
	private readonly min = new Map<string, { window: number; n: number }>();

	check(
		key: string,
		perSecond: number,
		perMinute: number,
		nowMs: number,
	): { limit: number; reset: number } | undefined {
		if (perSecond > 0) {
			const w = Math.floor(nowMs / 1000);
			const c = bump(this.sec, key, w);
			if (c > perSecond) return { limit: perSecond, reset: 1 };
		}
		if (perMinute > 0) {
			const w = Math.floor(nowMs / 60000);
			const c = bump(this.min, key, w);
			if (c > perMinute)
				return {
					limit: perMinute,
					reset: Math.max(1, Math.ceil((60000 - (nowMs % 60000)) / 1000)),
				};
		}
		return undefined;
	}

	clear(): void {
		this.sec.clear();
		this.min.clear();
	}
}

function bump(m: Map<string, { window: number; n: number }>, key: string, window: number): number {
	const e = m.get(key);
	if (!e || e.window !== window) {
		m.set(key, { window, n: 1 });
		return 1;
	}
	return ++e.n;
}
