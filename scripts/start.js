#!/usr/bin/env node
/*
 * npm start: a local n8n 2.x with this package loaded, a Feishu credential, and the example workflows.
 *
 *   1. installs the pinned n8n runtime on first use (scripts/install-n8n.sh n8n2; several minutes, once)
 *   2. builds the package when its sources changed
 *   3. starts the Feishu emulator on http://127.0.0.1:3999 (FEISHU_EMULATOR_PORT overrides) with the chats the
 *      examples act on; its tenant is kept in <folder>/feishu-emulator-state.json, next to n8n's data, so both
 *      survive a restart and both go when the folder is deleted. Unless FEISHU_APP_ID and FEISHU_APP_SECRET are
 *      set: then the credential points at that real tenant (FEISHU_DOMAIN = feishu (default) | lark | a base URL;
 *      optional FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY)
 *   4. starts n8n on http://localhost:5678 (N8N_PORT overrides; it listens on 127.0.0.1 only unless
 *      N8N_LISTEN_ADDRESS says otherwise) with the persistent folder .n8n-local/ (FEISHU_START_FOLDER overrides),
 *      the credential "Feishu emulator" / "Feishu (real tenant)" imported, examples/*.json imported once (again
 *      when the file changes), and the owner account created, so there is a login page, not a sign-up
 *   5. prints what to open (one screen), then only n8n's errors, one line each; Ctrl-C stops n8n and the emulator.
 *
 * Secrets: the owner's password and n8n's encryption key are made per folder (scripts/lib/localSecrets.js); the
 * credential's plain secrets exist on disk only while n8n imports them (mode 0600, removed right after).
 *
 * The package is copied (package.json + dist/) into <folder>/.n8n/nodes/node_modules/n8n-nodes-feishu-group, as
 * a community package, not symlinked: through a symlink Node would resolve `n8n-workflow` from the repository's
 * node_modules (a second copy, whose errors n8n does not recognise) instead of n8n's. For fast development, n8n
 * runs with N8N_DEV_RELOAD=true and this script copies dist/ again whenever it changes: keep
 * `npx tsc -p tsconfig.json --watch` (or re-run `npm run build`) in another terminal and n8n reloads the nodes.
 *
 * Plain Node; the TypeScript parts (emulator, e2e harness) are loaded with ts-node (transpile only).
 */
'use strict';

const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const { createLogFilter } = require('./lib/n8nLogLines');
const secrets = require('./lib/localSecrets');
const { triggerUrls } = require('./lib/triggerUrls');

const ROOT = path.resolve(__dirname, '..');
const USER_FOLDER = path.resolve(process.env.FEISHU_START_FOLDER || path.join(ROOT, '.n8n-local'));
const STATE_FILE = path.join(USER_FOLDER, 'feishu-start-state.json');
const EMULATOR_STATE_FILE = path.join(USER_FOLDER, 'feishu-emulator-state.json');
const N8N_DATABASE = path.join(USER_FOLDER, '.n8n', 'database.sqlite');
/** The example whose trigger the emulator sends events to, on a fresh emulator. */
const EVENT_EXAMPLE = 'welcome-on-join.json';

const say = (msg) => process.stdout.write(`[start] ${msg}\n`);
/** A path as the user would type it from here: relative inside the current folder, else absolute. */
const rel = (p) => {
	const r = path.relative(process.cwd(), p);
	return r.startsWith('..') || path.isAbsolute(r) ? p : r || '.';
};

function run(cmd, args, what) {
	const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
	if (res.status !== 0) {
		say(`${what} failed (exit ${res.status})`);
		process.exit(res.status || 1);
	}
}

function sha(text) {
	return crypto.createHash('sha256').update(text).digest('hex');
}

function readState() {
	try {
		return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		return { examples: {} };
	}
}

/** The credential for the real tenant from FEISHU_* variables, or undefined (→ emulator). */
function realTenantCredential(h) {
	const appId = process.env.FEISHU_APP_ID;
	const appSecret = process.env.FEISHU_APP_SECRET;
	if (!appId || !appSecret) return undefined;
	const domain = (process.env.FEISHU_DOMAIN || 'feishu').trim();
	const cred = h.feishuApiCredential({
		baseUrl: /^https?:\/\//.test(domain) ? domain.replace(/\/+$/, '') : '',
		appId,
		appSecret,
		verificationToken: process.env.FEISHU_VERIFICATION_TOKEN || '',
		encryptKey: process.env.FEISHU_ENCRYPT_KEY || '',
		name: 'Feishu (real tenant)',
	});
	if (domain === 'feishu' || domain === 'lark') cred.data.platform = domain;
	else if (!/^https?:\/\//.test(domain))
		throw new Error(`FEISHU_DOMAIN must be feishu, lark or a URL, not "${domain}"`);
	return cred;
}

/** examples/*.json, each { file, text, wf } with a stable id and its Feishu credential set to ours. */
function loadExamples(credential) {
	const dir = path.join(ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => {
			const text = fs.readFileSync(path.join(dir, file), 'utf8');
			const wf = JSON.parse(text);
			// A stable id per file, so a changed example replaces its earlier import instead of adding a copy.
			if (typeof wf.id !== 'string' || wf.id.length !== 16) wf.id = 'ex' + sha(file).slice(0, 14);
			for (const node of wf.nodes || []) {
				if (node.credentials && node.credentials.feishuApi) {
					node.credentials.feishuApi = { id: credential.id, name: credential.name };
				}
			}
			return { file, hash: sha(text + credential.id), wf };
		});
}

/** Shows n8n's errors as its log grows, one line each (the full log stays in the file). */
function followErrors(file, fromByte) {
	let pos = fromByte;
	const filter = createLogFilter();
	const timer = setInterval(() => {
		let size;
		try {
			size = fs.statSync(file).size;
		} catch {
			return;
		}
		if (size <= pos) return;
		const fd = fs.openSync(file, 'r');
		const buf = Buffer.alloc(size - pos);
		fs.readSync(fd, buf, 0, buf.length, pos);
		fs.closeSync(fd);
		pos = size;
		for (const line of filter(buf.toString('utf8'))) process.stdout.write(`[n8n] error: ${line}\n`);
	}, 500);
	return () => clearInterval(timer);
}

/** Re-copies dist/ into the installed package when it changes; n8n (N8N_DEV_RELOAD) then reloads the nodes. */
function watchDist(h) {
	const dist = path.join(ROOT, 'dist');
	let timer;
	try {
		const watcher = fs.watch(dist, { recursive: true }, () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				try {
					h.refreshInstalledPackage(USER_FOLDER);
					say('dist/ changed: package copied again; n8n reloads the nodes');
				} catch (e) {
					say(`could not copy dist/: ${e.message}`);
				}
			}, 500);
		});
		return () => watcher.close();
	} catch {
		return () => undefined;
	}
}

/** An n8n left running by an earlier npm start that was killed hard would hold the port: end it. */
function stopLeftoverN8n() {
	const pidFile = path.join(USER_FOLDER, 'n8n.pid');
	let pid = 0;
	try {
		pid = Number(fs.readFileSync(pidFile, 'utf8'));
		if (!(pid > 1) || !fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('n8n'))
			return false;
	} catch {
		return false;
	}
	say(`stopping n8n ${pid} left running by an earlier npm start`);
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Gone meanwhile.
	}
	return true;
}

/** Logs in as the folder's owner (creating it on the first start); moves a folder of an older version to its own password. */
async function logIn(n8n, account) {
	const owner = {
		email: account.email,
		password: account.password,
		firstName: account.firstName,
		lastName: account.lastName,
	};
	try {
		await n8n.setupOwner(owner);
		return false;
	} catch (e) {
		try {
			await n8n.setupOwner({ ...owner, password: secrets.LEGACY_PASSWORD });
		} catch {
			throw new Error(
				`cannot log in as ${owner.email} with the password in ${rel(path.join(USER_FOLDER, secrets.OWNER_FILE))} (${e.message.split('\n')[0]}). ` +
					'If you changed it in n8n, put the new one in that file; or delete the folder to start from scratch.',
			);
		}
		await n8n.rest('PATCH', '/me/password', {
			currentPassword: secrets.LEGACY_PASSWORD,
			newPassword: owner.password,
		});
		return true;
	}
}

async function main() {
	const t0 = Date.now();
	// Ctrl-C while starting: exit at once; the harness's exit hook then stops an n8n it has already spawned.
	const interruptedEarly = () => {
		say('interrupted during start-up');
		process.exit(130);
	};
	process.on('SIGINT', interruptedEarly);
	process.on('SIGTERM', interruptedEarly);
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	// n8n's database, log and the emulator's tokens are in there: this user's only (also for older folders).
	fs.chmodSync(USER_FOLDER, 0o700);
	if (stopLeftoverN8n()) await new Promise((r) => setTimeout(r, 1000));
	// 1. The n8n runtime (no-op when installed and matching the lockfile).
	run('bash', [path.join(ROOT, 'scripts/install-n8n.sh'), 'n8n2'], 'installing n8n');

	require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
	const h = require('../test/e2e/harness');
	const { startEmulator, EMULATOR_DEFAULTS } = require('../test/emulator');
	const { DEMO_FIXTURE } = require('../test/emulator/demo');

	// 2. The package (skipped when dist/ was built from the current sources).
	await h.ensureBuilt(say);

	// 3. The Feishu side.
	let credential = realTenantCredential(h);
	if (credential && secrets.usesLegacyEncryptionKey(USER_FOLDER)) {
		throw new Error(
			`${rel(USER_FOLDER)} was made by an older npm start whose n8n encryption key is public, so your App Secret ` +
				`would be stored readable by anyone with the folder. Move it away (mv ${rel(USER_FOLDER)} ${rel(USER_FOLDER)}.old) and run npm start again.`,
		);
	}
	let emulator;
	if (!credential) {
		// n8n's data and the emulator's tenant belong together: a fresh n8n gets a fresh tenant.
		if (!fs.existsSync(N8N_DATABASE)) fs.rmSync(EMULATOR_STATE_FILE, { force: true });
		const wanted = Number(process.env.FEISHU_EMULATOR_PORT || EMULATOR_DEFAULTS.port);
		const options = { fixture: DEMO_FIXTURE, stateFile: EMULATOR_STATE_FILE };
		try {
			emulator = await startEmulator({ ...options, port: wanted });
		} catch (e) {
			if (e.code !== 'EADDRINUSE') throw e;
			say(`port ${wanted} is busy: the emulator takes a free port`);
			emulator = await startEmulator({ ...options, port: 0 });
		}
		if (emulator.stateProblem)
			say(`emulator: saved state not usable (${emulator.stateProblem}); started from the seed`);
		credential = h.emulatorCredential(emulator.url);
	}
	credential.id = h.FEISHU_CREDENTIAL_ID;

	// 4. n8n.
	const state = readState();
	const examples = loadExamples(credential);
	const toImport = examples.filter((e) => state.examples[e.file] !== e.hash);
	const port = Number(process.env.N8N_PORT || 5678);
	const listenAddress = process.env.N8N_LISTEN_ADDRESS || '127.0.0.1';
	const brokerPort = Number(process.env.N8N_RUNNERS_BROKER_PORT || 0) || (await h.freePort());
	const legacyKey = secrets.usesLegacyEncryptionKey(USER_FOLDER);
	const account = secrets.ownerAccount(USER_FOLDER);
	say(
		`starting n8n ${h.pinnedVersion('n8n2')} on port ${port}` +
			(toImport.length ? ` (importing ${toImport.length} example workflow(s) first)` : ''),
	);
	let n8n;
	let migrated = false;
	try {
		n8n = await h.N8n.start({
			line: 'n8n2',
			userFolder: USER_FOLDER,
			port,
			brokerPort,
			listenAddress,
			host: 'localhost',
			// n8n makes the key on the folder's first run and keeps it in .n8n/config (mode 0600).
			encryptionKey: null,
			inheritEnv: true,
			// JSON lines, so the terminal can show n8n's errors and leave the rest in the file.
			env: { N8N_DEV_RELOAD: 'true', N8N_LOG_FORMAT: 'json' },
			packageMode: 'copy',
			// Imported on every start (upsert by id): it follows the emulator / tenant settings of this run.
			credentials: [credential],
			workflows: toImport.map((e) => e.wf),
			owner: false,
			apiKey: false,
			lock: false,
			log: say,
		});
		migrated = await logIn(n8n, account);
	} catch (e) {
		await n8n?.stop();
		await emulator?.close();
		throw e;
	}
	for (const e of toImport) state.examples[e.file] = e.hash;
	fs.writeFileSync(path.join(USER_FOLDER, 'n8n.pid'), String(n8n.pid));
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));

	const webhookBase = (
		process.env.N8N_WEBHOOK_URL ||
		process.env.WEBHOOK_URL ||
		`http://localhost:${port}/`
	).replace(/\/?$/, '/');
	const triggers = examples
		.map((e) => ({ e, urls: triggerUrls(e.wf, webhookBase) }))
		.filter((t) => t.urls.length);
	const eventTarget = triggers
		.find((t) => t.e.file === EVENT_EXAMPLE)
		?.urls.find((u) => u.kind === 'feishu');
	if (emulator && !emulator.restored && eventTarget) {
		// A fresh tenant sends its events to the welcome example (127.0.0.1: n8n listens there, not on ::1).
		await fetch(`${emulator.url}/__emulator/app`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				eventMode: 'callback',
				callbackUrl: eventTarget.url.replace(`//localhost:${port}/`, `//127.0.0.1:${port}/`),
			}),
		});
	}

	// 5. What to open. Which example workflows are published already (they keep that across restarts).
	const published = new Set();
	for (const t of triggers) {
		const wf = await n8n.rest('GET', `/workflows/${t.e.wf.id}`).catch(() => undefined);
		if (wf?.active) published.add(t.e.wf.id);
	}
	const ownerFile = rel(path.join(USER_FOLDER, secrets.OWNER_FILE));
	const lines = [
		'',
		`  n8n ${n8n.version} with n8n-nodes-feishu-group is ready (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		'',
		`  Open      http://localhost:${port}/home/workflows   (the Overview: the example workflows are there)`,
		account.created || migrated
			? `  Log in    ${account.email} / ${account.password}   (made for this folder, shown once; kept in ${ownerFile}, mode 0600)`
			: `  Log in    ${account.email}, password in ${ownerFile} (mode 0600)`,
		`  Feishu    credential "${credential.name}" → ${credential.data.platform === 'custom' ? credential.data.baseUrl : credential.data.platform}`,
	];
	if (emulator) {
		const app = await (await fetch(`${emulator.url}/__emulator/app`)).json();
		const target = triggers.find((t) =>
			t.urls.some((u) => String(app.callbackUrl || '').endsWith(new URL(u.url).pathname)),
		);
		lines.push(
			`  Emulator  ${emulator.url}, app ${EMULATOR_DEFAULTS.appId}; its chats and settings ${emulator.restored ? 'were restored from' : 'are kept in'} ${rel(EMULATOR_STATE_FILE)}`,
			app.eventMode === 'callback'
				? `  Events    go to ${app.callbackUrl}${target ? ` ("${target.e.wf.name}", ${published.has(target.e.wf.id) ? 'published' : 'once published'})` : ''}; send one:`
				: `  Events    eventMode is ${app.eventMode}; send one (see test/emulator/README.md, "Events"):`,
			`            curl -X POST ${emulator.url}/__emulator/events -H 'Content-Type: application/json' -d '{"type":"im.chat.member.user.added_v1"}'`,
			`            every delivery, with n8n's answer: ${emulator.url}/__emulator/deliveries`,
		);
	} else {
		lines.push(
			"  Trigger   Feishu cannot reach this n8n: use the trigger's Long Connection mode (no public URL). For HTTP",
			'            callbacks, make only the /webhook/ paths reachable (a reverse proxy) and set N8N_WEBHOOK_URL.',
		);
	}
	if (triggers.length) {
		lines.push(
			triggers.every((t) => published.has(t.e.wf.id))
				? '  Published production URLs:'
				: '  Publish   a workflow (open it → Publish, top right) to start its production URLs:',
		);
		for (const t of triggers)
			for (const u of t.urls)
				lines.push(
					`            ${u.method.padEnd(4)} ${u.url}   ${t.e.wf.name}${published.has(t.e.wf.id) ? ' (published)' : ''}`,
				);
	}
	if (examples.length)
		lines.push(
			`  Examples  ${examples.map((e) => `"${e.wf.name}"`).join(', ')}: open one, Execute workflow runs it now`,
		);
	lines.push(
		`  Data      ${rel(USER_FOLDER)}: n8n and the emulator together (delete it to reset both)`,
		`  Local     n8n listens on ${listenAddress} only: do not expose it (no tunnel to port ${port}); it runs code for anyone who logs in`,
	);
	if (!/^(127\.|localhost$|::1$)/.test(listenAddress))
		lines.push(
			`            N8N_LISTEN_ADDRESS=${listenAddress}: other machines can reach this n8n now`,
		);
	if (legacyKey)
		lines.push(
			'  Note      this folder uses the public encryption key of an older npm start: fine for the emulator;',
			`            for a real tenant move ${rel(USER_FOLDER)} away first`,
		);
	lines.push(
		`  Dev       rebuild (npm run build, or npx tsc -p tsconfig.json --watch) and n8n reloads the nodes`,
		`  Log       ${rel(n8n.logFile)} (JSON lines); n8n's errors also show here, one line each`,
		'',
		`  Ctrl-C stops ${emulator ? 'n8n and the emulator' : 'n8n'}.`,
		'',
	);
	process.stdout.write(lines.join('\n') + '\n');

	const stopFollowing = followErrors(n8n.logFile, fs.statSync(n8n.logFile).size);
	const stopWatching = watchDist(h);
	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the emulator...');
		stopWatching();
		await n8n.stop();
		stopFollowing();
		await emulator?.close();
		say('stopped');
		process.exit(code);
	};
	process.off('SIGINT', interruptedEarly);
	process.off('SIGTERM', interruptedEarly);
	process.on('SIGINT', () => shutdown(0));
	process.on('SIGTERM', () => shutdown(0));
	// n8n ending on its own (crash, port taken later, ...) ends npm start too.
	n8n.onExit(() => {
		if (!stopping) {
			say(`n8n exited; its log: ${rel(n8n.logFile)}`);
			shutdown(1);
		}
	});
}

main().catch((e) => {
	process.stderr.write(`[start] ${e.message}\n`);
	process.exit(1);
});
