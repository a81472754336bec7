/** Pipeline for the 30 group endpoints: faults -> rate limit -> token -> bot ability -> scopes -> handler -> envelope. */
import type { TokenInfo } from './auth';
import type { Emulator } from './emulator';
import { ApiError, MESSAGES, scopeError } from './errors';
import type { Answer, Req } from './http';
import type { Principal } from './state';

export interface Call {
	emu: Emulator;
	req: Req;
	/** The acting identity: our bot (tenant token) or a user (user token). */
	caller: Principal;
	token: TokenInfo;
	/** The JSON body as an object ({} when absent). */
	body: Record<string, any>;
}

export interface ApiSpec {
	method: string;
	path: string;
	/** 'T' = tenant token only; 'TU' = tenant or user. */
	tokens: 'T' | 'TU';
	/** Any one of these scopes is enough. */
	scopes: string[];
	/** Success msg (Feishu uses "ok" on a few endpoints). */
	msg?: string;
	/** Code when the bot ability is off (232025 for the im endpoints, 1772025 for the docx announcement ones). */
	botOffCode?: number;
	/** HTTP status of the app-level rate limit (429 by default; the docx announcement pages say 400). */
	rateLimitStatus?: number;
	handler: (c: Call) => unknown;
}

export interface TokenRef {
	kind: string;
	value: string;
}

/** Reads "Authorization: Bearer <token>"; returns undefined when missing/malformed. */
export function bearer(req: Req): string | undefined {
	const h = req.headers.authorization;
	if (!h) return undefined;
	const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
	return m ? m[1] : undefined;
}

function tokenError(emu: Emulator, code: number, msg?: string): ApiError {
	return new ApiError(code, msg ?? MESSAGES[code], emu.config.tokenErrorStatus);
}

/** Runs one API call; returns the answer plus what the request log needs. */
export function runApi(
	emu: Emulator,
	spec: ApiSpec,
	req: Req,
): { answer: Answer; token: TokenRef | null } {
	const raw = bearer(req);
	let tokenRef: TokenRef | null = raw ? { kind: guessKind(emu, raw), value: raw } : null;
	const fault = emu.faults.take(req.method, req.path);
	if (fault) {
		if (fault.kind === 'rate_limit')
			return {
				answer: rateLimited(fault.status ?? 429, 1000, fault.resetSeconds ?? 1),
				token: tokenRef,
			};
		if (fault.kind === 'server_error') {
			throw new ApiError(fault.code ?? 99991500, undefined, fault.status ?? 500);
		}
		if (fault.kind === 'api_error')
			throw new ApiError(fault.code ?? 232019, fault.msg, fault.status ?? 400);
		const kind = tokenRef?.kind === 'user' ? 99991668 : 99991663;
		throw Object.assign(tokenError(emu, kind), { tokenRef });
	}
	const cfg = emu.config;
	if (cfg.rateLimitPerSecond > 0 || cfg.rateLimitPerMinute > 0) {
		const hit = emu.limiter.check(
			spec.method + ' ' + spec.path,
			cfg.rateLimitPerSecond,
			cfg.rateLimitPerMinute,
			Date.now(),
		);
		if (hit)
			return {
				answer: rateLimited(spec.rateLimitStatus ?? 429, hit.limit, hit.reset),
				token: tokenRef,
			};
	}
	if (!raw) throw tokenError(emu, 99991661);
	const now = emu.clock.now();
	const info = emu.tokens.lookup(raw);
	if (!info || info.kind === 'app' || info.expiresAt <= now) {
		const userish = info?.kind === 'user' || (!info && !raw.startsWith('t-'));
		throw tokenError(emu, userish ? 99991668 : 99991663);
	}
	tokenRef = { kind: info.kind, value: raw };
	if (info.kind === 'user' && spec.tokens === 'T')
		throw tokenError(emu, 99991668, 'user access token not support');
	if (!cfg.botEnabled) throw new ApiError(spec.botOffCode ?? 232025);
	if (!spec.scopes.some((s) => cfg.scopes.includes(s)))
		throw scopeError(99991672, spec.scopes, cfg.appId);
	if (info.kind === 'user' && !spec.scopes.some((s) => info.scopes?.includes(s))) {
		throw scopeError(99991679, spec.scopes, cfg.appId);
	}
	if (req.bodyError) throw new ApiError(9499, `Bad Request: invalid JSON body (${req.bodyError})`);
	const body = req.body;
	if (body !== undefined && (typeof body !== 'object' || body === null || Array.isArray(body))) {
		throw new ApiError(9499, 'Bad Request: the body must be a JSON object');
	}
	const caller: Principal =
		info.kind === 'user'
			? { kind: 'user', id: info.openId as string }
			: { kind: 'bot', id: cfg.appId };
	const data = spec.handler({
		emu,
		req,
		caller,
		token: info,
		body: (body as Record<string, any>) ?? {},
	});
	return {
		answer: { status: 200, body: { code: 0, msg: spec.msg ?? 'success', data: data ?? {} } },
		token: tokenRef,
	};
}

function rateLimited(status: number, limit: number, reset: number): Answer {
	return {
		status,
		headers: { 'x-ogw-ratelimit-limit': String(limit), 'x-ogw-ratelimit-reset': String(reset) },
		body: { code: 99991400, msg: MESSAGES[99991400] },
	};
}

function guessKind(emu: Emulator, raw: string): string {
	const info = emu.tokens.lookup(raw);
	if (info) return info.kind;
	return raw.startsWith('t-') ? 'tenant' : 'unknown';
}
