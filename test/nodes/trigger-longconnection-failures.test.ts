/**
 * Issue 17, item 12: a long connection Feishu refuses, or that cannot connect for longer than a short
 * grace period, is reported the way n8n reports a broken trigger: a definite refusal fails activation;
 * later, emitError (n8n shows the error, runs the error workflow and re-activates with backoff). A
 * transient refusal still reconnects without an error.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';

import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { socketFactoryOverride } from '../../nodes/FeishuGroupTrigger/trigger';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';
import { triggerContext } from './trigger-context';
import { LOOSE_LIMITS, type FakeFeishu } from './trigger-fakeFeishu';
import { useFakeFeishu } from './trigger-fakeFeishuSession';

const node = new FeishuGroupTrigger();
const SECRET = 'failures-secret';
const GRACE_MS = 600;
let fake: FakeFeishu;
const closers = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET, clientConfig: fastRetries }),
	(started) => (fake = started),
);
const credentials = () => ({
	platform: 'custom',
	baseUrl: `${fake.url}/`,
	appId: SAMPLE_APP_ID,
	appSecret: SECRET,
});
const fastRetries = {
	PingInterval: 1,
	ReconnectCount: -1, // forever, as Feishu sends by default: only the grace period ends it
	ReconnectInterval: 0.05,
	ReconnectNonce: 0,
};

beforeAll(() =>
	Object.assign(socketFactoryOverride, {
		stepMs: 10,
		settleMs: 0,
		graceMs: GRACE_MS,
		limits: LOOSE_LIMITS,
	}),
);
afterAll(() => {
	for (const key of ['stepMs', 'settleMs', 'graceMs', 'limits'] as const)
		delete socketFactoryOverride[key];
});

async function activate() {
	const harness = triggerContext({
		credentials: credentials(),
		params: { connection: 'longConnection' },
	});
	const response = await node.trigger.call(harness.ctx);
	closers.push(response.closeFunction!);
	return harness;
}

describe('a long connection Feishu refuses does not look active', () => {
	it('HTTP 503 at activation and ever after: activation succeeds, then emitError after the grace period', async () => {
		fake.endpoint = () => [503, { msg: 'service unavailable' }];
		const harness = await activate();
		expect(harness.errors).toEqual([]);
		await fake.waitFor(() => harness.errors.length === 1, 5000, 'emitError');
		expect(harness.errors[0]).toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(
				/^Feishu long connection stopped: No working connection for \d+ s: .*HTTP 503/,
			),
		});
		expect(fake.endpointCalls).toBeGreaterThan(2); // it did retry first
	});

	it('a "busy" code (1) that lasts: emitError after the grace period', async () => {
		const harness = await activate();
		await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
		fake.endpoint = () => [200, { code: 1, msg: 'system busy' }];
		fake.dropAll();
		await fake.waitFor(() => harness.errors.length === 1, 5000, 'emitError');
		expect(harness.errors[0].message).toMatch(/No working connection .*Feishu is busy \(code 1/);
	});

	it('a transient refusal still reconnects, with no error', async () => {
		const harness = await activate();
		await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
		let busy = 2;
		fake.endpoint = (body) =>
			busy-- > 0 ? [200, { code: 1000040343, msg: 'internal error' }] : fake.defaultEndpoint(body);
		fake.dropAll();
		await fake.waitFor(
			() => fake.connectionCount === 2 && fake.openConnections === 1,
			3000,
			'reconnect',
		);
		const messageId = fake.sendEvent(sample('im.chat.updated_v1', 'f'.repeat(32)));
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		await new Promise((r) => setTimeout(r, GRACE_MS));
		expect(harness.emitted).toHaveLength(1);
		expect(harness.errors).toEqual([]);
	});

	it('HTTP 401 from the endpoint fails activation (a refusal, not Feishu being busy)', async () => {
		fake.endpoint = () => [401, { msg: 'unauthorized' }];
		const harness = triggerContext({
			credentials: credentials(),
			params: { connection: 'longConnection' },
		});
		await expect(node.trigger.call(harness.ctx)).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/refused the request \(HTTP 401\)/),
		});
		expect(fake.connectionCount).toBe(0);
	});

	it('a secret revoked while active: the reconnect is refused and emitError reports it at once', async () => {
		const harness = await activate();
		await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
		fake.endpoint = () => [200, { code: 10014, msg: 'app secret invalid' }];
		fake.dropAll();
		await fake.waitFor(() => harness.errors.length === 1, 2000, 'emitError');
		expect((harness.errors[0] as Error & IDataObject).message).toMatch(
			/stopped: Feishu refused the long connection \(code 10014: app secret invalid\)/,
		);
		expect((harness.errors[0] as Error & { description?: string }).description).toMatch(
			/re-activates the trigger on its own: a refusal/,
		);
	});
});

/** A base URL where nothing listens (a port that was just freed). */
async function closedBaseUrl(): Promise<string> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return `http://127.0.0.1:${port}`;
}

describe('after an outage report, the trigger keeps trying and reports less often', () => {
	afterEach(() => (socketFactoryOverride.graceMs = GRACE_MS));

	it("n8n's re-activation succeeds while Feishu is still down; the next report of that outage waits twice as long", async () => {
		fake.endpoint = () => [503, { msg: 'service unavailable' }];
		const first = await activate();
		await fake.waitFor(() => first.errors.length === 1, 5000, 'emitError');

		// What n8n does next: activate again at once. It succeeds, so n8n keeps the workflow active
		// and the connection goes on trying (n8n 2.x gives up on re-activations that keep failing).
		const started = Date.now();
		const again = await activate();
		await fake.waitFor(() => again.errors.length === 1, 5000, 'second report');
		expect(Date.now() - started).toBeGreaterThanOrEqual(2 * GRACE_MS - 50);
		expect(again.errors[0].message).toMatch(/^Feishu long connection stopped: .*HTTP 503/);
		expect((again.errors[0] as Error & { description?: string }).description).toMatch(
			/reported again after 4, 8, 16 … minutes \(at most hourly\)/,
		);

		// Feishu is back: the next activation connects, events flow, and the outage count is reset.
		fake.endpoint = undefined;
		const recovered = await activate();
		await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
		const messageId = fake.sendEvent(sample('im.chat.updated_v1', 'e'.repeat(32)));
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(recovered.emitted).toHaveLength(1);
		expect(recovered.errors).toEqual([]);
		for (const close of closers.splice(0)) await close();

		fake.endpoint = () => [503, { msg: 'service unavailable' }];
		const fresh = Date.now();
		const later = await activate();
		await fake.waitFor(() => later.errors.length === 1, 5000, 'report of a new outage');
		expect(Date.now() - fresh).toBeLessThan(2 * GRACE_MS);
	});

	it('a re-activated trigger reconnects at the pace Feishu sent before the outage, not the 120 s default', async () => {
		// A grace period longer than the wait below, so only Feishu's interval can explain the reconnect.
		socketFactoryOverride.graceMs = 3000;
		const first = await activate();
		await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
		fake.endpoint = () => [503, { msg: 'service unavailable' }];
		fake.dropAll();
		await fake.waitFor(() => first.errors.length === 1, 8000, 'emitError');

		const again = await activate(); // n8n's re-activation, while Feishu is still down
		await new Promise((r) => setTimeout(r, 200));
		fake.endpoint = undefined; // Feishu is back
		// Feishu's ReconnectInterval here is 50 ms; without it the next attempt would be 120 s away.
		await fake.waitFor(() => fake.openConnections === 1, 2000, 'reconnection');
		const messageId = fake.sendEvent(sample('im.chat.updated_v1', 'd'.repeat(32)));
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(again.emitted).toHaveLength(1);
		expect(again.errors).toEqual([]);
	});

	it('nothing listening at the Base URL: the error names the host and what to check, without a bare code', async () => {
		const baseUrl = await closedBaseUrl();
		const harness = triggerContext({
			credentials: { ...credentials(), baseUrl },
			params: { connection: 'longConnection' },
		});
		closers.push((await node.trigger.call(harness.ctx)).closeFunction!);
		await fake.waitFor(() => harness.errors.length === 1, 5000, 'emitError');
		const host = new URL(baseUrl).host;
		const message = harness.errors[0].message;
		expect(message).toContain(
			`Cannot reach ${baseUrl}/callback/ws/endpoint (nothing is listening there). Nothing accepted the connection at ${host}.`,
		);
		expect(message).not.toMatch(/ECONNREFUSED/);
	});
});
