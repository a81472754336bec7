/**
 * The Feishu Group node run in-process (n8nContext.ts models n8n's side) against one Feishu
 * emulator per test file: seed resets, seeded users and chats by name, the emulator's request log
 * and its view of a chat, and the credentials the node runs with.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData, INodeType } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator';
import type { Fixture, RunningEmulator } from '../emulator';
import type { LogEntry } from '../emulator/reqlog';
import { OTHER_BOTS } from '../emulator/seed';
import { emulatorUserCredential } from './emulatorUserToken';
import { CredentialStore, emulatorCredential, loadOptionsContext, runNode } from './n8nContext';
import type { Parameters } from './n8nContext';

/** JSON read back from the emulator or the node; the tests assert its shape, so it stays loose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The app under test; its bot is in most seeded chats. */
export const APP_ID = EMULATOR_DEFAULTS.appId;
/** App ids of the seed's other bots. */
export const OTHER_BOT_IDS = OTHER_BOTS.map((bot) => bot.app_id);

/** One entry of the emulator's request log; the body stays loose for the tests to reach into. */
export type LoggedRequest = Omit<LogEntry, 'body'> & { body: Json };

export interface SeededUser {
	open_id: string;
	union_id: string;
	user_id: string;
	name: string;
	resigned: boolean;
}

export interface SeededChat {
	chat_id: string;
	name: string;
	chat_type: string;
	status: string;
	bot_in_chat: boolean;
	user_count: number;
}

/** The emulator's view of one chat; the fields not named here (tabs, menu, …) stay loose. */
export interface ChatState {
	chat_id: string;
	users: string[];
	bots: string[];
	managers: string[];
	botManagers: string[];
	owner: { kind: string; id: string };
	[field: string]: Json;
}

export interface RunOptions {
	/** Input items; one empty item when left out. */
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** Another node object, e.g. one that sees n8n's execution id. */
	node?: INodeType;
	/** The node's typeVersion (default 1, as in workflows saved before version 1.1). */
	typeVersion?: number;
}

/** `count` input items, each with its index as json ({ i }). */
export const numberedItems = (count: number): INodeExecutionData[] =>
	Array.from({ length: count }, (_, i) => ({ json: { i } }));

/** What a test sees of one run: the output items, their json, and the API requests sent. */
export interface NodeRun {
	items: INodeExecutionData[];
	/** The first output item; most operations output one. */
	item: INodeExecutionData;
	json: IDataObject[];
	requests: LoggedRequest[];
}

/** A run that threw: the error and the API requests sent before it. */
export interface NodeFailure {
	error: Json;
	requests: LoggedRequest[];
}

export class EmulatorHarness {
	emulator!: RunningEmulator;
	users: SeededUser[] = [];
	/** Seeded chats by name (a p2p chat has the name ''). */
	chats: Record<string, SeededChat> = {};
	/** What the node runs with: the app credential after reset(), a user's after useUserToken(). */
	store!: CredentialStore;
	private markedSeq = 0;

	async start(): Promise<void> {
		// Retries stay real but take milliseconds, so fault tests stay fast.
		retryPolicy.baseBackoffMs = 5;
		retryPolicy.maxRateLimitWaitMs = 20;
		this.emulator = await startEmulator({ port: 0 });
	}

	async stop(): Promise<void> {
		await this.emulator.close();
	}

	/**
	 * Restores the seed (plus an optional fixture; the emulator also clears its faults, tokens and
	 * log), reloads users and chats, gives the node a fresh app credential and marks the log.
	 */
	async reset(fixture: Fixture = {}): Promise<void> {
		await this.control('POST', '/__emulator/reset', fixture);
		this.users = (await this.control<{ users: SeededUser[] }>('GET', '/__emulator/users')).users;
		this.chats = Object.fromEntries((await this.allChats()).map((chat) => [chat.name, chat]));
		this.store = new CredentialStore({
			feishuApi: emulatorCredential(this.emulator.url, APP_ID, EMULATOR_DEFAULTS.appSecret),
		});
		await this.mark();
	}

	/** A call to the emulator's control API (/__emulator/…), which its request log leaves out. */
	async control<T = Json>(
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

	chatId(name: string): string {
		const chat = this.chats[name];
		if (!chat) throw new Error(`No seeded chat "${name}"`);
		return chat.chat_id;
	}

	/** Active (not resigned) seeded users' open_ids. */
	activeUsers(): string[] {
		return this.users.filter((u) => !u.resigned).map((u) => u.open_id);
	}

	async allChats(): Promise<SeededChat[]> {
		return (await this.control<{ chats: SeededChat[] }>('GET', '/__emulator/chats')).chats;
	}

	async chatState(chatId: string): Promise<ChatState> {
		return await this.control<ChatState>('GET', `/__emulator/chats/${chatId}`);
	}

	/** Acts as a seeded user until the next reset: an OAuth2 credential with that user's token. */
	async useUserToken(openId: string, scope?: string): Promise<void> {
		this.store = new CredentialStore({
			feishuOAuth2Api: await emulatorUserCredential(this.emulator.url, openId, scope),
		});
	}

	/** Remembers the end of the request log; requests() returns what came after. */
	async mark(): Promise<void> {
		this.markedSeq = await this.lastSeq();
	}

	/** API requests since the last mark (or reset), whatever sent them. */
	async requests(): Promise<LoggedRequest[]> {
		return await this.requestsSince(this.markedSeq);
	}

	/** Runs the node once and returns its first output and the API requests it sent. */
	async run(parameters: Parameters, options: RunOptions = {}): Promise<NodeRun> {
		const before = await this.lastSeq();
		const { output } = await runNode(options.node ?? new FeishuGroup(), {
			store: this.store,
			parameters,
			items: options.items,
			continueOnFail: options.continueOnFail,
			typeVersion: options.typeVersion,
		});
		const items = output[0];
		const requests = await this.requestsSince(before);
		return { items, item: items[0], json: items.map((item) => item.json), requests };
	}

	/** Runs the node expecting it to throw (fails the test when nothing is thrown). */
	async runError(
		parameters: Parameters,
		options: { node?: INodeType; typeVersion?: number } = {},
	): Promise<NodeFailure> {
		const before = await this.lastSeq();
		try {
			await runNode(options.node ?? new FeishuGroup(), {
				store: this.store,
				parameters,
				typeVersion: options.typeVersion,
			});
		} catch (error) {
			return { error, requests: await this.requestsSince(before) };
		}
		throw new Error('Expected the node to throw');
	}

	/** Calls one of the node's loadOptions methods with these current parameters. */
	async loadOptions(method: string, parameters: IDataObject) {
		const node = new FeishuGroup();
		const context = loadOptionsContext(node, parameters, this.store);
		const load = (node.methods.loadOptions as Record<string, (this: unknown) => Promise<unknown>>)[
			method
		];
		return (await load.call(context)) as Array<{
			name: string;
			value: string;
			description?: string;
		}>;
	}

	private async lastSeq(): Promise<number> {
		return (await this.control<{ last_seq: number }>('GET', '/__emulator/requests?limit=1'))
			.last_seq;
	}

	/** Requests to Feishu's API logged after `seq`; token exchanges are left out. */
	private async requestsSince(seq: number): Promise<LoggedRequest[]> {
		const { requests } = await this.control<{ requests: LoggedRequest[] }>(
			'GET',
			`/__emulator/requests?since=${seq}`,
		);
		return requests.filter(
			(r) => !r.path.startsWith('/open-apis/auth/') && !r.path.startsWith('/open-apis/authen/'),
		);
	}
}

/**
 * A harness for the test file: the emulator starts before its first test and stops after its
 * last. By default every test starts from the seed (plus `fixture`); files that choose the seed
 * per describe block pass `resetEach: false` and call reset() themselves.
 */
export function setUpEmulatorHarness(
	options: { fixture?: Fixture; resetEach?: boolean } = {},
): EmulatorHarness {
	const harness = new EmulatorHarness();
	beforeAll(async () => harness.start());
	afterAll(async () => harness.stop());
	if (options.resetEach !== false) beforeEach(async () => harness.reset(options.fixture));
	return harness;
}
