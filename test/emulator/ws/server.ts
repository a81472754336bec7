/**
 * Long connection (events.md §3): POST /callback/ws/endpoint hands out a ws:// URL with a ticket; the WebSocket on
 * /ws/v2 speaks pbbp2 frames: ping -> pong (+ClientConfig), events as data frames to ONE random connection,
 * optional fragmentation, ack matching by message_id, redelivery via the event bus, server-side close on faults.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Emulator } from '../emulator';
import type { Transport } from '../events/bus';
import type { Answer, Req } from '../http';
import { parseUrl } from '../http';
import { randomHex } from '../ids';
import { decodeFrame, encodeFrame, Frame, FRAME_CONTROL, FRAME_DATA, header } from './frames';
import { OPEN, WebSocketServer, WsSocket } from './wslib';

const TICKET_TTL_MS = 5 * 60 * 1000;
const EXCEED_CONN_LIMIT = 1000040350;

interface Conn {
	id: number;
	socket: WsSocket;
	appId: string;
	deviceId: string;
	serviceId: number;
	openedAt: number;
}

interface PendingAck {
	conn: Conn;
	resolve(r: { ok: boolean; status: number | string; error?: string }): void;
}

export class WsHub {
	private readonly wss = new WebSocketServer({ noServer: true });
	private readonly conns = new Set<Conn>();
	private readonly tickets = new Map<
		string,
		{ appId: string; deviceId: string; serviceId: number; expiresAt: number }
	>();
	private readonly pending = new Map<string, PendingAck>();
	private seq = 0;
	private nextConnId = 1;
	/** Frames received from clients (acks etc.), newest last; for GET /__emulator/ws. */
	readonly received: Array<{
		conn: number;
		type: string;
		message_id?: string;
		payload?: string;
		at: number;
	}> = [];

	constructor(private readonly emu: Emulator) {
		emu.wsHooks = {
			dropAll: () => this.dropAll(),
			count: () => this.conns.size,
			status: () => this.status(),
		};
		emu.events.transports.long_connection = this.transport();
		emu.onReset.push(() => {
			this.tickets.clear();
			this.received.length = 0;
		});
	}

	/** POST /callback/ws/endpoint {AppID, AppSecret}. Wrong credentials: HTTP 200 with a non-zero code (fatal for SDK clients). */
	endpoint = (emu: Emulator, req: Req): Answer => {
		const b = (req.body ?? {}) as Record<string, unknown>;
		if (b.AppID !== emu.config.appId || b.AppSecret !== emu.config.appSecret) {
			return { status: 200, body: { code: 10014, msg: 'app secret invalid', data: {} } };
		}
		const ticket = randomHex(32);
		const deviceId = String(7_300_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e12)));
		const serviceId = 33554678;
		this.tickets.set(ticket, {
			appId: emu.config.appId,
			deviceId,
			serviceId,
			expiresAt: Date.now() + TICKET_TTL_MS,
		});
		const host = emu.baseUrl.replace(/^http/, 'ws');
		// fpid first: the SDK qs-parses the whole URL, so the first key carries the URL prefix.
		const url = `${host}/ws/v2?fpid=493&aid=552564&device_id=${deviceId}&access_key=${randomHex(32)}&service_id=${serviceId}&ticket=${ticket}`;
		return {
			status: 200,
			body: {
				code: 0,
				msg: 'ok',
				data: { URL: url, ClientConfig: { ...emu.config.clientConfig } },
			},
		};
	};

	attach(server: Server): void {
		server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
			this.upgrade(req, socket, head),
		);
	}

	private reject(socket: Duplex, status: number, msg: string, authCode: number): void {
		socket.end(
			`HTTP/1.1 ${status} ${msg}\r\nHandshake-Status: ${status}\r\nHandshake-Msg: ${msg}\r\nHandshake-Autherrcode: ${authCode}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
		);
	}

	private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		const { path, query } = parseUrl(req.url ?? '/');
		if (path !== '/ws/v2') return this.reject(socket, 404, 'Not Found', 404);
		const t = query.ticket ? this.tickets.get(query.ticket) : undefined;
		if (!t || t.expiresAt < Date.now())
			return this.reject(socket, 403, 'Forbidden: invalid ticket', 403);
		const open = [...this.conns].filter((c) => c.appId === t.appId).length;
		if (open >= this.emu.config.wsMaxConnections)
			return this.reject(socket, 514, 'exceed connection limit', EXCEED_CONN_LIMIT);
		this.wss.handleUpgrade(req, socket, head, (ws) => {
			const conn: Conn = {
				id: this.nextConnId++,
				socket: ws,
				appId: t.appId,
				deviceId: t.deviceId,
				serviceId: t.serviceId,
				openedAt: Date.now(),
			};
			this.conns.add(conn);
			ws.on('message', (data, isBinary) => isBinary && this.onFrame(conn, data));
			ws.on('close', () => this.onClose(conn));
			ws.on('error', () => this.onClose(conn));
		});
	}

	private onFrame(conn: Conn, data: Buffer): void {
		let f: Frame;
		try {
			f = decodeFrame(data);
		} catch {
			return; // malformed frames are ignored, like the SDKs do
		}
		const type = header(f, 'type') ?? '';
		const messageId = header(f, 'message_id');
		const payload = f.payload ? Buffer.from(f.payload).toString('utf8') : undefined;
		this.received.push({ conn: conn.id, type, message_id: messageId, payload, at: Date.now() });
		if (this.received.length > 5000) this.received.splice(0, 1000);
		if (f.method === FRAME_CONTROL && type === 'ping') {
			const pong: Frame = {
				SeqID: 0,
				LogID: 0,
				service: f.service,
				method: FRAME_CONTROL,
				headers: [{ key: 'type', value: 'pong' }],
				payload: Buffer.from(JSON.stringify(this.emu.config.clientConfig)),
			};
			this.send(conn, pong);
			return;
		}
		if (f.method === FRAME_DATA && messageId) {
			const p = this.pending.get(messageId);
			if (!p) return;
			this.pending.delete(messageId);
			let code: unknown;
			try {
				code = JSON.parse(payload ?? '').code;
			} catch {
				code = 'bad_ack';
			}
			p.resolve({ ok: code === 200, status: typeof code === 'number' ? code : String(code) });
		}
	}

	private onClose(conn: Conn): void {
		if (!this.conns.delete(conn)) return;
		for (const [id, p] of this.pending) {
			if (p.conn === conn) {
				this.pending.delete(id);
				p.resolve({ ok: false, status: 'connection_closed' });
			}
		}
	}

	private send(conn: Conn, f: Frame): void {
		if (conn.socket.readyState === OPEN) conn.socket.send(encodeFrame(f), { binary: true });
	}

	/** Delivers one event envelope to one random connection and waits for its ack. */
	private transport(): Transport {
		return (envelope, d) =>
			new Promise((resolve) => {
				const candidates = [...this.conns].filter(
					(c) => c.appId === this.emu.config.appId && c.socket.readyState === OPEN,
				);
				if (candidates.length === 0) {
					resolve({ ok: false, status: 'no_connection' });
					return;
				}
				const conn = candidates[Math.floor(Math.random() * candidates.length)];
				const payload = Buffer.from(JSON.stringify(envelope), 'utf8');
				const size = this.emu.config.wsFragmentSize;
				const parts: Buffer[] = [];
				if (size > 0 && payload.length > size)
					for (let i = 0; i < payload.length; i += size) parts.push(payload.subarray(i, i + size));
				else parts.push(payload);
				d.fragments = parts.length;
				const messageId = randomHex(32);
				const traceId = randomHex(32);
				const timer = setTimeout(() => {
					if (this.pending.delete(messageId)) resolve({ ok: false, status: 'ack_timeout' });
				}, this.emu.config.wsAckTimeoutMs);
				this.pending.set(messageId, {
					conn,
					resolve: (r) => {
						clearTimeout(timer);
						resolve(r);
					},
				});
				parts.forEach((part, i) => {
					const n = ++this.seq;
					this.send(conn, {
						SeqID: n,
						LogID: n,
						service: conn.serviceId,
						method: FRAME_DATA,
						headers: [
							{ key: 'type', value: 'event' },
							{ key: 'message_id', value: messageId },
							{ key: 'sum', value: String(parts.length) },
							{ key: 'seq', value: String(i) },
							{ key: 'trace_id', value: traceId },
						],
						payload: part,
					});
				});
			});
	}

	/** Fault drop_connections: the server closes every socket. */
	dropAll(): number {
		const n = this.conns.size;
		for (const c of [...this.conns]) {
			try {
				c.socket.close(1000, 'server closed the connection');
			} catch {
				c.socket.terminate();
			}
			setTimeout(() => c.socket.terminate(), 1000).unref();
		}
		return n;
	}

	status(): Array<Record<string, unknown>> {
		return [...this.conns].map((c) => ({
			id: c.id,
			app_id: c.appId,
			device_id: c.deviceId,
			opened_at: c.openedAt,
		}));
	}

	close(): void {
		for (const c of this.conns) c.socket.terminate();
		this.conns.clear();
		for (const p of this.pending.values()) p.resolve({ ok: false, status: 'emulator_closed' });
		this.pending.clear();
		this.wss.close();
	}
}
