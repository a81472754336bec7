/**
 * The emulator's tenant saved to a JSON file and loaded at the next start (`npm start` keeps it next to n8n's data,
 * so chats created in one session, the callback settings and the tokens n8n stored still exist in the next one).
 * Saved: users, bots, chats (with members, settings, announcement, tabs, menus), create-idempotency keys, id
 * counters, the app config (not the App Secret, which comes from the start options), the clock offset and issued
 * tokens. Not saved: request log, event deliveries, faults, open long connections.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { TokenSnapshot } from './auth';
import type { AppConfig } from './config';
import { reviveAnnouncement } from './docx/lifecycle';
import type { Emulator } from './emulator';
import type { Bot, Chat, User } from './state';

/** Bumped when the file's shape changes; an older file is then set aside and the seed used. */
export const STATE_FILE_VERSION = 1;

interface SavedState {
	version: number;
	appId: string;
	savedAt: string;
	config: Omit<AppConfig, 'appSecret'>;
	clockOffsetSeconds: number;
	tenantKey: string;
	users: User[];
	bots: Array<[string, Bot]>;
	chats: Array<[string, Chat]>;
	uuids: Array<[string, { chatId: string; at: number }]>;
	numericIds: string;
	tokens: TokenSnapshot;
}

// Chats hold Maps (members with join times) and Sets (managers): tagged so JSON can carry them.
function replacer(_key: string, value: unknown): unknown {
	if (value instanceof Map) return { $map: [...value] };
	if (value instanceof Set) return { $set: [...value] };
	return value;
}

function reviver(_key: string, value: unknown): unknown {
	if (value && typeof value === 'object') {
		const v = value as { $map?: Array<[unknown, unknown]>; $set?: unknown[] };
		if (Array.isArray(v.$map) && Object.keys(v).length === 1) return new Map(v.$map);
		if (Array.isArray(v.$set) && Object.keys(v).length === 1) return new Set(v.$set);
	}
	return value;
}

export function serializeState(emu: Emulator): string {
	const { appSecret: _secret, ...config } = emu.config;
	const s = emu.store;
	const saved: SavedState = {
		version: STATE_FILE_VERSION,
		appId: emu.appId,
		savedAt: new Date().toISOString(),
		config,
		clockOffsetSeconds: emu.clock.offsetSeconds,
		tenantKey: s.tenantKey,
		users: s.users,
		bots: [...s.bots],
		chats: [...s.chats],
		uuids: [...s.uuids],
		numericIds: s.numericIds.issued,
		tokens: emu.tokens.snapshot(),
	};
	return JSON.stringify(saved, replacer);
}

/** Replaces the emulator's state with a saved one; throws (state untouched) when the text is not usable. */
export function restoreState(emu: Emulator, text: string): void {
	const saved = JSON.parse(text, reviver) as SavedState;
	if (saved?.version !== STATE_FILE_VERSION)
		throw new Error(`state file version ${saved?.version}, expected ${STATE_FILE_VERSION}`);
	if (saved.appId !== emu.appId)
		throw new Error(`state file is for app ${saved.appId}, not ${emu.appId}`);
	if (!Array.isArray(saved.users) || !Array.isArray(saved.chats))
		throw new Error('state file has no users or chats');
	emu.reset();
	emu.config = { ...emu.config, ...saved.config, appSecret: emu.config.appSecret };
	emu.clock.advance(saved.clockOffsetSeconds || 0);
	const s = emu.store;
	s.clear();
	s.tenantKey = saved.tenantKey;
	for (const u of saved.users) s.addUser(u);
	for (const [id, bot] of saved.bots) s.bots.set(id, bot);
	for (const [id, chat] of saved.chats) {
		chat.announcement = reviveAnnouncement(id, chat.announcement);
		s.chats.set(id, chat);
	}
	for (const [k, v] of saved.uuids) s.uuids.set(k, v);
	s.numericIds.issued = saved.numericIds;
	emu.tokens.restore(saved.tokens);
}

export interface StateFile {
	/** true when the state came from the file, false when it started from the seed. */
	restored: boolean;
	/** Why a file that exists could not be used (it is then kept as <file>.unreadable). */
	problem?: string;
	/** Saves soon (several changes in a row are written once). */
	schedule(): void;
	/** Saves now (on close). */
	flush(): void;
}

/**
 * Loads `file` into the emulator (when it exists) and returns the saver. The file may hold tokens and the
 * Verification Token / Encrypt Key: written with mode 0600, atomically (a crash never leaves half a file).
 */
export function attachStateFile(emu: Emulator, file: string, delayMs = 200): StateFile {
	let restored = false;
	let problem: string | undefined;
	if (existsSync(file)) {
		try {
			restoreState(emu, readFileSync(file, 'utf8'));
			restored = true;
		} catch (e) {
			problem = (e as Error).message;
			emu.reset();
			renameSync(file, `${file}.unreadable`);
		}
	}
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		clearTimeout(timer);
		timer = undefined;
		const tmp = `${file}.${process.pid}.tmp`;
		writeFileSync(tmp, serializeState(emu), { mode: 0o600 });
		chmodSync(tmp, 0o600);
		renameSync(tmp, file);
	};
	return {
		restored,
		problem,
		schedule() {
			if (!timer) timer = setTimeout(flush, delayMs);
		},
		flush,
	};
}
