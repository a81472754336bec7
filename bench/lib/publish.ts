/** POSTs many JSON bodies to one URL with a fixed number in flight over keep-alive sockets. */
import { Agent, request } from 'http';

function post(agent: Agent, u: URL, body: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(
			u,
			{
				method: 'POST',
				agent,
				headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
			},
			(res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			},
		);
		req.on('error', reject);
		req.end(body);
	});
}

/** Resolves with the number of non-200 answers. */
export async function postMany(
	url: string,
	bodies: unknown[],
	concurrency: number,
): Promise<number> {
	const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
	const u = new URL(url);
	let next = 0;
	let failed = 0;
	const worker = async () => {
		while (next < bodies.length) {
			const body = JSON.stringify(bodies[next++]);
			if ((await post(agent, u, body)) !== 200) failed++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	agent.destroy();
	return failed;
}
