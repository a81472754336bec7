/**
 * `npm start` itself (scripts/start.js) in a temporary folder, as a new user runs it:
 * - against the emulator: a summary that fits a screen (Overview URL, the examples' exact production URLs, how to
 *   publish, where deliveries are listed, the login shown once), a per-folder owner password and n8n encryption
 *   key (mode 0600), no credential file left behind; an event to the unpublished welcome example reports n8n's
 *   404 with the publish hint; after Ctrl-C and a second start the emulator's chats and settings are still there
 *   and the password is no longer printed (issues 15.7, 17.5, 17.6, 17.8, 17.9, 17.10);
 * - with a "real tenant" (an emulator at a custom base URL with a random App Secret): the secret appears in no file
 *   of the folder, and the hint says not to expose n8n;
 * - a folder of an older npm start (public encryption key) is refused for a real tenant.
 * Takes the machine-wide n8n lock (npm start itself does not, it is meant to run alone).
 */
import { type ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'fs';
import * as os from 'os';
import * as path from 'path';

import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import { ensureBuilt, ensureRuntime, freePort, http, REPO_ROOT } from './harness';
import { acquireLock, type Lock } from './harness/lock';

const START = path.join(REPO_ROOT, 'scripts/start.js');
const WELCOME_HOOK = 'b8e4d2f1-6a3c-4b95-8d07-1e2f3a4b5c61';
const WELCOME_ID = 'feishuExWelcome1';

interface Run {
	proc: ChildProcess;
	out: () => string;
	exited: Promise<number | null>;
}

/** Runs start.js with a clean environment (no N8N_* or FEISHU_* of the caller) plus `env`. */
function startScript(env: Record<string, string>): Run {
	const clean: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^(N8N_|FEISHU_|WEBHOOK_URL$|DB_|NODE_ENV$|NODE_OPTIONS$)/.test(k)) continue;
		clean[k] = v;
	}
	const proc = spawn(process.execPath, [START], {
		cwd: REPO_ROOT,
		env: { ...clean, ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	proc.stdout!.on('data', (d) => (out += d));
	proc.stderr!.on('data', (d) => (out += d));
	const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
	return { proc, out: () => out, exited };
}

async function untilReady(run: Run, timeoutMs = 6 * 60_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	while (!run.out().includes('Ctrl-C stops')) {
		if (run.proc.exitCode !== null) throw new Error(`npm start exited:\n${run.out()}`);
		if (Date.now() > deadline) throw new Error(`npm start not ready in time:\n${run.out()}`);
		await new Promise((r) => setTimeout(r, 250));
	}
	return run.out();
}

async function stop(run: Run): Promise<void> {
	if (run.proc.exitCode === null) run.proc.kill('SIGINT');
	await run.exited;
}

/** Every file under a folder (the n8n runtime copy of our package excluded). */
function filesUnder(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'node_modules') out.push(...filesUnder(p));
		} else out.push(p);
	}
	return out;
}

const mode = (file: string) => statSync(file).mode & 0o777;

let lock: Lock | undefined;
const folders: string[] = [];
const tempFolder = () => {
	const d = mkdtempSync(path.join(os.tmpdir(), 'feishu-npm-start-'));
	folders.push(d);
	return d;
};

beforeAll(async () => {
	ensureRuntime('n8n2');
	await ensureBuilt();
	lock = await acquireLock('n8n', 15 * 60_000, () =>
		process.stderr.write('[e2e] queued: another n8n run is using this machine\n'),
	);
}, 20 * 60_000);

afterAll(() => {
	lock?.release();
	for (const d of folders) rmSync(d, { recursive: true, force: true });
});

describe('npm start with the emulator', () => {
	let folder: string;
	let port: number;
	let run: Run;
	let summary = '';
	let emulatorUrl = '';

	beforeAll(async () => {
		folder = tempFolder();
		port = await freePort();
		run = startScript({
			FEISHU_START_FOLDER: folder,
			N8N_PORT: String(port),
			FEISHU_EMULATOR_PORT: '0',
		});
		summary = await untilReady(run);
		emulatorUrl = /Emulator {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(summary)![1];
	}, 8 * 60_000);
	afterAll(() => stop(run), 60_000);

	test('the summary shows what a new user needs, on one screen', () => {
		expect(summary).toContain(`http://localhost:${port}/home/workflows`);
		expect(summary).toContain(`POST http://localhost:${port}/webhook/${WELCOME_HOOK}/webhook`);
		expect(summary).toContain(`POST http://localhost:${port}/webhook/feishu-hr-onboarding`);
		expect(summary).toContain(`GET  http://localhost:${port}/form/feishu-hr-onboarding-form`);
		expect(summary).toMatch(/Publish/);
		expect(summary).toContain(`${emulatorUrl}/__emulator/deliveries`);
		expect(summary).toMatch(/do not expose it/);
		expect(summary).not.toMatch(/tunnel to a|<trigger's Production URL>|FeishuLocal1|\n\s+at /);
		expect(summary.split('\n').length).toBeLessThan(45);
	});

	test("the owner password and n8n encryption key are this folder's own, mode 0600; no credential file left", async () => {
		const login = JSON.parse(readFileSync(path.join(folder, 'owner-login.json'), 'utf8'));
		expect(mode(path.join(folder, 'owner-login.json'))).toBe(0o600);
		expect(summary).toContain(`${login.email} / ${login.password}`);
		const res = await http(`http://127.0.0.1:${port}/rest/login`, {
			method: 'POST',
			body: { emailOrLdapLoginId: login.email, password: login.password },
		});
		expect(res.status).toBe(200);
		const config = path.join(folder, '.n8n', 'config');
		expect(mode(config)).toBe(0o600);
		expect(JSON.parse(readFileSync(config, 'utf8')).encryptionKey).not.toBe(
			'feishu-group-local-n8n-encryption-key',
		);
		expect(existsSync(path.join(folder, 'import', 'credentials.json'))).toBe(false);
	});

	test("an event to the unpublished welcome example reports n8n's 404 and says to publish", async () => {
		const r = await http<Record<string, any>>(`${emulatorUrl}/__emulator/events`, {
			method: 'POST',
			body: { type: 'im.chat.member.user.added_v1' },
		});
		expect(r.json).toMatchObject({ ok: false, status: 404 });
		expect(r.json.hint).toMatch(/publish the workflow/);
		expect(r.json.answer).toMatch(/not registered|webhook/i);
	});

	test(
		"a restart keeps the emulator's chats and settings, and does not print the password again",
		async () => {
			const token = (
				await http<{ tenant_access_token: string }>(
					`${emulatorUrl}/open-apis/auth/v3/tenant_access_token/internal`,
					{ body: { app_id: EMULATOR_DEFAULTS.appId, app_secret: EMULATOR_DEFAULTS.appSecret } },
				)
			).json.tenant_access_token;
			const created = await http<{ data: { chat_id: string } }>(
				`${emulatorUrl}/open-apis/im/v1/chats`,
				{
					body: { name: 'Made before the restart' },
					headers: { authorization: `Bearer ${token}` },
				},
			);
			const chatId = created.json.data.chat_id;
			// Publish the welcome example, as a user would: the next summary says it is published.
			const owner = JSON.parse(readFileSync(path.join(folder, 'owner-login.json'), 'utf8'));
			const n8nUrl = `http://127.0.0.1:${port}/rest`;
			const signedIn = await http(`${n8nUrl}/login`, {
				body: { emailOrLdapLoginId: owner.email, password: owner.password },
			});
			const cookie = signedIn.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='))!;
			const headers = { cookie: cookie.split(';')[0] };
			const wf = await http<{ data: { versionId: string } }>(`${n8nUrl}/workflows/${WELCOME_ID}`, {
				headers,
			});
			const published = await http(`${n8nUrl}/workflows/${WELCOME_ID}/activate`, {
				body: { versionId: wf.json.data.versionId },
				headers,
			});
			expect(published.status).toBe(200);
			await stop(run);
			run = startScript({
				FEISHU_START_FOLDER: folder,
				N8N_PORT: String(port),
				FEISHU_EMULATOR_PORT: '0',
			});
			const second = await untilReady(run);
			expect(second).toMatch(/were restored from/);
			expect(second).toMatch(/password in .*owner-login\.json/);
			expect(second).toContain(`/webhook/${WELCOME_HOOK}/webhook   welcome-on-join (published)`);
			expect(second).toMatch(/Events {4}go to .*\("welcome-on-join", published\)/);
			expect(second).not.toMatch(/hr-onboarding \(published\)/);
			const login = JSON.parse(readFileSync(path.join(folder, 'owner-login.json'), 'utf8'));
			expect(second).not.toContain(login.password);
			const url = /Emulator {2}(http:\/\/127\.0\.0\.1:\d+)/.exec(second)![1];
			const chat = await http<{ name: string }>(`${url}/__emulator/chats/${chatId}`);
			expect(chat.json.name).toBe('Made before the restart');
			const app = await http<{ callbackUrl: string }>(`${url}/__emulator/app`);
			expect(app.json.callbackUrl).toBe(`http://127.0.0.1:${port}/webhook/${WELCOME_HOOK}/webhook`);
		},
		8 * 60_000,
	);
});

describe('npm start with a real tenant', () => {
	let tenant: RunningEmulator;
	const secret = 'real-secret-' + randomBytes(12).toString('hex');
	beforeAll(async () => {
		tenant = await startEmulator({ port: 0, appSecret: secret });
	});
	afterAll(() => tenant.close());

	/** npm start in `folder` for the real tenant (its App ID and Secret, Feishu domain = the stand-in). */
	const startOnTenant = async (folder: string) =>
		startScript({
			FEISHU_START_FOLDER: folder,
			N8N_PORT: String(await freePort()),
			FEISHU_APP_ID: EMULATOR_DEFAULTS.appId,
			FEISHU_APP_SECRET: secret,
			FEISHU_DOMAIN: tenant.url,
		});

	test(
		'the App Secret is written to no file; the hint says not to expose n8n',
		async () => {
			const folder = tempFolder();
			const run = await startOnTenant(folder);
			try {
				const summary = await untilReady(run);
				expect(summary).toContain('credential "Feishu (real tenant)"');
				expect(summary).toMatch(/Long Connection/);
				expect(summary).toMatch(/do not expose it/);
				const withSecret = filesUnder(folder).filter((f) =>
					readFileSync(f).includes(Buffer.from(secret)),
				);
				expect(withSecret).toEqual([]);
			} finally {
				await stop(run);
			}
		},
		8 * 60_000,
	);

	test(
		'a folder of an older npm start (public encryption key) is refused',
		async () => {
			const folder = tempFolder();
			mkdirSync(path.join(folder, '.n8n'), { recursive: true });
			writeFileSync(
				path.join(folder, '.n8n', 'config'),
				JSON.stringify({ encryptionKey: 'feishu-group-local-n8n-encryption-key' }),
			);
			const run = await startOnTenant(folder);
			expect(await run.exited).toBe(1);
			expect(run.out()).toMatch(/older npm start whose n8n encryption key is public/);
		},
		5 * 60_000,
	);
});
