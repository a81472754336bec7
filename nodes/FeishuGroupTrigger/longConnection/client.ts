import {
	adoptClientConfig,
	DEFAULT_CLIENT_CONFIG,
	fetchEndpoint,
	type ClientConfig,
	type HttpRequest,
} from './endpoint';
import { DEFAULT_FRAGMENT_LIMITS, FragmentBuffer, type FragmentLimits } from './fragments';
import { clampClientConfig, DEFAULT_LIMITS, type ClientLimits } from './limits';
import {
	decodeFrame,
	encodeFrame,
	FRAME_CONTROL,
	FRAME_DATA,
	headerValue,
	type Frame,
} from './frame';
import { pause } from './wait';

/** The part of the WHATWG WebSocket the client uses (Node >= 22 has it as a global). */
export interface SocketLike {
	binaryType: string;
	readonly readyState: number;
	send(data: Uint8Array): void;
	close(code?: number, reason?: string): void;
	addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;

export interface ConnectInfo {
	request: HttpRequest;
	baseUrl: string;
	appSecret: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LongConnectionOptions {
	appId: string;
	/** Asked before every connection attempt, so a changed secret or a new subscriber's helpers apply. */
	connectInfo: () => ConnectInfo;
	/** A complete event payload (UTF-8 JSON). Resolve true once it is handed over; false/throw = ack 500. */
	onEvent: (
		payload: Uint8Array,
		meta: { messageId: string; traceId: string },
	) => Promise<boolean> | boolean;
	/** The client gave up (refused credentials, reconnect attempts exhausted); it is closed now. */
	onFatal: (message: string) => void;
	createSocket: SocketFactory;
	log?: (level: LogLevel, message: string) => void;
	/** Granularity of the waits (ms); small values make tests fast. */
	stepMs?: number;
	handshakeTimeoutMs?: number;
	/** How long fragments of a split message are kept (the SDKs use 5-10 s). */
	fragmentTtlMs?: number;
	/** Bounds on fragment counts and held bytes (defaults in fragments.ts). */
	fragmentLimits?: Partial<FragmentLimits>;
	/** Bounds on the server's intervals (defaults in limits.ts); tests loosen them. */
	limits?: Partial<ClientLimits>;
	/** How long the client may stay without a working connection before it gives up (ms). */
	graceMs?: number;
	/** Intervals Feishu sent to an earlier connection of this app, used until it sends new ones. */
	initialConfig?: ClientConfig;
	random?: () => number;
}

type Attempt = { status: 'connected' } | { status: 'retry' | 'fatal'; message: string };

/** Long enough for a short network blip plus one of Feishu's own retries; short enough to be noticed. */
export const DEFAULT_GRACE_MS = 120_000;

/**
 * One Feishu long connection (events.md §3): fresh endpoint per attempt, WebSocket of protobuf frames,
 * ping loop with server-adjusted interval, reassembly of split payloads, an ack per event after it was
 * handed over, and reconnects with ReconnectInterval / ReconnectCount plus ReconnectNonce jitter.
 */
export class LongConnectionClient {
	private closed = false;
	private socket: SocketLike | undefined;
	private config: ClientConfig = { ...DEFAULT_CLIENT_CONFIG };
	private serviceId = 0;
	private lastInboundAt = 0;
	private readonly fragments: FragmentBuffer;
	private readonly limits: ClientLimits;
	private readonly graceMs: number;
	/** Start of the current outage: set at start and whenever a connection that had been stable drops. */
	private outageSince: number | undefined;
	private connectedAt = 0;
	private lastAttemptAt = 0;
	private supervising = false;
	/** Sockets that take no more events (closed, dropped, failed): their events stay unacknowledged. */
	private readonly retired = new WeakSet<SocketLike>();
	/** Resolves when the current socket is gone (closed, dropped, abandoned) or the client closes. */
	private socketGone: Promise<void> = Promise.resolve();
	private markSocketGone: () => void = () => {};
	/** Number of successful connections so far (tests and logs). */
	connections = 0;

	constructor(private readonly options: LongConnectionOptions) {
		this.limits = { ...DEFAULT_LIMITS, ...options.limits };
		this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
		this.config = clampClientConfig(options.initialConfig ?? this.config, this.limits);
		this.fragments = new FragmentBuffer(
			{
				...DEFAULT_FRAGMENT_LIMITS,
				...(options.fragmentTtlMs !== undefined && { ttlMs: options.fragmentTtlMs }),
				...options.fragmentLimits,
			},
			Date.now,
			(messageId, why) => this.log('warn', `Incomplete message ${messageId} dropped: ${why}`),
		);
	}

	get isOpen(): boolean {
		return this.socket !== undefined && this.socket.readyState === OPEN;
	}

	get clientConfig(): ClientConfig {
		return { ...this.config };
	}

	/**
	 * Makes the first connection attempt. A refusal (bad secret, 403, no long connections on this host)
	 * rejects with a readable message; a transient failure resolves and keeps retrying in the background.
	 */
	async start(): Promise<void> {
		this.outageSince = Date.now();
		const first = await this.attempt();
		if (this.closed) return;
		if (first.status === 'fatal') {
			this.closed = true;
			throw new Error(first.message);
		}
		if (first.status === 'retry')
			this.log('warn', `Long connection failed, will retry: ${first.message}`);
		this.supervising = true;
		void this.supervise(first.status === 'connected').finally(() => (this.supervising = false));
	}

	/** Closes the socket and stops all loops; safe to call twice. */
	async close(): Promise<void> {
		if (this.closed && !this.socket) return;
		this.closed = true;
		const socket = this.socket;
		this.socket = undefined;
		if (socket) this.retired.add(socket);
		if (socket && socket.readyState <= OPEN) {
			try {
				socket.close(1000, 'closed by n8n');
			} catch (error) {
				this.log('debug', `Closing the socket failed: ${(error as Error).message}`);
			}
		}
		this.fragments.clear();
		this.markSocketGone();
		// Let a reconnect attempt in flight notice the close (bounded: an endpoint call may hang).
		await pause(2_000, () => !this.supervising, this.options.stepMs ?? 50);
	}

	private log(level: LogLevel, message: string): void {
		this.options.log?.(level, message);
	}

	private stopped = (): boolean => this.closed;

	private async supervise(connected: boolean): Promise<void> {
		let lastError = '';
		const remaining = () => (this.outageSince ?? Date.now()) + this.graceMs - Date.now();
		// Waits end early at the grace deadline, so one last attempt happens before giving up.
		const untilDeadline = (ms: number) => Math.min(ms, remaining());
		const outageSeconds = () => Math.round((Date.now() - (this.outageSince ?? Date.now())) / 1000);
		while (!this.closed) {
			if (connected) {
				await this.waitForClose();
				if (this.closed) return;
				this.log('warn', 'Long connection dropped; reconnecting');
				// A connection that stayed up a while ends an outage; one that drops at once does not,
				// so a server that accepts and closes again cannot keep the client busy forever.
				if (Date.now() - this.connectedAt >= Math.min(30_000, this.graceMs)) {
					this.outageSince = Date.now();
				} else if (remaining() <= 0) {
					return this.fail(
						`No working connection for ${outageSeconds()} s: the server keeps closing it`,
					);
				}
			}
			// Spread reconnects of many clients (ReconnectNonce), then retry every ReconnectInterval.
			const random = this.options.random ?? Math.random;
			await pause(
				untilDeadline(random() * this.config.reconnectNonceMs),
				this.stopped,
				this.options.stepMs,
			);
			connected = false;
			for (let attempts = 1; !this.closed; attempts++) {
				const result = await this.attempt();
				if (result.status === 'connected') {
					connected = true;
					break;
				}
				if (this.closed) return;
				lastError = result.message;
				if (result.status === 'fatal') return this.fail(result.message);
				const { reconnectCount } = this.config;
				if (reconnectCount >= 0 && attempts >= reconnectCount) {
					return this.fail(`Gave up after ${attempts} reconnect attempts: ${lastError}`);
				}
				if (remaining() <= 0) {
					return this.fail(`No working connection for ${outageSeconds()} s: ${lastError}`);
				}
				this.log('warn', `Reconnect attempt ${attempts} failed: ${result.message}`);
				await pause(
					untilDeadline(this.config.reconnectIntervalMs),
					this.stopped,
					this.options.stepMs,
				);
			}
		}
	}

	private fail(message: string): void {
		this.closed = true;
		this.options.onFatal(message);
	}

	private async waitForClose(): Promise<void> {
		await this.socketGone;
	}

	/** Forgets the current socket and wakes the supervisor to reconnect. */
	private abandon(socket: SocketLike): void {
		this.retired.add(socket);
		if (this.socket !== socket) return;
		this.socket = undefined;
		this.markSocketGone();
	}

	private async attempt(): Promise<Attempt> {
		// Never two endpoint calls (each carries the secret) closer than the minimum reconnect interval.
		if (this.lastAttemptAt > 0) {
			await pause(
				this.lastAttemptAt + this.limits.minReconnectMs - Date.now(),
				this.stopped,
				this.options.stepMs,
			);
			if (this.closed) return { status: 'retry', message: 'closed' };
		}
		this.lastAttemptAt = Date.now();
		const info = this.options.connectInfo();
		const endpoint = await fetchEndpoint(
			info.request,
			info.baseUrl,
			this.options.appId,
			info.appSecret,
			this.config,
			this.limits,
		);
		if (!endpoint.ok)
			return { status: endpoint.retryable ? 'retry' : 'fatal', message: endpoint.message };
		if (this.closed) return { status: 'retry', message: 'closed' };
		this.config = endpoint.config;
		this.serviceId = endpoint.serviceId;

		let socket: SocketLike;
		try {
			socket = this.options.createSocket(endpoint.url);
			socket.binaryType = 'arraybuffer';
		} catch (error) {
			return { status: 'retry', message: `Cannot open the WebSocket: ${(error as Error).message}` };
		}
		// The handshake outcome: undici's WebSocket exposes no handshake headers, so every failure is retryable.
		let outcome: 'open' | 'failed' | undefined;
		socket.addEventListener('open', () => (outcome ??= 'open'));
		socket.addEventListener('error', () => (outcome ??= 'failed'));
		socket.addEventListener('close', () => {
			outcome ??= 'failed';
			this.abandon(socket);
		});
		socket.addEventListener('message', (event) => void this.onMessage(socket, event.data));
		await pause(
			this.options.handshakeTimeoutMs ?? 15_000,
			() => outcome !== undefined || this.closed,
			this.options.stepMs ?? 50,
		);
		if (outcome !== 'open' || this.closed) {
			this.retired.add(socket);
			try {
				socket.close();
			} catch (error) {
				this.log('debug', `Closing a failed socket failed: ${(error as Error).message}`);
			}
			return {
				status: 'retry',
				message:
					outcome === undefined ? 'WebSocket handshake timed out' : 'WebSocket handshake failed',
			};
		}
		this.socket = socket;
		this.socketGone = new Promise<void>((resolve) => (this.markSocketGone = resolve));
		if (socket.readyState > OPEN) this.abandon(socket); // closed again in the meantime
		this.connections++;
		this.lastInboundAt = Date.now();
		this.connectedAt = Date.now();
		this.log('info', 'Long connection established');
		void this.pingLoop(socket);
		return { status: 'connected' };
	}

	private send(socket: SocketLike, frame: Frame): void {
		if (socket.readyState !== OPEN) return; // the server re-pushes unacknowledged events
		socket.send(encodeFrame(frame));
	}

	private async pingLoop(socket: SocketLike): Promise<void> {
		const gone = () => this.closed || this.socket !== socket;
		while (!gone()) {
			// Any inbound frame proves life; after three silent ping intervals assume a dead link.
			if (Date.now() - this.lastInboundAt > 3 * this.config.pingIntervalMs) {
				this.log('warn', 'No frames from the server for three ping intervals; reconnecting');
				socket.close(4000, 'ping timeout');
				// Do not wait for the close handshake of a dead link.
				this.abandon(socket);
				return;
			}
			this.send(socket, {
				seqId: 0n,
				logId: 0n,
				service: this.serviceId,
				method: FRAME_CONTROL,
				headers: [{ key: 'type', value: 'ping' }],
			});
			await pause(this.config.pingIntervalMs, gone, this.options.stepMs);
		}
	}

	private async onMessage(socket: SocketLike, data: unknown): Promise<void> {
		// A socket being closed (n8n deactivating a workflow) takes nothing more: what it does not
		// acknowledge, Feishu delivers again.
		if (this.closed || this.retired.has(socket)) return;
		let bytes: Uint8Array;
		if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
		else if (ArrayBuffer.isView(data))
			bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
		else return; // text frames are not part of the protocol
		this.lastInboundAt = Date.now();
		let frame: Frame;
		try {
			frame = decodeFrame(bytes);
		} catch (error) {
			this.log('error', `Undecodable frame dropped: ${(error as Error).message}`);
			return;
		}
		const type = headerValue(frame, 'type');
		if (frame.method === FRAME_CONTROL) {
			if (type === 'pong' && frame.payload && frame.payload.length > 0) {
				try {
					this.config = adoptClientConfig(
						this.config,
						JSON.parse(new TextDecoder().decode(frame.payload)),
						this.limits,
					);
				} catch (error) {
					this.log('warn', `Invalid pong payload: ${(error as Error).message}`);
				}
			}
			return;
		}
		if (frame.method !== FRAME_DATA || type !== 'event') return;
		const messageId = headerValue(frame, 'message_id') ?? '';
		const fragment = this.fragments.add(
			{ messageId, sum: headerValue(frame, 'sum'), seq: headerValue(frame, 'seq') },
			frame.payload ?? new Uint8Array(0),
		);
		if (fragment.status === 'dropped') {
			// The id comes from the server as is: only its start goes into n8n's log.
			const shownId = messageId.length > 64 ? `${messageId.slice(0, 64)}…` : messageId;
			this.log('error', `Fragment of message ${shownId} dropped: ${fragment.reason}`);
			return;
		}
		if (fragment.status === 'incomplete') return;
		const startedAt = Date.now();
		let ok = false;
		try {
			ok = await this.options.onEvent(fragment.payload, {
				messageId,
				traceId: headerValue(frame, 'trace_id') ?? '',
			});
		} catch (error) {
			this.log('error', `Event ${messageId} could not be handed over: ${(error as Error).message}`);
		}
		if (this.closed || this.retired.has(socket)) {
			this.log('debug', `Event ${messageId} not acknowledged: the connection is closing`);
			return;
		}
		// The ack is the received (last) fragment with biz_rt appended and an HTTP-like code as payload.
		this.send(socket, {
			...frame,
			headers: [...frame.headers, { key: 'biz_rt', value: String(Date.now() - startedAt) }],
			payload: new TextEncoder().encode(JSON.stringify({ code: ok ? 200 : 500 })),
		});
	}
}
