/** The emulator's shared state object: config, tenant data, tokens, clock, logs, faults and events. */
import { TokenStore } from './auth';
import { Clock } from './clock';
import { AppConfig, defaultConfig } from './config';
import { EventBus } from './events/bus';
import type { EnvelopeContext } from './events/envelopes';
import { Faults, RateLimiter } from './faults';
import { RequestLog } from './reqlog';
import { Fixture, seed } from './seed';
import { Store } from './state';

export interface EmulatorSettings {
	appId: string;
	appSecret: string;
	verificationToken: string;
	tokenTtlSeconds: number;
	log: boolean;
	/** Seed additions used at start and by a reset without a fixture (npm start: the examples' chats). */
	fixture?: Fixture;
}

export class Emulator {
	config: AppConfig;
	readonly store = new Store();
	readonly clock = new Clock();
	readonly tokens = new TokenStore();
	readonly log = new RequestLog();
	readonly faults = new Faults();
	readonly limiter = new RateLimiter();
	readonly events: EventBus;
	/** Set by the server once listening (used to build the WebSocket URL). */
	baseUrl = '';
	/** Non-loopback host names the control API also answers (the address it was told to listen on). */
	controlHosts: string[] = [];
	/** Hooks the WebSocket hub installs (drop_connections fault, status). */
	wsHooks: { dropAll(): number; count(): number; status(): unknown[] } = {
		dropAll: () => 0,
		count: () => 0,
		status: () => [],
	};
	/** Events fired on reset (the ws hub clears its queues). */
	onReset: Array<() => void> = [];

	constructor(readonly settings: EmulatorSettings) {
		this.config = this.freshConfig();
		this.events = new EventBus(() => this.config);
		this.reset();
	}

	private freshConfig(): AppConfig {
		const s = this.settings;
		return defaultConfig(s.appId, s.appSecret, s.verificationToken, s.tokenTtlSeconds);
	}

	/** Restores seed data, config, tokens, clock, faults, logs and event state. */
	reset(fixture?: Fixture): string[] {
		if (!fixture || Object.keys(fixture).length === 0) fixture = this.settings.fixture;
		this.config = this.freshConfig();
		this.clock.reset();
		this.tokens.clear();
		this.faults.clear();
		this.limiter.clear();
		this.log.clear();
		this.events.clear();
		for (const f of this.onReset) f();
		return seed(this.store, this.settings.appId, this.clock.now(), fixture);
	}

	get appId(): string {
		return this.config.appId;
	}

	envCtx(): EnvelopeContext {
		return {
			store: this.store,
			appId: this.config.appId,
			verificationToken: this.config.verificationToken,
			now: this.clock.now(),
			withUserId: this.config.scopes.includes('contact:user.employee_id:readonly'),
		};
	}
}
