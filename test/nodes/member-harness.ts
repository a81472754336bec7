/**
 * Shared set-up for the Member and Announcement emulator tests: one in-process emulator per test
 * file, the seeded chats by name, the request log, and a runner for one node operation.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator';
import type { Fixture, RunningEmulator } from '../emulator';
import { CredentialStore, emulatorCredential, runNode } from '../helpers/n8nContext';

export const APP_ID = EMULATOR_DEFAULTS.appId;
export const OTHER_BOTS = ['cli_a1b2c3d4e5f60001', 'cli_a1b2c3d4e5f60002', 'cli_a1b2c3d4e5f60003'];

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: any;
	code: number | null;
	status: number;
	token: { kind: string; value: string } | null;
}

export interface SeededUser {
	open_id: string;
	union_id: string;
	user_id: string;
	name: string;
	resigned: boolean;
}

export interface ChatSummary {
	chat_id: string;
	name: string;
	chat_type: string;
	bot_in_chat: boolean;
}

export interface ChatState {
	chat_id: string;
	users: string[];
	bots: string[];
	managers: string[];
	botManagers: string[];
	owner: { kind: string; id: string };
	announcement: { revision: number; doc: { title: unknown; blocks: any[] } };
}

/** What a test sees of one run: output items, the requests the node sent, and the error if it threw. */
export interface OpResult {
	items: INodeExecutionData[];
	json: IDataObject[];
	requests: LoggedRequest[];
}

export class Harness {
	emulator!: RunningEmulator;
	users: SeededUser[] = [];
	chats: Record<string, string> = {};
	store!: CredentialStore;

	async start() {
		retryPolicy.baseBackoffMs = 5;
		retryPolicy.maxRateLimitWaitMs = 20;
		this.emulator = await startEmulator({ port: 0 });
	}

	async stop() {
		await this.emulator.close();
	}

	async control<T = any>(
		method: 'GET' | 'POST' | 'PUT' | 'DELETE',
		path: string,
		body?: unknown,
	): Promise<T> {
		const response = await axios.request({
			method,
			url: `${this.emulator.url}${path}`,
			data: body,
		});
		return response.data as T;
	}

	/** Resets the emulator (optionally with a fixture) and reloads users and chats; a fresh credential. */
	async reset(fixture: Fixture = {}) {
		await this.control('POST', '/__emulator/reset', fixture);
		await this.control('DELETE', '/__emulator/faults');
		this.users = (await this.control<{ users: SeededUser[] }>('GET', '/__emulator/users')).users;
		const { chats } = await this.control<{ chats: ChatSummary[] }>('GET', '/__emulator/chats');
		this.chats = Object.fromEntries(chats.filter((c) => c.name).map((c) => [c.name, c.chat_id]));
		this.store = new CredentialStore({
			feishuApi: emulatorCredential(this.emulator.url, APP_ID, EMULATOR_DEFAULTS.appSecret),
		});
	}

	chat(name: string): string {
		const id = this.chats[name];
		if (!id) throw new Error(`no seeded chat named ${name}`);
		return id;
	}

	async chatState(chatId: string): Promise<ChatState> {
		return await this.control<ChatState>('GET', `/__emulator/chats/${chatId}`);
	}

	async lastSeq(): Promise<number> {
		return (await this.control<{ last_seq: number }>('GET', '/__emulator/requests?limit=1'))
			.last_seq;
	}

	/** Group API requests (token calls left out) since a sequence number. */
	async requestsSince(seq: number): Promise<LoggedRequest[]> {
		const { requests } = await this.control<{ requests: LoggedRequest[] }>(
			'GET',
			`/__emulator/requests?since=${seq}`,
		);
		return requests.filter((r) => r.path.startsWith('/open-apis/im/'));
	}

	/**
	 * Acts as a seeded user: an OAuth2 credential holding a user_access_token from the emulator's
	 * authorization-code flow (approved at once for that user).
	 */
	async useUserToken(openId: string, scope = 'offline_access im:chat') {
		const redirect = 'http://localhost:5678/rest/oauth2-credential/callback';
		const authorize = await axios.get(`${this.emulator.url}/open-apis/authen/v1/authorize`, {
			params: {
				client_id: APP_ID,
				redirect_uri: redirect,
				response_type: 'code',
				state: 's',
				scope,
				emulator_user: openId,
			},
			maxRedirects: 0,
			validateStatus: () => true,
		});
		const code = new URL(authorize.headers.location).searchParams.get('code');
		const form = new URLSearchParams({
			grant_type: 'authorization_code',
			code: String(code),
			redirect_uri: redirect,
			client_id: APP_ID,
			client_secret: EMULATOR_DEFAULTS.appSecret,
		});
		const token = await axios.post(
			`${this.emulator.url}/open-apis/authen/v2/oauth/token`,
			form.toString(),
			{
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			},
		);
		if (!token.data.access_token) throw new Error(`no user token: ${JSON.stringify(token.data)}`);
		this.store = new CredentialStore({
			feishuOAuth2Api: {
				platform: 'custom',
				baseUrl: this.emulator.url,
				clientId: APP_ID,
				clientSecret: EMULATOR_DEFAULTS.appSecret,
				accessTokenUrl: `${this.emulator.url}/open-apis/authen/v2/oauth/token`,
				oauthTokenData: token.data,
			},
		});
	}

	/** Runs the node once with the given parameters (per item when a function) and input items. */
	async run(
		parameters: IDataObject | ((itemIndex: number) => IDataObject),
		options: { items?: number; continueOnFail?: boolean } = {},
	): Promise<OpResult> {
		const before = await this.lastSeq();
		const items = Array.from({ length: options.items ?? 1 }, (_, i) => ({ json: { i } }));
		const { output } = await runNode(new FeishuGroup(), {
			store: this.store,
			parameters,
			items,
			continueOnFail: options.continueOnFail,
		});
		const requests = await this.requestsSince(before);
		return { items: output[0], json: output[0].map((item) => item.json), requests };
	}

	/** Runs the node expecting it to throw; returns the error and the requests sent. */
	async fail(parameters: IDataObject | ((itemIndex: number) => IDataObject)) {
		const before = await this.lastSeq();
		let error: any;
		try {
			await runNode(new FeishuGroup(), { store: this.store, parameters, items: [{ json: {} }] });
		} catch (caught) {
			error = caught;
		}
		if (!error) throw new Error('expected the node to throw');
		return { error, requests: await this.requestsSince(before) };
	}
}

/** A resource-locator value for a pasted chat id. */
export function chatRef(chatId: string) {
	return { __rl: true, mode: 'id', value: chatId };
}
