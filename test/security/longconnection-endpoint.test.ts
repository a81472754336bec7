/**
 * Issue 15, finding 9 (long-connection parts): the WebSocket URL handed out by the endpoint was dialled
 * whatever its scheme and host, and the server's ping / reconnect intervals were taken as sent, so a
 * server could make the client reconnect (sending the App Secret each time) dozens of times a second.
 */
import {
	activeHubs,
	subscribe,
	type HubOptions,
	type Subscriber,
} from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { fetchRequest } from '../nodes/trigger-context';
import type { FakeFeishu } from '../nodes/trigger-fakeFeishu';
import { useFakeFeishu } from '../nodes/trigger-fakeFeishuSession';
import { SAMPLE_APP_ID } from '../unit/trigger-fixtures';

const SECRET = 'endpoint-secret';
let fake: FakeFeishu;
const dialled: string[] = [];
const leaves = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET }),
	(started) => (fake = started),
);
const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

/** Production limits (none loosened); only the settle delay is skipped. */
const options: HubOptions = {
	createSocket: (url) => {
		dialled.push(url);
		return new WebSocket(url);
	},
	stepMs: 10,
	settleMs: 0,
};

const subscriber = (): Subscriber & { fatal: string[] } => {
	const s = {
		fatal: [] as string[],
		id: 'wf|node',
		windowMs: 3600_000,
		connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret: SECRET }),
		deliver: () => undefined,
		onFatal: (message: string) => void s.fatal.push(message),
	};
	return s;
};

async function join(sub: Subscriber) {
	const result = await subscribe(fake.url, SAMPLE_APP_ID, sub, options);
	if (result.ok) leaves.push(result.unsubscribe);
	return result;
}

function endpointWithUrl(url: string): void {
	fake.endpoint = (body) => {
		const [status, answer] = fake.defaultEndpoint(body);
		const data = (answer as { data: { URL: string } }).data;
		return [status, { ...(answer as object), data: { ...data, URL: url } }];
	};
}

beforeEach(() => {
	dialled.length = 0;
});

describe('attack: the endpoint hands out a WebSocket URL elsewhere', () => {
	it.each([
		'ws://attacker.example:8080/ws/v2?ticket=t',
		'ws://192.168.1.10/ws/v2',
		'http://127.0.0.1/ws/v2',
	])('%s is refused at activation and never dialled', async (url) => {
		endpointWithUrl(url);
		const result = await join(subscriber());
		expect(result).toEqual({
			ok: false,
			message: expect.stringMatching(/only wss:\/\/ \(or ws:\/\/ on this machine\) is accepted/),
		});
		await sleep(100);
		expect(dialled).toEqual([]);
	});

	it('a URL that turns bad at a reconnect stops the trigger with an error, not a dial', async () => {
		const sub = subscriber();
		expect(await join(sub)).toMatchObject({ ok: true });
		await fake.waitFor(() => fake.openConnections === 1, 3000, 'connection');
		endpointWithUrl('ws://attacker.example/ws/v2');
		fake.options.clientConfig = {
			PingInterval: 120,
			ReconnectCount: -1,
			ReconnectInterval: 120,
			ReconnectNonce: 0,
		};
		fake.dropAll();
		await fake.waitFor(() => sub.fatal.length === 1, 10_000, 'fatal');
		expect(sub.fatal[0]).toMatch(/ws:\/\/ WebSocket URL for attacker\.example/);
		expect(dialled.every((u) => u.startsWith('ws://127.0.0.1:'))).toBe(true);
	});
});

describe('attack: server intervals of zero', () => {
	it('a server that closes every connection at once and asks for 0 s intervals gets no storm', async () => {
		fake.options.clientConfig = {
			PingInterval: 0,
			ReconnectCount: -1,
			ReconnectInterval: 0,
			ReconnectNonce: 0,
		};
		fake.closeOnOpen = true;
		const sub = subscriber();
		expect(await join(sub)).toMatchObject({ ok: true });
		await sleep(2_500);
		// The credential check, the first connection, and nothing more within the 5 s minimum.
		expect(fake.endpointCalls).toBeLessThanOrEqual(2);
		expect(fake.connectionCount).toBeLessThanOrEqual(1);
	});

	it('a pong asking for a 1 ms ping interval gets pings no faster than every 5 s', async () => {
		fake.options.pongConfig = {
			PingInterval: 0.001,
			ReconnectCount: -1,
			ReconnectInterval: 0,
			ReconnectNonce: 0,
		};
		expect(await join(subscriber())).toMatchObject({ ok: true });
		await fake.waitFor(() => fake.pings.length >= 1, 3000, 'first ping');
		await sleep(1_000);
		expect(fake.pings.length).toBeLessThanOrEqual(2);
		expect(activeHubs()[0].config).toMatchObject({
			pingIntervalMs: 5_000,
			reconnectIntervalMs: 5_000,
		});
	});
});
