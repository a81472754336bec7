/** A closed-loop HTTP load generator: N requests in flight over keep-alive sockets for a fixed time. */
import { Agent, request } from 'http';

import { msSince } from './stats';

export interface LoadOptions {
	url: string;
	method?: string;
	headers?: Record<string, string>;
	body?: string;
	concurrency: number;
	durationMs: number;
	warmupMs?: number;
	/** True when an answer counts as a success (default: HTTP 200 and Feishu code 0 when JSON has one). */
	ok?: (status: number, body: string) => boolean;
}

export interface LoadResult {
	requests: number;
	errors: number;
	seconds: number;
	perSecond: number;
	latenciesMs: number[];
	firstError?: string;
}

const defaultOk = (status: number, body: string) =>
	status === 200 && !/"code":\s*[1-9]/.test(body.slice(0, 40));

function once(agent: Agent, u: URL, o: LoadOptions): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const req = request(u, { method: o.method ?? 'GET', headers: o.headers, agent }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(o.body);
	});
}

export async function closedLoop(o: LoadOptions): Promise<LoadResult> {
	const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
	const u = new URL(o.url);
	const ok = o.ok ?? defaultOk;
	const warmupEnd = Date.now() + (o.warmupMs ?? 500);
	let measuring = false;
	let t0 = process.hrtime.bigint();
	let end = Infinity;
	const result: LoadResult = { requests: 0, errors: 0, seconds: 0, perSecond: 0, latenciesMs: [] };
	const worker = async () => {
		while (Date.now() < end) {
			const start = process.hrtime.bigint();
			let good = false;
			try {
				const r = await once(agent, u, o);
				good = ok(r.status, r.body);
				if (!good) result.firstError ??= `${r.status} ${r.body.slice(0, 200)}`;
			} catch (error) {
				result.firstError ??= (error as Error).message;
			}
			if (!measuring && Date.now() >= warmupEnd) {
				measuring = true;
				t0 = process.hrtime.bigint();
				end = Date.now() + o.durationMs;
			}
			if (measuring && start >= t0) {
				result.requests++;
				if (!good) result.errors++;
				result.latenciesMs.push(msSince(start));
			}
		}
	};
	await Promise.all(Array.from({ length: o.concurrency }, worker));
	agent.destroy();
	result.seconds = msSince(t0) / 1000;
	result.perSecond = result.requests / result.seconds;
	return result;
}
