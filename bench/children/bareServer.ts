/** The baseline for the emulator's ceiling: a bare node:http server answering a fixed Feishu-shaped JSON body. */
import { createServer } from 'http';
import type { AddressInfo } from 'net';

const body = process.argv[2] ?? '{"code":0,"msg":"success","data":{}}';
const server = createServer((req, res) => {
	req.resume();
	req.on('end', () => {
		res.writeHead(200, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': Buffer.byteLength(body),
		});
		res.end(body);
	});
});
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => {
	console.log(
		`bare server listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`,
	);
});
process.on('SIGTERM', () => process.exit(0));
