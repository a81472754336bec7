/** Control API under /__emulator (JSON in and out) for tests, demos and outside tools. */
import type { AppConfig } from './config';
import { registerAnnouncementControl } from './docx/control';
import type { Emulator } from './emulator';
import { guardControl, isLoopbackUrl } from './controlGuard';
import { publishControlEvent } from './events/control';
import { sendChallenge } from './events/callback';
import { deliveryReport } from './events/report';
import type { FaultSpec } from './faults';
import { Answer, Req, Router } from './http';
import type { Fixture } from './seed';
import type { Chat } from './state';

type Handler = (emu: Emulator, req: Req) => Answer | Promise<Answer>;
const json = (body: unknown, status = 200): Answer => ({ status, body });
const bad = (msg: string): Answer => json({ ok: false, error: msg }, 400);
const obj = (req: Req): Record<string, any> =>
	req.body && typeof req.body === 'object' ? (req.body as Record<string, any>) : {};

const CONFIG_KEYS: Array<keyof AppConfig> = [
	'appSecret',
	'verificationToken',
	'encryptKey',
	'eventMode',
	'callbackUrl',
	'scopes',
	'botEnabled',
	'subscribedEvents',
	'tokenTtlSeconds',
	'tokenErrorStatus',
	'rateLimitPerSecond',
	'rateLimitPerMinute',
	'getChatOutsider',
	'redeliveryDelays',
	'redeliveryScale',
	'callbackTimeoutMs',
	'wsAckTimeoutMs',
	'wsFragmentSize',
	'wsMaxConnections',
	'announcementEditsPerSecond',
	'announcementNoEditCode',
];

/** Config without its secrets: the control API shows whether they are set, never their values. */
const SECRET_KEYS = ['appSecret', 'verificationToken', 'encryptKey'] as const;
export function publicConfig(cfg: AppConfig): Record<string, unknown> {
	const out: Record<string, unknown> = { ...cfg, clientConfig: { ...cfg.clientConfig } };
	for (const k of SECRET_KEYS) out[k] = cfg[k] ? '(hidden)' : '';
	return out;
}

export function chatState(chat: Chat): Record<string, unknown> {
	return {
		...chat,
		users: [...chat.users.keys()],
		bots: [...chat.bots.keys()],
		managers: [...chat.managers],
		botManagers: [...chat.botManagers],
		moderation: { setting: chat.moderation.setting, moderators: [...chat.moderation.moderators] },
		user_count: chat.users.size,
	};
}

const routes = new Router<Handler>();
registerAnnouncementControl(routes);

routes.add('POST', '/__emulator/reset', (emu, req) => {
	if (req.bodyError) return bad('invalid JSON: ' + req.bodyError);
	const chatIds = emu.reset(obj(req) as Fixture);
	return json({ ok: true, chat_ids: chatIds, users: emu.store.users.length });
});

routes.add('GET', '/__emulator/users', (emu, req) => {
	const limit = req.query.limit ? Number(req.query.limit) : undefined;
	const users = (limit ? emu.store.users.slice(0, limit) : emu.store.users).map((u) => ({
		open_id: u.open_id,
		union_id: u.union_id,
		user_id: u.user_id,
		name: u.name,
		resigned: u.resigned,
		tenant_key: u.tenant_key,
	}));
	return json({
		users,
		bots: [...emu.store.bots.values()],
		tenant_key: emu.store.tenantKey,
		app_id: emu.appId,
	});
});

routes.add('GET', '/__emulator/chats', (emu) =>
	json({
		chats: [...emu.store.chats.values()].map((c) => ({
			chat_id: c.chat_id,
			name: c.name,
			chat_type: c.chat_type,
			chat_mode: c.chat_mode,
			status: c.status,
			owner: c.owner,
			bot_in_chat: c.bots.has(emu.appId),
			user_count: c.users.size,
			bot_count: c.bots.size,
		})),
	}),
);

routes.add('GET', '/__emulator/chats/:chat_id', (emu, req) => {
	const chat = emu.store.chats.get(req.params.chat_id);
	return chat ? json(chatState(chat)) : json({ ok: false, error: 'no such chat' }, 404);
});

/** Request bodies as logged, minus the secrets token requests carry (the log is shown, not the secret). */
const LOGGED_SECRETS = ['app_secret', 'client_secret'];
function withoutSecrets(body: unknown): unknown {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
	for (const k of LOGGED_SECRETS) if (typeof out[k] === 'string') out[k] = '(hidden)';
	return out;
}

routes.add('GET', '/__emulator/requests', (emu, req) => {
	const since = Number(req.query.since ?? 0) || 0;
	const requests = emu.log
		.list(since, {
			path: req.query.path,
			method: req.query.method,
			limit: req.query.limit ? Number(req.query.limit) : undefined,
		})
		.map((entry) => ({ ...entry, body: withoutSecrets(entry.body) }));
	return json({ requests, last_seq: emu.log.lastSeq });
});

routes.add('DELETE', '/__emulator/requests', (emu) => {
	emu.log.clear();
	return json({ ok: true, last_seq: emu.log.lastSeq });
});

routes.add('GET', '/__emulator/app', (emu) =>
	json({ ...publicConfig(emu.config), wsConnections: emu.wsHooks.count() }),
);

routes.add('PUT', '/__emulator/app', (emu, req) => {
	if (req.bodyError) return bad('invalid JSON: ' + req.bodyError);
	const b = obj(req);
	if (b.eventMode !== undefined && !['callback', 'long_connection', 'none'].includes(b.eventMode))
		return bad('eventMode must be callback, long_connection or none');
	if (
		b.scopes !== undefined &&
		!(Array.isArray(b.scopes) && b.scopes.every((s: unknown) => typeof s === 'string'))
	)
		return bad('scopes must be a string array');
	const cfg = emu.config as unknown as Record<string, unknown>;
	for (const k of CONFIG_KEYS) if (b[k] !== undefined) cfg[k] = b[k];
	if (b.clientConfig && typeof b.clientConfig === 'object')
		Object.assign(emu.config.clientConfig, b.clientConfig);
	return json({ ok: true, app: publicConfig(emu.config) });
});

routes.add('GET', '/__emulator/ws', (emu) => json({ connections: emu.wsHooks.status() }));

routes.add('GET', '/__emulator/clock', (emu) =>
	json({ now: emu.clock.now(), offsetSeconds: emu.clock.offsetSeconds }),
);

routes.add('PUT', '/__emulator/clock', (emu, req) => {
	const n = Number(obj(req).advanceSeconds);
	if (!Number.isFinite(n)) return bad('advanceSeconds must be a number');
	emu.clock.advance(n);
	return json({ ok: true, now: emu.clock.now(), offsetSeconds: emu.clock.offsetSeconds });
});

routes.add('POST', '/__emulator/faults', (emu, req) => {
	const b = obj(req);
	if (b.kind === 'expire_tokens') {
		emu.tokens.expireAll(emu.clock.now());
		return json({ ok: true, kind: b.kind });
	}
	if (b.kind === 'drop_connections')
		return json({ ok: true, kind: b.kind, dropped: emu.wsHooks.dropAll() });
	if (!['rate_limit', 'server_error', 'token_invalid', 'api_error'].includes(b.kind)) {
		return bad(
			'kind must be rate_limit, server_error, token_invalid, api_error, expire_tokens or drop_connections',
		);
	}
	const f = emu.faults.add(b as FaultSpec);
	return json({ ok: true, fault: { ...f, regex: undefined } });
});

routes.add('GET', '/__emulator/faults', (emu) => json({ faults: emu.faults.list() }));
routes.add('DELETE', '/__emulator/faults', (emu) => {
	emu.faults.clear();
	return json({ ok: true });
});

// Waits for the first delivery attempt and reports it (ok:false with the receiver's status, answer and a hint);
// ?wait=0 answers at once (benchmarks that publish many events and read the outcome from /deliveries).
routes.add('POST', '/__emulator/events', async (emu, req) => {
	if (req.bodyError) return bad('invalid JSON: ' + req.bodyError);
	let d;
	try {
		d = publishControlEvent(emu, obj(req));
	} catch (e) {
		return bad((e as Error).message);
	}
	const event = { event_id: d.event_id, event_type: d.event_type, mode: d.mode };
	if (req.query.wait === '0')
		return json({ ok: true, queued: true, ...event, envelope: d.envelope });
	const report = deliveryReport(emu.config, d, await emu.events.firstAttempt(d));
	return json({ ...report, ...event, envelope: d.envelope });
});

routes.add('GET', '/__emulator/deliveries', async (emu, req) => {
	// ?wait_ms=N long-polls until every delivery is done (or the time is up): handy for tests.
	const wait = Number(req.query.wait_ms ?? 0);
	const deadline = Date.now() + wait;
	while (wait > 0 && Date.now() < deadline && emu.events.deliveries.some((d) => !d.done)) {
		await emu.events.changed(deadline - Date.now());
	}
	return json({ deliveries: emu.events.summary() });
});

routes.add('GET', '/__emulator/events', (emu) =>
	json({ events: emu.events.deliveries.map((d) => d.envelope) }),
);

// Only the configured callback URL or a loopback one: the control API must not fetch arbitrary URLs for a caller.
routes.add('POST', '/__emulator/challenge', async (emu, req) => {
	const url = obj(req).url || undefined;
	if (url !== undefined && (typeof url !== 'string' || !isLoopbackUrl(url))) {
		return bad(
			'url must be a loopback URL (localhost, 127.0.0.1, [::1]); for another host set callbackUrl with PUT /__emulator/app',
		);
	}
	return json(await sendChallenge(emu, url));
});

export async function runControl(emu: Emulator, req: Req): Promise<Answer> {
	const refused = guardControl(req, emu.controlHosts);
	if (refused) return refused;
	const m = routes.match(req.method, req.path);
	if (m === 'method') return json({ ok: false, error: 'method not allowed' }, 405);
	if (!m) return json({ ok: false, error: 'unknown control path' }, 404);
	req.params = m.params;
	return m.route.handler(emu, req);
}
