/** Free TCP ports on 127.0.0.1, so suites never collide with each other or with `npm start` (5678/5679). */
import * as net from 'net';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** Two distinct free ports (n8n's HTTP port and its task-runner broker port). */
export async function freePorts(n: number): Promise<number[]> {
	const ports: number[] = [];
	while (ports.length < n) {
		const p = await freePort();
		if (!ports.includes(p)) ports.push(p);
	}
	return ports;
}
