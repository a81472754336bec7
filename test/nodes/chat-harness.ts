/**
 * Shared setup for the Chat and Custom API Call tests: one emulator per test file, the node run
 * in-process, and readers for the emulator's request log and state.
 */
import axios from 'axios';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { retryPolicy } from '../../nodes/shared/transport';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator';
import type { Fixture, RunningEmulator } from '../emulator';
import { CredentialStore, emulatorCredential, runNode } from '../helpers/n8nContext';
import type { Parameters } from '../helpers/n8nContext';

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: any;
	code: number | null;
	status: number;
	logId: string;
}

export interface SeededChat {
	chat_id: string;
	name: string;
	chat_type: string;
	status: string;
	bot_in_chat: boolean;
	user_count: number;
}

export interface SeededUser {
	open_id: string;
	union_id: string;
	user_id: string;
	name: string;
	resigned: boolean;
}

export class Harness {
	emulator!: RunningEmulator;
	users: SeededUser[] = [];
	chats: Record<string, SeededChat> = {};
	store!: CredentialStore;
	private seq = 0;

	async start(): Promise<void> {
		retryPolicy.baseBackoffMs = 5;
		retryPolicy.maxRateLimitWaitMs = 20;
		this.emulator = await startEmulator({ port: 0 });
	}

	async stop(): Promise<void> {
		await this.emulator.close();
	}

	/** Fresh seed (optionally with a fixture), fresh credential, and the log position reset. */
	async reset(fixture: Fixture = {}): Promise<void> {
		await this.control('POST', '/__emulator/reset', fixture);
		this.users = (await this.control<{ users: SeededUser[] }>('GET', '/__emulator/users')).users;
		const { chats } = await this.control<{ chats: SeededChat[] }>('GET', '/__emulator/chats');
		this.chats = Object.fromEntries(chats.map((chat) => [chat.name, chat]));
		this.store = new CredentialStore({
			feishuApi: emulatorCredential(
				this.emulator.url,
				EMULATOR_DEFAULTS.appId,
				EMULATOR_DEFAULTS.appSecret,
			),
		});
		await this.mark();
	}

	async control<T = IDataObject>(
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

	/** Remembers the log position; requests() returns what came after. */
	async mark(): Promise<void> {
		this.seq = (
			await this.control<{ last_seq: number }>('GET', '/__emulator/requests?limit=1')
		).last_seq;
	}

	/** API requests since the last mark, without token calls. */
	async requests(): Promise<LoggedRequest[]> {
		const { requests } = await this.control<{ requests: LoggedRequest[] }>(
			'GET',
			`/__emulator/requests?since=${this.seq}`,
		);
		return requests.filter((r) => !r.path.includes('/auth/') && !r.path.startsWith('/__emulator'));
	}

	async chatState(chatId: string): Promise<any> {
		return await this.control('GET', `/__emulator/chats/${chatId}`);
	}

	async allChats(): Promise<SeededChat[]> {
		return (await this.control<{ chats: SeededChat[] }>('GET', '/__emulator/chats')).chats;
	}

	/** Runs the node once over `items` (default one empty item). */
	async run(
		parameters: Parameters,
		options: { items?: INodeExecutionData[]; continueOnFail?: boolean; node?: INodeType } = {},
	): Promise<INodeExecutionData[]> {
		const { output } = await runNode(options.node ?? new FeishuGroup(), {
			store: this.store,
			parameters,
			items: options.items,
			continueOnFail: options.continueOnFail,
		});
		return output[0];
	}

	/** Runs and returns the error thrown (fails the test when nothing is thrown). */
	async runError(parameters: Parameters, options: { node?: INodeType } = {}): Promise<any> {
		try {
			await this.run(parameters, options);
		} catch (error) {
			return error;
		}
		throw new Error('Expected the node to throw');
	}
}

/** A resource-locator value as the editor stores a pasted ID. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * The node as n8n runs it inside an execution: n8n supplies an execution id and run index that the
 * test model of the context does not have, and Create derives its idempotency key from them.
 */
export function nodeInExecution(executionId: string, runIndex = 0): INodeType {
	const node = new FeishuGroup();
	return {
		description: node.description,
		methods: node.methods,
		async execute(this: IExecuteFunctions) {
			const context = Object.create(this) as IExecuteFunctions;
			context.getExecutionId = () => executionId;
			context.getWorkflowDataProxy = (() => ({ $runIndex: runIndex })) as never;
			return await node.execute.call(context);
		},
	} as INodeType;
}
