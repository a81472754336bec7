/** Tokens: tenant/app tokens (30-minute reuse rule), OAuth codes, user tokens and single-use refresh tokens. */
import { createHash, randomBytes } from 'node:crypto';
import { randomHex } from './ids';

export type TokenKind = 'tenant' | 'app' | 'user';

export interface TokenInfo {
	kind: TokenKind;
	value: string;
	expiresAt: number;
	/** User tokens: the user (open_id) and the scopes the user granted. */
	openId?: string;
	scopes?: string[];
}

export interface CodeInfo {
	openId: string;
	scopes: string[];
	redirectUri: string;
	challenge?: string;
	challengeMethod?: string;
	expiresAt: number;
	used: boolean;
}

export interface RefreshInfo {
	openId: string;
	scopes: string[];
	expiresAt: number;
	used: boolean;
}

export interface TokenSnapshot {
	tokens: TokenInfo[];
	currentTenant?: string;
	currentApp?: string;
	codes: Array<[string, CodeInfo]>;
	refresh: Array<[string, RefreshInfo]>;
}

const REUSE_MIN_SECONDS = 1800;
export const REFRESH_TTL_SECONDS = 604800;
export const CODE_TTL_SECONDS = 300;

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** v2 OAuth tokens look like JWTs in Feishu's docs; ours are JWT-shaped opaque strings. */
function jwtLike(kind: string): string {
	const head = b64url(JSON.stringify({ alg: 'ES256', kid: 'emulator', typ: 'JWT' }));
	const body = b64url(JSON.stringify({ typ: kind, jti: randomHex(24) }));
	return `${head}.${body}.${randomBytes(32).toString('base64url')}`;
}

export class TokenStore {
	readonly tokens = new Map<string, TokenInfo>();
	private currentTenant?: TokenInfo;
	private currentApp?: TokenInfo;
	private readonly codes = new Map<string, CodeInfo>();
	private readonly refresh = new Map<string, RefreshInfo>();

	clear(): void {
		this.tokens.clear();
		this.codes.clear();
		this.refresh.clear();
		this.currentTenant = undefined;
		this.currentApp = undefined;
	}

	/** Everything issued, as plain data (the emulator's saved state keeps n8n's stored tokens valid). */
	snapshot(): TokenSnapshot {
		return {
			tokens: [...this.tokens.values()],
			currentTenant: this.currentTenant?.value,
			currentApp: this.currentApp?.value,
			codes: [...this.codes],
			refresh: [...this.refresh],
		};
	}

	restore(s: TokenSnapshot): void {
		this.clear();
		for (const t of s.tokens) this.tokens.set(t.value, t);
		this.currentTenant = s.currentTenant ? this.tokens.get(s.currentTenant) : undefined;
		this.currentApp = s.currentApp ? this.tokens.get(s.currentApp) : undefined;
		for (const [k, v] of s.codes) this.codes.set(k, v);
		for (const [k, v] of s.refresh) this.refresh.set(k, v);
	}

	/** Same token while >= 30 min remain, else a new one (the old stays valid until it expires). */
	issueApp(kind: 'tenant' | 'app', now: number, ttl: number): TokenInfo {
		const cur = kind === 'tenant' ? this.currentTenant : this.currentApp;
		if (cur && cur.expiresAt - now >= REUSE_MIN_SECONDS * 1000) return cur;
		const info: TokenInfo = { kind, value: 't-g' + randomHex(39), expiresAt: now + ttl * 1000 };
		this.tokens.set(info.value, info);
		if (kind === 'tenant') this.currentTenant = info;
		else this.currentApp = info;
		return info;
	}

	issueUser(
		openId: string,
		scopes: string[],
		now: number,
		ttl: number,
	): { access: TokenInfo; refresh?: string } {
		const access: TokenInfo = {
			kind: 'user',
			value: jwtLike('user_access_token'),
			expiresAt: now + ttl * 1000,
			openId,
			scopes,
		};
		this.tokens.set(access.value, access);
		let refresh: string | undefined;
		if (scopes.includes('offline_access')) {
			refresh = jwtLike('refresh_token');
			this.refresh.set(refresh, {
				openId,
				scopes,
				expiresAt: now + REFRESH_TTL_SECONDS * 1000,
				used: false,
			});
		}
		return { access, refresh };
	}

	newCode(info: Omit<CodeInfo, 'used'>): string {
		const code = randomBytes(48).toString('base64url'); // 64 chars of [A-Za-z0-9-_]
		this.codes.set(code, { ...info, used: false });
		return code;
	}

	getCode(code: string): CodeInfo | undefined {
		return this.codes.get(code);
	}

	getRefresh(token: string): RefreshInfo | undefined {
		return this.refresh.get(token);
	}

	/** Fault 'expire_tokens': every issued token (tenant, app, user) expires now. */
	expireAll(now: number): void {
		for (const t of this.tokens.values()) t.expiresAt = Math.min(t.expiresAt, now - 1);
	}

	/** Revokes one token (tests: "token_invalid" faults use their own path). */
	lookup(value: string): TokenInfo | undefined {
		return this.tokens.get(value);
	}
}

export function pkceOk(verifier: string, challenge: string, method = 'plain'): boolean {
	if (method.toUpperCase() === 'S256') {
		return createHash('sha256').update(verifier).digest('base64url') === challenge;
	}
	return verifier === challenge;
}
