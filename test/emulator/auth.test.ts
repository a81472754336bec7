/** Auth: tenant/app tokens (reuse rule, errors), OAuth authorize + token (JSON, form, Basic), refresh, clock. */
import { EMULATOR_DEFAULTS, Kit, startKit } from './testkit';

let kit: Kit;
const { appId, appSecret } = EMULATOR_DEFAULTS;

beforeAll(async () => {
	kit = await startKit();
});
afterAll(() => kit.emu.close());
beforeEach(() => kit.ctl('POST', '/reset'));

const tenant = (body: unknown) =>
	kit.http('POST', '/open-apis/auth/v3/tenant_access_token/internal', { body });

test('tenant token: same token while >= 30 min left, a new one below; old stays valid', async () => {
	const a = await tenant({ app_id: appId, app_secret: appSecret });
	expect(a.body).toEqual({
		code: 0,
		msg: 'ok',
		tenant_access_token: expect.stringMatching(/^t-/),
		expire: 7200,
	});
	await kit.ctl('PUT', '/clock', { advanceSeconds: 5000 });
	const b = await tenant({ app_id: appId, app_secret: appSecret });
	expect(b.body.tenant_access_token).toBe(a.body.tenant_access_token);
	expect(b.body.expire).toBeGreaterThanOrEqual(2198);
	expect(b.body.expire).toBeLessThanOrEqual(2200);
	await kit.ctl('PUT', '/clock', { advanceSeconds: 500 });
	const c = await tenant({ app_id: appId, app_secret: appSecret });
	expect(c.body.tenant_access_token).not.toBe(a.body.tenant_access_token);
	expect(c.body.expire).toBe(7200);
	expect(
		(await kit.http('GET', '/open-apis/im/v1/chats', { token: a.body.tenant_access_token })).body
			.code,
	).toBe(0);
	const app = await kit.http('POST', '/open-apis/auth/v3/app_access_token/internal', {
		body: { app_id: appId, app_secret: appSecret },
	});
	expect(app.body).toEqual(
		expect.objectContaining({
			code: 0,
			app_access_token: expect.any(String),
			tenant_access_token: c.body.tenant_access_token,
		}),
	);
	// app tokens are not accepted by the chat endpoints
	expect(
		(await kit.http('GET', '/open-apis/im/v1/chats', { token: app.body.app_access_token })).body
			.code,
	).toBe(99991663);
});

test('tenant token errors: wrong secret 10014 (HTTP 400), missing fields 10003', async () => {
	const w = await tenant({ app_id: appId, app_secret: 'nope' });
	expect(w.status).toBe(400);
	expect(w.body.code).toBe(10014);
	expect((await tenant({ app_id: appId })).body.code).toBe(10003);
});

test('OAuth: authorize redirects with code+state; token via JSON, form and Basic; single-use refresh', async () => {
	const users = await kit.users();
	const q = new URLSearchParams({
		client_id: appId,
		response_type: 'code',
		redirect_uri: 'http://localhost:5678/rest/oauth2-credential/callback',
		state: 'xyz',
		emulator_user: users[4].open_id,
		scope: 'im:chat offline_access',
	});
	const r = await kit.http('GET', `/open-apis/authen/v1/authorize?${q}`);
	expect(r.status).toBe(302);
	const loc = new URL(r.headers.get('location')!);
	expect(loc.searchParams.get('state')).toBe('xyz');
	const code = loc.searchParams.get('code')!;
	expect(code).toMatch(/^[A-Za-z0-9_-]{64,}$/);
	// form body + HTTP Basic client credentials (what n8n's OAuth2 client sends with "header" auth)
	const basic = Buffer.from(`${appId}:${appSecret}`).toString('base64');
	const form = new URLSearchParams({
		grant_type: 'authorization_code',
		code,
		redirect_uri: loc.origin + loc.pathname,
	}).toString();
	const t = await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
		body: form,
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Authorization: `Basic ${basic}`,
		},
	});
	expect(t.body).toEqual(
		expect.objectContaining({
			code: 0,
			access_token: expect.any(String),
			expires_in: 7200,
			refresh_token: expect.any(String),
			refresh_token_expires_in: 604800,
			token_type: 'Bearer',
		}),
	);
	expect(t.body.scope).toContain('offline_access');
	const reuse = await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
		body: { grant_type: 'authorization_code', client_id: appId, client_secret: appSecret, code },
	});
	expect(reuse.body).toEqual({
		code: 20065,
		error: 'invalid_grant',
		error_description: expect.any(String),
	});
	const info = await kit.http('GET', '/open-apis/authen/v1/user_info', {
		token: t.body.access_token,
	});
	expect(info.body.data.open_id).toBe(users[4].open_id);
	const refreshBody = {
		grant_type: 'refresh_token',
		client_id: appId,
		client_secret: appSecret,
		refresh_token: t.body.refresh_token,
	};
	const r2 = await kit.http('POST', '/open-apis/authen/v2/oauth/token', { body: refreshBody });
	expect(r2.body.code).toBe(0);
	expect(r2.body.refresh_token).not.toBe(t.body.refresh_token);
	expect(
		(await kit.http('POST', '/open-apis/authen/v2/oauth/token', { body: refreshBody })).body.code,
	).toBe(20073);
	const bad = await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
		body: { ...refreshBody, client_secret: 'x' },
	});
	expect(bad.status).toBe(400);
	expect(bad.body.code).toBe(20002);
	const both = await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
		body: refreshBody,
		headers: { Authorization: `Basic ${basic}` },
	});
	expect(both.body.code).toBe(20070);
	expect(
		(
			await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
				body: { ...refreshBody, grant_type: 'password' },
			})
		).body.code,
	).toBe(20036);
	// user tokens expire with the clock
	await kit.ctl('PUT', '/clock', { advanceSeconds: 7300 });
	expect(
		(await kit.http('GET', '/open-apis/im/v1/chats', { token: r2.body.access_token })).body.code,
	).toBe(99991668);
});

test('OAuth without offline_access gives no refresh token; PKCE S256 is checked', async () => {
	const { createHash } = await import('node:crypto');
	const verifier = 'v'.repeat(50);
	const challenge = createHash('sha256').update(verifier).digest('base64url');
	const q = new URLSearchParams({
		client_id: appId,
		redirect_uri: 'http://cb/x',
		scope: 'im:chat',
		code_challenge: challenge,
		code_challenge_method: 'S256',
	});
	const code = new URL(
		(await kit.http('GET', `/open-apis/authen/v1/authorize?${q}`)).headers.get('location')!,
	).searchParams.get('code');
	const base = {
		grant_type: 'authorization_code',
		client_id: appId,
		client_secret: appSecret,
		code,
	};
	expect(
		(
			await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
				body: { ...base, code_verifier: 'w'.repeat(50) },
			})
		).body.code,
	).toBe(20049);
	const ok = await kit.http('POST', '/open-apis/authen/v2/oauth/token', {
		body: { ...base, code_verifier: verifier },
	});
	expect(ok.body.code).toBe(0);
	expect(ok.body.refresh_token).toBeUndefined();
});
