/** A request with exactly the headers given (fetch fills in Host and may add others): for Host / Origin tests. */
import { request } from 'node:http';

export function rawRequest(
	url: string,
	opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: any; text: string }> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{ method: opts.method ?? 'GET', headers: opts.headers ?? {}, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let body: unknown = text;
					try {
						body = JSON.parse(text);
					} catch {
						/* not JSON */
					}
					resolve({ status: res.statusCode ?? 0, body, text });
				});
			},
		);
		req.on('error', reject);
		req.end(opts.body);
	});
}
