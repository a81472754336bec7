/** A tiny HTTP sink the bench workflows post to ({event_id}), so the bench sees exactly which events ran. */
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';

export class Sink {
	/** event id → arrival times (ms since epoch) of each execution that reported it. */
	readonly hits = new Map<string, number[]>();
	total = 0;
	private server?: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			let body = '';
			req.setEncoding('utf8');
			req.on('data', (c: string) => (body += c));
			req.on('end', () => {
				try {
					const id = String((JSON.parse(body) as { event_id?: unknown }).event_id);
					const list = this.hits.get(id) ?? [];
					list.push(Date.now());
					this.hits.set(id, list);
					this.total++;
				} catch {
					// Not ours; still answer so the workflow does not fail.
				}
				res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			});
		});
		this.server.keepAliveTimeout = 10_000;
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/sink`;
	}

	clear(): void {
		this.hits.clear();
		this.total = 0;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}
}
