/**
 * Acting as a user: a user_access_token from the emulator's OAuth 2.0 flow (form-encoded token
 * request, as n8n's OAuth2 client sends it), used by the node, refreshed when Feishu reports it
 * expired with HTTP 400.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator';
import type { RunningEmulator } from '../emulator';
import { CredentialStore, runNode } from '../helpers/n8nContext';

let emulator: RunningEmulator;
let engineering: string;
let user: { open_id: string; name: string };

async function authorizeAndExchange(): Promise<Record<string, unknown>> {
	const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
	const authorize = await axios.get(`${emulator.url}/open-apis/authen/v1/authorize`, {
		params: {
			client_id: EMULATOR_DEFAULTS.appId,
			redirect_uri: redirect,
			response_type: 'code',
			state: 's1',
			scope: 'offline_access im:chat',
			emulator_user: user.open_id,
		},
		maxRedirects: 0,
		validateStatus: () => true,
	});
	expect(authorize.status).toBe(302);
	const location = new URL(authorize.headers.location);
	expect(location.searchParams.get('state')).toBe('s1');
	const form = new URLSearchParams({
		grant_type: 'authorization_code',
		code: String(location.searchParams.get('code')),
		redirect_uri: redirect,
		client_id: EMULATOR_DEFAULTS.appId,
		client_secret: EMULATOR_DEFAULTS.appSecret,
	});
	const token = await axios.post(
		`${emulator.url}/open-apis/authen/v2/oauth/token`,
		form.toString(),
		{
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		},
	);
	expect(token.data).toMatchObject({ code: 0, token_type: 'Bearer' });
	expect(token.data.refresh_token).toBeTruthy();
	return token.data;
}

function userStore(tokenData: Record<string, unknown>) {
	return new CredentialStore({
		feishuOAuth2Api: {
			platform: 'custom',
			baseUrl: emulator.url,
			clientId: EMULATOR_DEFAULTS.appId,
			clientSecret: EMULATOR_DEFAULTS.appSecret,
			accessTokenUrl: `${emulator.url}/open-apis/authen/v2/oauth/token`,
			oauthTokenData: tokenData as IDataObject,
		},
	});
}

beforeAll(async () => {
	emulator = await startEmulator({ port: 0 });
	const chats = (await axios.get(`${emulator.url}/__emulator/chats`)).data.chats as Array<{
		chat_id: string;
		name: string;
	}>;
	engineering = chats.find((c) => c.name === 'Engineering')!.chat_id;
	const state = (await axios.get(`${emulator.url}/__emulator/chats/${engineering}`)).data;
	const users = (await axios.get(`${emulator.url}/__emulator/users`)).data.users as Array<{
		open_id: string;
		name: string;
	}>;
	const ownerId = state.owner?.id ?? state.owner;
	user = users.find((u) => u.open_id === ownerId) ?? users[0];
});

afterAll(async () => emulator.close());

it('reads a chat as the user, and refreshes the user token after Feishu expired it', async () => {
	const store = userStore(await authorizeAndExchange());
	const parameters = {
		authentication: 'userToken',
		resource: 'chat',
		operation: 'get',
		chatId: { __rl: true, mode: 'id', value: engineering },
	};
	const first = await runNode(new FeishuGroup(), { store, parameters });
	expect(first.output[0][0].json).toMatchObject({ chat_id: engineering, name: 'Engineering' });

	const before = (await axios.get(`${emulator.url}/__emulator/requests?limit=1`)).data.last_seq;
	await axios.post(`${emulator.url}/__emulator/faults`, { kind: 'expire_tokens' });
	const oldAccess = (store.saved.feishuOAuth2Api.oauthTokenData as Record<string, unknown>)
		.access_token;
	const second = await runNode(new FeishuGroup(), { store, parameters });
	expect(second.output[0][0].json).toMatchObject({ chat_id: engineering });
	const newAccess = (store.saved.feishuOAuth2Api.oauthTokenData as Record<string, unknown>)
		.access_token;
	expect(newAccess).not.toBe(oldAccess);

	const log = (await axios.get(`${emulator.url}/__emulator/requests?since=${before}`)).data
		.requests as Array<{ path: string; code: number | null; token: { kind: string } | null }>;
	const gets = log.filter((r) => r.path === `/open-apis/im/v1/chats/${engineering}`);
	expect(gets.map((r) => r.code)).toEqual([99991668, 99991668, 0]);
	expect(gets.every((r) => r.token?.kind === 'user')).toBe(true);
	expect(log.filter((r) => r.path.endsWith('/oauth/token'))).toHaveLength(1);
});
