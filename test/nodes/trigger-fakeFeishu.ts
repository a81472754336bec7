/**
 * A small fake of Feishu's long-connection side for tests: POST /callback/ws/endpoint and a WebSocket
 * speaking pbbp2 frames with the official SDK's codec. Delivers events at least once: unacknowledged
 * events are pushed again to the next connection.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import http from 'http';
import type { AddressInfo } from 'net';

import { sdkDecode, sdkEncode, type SdkFrame } from '../unit/trigger-sdk';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { WebSocketServer } = require('ws') as { WebSocketServer: any };

export const SERVICE_ID = 33554678;

/** Client limits for fast tests: intervals down to 10 ms (production bounds: longConnection/limits.ts). */
export const LOOSE_LIMITS = {
	minPingMs: 10,
	maxPingMs: 600_000,
	minReconnectMs: 10,
	maxReconnectMs: 600_000,
	maxNonceMs: 120_000,
};

export interface ClientConfigSeconds {
	PingInterval: number;
	ReconnectCount: number;
	ReconnectInterval: number;
	ReconnectNonce: number;
}

export interface FakeOptions {
	appId: string;
	appSecret: string;
	clientConfig?: ClientConfigSeconds;
	/** Sent back in pong frames when set. */
	pongConfig?: ClientConfigSeconds;
}

interface ServerSocket {
	readyState: number;
	send(data: Uint8Array): void;
	close(code?: number): void;
	terminate(): void;
	on(event: string, fn: (...args: unknown[]) => void): void;
}

export interface Received {
	frame: SdkFrame;
	at: number;
	connection: number;
}

const headerOf = (frame: SdkFrame, key: string) => frame.headers.find((h) => h.key === key)?.value;

export class FakeFeishu {
	url = '';
	endpointCalls = 0;
	/** Override the endpoint answer: return [httpStatus, body]. */
	endpoint: ((body: { AppID?: string; AppSecret?: string }) => [number, unknown]) | undefined;
	readonly pings: Received[] = [];
	readonly acks: Received[] = [];
	readonly closes: Array<{ connection: number; code: number }> = [];
	connectionCount = 0;
	/** When false the server stays silent on pings (a dead link). */
	answerPings = true;
	/** When true the server closes every connection right after accepting it (a flapping server). */
	closeOnOpen = false;
	/** The AppSecret of every endpoint call, in order. */
	readonly endpointSecrets: string[] = [];
	private sockets: Array<{ id: number; socket: ServerSocket }> = [];
	private readonly unacked = new Map<string, SdkFrame[]>();
	private server!: http.Server;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	private wss: any;
	private seq = 0;

	constructor(readonly options: FakeOptions) {}

	get openConnections(): number {
		return this.sockets.filter((s) => s.socket.readyState === 1).length;
	}

	async start(): Promise<void> {
		this.server = http.createServer((req, res) => this.onHttp(req, res));
		this.wss = new WebSocketServer({ noServer: true });
		this.server.on('upgrade', (req, socket, head) => {
			if (!req.url?.startsWith('/ws/v2')) {
				socket.destroy();
				return;
			}
			this.wss.handleUpgrade(req, socket, head, (ws: ServerSocket) => this.onConnection(ws));
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	async stop(): Promise<void> {
		for (const { socket } of this.sockets) socket.terminate();
		this.wss.close();
		this.server.closeAllConnections?.();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Kills every connection without a close handshake (like a network drop). */
	dropAll(): void {
		for (const { socket } of this.sockets) socket.terminate();
	}

	/**
	 * Sends an event, split into `parts` fragments sent in `order`. If no client is connected it is
	 * queued and pushed to the next connection; it is pushed again until acknowledged.
	 */
	sendEvent(envelope: unknown, parts = 1, order?: number[]): string {
		const messageId = `msg-${++this.seq}`;
		const bytes = Buffer.from(JSON.stringify(envelope), 'utf8');
		const size = Math.ceil(bytes.length / parts);
		const frames: SdkFrame[] = [];
		for (let i = 0; i < parts; i++) {
			frames.push({
				SeqID: this.seq * 10 + i,
				LogID: this.seq,
				service: SERVICE_ID,
				method: 1,
				headers: [
					{ key: 'type', value: 'event' },
					{ key: 'message_id', value: messageId },
					{ key: 'sum', value: String(parts) },
					{ key: 'seq', value: String(i) },
					{ key: 'trace_id', value: `trace-${this.seq}` },
				],
				payload: bytes.subarray(i * size, (i + 1) * size),
			});
		}
		const ordered = (order ?? frames.map((_f, i) => i)).map((i) => frames[i]);
		this.unacked.set(messageId, ordered);
		const target = this.sockets.find((s) => s.socket.readyState === 1);
		if (target) for (const frame of ordered) target.socket.send(sdkEncode(frame));
		return messageId;
	}

	/** Sends raw frames on the first open connection. */
	sendFrame(frame: SdkFrame): void {
		this.sockets.find((s) => s.socket.readyState === 1)?.socket.send(sdkEncode(frame));
	}

	/** Sends raw bytes as one binary message on the first open connection. */
	sendRaw(bytes: Uint8Array): void {
		this.sockets.find((s) => s.socket.readyState === 1)?.socket.send(bytes);
	}

	acksFor(messageId: string): Received[] {
		return this.acks.filter((a) => headerOf(a.frame, 'message_id') === messageId);
	}

	async waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
		const end = Date.now() + timeoutMs;
		while (!condition()) {
			if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
			await new Promise((r) => setTimeout(r, 10));
		}
	}

	private onHttp(req: http.IncomingMessage, res: http.ServerResponse): void {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			if (req.method !== 'POST' || req.url !== '/callback/ws/endpoint') {
				res.writeHead(404).end();
				return;
			}
			this.endpointCalls++;
			const body = JSON.parse(raw || '{}') as { AppID?: string; AppSecret?: string };
			this.endpointSecrets.push(body.AppSecret ?? '');
			const [status, answer] =
				req.headers.locale !== 'zh'
					? [400, { code: 400, msg: 'locale header missing' }]
					: (this.endpoint?.(body) ?? this.defaultEndpoint(body));
			res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
		});
	}

	/** The normal endpoint answer (checks the app id and secret). */
	defaultEndpoint(body: { AppID?: string; AppSecret?: string }): [number, unknown] {
		if (body.AppID !== this.options.appId || body.AppSecret !== this.options.appSecret) {
			return [200, { code: 10014, msg: 'app secret invalid' }];
		}
		const port = (this.server.address() as AddressInfo).port;
		return [
			200,
			{
				code: 0,
				msg: 'ok',
				data: {
					URL: `ws://127.0.0.1:${port}/ws/v2?fpid=1&device_id=dev-${this.endpointCalls}&service_id=${SERVICE_ID}&ticket=t${this.endpointCalls}`,
					ClientConfig: this.options.clientConfig ?? {
						PingInterval: 0.2,
						ReconnectCount: -1,
						ReconnectInterval: 0.1,
						ReconnectNonce: 0.05,
					},
				},
			},
		];
	}

	private onConnection(socket: ServerSocket): void {
		const id = ++this.connectionCount;
		this.sockets.push({ id, socket });
		socket.on('close', (code) => {
			this.closes.push({ connection: id, code: code as number });
			this.sockets = this.sockets.filter((s) => s.socket !== socket);
		});
		socket.on('message', (data) => {
			const frame = sdkDecode(new Uint8Array(data as Buffer));
			const type = headerOf(frame, 'type');
			if (frame.method === 0 && type === 'ping') {
				this.pings.push({ frame, at: Date.now(), connection: id });
				if (!this.answerPings) return;
				const pong: SdkFrame = {
					SeqID: 0,
					LogID: 0,
					service: frame.service,
					method: 0,
					headers: [{ key: 'type', value: 'pong' }],
				};
				if (this.options.pongConfig)
					pong.payload = Buffer.from(JSON.stringify(this.options.pongConfig));
				socket.send(sdkEncode(pong));
			} else if (frame.method === 1) {
				this.acks.push({ frame, at: Date.now(), connection: id });
				const messageId = headerOf(frame, 'message_id') ?? '';
				const code = JSON.parse(Buffer.from(frame.payload ?? []).toString() || '{}').code;
				if (code === 200) this.unacked.delete(messageId);
			}
		});
		if (this.closeOnOpen) {
			socket.close(1000);
			return;
		}
		// At-least-once: whatever was not acknowledged goes to the new connection.
		for (const frames of this.unacked.values())
			for (const frame of frames) socket.send(sdkEncode(frame));
	}
}
