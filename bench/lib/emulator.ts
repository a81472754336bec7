/** The Feishu emulator for the bench: in this process, or in its own process, plus a client for its control API. */
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../../test/emulator';
import { startTsServer, type Server } from './child';
import type { MeasureContext } from './types';

export interface LoggedRequest {
	seq: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	token: { kind: string; value: string } | null;
	code: number | null;
	status: number;
}

export interface ChatSummary {
	chat_id: string;
	name: string;
	bot_in_chat: boolean;
	status: string;
	chat_mode: string;
	user_count: number;
	owner?: { kind: 'user' | 'bot'; id: string };
}

export class EmulatorControl {
	constructor(readonly url: string) {}

	private async call<T>(method: string, p: string, body?: unknown): Promise<T> {
		const res = await fetch(this.url + p, {
			method,
			headers: body === undefined ? undefined : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await res.json()) as T;
		if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${JSON.stringify(json)}`);
		return json;
	}

	reset(fixture: Record<string, unknown> = {}): Promise<{ chat_ids: string[] }> {
		return this.call('POST', '/__emulator/reset', fixture);
	}

	async lastSeq(): Promise<number> {
		return (await this.call<{ last_seq: number }>('GET', '/__emulator/requests?limit=1')).last_seq;
	}

	async requestsSince(seq: number): Promise<LoggedRequest[]> {
		return (
			await this.call<{ requests: LoggedRequest[] }>('GET', `/__emulator/requests?since=${seq}`)
		).requests;
	}

	clearRequests(): Promise<unknown> {
		return this.call('DELETE', '/__emulator/requests');
	}

	putApp(config: Record<string, unknown>): Promise<unknown> {
		return this.call('PUT', '/__emulator/app', config);
	}

	getApp<T = Record<string, unknown>>(): Promise<T> {
		return this.call('GET', '/__emulator/app');
	}

	async chats(): Promise<ChatSummary[]> {
		return (await this.call<{ chats: ChatSummary[] }>('GET', '/__emulator/chats')).chats;
	}

	chatState(chatId: string): Promise<{ users: string[]; bots: string[]; user_count: number }> {
		return this.call('GET', `/__emulator/chats/${chatId}`);
	}

	async users(limit?: number): Promise<Array<{ open_id: string; resigned: boolean }>> {
		return (
			await this.call<{ users: never[] }>(
				'GET',
				`/__emulator/users${limit ? `?limit=${limit}` : ''}`,
			)
		).users;
	}

	publishEvent(
		body: Record<string, unknown>,
	): Promise<{ event_id: string; envelope: Record<string, unknown> }> {
		return this.call('POST', '/__emulator/events', body);
	}

	async deliveries<T = Record<string, unknown>>(waitMs = 0): Promise<T[]> {
		return (await this.call<{ deliveries: T[] }>('GET', `/__emulator/deliveries?wait_ms=${waitMs}`))
			.deliveries;
	}
}

/** Chats our bot is in, usable by Chat → Get. */
export async function readableChats(control: EmulatorControl): Promise<string[]> {
	const chats = await control.chats();
	return chats
		.filter((c) => c.bot_in_chat && c.status === 'normal' && c.chat_mode === 'group')
		.map((c) => c.chat_id);
}

/** An emulator inside the bench process (cheap; fine when the bench itself is not the load). */
export function inProcessEmulator(ctx: MeasureContext): Promise<RunningEmulator> {
	return ctx.shared.get(
		'emulator',
		() => startEmulator({ port: 0 }),
		(emu) => emu.close(),
	);
}

/** An emulator in its own Node process (`npm run emulator -- --port 0`), so load generators do not share its CPU time. */
export function emulatorProcess(ctx: MeasureContext): Promise<Server> {
	return ctx.shared.get(
		'emulator-process',
		() => startTsServer('test/emulator/cli.ts', ['--port', '0'], /listening on (http:\/\/\S+)/),
		(server) => server.stop(),
	);
}

/** A tenant_access_token for the emulator's default app, for measures that call the API directly. */
export async function tenantToken(url: string): Promise<string> {
	const res = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			app_id: EMULATOR_DEFAULTS.appId,
			app_secret: EMULATOR_DEFAULTS.appSecret,
		}),
	});
	const json = (await res.json()) as { tenant_access_token?: string };
	if (!json.tenant_access_token)
		throw new Error(`no token from the emulator: ${JSON.stringify(json)}`);
	return json.tenant_access_token;
}
