/** Auth endpoints: tenant/app access tokens (internal apps) and OAuth 2.0 v2 (authorize page + token endpoint). */
import { CODE_TTL_SECONDS, pkceOk, REFRESH_TTL_SECONDS } from '../auth';
import type { Emulator } from '../emulator';
import type { Answer, Req } from '../http';

const ok = (body: Record<string, unknown>): Answer => ({ status: 200, body });
const appError = (code: number, msg: string): Answer => ({ status: 400, body: { code, msg } });

function appCredentials(emu: Emulator, req: Req): Answer | undefined {
	const b = (req.body ?? {}) as Record<string, unknown>;
	if (req.bodyError) return appError(9499, 'Bad Request: invalid JSON body');
	if (
		typeof b.app_id !== 'string' ||
		!b.app_id ||
		typeof b.app_secret !== 'string' ||
		!b.app_secret
	) {
		return appError(10003, 'invalid param: app_id and app_secret are required');
	}
	if (b.app_id !== emu.config.appId) return appError(10003, 'invalid param: app_id not found');
	if (b.app_secret !== emu.config.appSecret) return appError(10014, 'app secret invalid');
	return undefined;
}

export function tenantToken(emu: Emulator, req: Req): Answer {
	const bad = appCredentials(emu, req);
	if (bad) return bad;
	const now = emu.clock.now();
	const t = emu.tokens.issueApp('tenant', now, emu.config.tokenTtlSeconds);
	return ok({
		code: 0,
		msg: 'ok',
		tenant_access_token: t.value,
		expire: Math.floor((t.expiresAt - now) / 1000),
	});
}

export function appToken(emu: Emulator, req: Req): Answer {
	const bad = appCredentials(emu, req);
	if (bad) return bad;
	const now = emu.clock.now();
	const a = emu.tokens.issueApp('app', now, emu.config.tokenTtlSeconds);
	const t = emu.tokens.issueApp('tenant', now, emu.config.tokenTtlSeconds);
	return ok({
		code: 0,
		msg: 'ok',
		app_access_token: a.value,
		expire: Math.floor((a.expiresAt - now) / 1000),
		tenant_access_token: t.value,
	});
}

const htmlError = (status: number, code: number, msg: string): Answer => ({
	status,
	headers: { 'Content-Type': 'text/html; charset=utf-8' },
	raw: `<!doctype html><title>Feishu emulator</title><p>Authorization error ${code}: ${msg}</p>`,
});

/** GET /open-apis/authen/v1/authorize: approves at once for a seeded user and redirects with a code. */
export function authorize(emu: Emulator, req: Req): Answer {
	const q = req.query;
	if (!q.client_id || !q.redirect_uri)
		return htmlError(400, 20001, 'client_id and redirect_uri are required');
	if (q.client_id !== emu.config.appId) return htmlError(400, 20048, 'app not exist');
	if (q.response_type && q.response_type !== 'code')
		return htmlError(400, 20063, 'response_type must be code');
	const requested = (q.scope ?? '').split(/\s+/).filter(Boolean);
	const notEnabled = requested.filter(
		(s) => !emu.config.scopes.includes(s) && s !== 'auth:user.id:read',
	);
	if (notEnabled.length)
		return htmlError(400, 20027, `scopes not enabled for the app: ${notEnabled.join(' ')}`);
	const sep = q.redirect_uri.includes('?') ? '&' : '?';
	const state = q.state !== undefined ? `&state=${encodeURIComponent(q.state)}` : '';
	if (q.emulator_deny) {
		return {
			status: 302,
			headers: { Location: `${q.redirect_uri}${sep}error=access_denied${state}` },
			raw: '',
		};
	}
	const wanted = q.emulator_user;
	const user = wanted
		? (emu.store.byOpenId.get(wanted) ??
			emu.store.byUnionId.get(wanted) ??
			emu.store.byUserId.get(wanted))
		: emu.store.users[0];
	if (!user) return htmlError(400, 20008, 'user not exist');
	if (user.resigned) return htmlError(400, 20066, 'user status invalid');
	// No scope parameter: the user grants everything the app has (documented emulator choice).
	const scopes = requested.length
		? [...new Set(['auth:user.id:read', ...requested])]
		: ['auth:user.id:read', ...emu.config.scopes];
	const code = emu.tokens.newCode({
		openId: user.open_id,
		scopes,
		redirectUri: q.redirect_uri,
		challenge: q.code_challenge,
		challengeMethod: q.code_challenge_method,
		expiresAt: emu.clock.now() + CODE_TTL_SECONDS * 1000,
	});
	return {
		status: 302,
		headers: { Location: `${q.redirect_uri}${sep}code=${encodeURIComponent(code)}${state}` },
		raw: '',
	};
}

const OAUTH_ERRORS: Record<number, [number, string]> = {
	20001: [400, 'invalid_request'],
	20002: [400, 'invalid_client'],
	20003: [400, 'invalid_grant'],
	20004: [400, 'invalid_grant'],
	20026: [400, 'invalid_grant'],
	20036: [400, 'unsupported_grant_type'],
	20037: [400, 'invalid_grant'],
	20048: [400, 'invalid_client'],
	20049: [400, 'invalid_grant'],
	20063: [400, 'invalid_request'],
	20065: [400, 'invalid_grant'],
	20070: [400, 'invalid_request'],
	20071: [400, 'invalid_grant'],
	20073: [400, 'invalid_grant'],
};

function oauthError(code: number, description: string): Answer {
	const [status, error] = OAUTH_ERRORS[code] ?? [400, 'invalid_request'];
	return { status, body: { code, error, error_description: description } };
}

/** POST /open-apis/authen/v2/oauth/token: JSON or form body; client credentials in the body or as HTTP Basic. */
export function oauthToken(emu: Emulator, req: Req): Answer {
	if (req.bodyError) return oauthError(20063, 'malformed request body');
	const b = (req.body ?? {}) as Record<string, unknown>;
	let clientId = typeof b.client_id === 'string' ? b.client_id : undefined;
	let clientSecret = typeof b.client_secret === 'string' ? b.client_secret : undefined;
	const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	if (basic) {
		if (clientSecret)
			return oauthError(
				20070,
				'client credentials sent both in the Authorization header and in the body',
			);
		const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
		const i = decoded.indexOf(':');
		const id = decodeURIComponent(i < 0 ? decoded : decoded.slice(0, i));
		if (clientId && clientId !== id) return oauthError(20024, 'client_id mismatch');
		clientId = id;
		clientSecret = decodeURIComponent(i < 0 ? '' : decoded.slice(i + 1));
	}
	const grant = b.grant_type;
	if (!grant) return oauthError(20001, 'grant_type is required');
	if (!clientId || !clientSecret)
		return oauthError(20001, 'client_id and client_secret are required');
	if (clientId !== emu.config.appId) return oauthError(20048, 'app not exist');
	if (clientSecret !== emu.config.appSecret) return oauthError(20002, 'client secret is invalid');
	const now = emu.clock.now();
	let openId: string;
	let scopes: string[];
	if (grant === 'authorization_code') {
		if (typeof b.code !== 'string' || !b.code) return oauthError(20001, 'code is required');
		const info = emu.tokens.getCode(b.code);
		if (!info) return oauthError(20003, 'authorization code not found');
		if (info.used) return oauthError(20065, 'authorization code has been used');
		if (info.expiresAt <= now) return oauthError(20004, 'authorization code expired');
		if (b.redirect_uri !== undefined && b.redirect_uri !== info.redirectUri)
			return oauthError(20071, 'redirect_uri mismatch');
		if (info.challenge) {
			const v = typeof b.code_verifier === 'string' ? b.code_verifier : '';
			if (!v || !pkceOk(v, info.challenge, info.challengeMethod))
				return oauthError(20049, 'PKCE verification failed');
		}
		info.used = true;
		openId = info.openId;
		scopes = info.scopes;
	} else if (grant === 'refresh_token') {
		if (typeof b.refresh_token !== 'string' || !b.refresh_token)
			return oauthError(20001, 'refresh_token is required');
		const info = emu.tokens.getRefresh(b.refresh_token);
		if (!info) return oauthError(20026, 'refresh token is invalid');
		if (info.used) return oauthError(20073, 'refresh token has been used');
		if (info.expiresAt <= now) return oauthError(20037, 'refresh token expired');
		info.used = true;
		openId = info.openId;
		scopes = info.scopes;
	} else {
		return oauthError(20036, `unsupported grant_type: ${String(grant)}`);
	}
	if (typeof b.scope === 'string' && b.scope.trim()) {
		const narrowed = b.scope.trim().split(/\s+/);
		if (new Set(narrowed).size !== narrowed.length) return oauthError(20067, 'duplicate scopes');
		if (narrowed.some((s) => !scopes.includes(s))) return oauthError(20068, 'scope not permitted');
		scopes = narrowed;
	}
	const ttl = emu.config.tokenTtlSeconds;
	const { access, refresh } = emu.tokens.issueUser(openId, scopes, now, ttl);
	const body: Record<string, unknown> = { code: 0, access_token: access.value, expires_in: ttl };
	if (refresh)
		Object.assign(body, { refresh_token: refresh, refresh_token_expires_in: REFRESH_TTL_SECONDS });
	Object.assign(body, { token_type: 'Bearer', scope: scopes.join(' ') });
	return ok(body);
}

/** GET /open-apis/authen/v1/user_info: who the user token belongs to (handy for credential tests). */
export function userInfo(emu: Emulator, req: Req): Answer {
	const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	if (!m)
		return {
			status: emu.config.tokenErrorStatus,
			body: {
				code: 99991661,
				msg: 'Missing access token for authorization. Please make a request with token attached.',
			},
		};
	const info = emu.tokens.lookup(m[1]);
	if (!info || info.kind !== 'user' || info.expiresAt <= emu.clock.now()) {
		return {
			status: emu.config.tokenErrorStatus,
			body: {
				code: 99991668,
				msg: 'Invalid access token for authorization. Please make a request with token attached.',
			},
		};
	}
	const u = emu.store.byOpenId.get(info.openId as string)!;
	return ok({
		code: 0,
		msg: 'success',
		data: {
			name: u.name,
			en_name: u.en_name,
			open_id: u.open_id,
			union_id: u.union_id,
			user_id: u.user_id,
			tenant_key: u.tenant_key,
			avatar_url: '',
		},
	});
}

/**
 * GET /open-apis/bot/v3/info: the app's bot. The credential test calls it to prove the token works
 * and the bot ability is on (answered like the group APIs with 232025 when it is off).
 */
export function botInfo(emu: Emulator, req: Req): Answer {
	const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
	const info = m ? emu.tokens.lookup(m[1]) : undefined;
	if (!m)
		return {
			status: emu.config.tokenErrorStatus,
			body: { code: 99991661, msg: 'Missing access token for authorization.' },
		};
	if (!info || info.kind !== 'tenant' || info.expiresAt <= emu.clock.now()) {
		return {
			status: emu.config.tokenErrorStatus,
			body: { code: 99991663, msg: 'Invalid access token for authorization.' },
		};
	}
	if (!emu.config.botEnabled)
		return { status: 400, body: { code: 232025, msg: 'Bot ability is not activated.' } };
	return ok({
		code: 0,
		msg: 'ok',
		bot: {
			activate_status: 2,
			app_name: 'Feishu emulator app',
			avatar_url: '',
			ip_white_list: [],
			open_id: `ou_bot_${emu.config.appId}`,
		},
	});
}
