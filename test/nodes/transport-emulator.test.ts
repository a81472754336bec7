/**
 * Token economy, renewal, retries and error items, measured on the emulator's request log while
 * the real node runs Chat → Get.
 */
import axios from 'axios';
import { NodeApiError, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import { FeishuApi } from '../../credentials/FeishuApi.credentials';
import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator';
import type { RunningEmulator } from '../emulator';
import { CredentialStore, emulatorCredential, httpRequest, runNode } from '../helpers/n8nContext';

let emulator: RunningEmulator;
let chatIds: string[];

interface LoggedRequest {
	method: string;
	path: string;
	code: number | null;
	status: number;
}

async function control<T>(
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await axios.request({ method, url: `${emulator.url}${path}`, data: body });
	return response.data as T;
}

async function requestsSince(seq: number): Promise<LoggedRequest[]> {
	return (await control<{ requests: LoggedRequest[] }>('GET', `/__emulator/requests?since=${seq}`))
		.requests;
}

async function lastSeq(): Promise<number> {
	return (await control<{ last_seq: number }>('GET', '/__emulator/requests?limit=1')).last_seq;
}

const tokenCalls = (log: LoggedRequest[]) =>
	log.filter((r) => r.path.endsWith('/tenant_access_token/internal'));
const chatGets = (log: LoggedRequest[]) =>
	log.filter((r) => r.method === 'GET' && /^\/open-apis\/im\/v1\/chats\/oc_/.test(r.path));

function newStore() {
	return new CredentialStore({
		feishuApi: emulatorCredential(
			emulator.url,
			EMULATOR_DEFAULTS.appId,
			EMULATOR_DEFAULTS.appSecret,
		),
	});
}

function chatGet(store: CredentialStore, ids: string[], continueOnFail = false) {
	return runNode(new FeishuGroup(), {
		store,
		continueOnFail,
		items: ids.map((id) => ({ json: { id } })),
		parameters: (i) => ({
			resource: 'chat',
			operation: 'get',
			chatId: { __rl: true, mode: 'id', value: ids[i] },
		}),
	});
}

beforeAll(async () => {
	retryPolicy.baseBackoffMs = 5;
	retryPolicy.maxRateLimitWaitMs = 20;
	emulator = await startEmulator({ port: 0 });
	const { chats } = await control<{
		chats: Array<{ chat_id: string; bot_in_chat: boolean; status: string }>;
	}>('GET', '/__emulator/chats');
	chatIds = chats.filter((c) => c.bot_in_chat && c.status === 'normal').map((c) => c.chat_id);
});

afterAll(async () => emulator.close());

beforeEach(async () => {
	await control('POST', '/__emulator/reset', {});
	await control('DELETE', '/__emulator/faults');
});

describe('token economy', () => {
	it('one token for all items of a run, and none for the next run', async () => {
		const store = newStore();
		const items = Array.from({ length: 10 }, (_, i) => chatIds[i % chatIds.length]);
		const before = await lastSeq();
		const first = await chatGet(store, items);
		expect(first.output[0]).toHaveLength(10);
		expect(first.output[0].map((item) => item.pairedItem)).toEqual(
			items.map((_, i) => ({ item: i })),
		);
		let log = await requestsSince(before);
		expect(tokenCalls(log)).toHaveLength(1);
		expect(chatGets(log)).toHaveLength(10);

		const middle = await lastSeq();
		await chatGet(store, items.slice(0, 3));
		log = await requestsSince(middle);
		expect(tokenCalls(log)).toHaveLength(0);
		expect(chatGets(log)).toHaveLength(3);
	});

	it('renews once after Feishu expired the token (HTTP 400, code 99991663) and loses no item', async () => {
		const store = newStore();
		await chatGet(store, [chatIds[0]]);
		const oldToken = store.saved.feishuApi.tenantAccessToken;
		await control('POST', '/__emulator/faults', { kind: 'expire_tokens' });

		const before = await lastSeq();
		const { output } = await chatGet(store, [chatIds[0], chatIds[1], chatIds[0]]);
		expect(output[0]).toHaveLength(3);
		expect(output[0].every((item) => !item.json.error)).toBe(true);
		const log = await requestsSince(before);
		expect(tokenCalls(log)).toHaveLength(1);
		expect(chatGets(log).map((r) => r.code)).toEqual([99991663, 0, 0, 0]);
		expect(store.saved.feishuApi.tenantAccessToken).not.toBe(oldToken);
	});
});

describe('retries', () => {
	it('waits out 429s and returns every item exactly once', async () => {
		await control('POST', '/__emulator/faults', {
			kind: 'rate_limit',
			path: '/open-apis/im/v1/chats/:chat_id',
			count: 2,
			resetSeconds: 1,
		});
		const before = await lastSeq();
		const { output } = await chatGet(newStore(), [chatIds[0], chatIds[1], chatIds[2]]);
		expect(output[0].map((item) => item.json.chat_id)).toEqual([
			chatIds[0],
			chatIds[1],
			chatIds[2],
		]);
		const gets = chatGets(await requestsSince(before));
		expect(gets.map((r) => r.status)).toEqual([429, 429, 200, 200, 200]);
	});

	it('retries a 5xx on a read', async () => {
		await control('POST', '/__emulator/faults', {
			kind: 'server_error',
			path: '/open-apis/im/v1/chats/:chat_id',
			count: 1,
			status: 503,
		});
		const before = await lastSeq();
		const { output } = await chatGet(newStore(), [chatIds[0]]);
		expect(output[0][0].json.chat_id).toBe(chatIds[0]);
		expect(chatGets(await requestsSince(before)).map((r) => r.status)).toEqual([503, 200]);
	});

	it("gives up after the bounded number of 429 retries with Feishu's code in the error", async () => {
		await control('POST', '/__emulator/faults', {
			kind: 'rate_limit',
			path: '/open-apis/im/v1/chats/:chat_id',
			count: 10,
			resetSeconds: 1,
		});
		await expect(chatGet(newStore(), [chatIds[0]])).rejects.toThrow('Feishu error 99991400');
	});
});

describe('errors the user sees', () => {
	it('continue-on-fail: the bad chat becomes an error item with code and log id, the others still run', async () => {
		const { output } = await chatGet(
			newStore(),
			[chatIds[0], 'oc_00000000000000000000000000000000', chatIds[1]],
			true,
		);
		const [good, bad, alsoGood] = output[0];
		expect(good.json.chat_id).toBe(chatIds[0]);
		expect(alsoGood.json.chat_id).toBe(chatIds[1]);
		expect(bad.pairedItem).toEqual({ item: 1 });
		expect(bad.json.error).toBe(
			'Feishu error 232006: Your request specifies a chat_id which is invalid.',
		);
		expect(bad.json.code).toBe(232006);
		expect(String(bad.json.logId)).not.toBe('');
		expect(String(bad.json.description)).toContain('Chat IDs look like oc_');
	});

	it('without continue-on-fail the run stops with the item index', async () => {
		const error = await chatGet(newStore(), [
			chatIds[0],
			'oc_00000000000000000000000000000000',
		]).catch((e) => e);
		expect(error.message).toBe(
			'Feishu error 232006: Your request specifies a chat_id which is invalid.',
		);
		expect(error.context.itemIndex).toBe(1);
	});

	it('names the missing scope', async () => {
		await control('PUT', '/__emulator/app', { scopes: ['im:chat.members:read'] });
		try {
			const error = await chatGet(newStore(), [chatIds[0]]).catch((e) => e);
			expect(error.message).toMatch(/^Feishu error 99991672/);
			expect(error.description).toMatch(/Scopes \(any one\): .*im:chat/);
		} finally {
			await control('POST', '/__emulator/reset', {});
		}
	});
});

describe('credential', () => {
	const preAuth = (appId: string, appSecret: string) =>
		new FeishuApi().preAuthentication.call(
			{ helpers: { httpRequest } } as never,
			emulatorCredential(emulator.url, appId, appSecret),
		);

	it('a good app gets a token that expires in about two hours', async () => {
		const result = await preAuth(EMULATOR_DEFAULTS.appId, EMULATOR_DEFAULTS.appSecret);
		expect(String(result.tenantAccessToken)).toMatch(/^t-/);
		expect(Number(result.tenantAccessExpiresAt) - Date.now()).toBeGreaterThan(7100 * 1000);
	});

	it('says which of App ID and App Secret is wrong', async () => {
		await expect(preAuth(EMULATOR_DEFAULTS.appId, 'wrong')).rejects.toThrow(
			'The App Secret is wrong',
		);
		await expect(preAuth('cli_0000000000000000', EMULATOR_DEFAULTS.appSecret)).rejects.toThrow(
			'The App ID is wrong',
		);
	});

	// n8n calls pre-authentication for every request (its expirable field always stays empty) and in
	// the Test button, which sends the values typed in the form next to the stored token.
	const preAuthOn = (credentials: ICredentialDataDecryptedObject) =>
		new FeishuApi().preAuthentication.call({ helpers: { httpRequest } } as never, credentials);
	const withStoredToken = async () => {
		const { appId, appSecret } = EMULATOR_DEFAULTS;
		return Object.assign(
			emulatorCredential(emulator.url, appId, appSecret),
			await preAuth(appId, appSecret),
		);
	};

	it('keeps a stored token that fits (an answer without the expirable field: n8n saves nothing)', async () => {
		const credentials = await withStoredToken();
		const before = await lastSeq();
		expect(await preAuthOn(credentials)).toEqual({});
		expect(tokenCalls(await requestsSince(before))).toHaveLength(0);
	});

	it('checks a secret typed over a stored token (the Test button on a used credential)', async () => {
		const stored = await withStoredToken();
		await expect(preAuthOn({ ...stored, appSecret: 'typed-wrong' })).rejects.toThrow(
			'The App Secret is wrong (Feishu code 10014',
		);
		const moved = { ...stored, baseUrl: emulator.url.replace('127.0.0.1', 'localhost') };
		expect(await preAuthOn(moved)).toMatchObject({
			tenantAccessTokenCheck: '',
			tenantAccessToken: expect.stringMatching(/^t-/),
		});
	});

	it('says when the base URL is not a Feishu API', async () => {
		const credentials = { ...emulatorCredential(`${emulator.url}/nothing-here`, 'a', 'b') };
		await expect(
			new FeishuApi().preAuthentication.call({ helpers: { httpRequest } } as never, credentials),
		).rejects.toThrow('check the Platform / Base URL');
	});
});

describe('credential test request', () => {
	const testRequest = async () => {
		const credential = new FeishuApi();
		const data = emulatorCredential(
			emulator.url,
			EMULATOR_DEFAULTS.appId,
			EMULATOR_DEFAULTS.appSecret,
		);
		Object.assign(
			data,
			await credential.preAuthentication.call({ helpers: { httpRequest } } as never, data),
		);
		return (await httpRequest({
			url: `${emulator.url}${credential.test.request.url}`,
			method: credential.test.request.method,
			headers: { Authorization: `Bearer ${String(data.tenantAccessToken)}` },
			ignoreHttpStatusErrors: credential.test.request.ignoreHttpStatusErrors as boolean,
		})) as { code: number };
	};

	it('answers code 0 for a working app with the bot on', async () => {
		expect((await testRequest()).code).toBe(0);
	});

	it('the bot-off answer is the one the rule turns into "enable the bot"', async () => {
		await control('PUT', '/__emulator/app', { botEnabled: false });
		try {
			const rule = new FeishuApi().test.rules![0] as {
				properties: { key: string; value: number; message: string };
			};
			expect((await testRequest()).code).toBe(rule.properties.value);
			expect(rule.properties.message).toContain('Enable "Bot"');
		} finally {
			await control('PUT', '/__emulator/app', { botEnabled: true });
		}
	});
});

describe('a wrong credential in a run', () => {
	it('fails with what to fix, after one token call and no resends', async () => {
		const store = new CredentialStore({
			feishuApi: emulatorCredential(emulator.url, EMULATOR_DEFAULTS.appId, 'wrong-secret'),
		});
		const before = await lastSeq();
		const error = await chatGet(store, [chatIds[0], chatIds[1]]).catch((e) => e);
		expect(error.message).toContain('The App Secret is wrong');
		expect(error.message).not.toContain('Could not reach');
		expect(error.context.itemIndex).toBe(0);
		expect(tokenCalls(await requestsSince(before))).toHaveLength(1);
	});
});

describe('the stored token belongs to the credential that fetched it', () => {
	const tokenCallsSince = async (seq: number) => tokenCalls(await requestsSince(seq));

	it('a token fetched with the right secret (e.g. by the Test button) does not carry a wrong saved secret', async () => {
		// n8n's Test button exchanges the secret typed in the dialog and saves the token into the
		// stored credential, even when the dialog is then closed without saving the secret.
		const store = newStore();
		await chatGet(store, [chatIds[0]]);
		expect(store.saved.feishuApi.tenantAccessToken).toMatch(/^t-/);
		store.saved.feishuApi.appSecret = 'the-wrong-secret-that-was-saved';

		const before = await lastSeq();
		const error = await chatGet(store, [chatIds[0]]).catch((e) => e);
		expect(error.message).toBe(
			'Feishu credential: The App Secret is wrong (Feishu code 10014: app secret invalid). Copy it again from the developer console → Credentials & Basic Info.',
		);
		const log = await requestsSince(before);
		expect(tokenCalls(log).map((r) => r.code)).toEqual([10014]);
		expect(chatGets(log)).toHaveLength(0);
	});

	it('a corrected secret gets a new token on first use, and keeps it', async () => {
		const store = new CredentialStore({
			feishuApi: emulatorCredential(emulator.url, EMULATOR_DEFAULTS.appId, 'wrong'),
		});
		await expect(chatGet(store, [chatIds[0]])).rejects.toThrow('The App Secret is wrong');
		store.saved.feishuApi.appSecret = EMULATOR_DEFAULTS.appSecret;

		let before = await lastSeq();
		await chatGet(store, [chatIds[0]]);
		expect((await tokenCallsSince(before)).map((r) => r.code)).toEqual([0]);
		before = await lastSeq();
		await chatGet(store, [chatIds[1]]);
		expect(await tokenCallsSince(before)).toHaveLength(0);
	});

	it('another host or App ID gets its own token, not the one stored for the old values', async () => {
		const store = newStore();
		await chatGet(store, [chatIds[0]]);
		const first = store.saved.feishuApi.tenantAccessToken;
		// The same emulator under another name of this machine: same app, another host.
		store.saved.feishuApi.baseUrl = emulator.url.replace('127.0.0.1', 'localhost');
		let before = await lastSeq();
		await chatGet(store, [chatIds[0]]);
		expect(await tokenCallsSince(before)).toHaveLength(1);
		expect(store.saved.feishuApi.tenantAccessTokenFor).not.toBe('');

		store.saved.feishuApi.appId = 'cli_0000000000000000';
		before = await lastSeq();
		const error = await chatGet(store, [chatIds[0]]).catch((e) => e);
		expect(error.message).toContain('The App ID is wrong');
		expect((await tokenCallsSince(before)).map((r) => r.code)).toEqual([10003]);
		expect(first).toMatch(/^t-/);
	});
});

describe('network errors name the host and what to check', () => {
	/** A local port nothing listens on: an emulator started and closed again. */
	async function closedPortUrl(): Promise<string> {
		const gone = await startEmulator({ port: 0 });
		await gone.close();
		return gone.url;
	}

	it('in the token exchange (the Test button and the first request of a run)', async () => {
		const url = await closedPortUrl();
		const host = new URL(url).host;
		const expected =
			`Feishu credential: could not reach ${url} (nothing is listening there). ` +
			`Nothing accepted the connection at ${host}. Check the credential's Platform / Base URL (host and port). ` +
			`If ${host} is the local Feishu emulator, start it first (npm start or npm run emulator) and keep it running.`;
		await expect(
			new FeishuApi().preAuthentication.call(
				{ helpers: { httpRequest } } as never,
				emulatorCredential(url, EMULATOR_DEFAULTS.appId, EMULATOR_DEFAULTS.appSecret),
			),
		).rejects.toThrow(expected);

		// n8n wraps it (Test button, runs) without swapping the message for a generic one, and the
		// Test button shows the message because the error carries no system code.
		const thrown = await new FeishuApi().preAuthentication
			.call(
				{ helpers: { httpRequest } } as never,
				emulatorCredential(url, EMULATOR_DEFAULTS.appId, EMULATOR_DEFAULTS.appSecret),
			)
			.catch((e) => e);
		expect(thrown.code).toBeUndefined();
		expect(new NodeApiError({ name: 'Temp-Node' } as never, thrown).message).toBe(expected);

		const store = new CredentialStore({
			feishuApi: emulatorCredential(url, EMULATOR_DEFAULTS.appId, EMULATOR_DEFAULTS.appSecret),
		});
		const error = await chatGet(store, [chatIds[0]]).catch((e) => e);
		expect(error.message).toBe(expected);
	});

	it('in a request after the token: host, reason, attempts, the request', async () => {
		const other = await startEmulator({ port: 0 });
		const store = new CredentialStore({
			feishuApi: emulatorCredential(
				other.url,
				EMULATOR_DEFAULTS.appId,
				EMULATOR_DEFAULTS.appSecret,
			),
		});
		const chatId = (
			await axios.get<{ chats: Array<{ chat_id: string; bot_in_chat: boolean }> }>(
				`${other.url}/__emulator/chats`,
			)
		).data.chats.find((c) => c.bot_in_chat)!.chat_id;
		await chatGet(store, [chatId]);
		await other.close();

		const error = await chatGet(store, [chatId]).catch((e) => e);
		const host = new URL(other.url).host;
		expect(error.message).toBe(
			`Could not reach Feishu at ${other.url}: nothing is listening there`,
		);
		expect(error.description).toContain(`Nothing accepted the connection at ${host}.`);
		expect(error.description).toContain('start it first (npm start or npm run emulator)');
		expect(error.description).toContain('Gave up after 4 attempts.');
		expect(error.description).toContain('Error ECONNREFUSED');
		expect(error.description).toContain(`Request: GET /open-apis/im/v1/chats/${chatId}`);
	});
});
