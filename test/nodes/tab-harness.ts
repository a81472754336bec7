/**
 * Shared setup of the Tab and Menu node tests: the emulator, its control API, the request log,
 * and a runner for the Feishu Group node with the app credential.
 */
import axios from 'axios';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { EMULATOR_DEFAULTS, startEmulator } from '../emulator';
import type { RunningEmulator } from '../emulator';
import {
	CredentialStore,
	emulatorCredential,
	loadOptionsContext,
	runNode,
} from '../helpers/n8nContext';

/** JSON read back from the emulator; the tests assert its shape, so it is loosely typed on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: Json;
	code: number | null;
	status: number;
	token: { kind: string } | null;
}

export interface Harness {
	emulator: RunningEmulator;
	/** Seeded chat ids by name (Engineering, Product Launch, …). */
	chats: Record<string, string>;
	store: CredentialStore;
}

const h = {} as Harness;

export async function startHarness(): Promise<Harness> {
	h.emulator = await startEmulator({ port: 0 });
	return h;
}

export async function control<T = Json>(
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: unknown,
): Promise<T> {
	const response = await axios.request({ method, url: `${h.emulator.url}${path}`, data: body });
	return response.data as T;
}

/** Restores the seed (optionally with a fixture) and a fresh app credential. */
export async function resetEmulator(fixture: IDataObject = {}): Promise<void> {
	await control('POST', '/__emulator/reset', fixture);
	const { chats } = await control<{ chats: Array<{ chat_id: string; name: string }> }>(
		'GET',
		'/__emulator/chats',
	);
	h.chats = Object.fromEntries(chats.map((c) => [c.name, c.chat_id]));
	h.store = new CredentialStore({
		feishuApi: emulatorCredential(
			h.emulator.url,
			EMULATOR_DEFAULTS.appId,
			EMULATOR_DEFAULTS.appSecret,
		),
	});
}

export async function lastSeq(): Promise<number> {
	return (await control<{ last_seq: number }>('GET', '/__emulator/requests?limit=1')).last_seq;
}

/** Group API calls logged after `seq` (token calls left out). */
export async function apiCallsSince(seq: number): Promise<LoggedRequest[]> {
	const { requests } = await control<{ requests: LoggedRequest[] }>(
		'GET',
		`/__emulator/requests?since=${seq}`,
	);
	return requests.filter((r) => r.path.startsWith('/open-apis/im/'));
}

/** The emulator's view of a chat (tabs, menu, …). */
export async function chatState(chatId: string): Promise<Json> {
	return await control('GET', `/__emulator/chats/${chatId}`);
}

export const locator = (chatId: string) => ({ __rl: true, mode: 'id', value: chatId });

/** Runs the node once and returns its first output plus the API calls it made. */
export async function run(
	parameters: IDataObject | ((itemIndex: number) => IDataObject),
	options: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {},
): Promise<{ items: INodeExecutionData[]; calls: LoggedRequest[] }> {
	const before = await lastSeq();
	const { output } = await runNode(new FeishuGroup(), {
		store: h.store,
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
	return { items: output[0], calls: await apiCallsSince(before) };
}

/** Runs the node expecting a failure; returns the error and the API calls made. */
export async function runError(parameters: IDataObject): Promise<{
	error: Error & { description?: string; context?: IDataObject };
	calls: LoggedRequest[];
}> {
	const before = await lastSeq();
	let caught: unknown;
	try {
		await runNode(new FeishuGroup(), { store: h.store, parameters });
	} catch (error) {
		caught = error;
	}
	if (!caught) throw new Error('the node did not fail');
	return { error: caught as Error & { description?: string }, calls: await apiCallsSince(before) };
}

/** Calls a loadOptions method of the node with the given current parameters. */
export async function loadOptions(method: string, parameters: IDataObject) {
	const node = new FeishuGroup();
	const context = loadOptionsContext(node, parameters, h.store);
	const fn = (node.methods.loadOptions as Record<string, (this: unknown) => Promise<unknown>>)[
		method
	];
	return (await fn.call(context)) as Array<{ name: string; value: string; description?: string }>;
}

export const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
