/** HTTP server: dispatches control, auth, long-connection and group API requests; logs API calls. */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { bearer, runApi } from './api';
import { runControl } from './control';
import type { Emulator } from './emulator';
import { ApiError, errorBody } from './errors';
import { callbackTransport } from './events/callback';
import { Answer, decodeBody, parseUrl, readBody, Req, Router, send } from './http';
import { newLogId } from './ids';
import { apiRouter } from './routes';
import { appToken, authorize, botInfo, oauthToken, tenantToken, userInfo } from './routes/auth';
import { WsHub } from './ws/server';

type Plain = (emu: Emulator, req: Req) => Answer;

export function createEmulatorServer(emu: Emulator): { server: Server; hub: WsHub } {
	const api = apiRouter();
	const hub = new WsHub(emu);
	const plain = new Router<Plain>();
	plain.add('POST', '/open-apis/auth/v3/tenant_access_token/internal', tenantToken);
	plain.add('POST', '/open-apis/auth/v3/app_access_token/internal', appToken);
	plain.add('GET', '/open-apis/authen/v1/authorize', authorize);
	plain.add('POST', '/open-apis/authen/v2/oauth/token', oauthToken);
	plain.add('GET', '/open-apis/authen/v1/user_info', userInfo);
	plain.add('GET', '/open-apis/bot/v3/info', botInfo);
	plain.add('POST', '/callback/ws/endpoint', hub.endpoint);
	emu.events.transports.callback = callbackTransport(emu);

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const { path, query, queryAll } = parseUrl(req.url ?? '/');
		const method = req.method ?? 'GET';
		const rawBody = method === 'GET' || method === 'HEAD' ? await drain(req) : await readBody(req);
		const decoded = decodeBody(rawBody, req.headers['content-type']);
		const r: Req = {
			method,
			path,
			query,
			queryAll,
			headers: req.headers,
			rawBody,
			body: decoded.body,
			bodyError: decoded.error,
			params: {},
		};
		const logId = newLogId(Date.now());
		if (path.startsWith('/__emulator/')) {
			send(res, await runControl(emu, r), logId);
			return;
		}
		let answer: Answer;
		let token: { kind: string; value: string } | null = null;
		try {
			const pm = plain.match(method, path);
			if (pm && pm !== 'method') {
				r.params = pm.params;
				answer = pm.route.handler(emu, r);
			} else {
				const m = api.match(method, path);
				if (m === 'method' || pm === 'method') throw new ApiError(99991301, undefined, 400);
				if (!m) throw new ApiError(99991201, undefined, 404);
				r.params = m.params;
				const out = runApi(emu, m.route.handler, r);
				answer = out.answer;
				token = out.token;
			}
		} catch (e) {
			if (!(e instanceof ApiError)) {
				if (emu.settings.log) console.error('[feishu-emulator]', e);
				e = new ApiError(99991500, `internal emulator error: ${(e as Error).message}`, 500);
			}
			const err = e as ApiError;
			answer = { status: err.status, body: errorBody(err, logId), headers: err.extra.headers };
			const raw = bearer(r);
			if (raw) token = { kind: emu.tokens.lookup(raw)?.kind ?? 'unknown', value: raw };
		}
		const body =
			answer.body && typeof answer.body === 'object'
				? (answer.body as Record<string, unknown>)
				: undefined;
		const code = body ? ((body.code as number) ?? null) : null;
		// 429s and other gateway answers also carry error.log_id like every Feishu error body.
		if (
			body &&
			answer.status >= 400 &&
			typeof code === 'number' &&
			code !== 0 &&
			!body.error &&
			!body.error_description
		) {
			answer.body = errorBody(new ApiError(code, body.msg as string, answer.status), logId);
		}
		emu.log.add({
			time: emu.clock.now(),
			method,
			path,
			query,
			body: r.body,
			token,
			code,
			status: answer.status,
			logId,
		});
		if (emu.settings.log)
			console.log(`[feishu-emulator] ${method} ${path} -> ${answer.status} ${code ?? ''}`);
		send(res, answer, logId);
	};

	const server = createServer((req, res) => {
		handle(req, res).catch((e) => {
			if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
			res.end(String(e));
		});
	});
	server.keepAliveTimeout = 5000;
	hub.attach(server);
	return { server, hub };
}

/** GET bodies are ignored by Feishu, but we still read them (the SDK sends none) to free the socket. */
function drain(req: IncomingMessage): Promise<Buffer> {
	if (
		req.headers['content-length'] === undefined &&
		req.headers['transfer-encoding'] === undefined
	) {
		req.resume();
		return Promise.resolve(Buffer.alloc(0));
	}
	return readBody(req);
}
