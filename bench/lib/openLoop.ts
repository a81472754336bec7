/**
 * An open-loop sender: requests go out on a fixed schedule whatever the server's answers (as Feishu sends
 * events), each on a keep-alive socket; the latency of each is measured until the answer has been read.
 */
import { Agent, request } from 'http';

import { msSince } from './stats';

export interface Scheduled {
	/** Milliseconds after the start. */
	at: number;
	/** Built at send time (fresh timestamp and nonce). */
	make(): { raw: Buffer; headers: Record<string, string> };
	tag: string;
}

export interface Sent {
	tag: string;
	status: number | string;
	/** The start of the answer's body (for explaining failures). */
	body: string;
	latencyMs: number;
	/** How late the send was against its schedule (the sender's own lag). */
	lagMs: number;
}

/** One POST; gives up after timeoutMs in total (socket wait and connect included), like Feishu's sender. */
function send(
	agent: Agent,
	u: URL,
	raw: Buffer,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<Answer> {
	return new Promise((resolve) => {
		let done = false;
		const finish = (a: Answer) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			resolve(a);
		};
		const req = request(
			u,
			{ method: 'POST', agent, headers: { ...headers, 'content-length': String(raw.length) } },
			(res) => {
				let body = '';
				res.setEncoding('utf8');
				res.on('data', (c: string) => {
					if (body.length < 300) body += c.slice(0, 300 - body.length);
				});
				res.on('end', () => finish({ status: res.statusCode ?? 0, body }));
				res.on('error', (e) => finish({ status: e.message, body }));
			},
		);
		const timer = setTimeout(() => {
			finish({ status: 'timeout', body: '' });
			req.destroy();
		}, timeoutMs);
		req.on('error', (e) => finish({ status: e.message, body: '' }));
		req.end(raw);
	});
}

interface Answer {
	status: number | string;
	body: string;
}

export async function openLoop(
	url: string,
	schedule: Scheduled[],
	timeoutMs = 10_000,
): Promise<Sent[]> {
	const agent = new Agent({ keepAlive: true, maxSockets: 512 });
	const u = new URL(url);
	const sorted = [...schedule].sort((a, b) => a.at - b.at);
	const out: Array<Promise<Sent>> = [];
	const t0 = process.hrtime.bigint();
	let i = 0;
	while (i < sorted.length) {
		const now = msSince(t0);
		while (i < sorted.length && sorted[i].at <= now) {
			const item = sorted[i++];
			const { raw, headers } = item.make();
			const start = process.hrtime.bigint();
			const lagMs = msSince(t0) - item.at;
			out.push(
				send(agent, u, raw, headers, timeoutMs).then(({ status, body }) => ({
					tag: item.tag,
					status,
					body,
					latencyMs: msSince(start),
					lagMs,
				})),
			);
		}
		await new Promise((r) =>
			setTimeout(r, Math.max(0, Math.min(5, (sorted[i]?.at ?? now) - msSince(t0)))),
		);
	}
	const results = await Promise.all(out);
	agent.destroy();
	return results;
}
