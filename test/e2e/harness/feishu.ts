/** Feishu-side helpers for end-to-end suites: the emulator's control API and a credential pointing at it. */
import { EMULATOR_DEFAULTS } from '../../emulator';
import { type CredentialJson, feishuApiCredential } from './fixtures';
import { http } from './http';

export interface EmulatorChat {
	chat_id: string;
	name: string;
	chat_type: string;
	chat_mode: string;
	bot_in_chat: boolean;
	user_count: number;
}

export interface EmulatorUser {
	open_id: string;
	union_id: string;
	user_id: string;
	name: string;
	resigned: boolean;
}

export interface EmulatorDelivery {
	event_id: string;
	event_type: string;
	mode: string;
	attempts: number;
	last_status?: number;
	done: boolean;
	acked?: boolean;
}

/** The emulator's control API (/__emulator/...), see test/emulator/README.md. */
export class EmulatorControl {
	constructor(readonly url: string) {}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const res = await http<T>(`${this.url}/__emulator${path}`, { method, body });
		if (res.status >= 400)
			throw new Error(`${method} /__emulator${path} → ${res.status}: ${res.text.slice(0, 300)}`);
		return res.json;
	}

	reset(fixture?: unknown): Promise<unknown> {
		return this.call('POST', '/reset', fixture ?? {});
	}

	/** Injects a fault, e.g. { kind: 'expire_tokens' } (every issued token expires now). */
	fault(fault: { kind: string; [field: string]: unknown }): Promise<unknown> {
		return this.call('POST', '/faults', fault);
	}

	async chats(): Promise<EmulatorChat[]> {
		return (await this.call<{ chats: EmulatorChat[] }>('GET', '/chats')).chats;
	}

	/** A seeded group chat our bot is in (the node can read it). */
	async chatWithBot(name?: string): Promise<EmulatorChat> {
		const chat = (await this.chats()).find(
			(c) => c.bot_in_chat && c.chat_mode === 'group' && (!name || c.name === name),
		);
		if (!chat)
			throw new Error(`emulator has no group chat with our bot${name ? ` named ${name}` : ''}`);
		return chat;
	}

	async users(): Promise<EmulatorUser[]> {
		return (await this.call<{ users: EmulatorUser[] }>('GET', '/users')).users;
	}

	/** Event delivery by HTTP callback to `callbackUrl` (plain JSON unless encryptKey is given). */
	configureCallback(
		callbackUrl: string,
		opts: { verificationToken?: string; encryptKey?: string } = {},
	): Promise<unknown> {
		return this.call('PUT', '/app', {
			eventMode: 'callback',
			callbackUrl,
			verificationToken: opts.verificationToken ?? EMULATOR_DEFAULTS.verificationToken,
			encryptKey: opts.encryptKey ?? '',
		});
	}

	/** Emits one event now (delivered per the app config): {type, chat_id?, operator?, users?, ...fields}. */
	emitEvent(
		event: Record<string, unknown>,
	): Promise<{ event_id: string; event_type: string; envelope: Record<string, unknown> }> {
		return this.call('POST', '/events', event);
	}

	/** Delivery log; waitMs long-polls until every delivery is done. */
	async deliveries(waitMs = 0): Promise<EmulatorDelivery[]> {
		return (
			await this.call<{ deliveries: EmulatorDelivery[] }>('GET', `/deliveries?wait_ms=${waitMs}`)
		).deliveries;
	}

	/** Request log of /open-apis calls (path substring filter). */
	async requests(
		path?: string,
	): Promise<Array<{ method: string; path: string; code: number; token?: { kind: string } }>> {
		const q = path ? `?path=${encodeURIComponent(path)}` : '';
		return (
			await this.call<{
				requests: Array<{ method: string; path: string; code: number; token?: { kind: string } }>;
			}>('GET', `/requests${q}`)
		).requests;
	}
}

/** What a run and the credential's Test button say for the emulator's answer to a wrong App Secret. */
export const WRONG_SECRET_MESSAGE =
	'Feishu credential: The App Secret is wrong (Feishu code 10014: app secret invalid). Copy it again from the developer console → Credentials & Basic Info.';

/** The feishuApi credential for an emulator: platform custom, its URL, the emulator's default app. */
export function emulatorCredential(emulatorUrl: string): CredentialJson {
	return feishuApiCredential({
		baseUrl: emulatorUrl,
		appId: EMULATOR_DEFAULTS.appId,
		appSecret: EMULATOR_DEFAULTS.appSecret,
		verificationToken: EMULATOR_DEFAULTS.verificationToken,
	});
}
