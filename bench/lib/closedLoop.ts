/**
 * A closed-loop sender for throughput: `concurrency` senders, each posting its next request as soon as the
 * previous one is answered, spread over one or more URLs (a load balancer in front of several processes).
 */
import { Agent, request } from 'http';

export interface ClosedLoopResult {
	elapsedMs: number;
	/** Answers by HTTP status (or error text). */
	statuses: Record<string, number>;
}

function post(
	agent: Agent,
	url: URL,
	raw: Buffer,
	headers: Record<string, string>,
): Promise<string> {
	return new Promise((resolve) => {
		const req = request(
			url,
			{ method: 'POST', agent, headers: { ...headers, 'content-length': String(raw.length) } },
			(res) => {
				res.resume();
				res.on('end', () => resolve(String(res.statusCode)));
				res.on('error', (e) => resolve(e.message));
			},
		);
		req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
		req.on('error', (e) => resolve(e.message));
		req.end(raw);
	});
}

/** Sends every request once; sender i always uses urls[i % urls.length]. */
export async function closedLoop(
	urls: string[],
	requests: Array<() => { raw: Buffer; headers: Record<string, string> }>,
	concurrency: number,
): Promise<ClosedLoopResult> {
	const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: concurrency }));
	const targets = urls.map((u) => new URL(u));
	const statuses: Record<string, number> = {};
	let next = 0;
	const t0 = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async (_, sender) => {
			const which = sender % urls.length;
			while (next < requests.length) {
				const { raw, headers } = requests[next++]();
				const status = await post(agents[which], targets[which], raw, headers);
				statuses[status] = (statuses[status] ?? 0) + 1;
			}
		}),
	);
	const elapsedMs = Date.now() - t0;
	agents.forEach((a) => a.destroy());
	return { elapsedMs, statuses };
}
