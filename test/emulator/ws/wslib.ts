/** Minimal typings for the `ws` package (installed, hoisted, as a dependency of the official SDK; no @types/ws). */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export interface WsSocket {
	readyState: number;
	send(data: Buffer, opts: { binary: boolean }, cb?: (err?: Error) => void): void;
	close(code?: number, reason?: string): void;
	terminate(): void;
	on(event: 'message', fn: (data: Buffer, isBinary: boolean) => void): void;
	on(event: 'close', fn: () => void): void;
	on(event: 'error', fn: (e: Error) => void): void;
}

export interface WsServer {
	handleUpgrade(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		cb: (ws: WsSocket) => void,
	): void;
	close(cb?: () => void): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ws = require('ws') as {
	WebSocketServer: new (opts: { noServer: true; maxPayload?: number }) => WsServer;
	OPEN: number;
};

export const WebSocketServer = ws.WebSocketServer;
export const OPEN = 1;
