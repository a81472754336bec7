import {
	adoptClientConfig,
	DEFAULT_CLIENT_CONFIG,
} from '../../nodes/FeishuGroupTrigger/longConnection/endpoint';
import { connectionKey } from '../../nodes/FeishuGroupTrigger/longConnection/identity';
import {
	DEFAULT_LIMITS,
	refuseSocketUrl,
} from '../../nodes/FeishuGroupTrigger/longConnection/limits';

describe('long connection: server intervals are clamped', () => {
	it.each([
		[{ PingInterval: 0.001, ReconnectInterval: 0, ReconnectNonce: 0 }, [5_000, 5_000, 0]],
		[
			{ PingInterval: 1e9, ReconnectInterval: 1e9, ReconnectNonce: 1e9 },
			[600_000, 600_000, 120_000],
		],
		[{ PingInterval: 120, ReconnectInterval: 120, ReconnectNonce: 30 }, [120_000, 120_000, 30_000]],
		[
			{ PingInterval: -5, ReconnectInterval: 'x', ReconnectNonce: null },
			[120_000, 120_000, 30_000],
		],
	])('%j', (raw, [ping, reconnect, nonce]) => {
		expect(adoptClientConfig(DEFAULT_CLIENT_CONFIG, raw)).toMatchObject({
			pingIntervalMs: ping,
			reconnectIntervalMs: reconnect,
			reconnectNonceMs: nonce,
		});
	});

	it('keeps ReconnectCount integers only', () => {
		expect(adoptClientConfig(DEFAULT_CLIENT_CONFIG, { ReconnectCount: 3 }).reconnectCount).toBe(3);
		expect(adoptClientConfig(DEFAULT_CLIENT_CONFIG, { ReconnectCount: 0.5 }).reconnectCount).toBe(
			-1,
		);
	});

	it('default limits stop a reconnect storm (at least 5 s between endpoint calls)', () => {
		expect(DEFAULT_LIMITS.minReconnectMs).toBeGreaterThanOrEqual(5_000);
	});
});

describe('long connection: the WebSocket URL from the endpoint', () => {
	it.each([
		'wss://msg-frontier.feishu.cn/ws/v2?service_id=1&ticket=t',
		'wss://msg-frontier.larksuite.com/ws/v2',
		'ws://127.0.0.1:8080/ws/v2?ticket=t',
		'ws://localhost:1234/ws/v2',
		'ws://[::1]:1234/ws/v2',
	])('accepts %s', (url) => {
		expect(refuseSocketUrl(url)).toBeUndefined();
	});

	it.each([
		['ws://msg-frontier.feishu.cn/ws/v2', /ws:\/\/ WebSocket URL for msg-frontier\.feishu\.cn/],
		['ws://10.0.0.7/ws/v2', /only wss:\/\//],
		['ws://127.0.0.1.evil.example/ws', /only wss:\/\//],
		['http://127.0.0.1/ws', /http:\/\//],
		['file:///etc/passwd', /file:\/\//],
		['not a url', /invalid WebSocket URL/],
	])('refuses %s', (url, reason) => {
		expect(refuseSocketUrl(url)).toMatch(reason);
	});
});

describe('long connection identity', () => {
	it('depends on base URL, App ID and secret, and never contains the secret', () => {
		const key = connectionKey('https://open.feishu.cn', 'cli_a', 'secret-1');
		expect(key).not.toContain('secret-1');
		expect(connectionKey('https://open.feishu.cn', 'cli_a', 'secret-1')).toBe(key);
		expect(connectionKey('https://open.feishu.cn', 'cli_a', 'secret-2')).not.toBe(key);
		expect(connectionKey('https://open.larksuite.com', 'cli_a', 'secret-1')).not.toBe(key);
		expect(connectionKey('https://open.feishu.cn', 'cli_b', 'secret-1')).not.toBe(key);
	});
});
