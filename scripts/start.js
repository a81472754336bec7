#!/usr/bin/env node
/*
 * npm start: a local n8n 2.x with this package loaded, a Feishu credential, and the example workflows.
 *
 *   1. installs the pinned n8n runtime on first use (scripts/install-n8n.sh n8n2; several minutes, once)
 *   2. npm run build
 *   3. starts the Feishu emulator on http://127.0.0.1:3999 (FEISHU_EMULATOR_PORT overrides) — unless
 *      FEISHU_APP_ID and FEISHU_APP_SECRET are set: then the credential points at that real tenant
 *      (FEISHU_DOMAIN = feishu (default) | lark | a base URL; optional FEISHU_VERIFICATION_TOKEN, FEISHU_ENCRYPT_KEY)
 *   4. starts n8n on http://localhost:5678 (N8N_PORT overrides; it listens on 127.0.0.1 only unless
 *      N8N_LISTEN_ADDRESS says otherwise) with the persistent user folder .n8n-local/,
 *      the credential "Feishu emulator" / "Feishu (real tenant)" imported, examples/*.json imported once
 *      (again when the file changes), and the owner account created, so there is a login page, not a sign-up
 *   5. prints what to open, then n8n's log; Ctrl-C stops n8n and the emulator.
 *
 * The package is copied (package.json + dist/) into .n8n-local/.n8n/nodes/node_modules/n8n-nodes-feishu-group, as
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

const ROOT = path.resolve(__dirname, '..');
const USER_FOLDER = path.join(ROOT, '.n8n-local');
/** The local owner account (documented in README): n8n 2.x has no way to run without a user. */
const OWNER = {
	email: 'admin@example.com',
	password: 'FeishuLocal1',
	firstName: 'Local',
	lastName: 'Admin',
};
/** Fixed, so the encrypted credentials in .n8n-local stay readable across runs. Local use only. */
const LOCAL_ENCRYPTION_KEY = 'feishu-group-local-n8n-encryption-key';
const STATE_FILE = path.join(USER_FOLDER, 'feishu-start-state.json');

const say = (msg) => process.stdout.write(`[start] ${msg}\n`);

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

/** examples/*.json that are new or changed since they were last imported; their Feishu credential set to ours. */
function examplesToImport(h, state, credential) {
	const dir = path.join(ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	const out = [];
	for (const file of fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()) {
		const text = fs.readFileSync(path.join(dir, file), 'utf8');
		const hash = sha(text + credential.id);
		if (state.examples[file] === hash) continue;
		const wf = JSON.parse(text);
		// A stable id per file, so a changed example replaces its earlier import instead of adding a copy.
		if (typeof wf.id !== 'string' || wf.id.length !== 16) wf.id = 'ex' + sha(file).slice(0, 14);
		for (const node of wf.nodes || []) {
			if (node.credentials && node.credentials.feishuApi) {
				node.credentials.feishuApi = { id: credential.id, name: credential.name };
			}
		}
		out.push({ file, hash, wf });
	}
	return out;
}

/** Prints n8n's log as it grows (after our summary, so the summary is not buried in start-up noise). */
function followLog(file, fromByte) {
	let pos = fromByte;
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
		process.stdout.write(buf);
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

async function main() {
	const t0 = Date.now();
	// Ctrl-C while starting: exit at once; the harness's exit hook then stops an n8n it has already spawned.
	const interruptedEarly = () => {
		say('interrupted during start-up');
		process.exit(130);
	};
	process.on('SIGINT', interruptedEarly);
	process.on('SIGTERM', interruptedEarly);
	if (stopLeftoverN8n()) await new Promise((r) => setTimeout(r, 1000));
	// 1. The n8n runtime (no-op when installed and matching the lockfile).
	run('bash', [path.join(ROOT, 'scripts/install-n8n.sh'), 'n8n2'], 'installing n8n');
	// 2. The package.
	say('building the package (npm run build)');
	run('npm', ['run', '--silent', 'build'], 'npm run build');

	require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
	const h = require('../test/e2e/harness');
	const { startEmulator, EMULATOR_DEFAULTS } = require('../test/emulator');

	// 3. The Feishu side.
	let credential = realTenantCredential(h);
	let emulator;
	if (!credential) {
		const wanted = Number(process.env.FEISHU_EMULATOR_PORT || EMULATOR_DEFAULTS.port);
		try {
			emulator = await startEmulator({ port: wanted });
		} catch (e) {
			if (e.code !== 'EADDRINUSE') throw e;
			say(`port ${wanted} is busy: the emulator takes a free port`);
			emulator = await startEmulator({ port: 0 });
		}
		credential = h.emulatorCredential(emulator.url);
	}
	credential.id = h.FEISHU_CREDENTIAL_ID;

	// 4. n8n.
	fs.mkdirSync(USER_FOLDER, { recursive: true });
	const state = readState();
	const examples = examplesToImport(h, state, credential);
	const port = Number(process.env.N8N_PORT || 5678);
	const brokerPort = Number(process.env.N8N_RUNNERS_BROKER_PORT || 0) || (await h.freePort());
	say(
		`starting n8n ${h.pinnedVersion('n8n2')} on port ${port}` +
			(examples.length ? ` (importing ${examples.length} example workflow(s) first)` : ''),
	);
	let n8n;
	try {
		n8n = await h.N8n.start({
			line: 'n8n2',
			userFolder: USER_FOLDER,
			port,
			brokerPort,
			// Local only by default: the owner's password is documented. N8N_LISTEN_ADDRESS=0.0.0.0 opens it up.
			listenAddress: process.env.N8N_LISTEN_ADDRESS || '127.0.0.1',
			host: 'localhost',
			encryptionKey: LOCAL_ENCRYPTION_KEY,
			inheritEnv: true,
			// Your own WEBHOOK_URL (e.g. a tunnel, for a real tenant's callbacks) is passed through by inheritEnv.
			env: { N8N_DEV_RELOAD: 'true' },
			packageMode: 'copy',
			// Imported on every start (upsert by id): it follows the emulator / tenant settings of this run.
			credentials: [credential],
			workflows: examples.map((e) => e.wf),
			owner: OWNER,
			apiKey: false,
			lock: false,
			log: say,
		});
	} catch (e) {
		await emulator?.close();
		throw e;
	}
	for (const e of examples) state.examples[e.file] = e.hash;
	fs.writeFileSync(path.join(USER_FOLDER, 'n8n.pid'), String(n8n.pid));
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));

	// 5. What to open.
	const lines = [
		'',
		`  n8n ${n8n.version} with n8n-nodes-feishu-group is ready (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		'',
		`  Open      http://localhost:${port}`,
		`  Log in    ${OWNER.email} / ${OWNER.password}   (local account created by npm start)`,
		`  Feishu    credential "${credential.name}" → ${credential.data.platform === 'custom' ? credential.data.baseUrl : credential.data.platform}`,
	];
	if (emulator) {
		lines.push(
			`  Emulator  ${emulator.url}  (app ${EMULATOR_DEFAULTS.appId}; control API ${emulator.url}/__emulator, see test/emulator/README.md)`,
			`            send trigger events: PUT ${emulator.url}/__emulator/app {"eventMode":"callback","callbackUrl":"<trigger's Production URL>"}`,
			`            then POST ${emulator.url}/__emulator/events {"type":"im.chat.member.user.added_v1"}`,
		);
	}
	if (!emulator && !process.env.WEBHOOK_URL && !process.env.N8N_WEBHOOK_URL) {
		lines.push(
			"  Trigger   Feishu cannot reach localhost: use the trigger's Long Connection mode, or set N8N_WEBHOOK_URL",
			'            to a public URL (tunnel) forwarding to this n8n and paste the Production URL into the console',
		);
	}
	const exampleDir = path.join(ROOT, 'examples');
	if (fs.existsSync(exampleDir))
		lines.push(
			`  Examples  ${fs
				.readdirSync(exampleDir)
				.filter((f) => f.endsWith('.json'))
				.join(', ')} (in the Overview)`,
		);
	lines.push(
		`  Data      ${USER_FOLDER} (delete it to start from scratch)`,
		`  Dev       rebuild (npm run build, or npx tsc -p tsconfig.json --watch) and n8n reloads the nodes`,
		'',
		`  Ctrl-C stops ${emulator ? 'n8n and the emulator' : 'n8n'}. n8n's log (also in ${n8n.logFile}) follows.`,
		'',
	);
	process.stdout.write(lines.join('\n') + '\n');

	// From here on: n8n's start-up noise (offline lookups of api.n8n.io, ...) stays in the file, above the summary.
	const stopFollowing = followLog(n8n.logFile, fs.statSync(n8n.logFile).size);
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
			say('n8n exited');
			shutdown(1);
		}
	});
}

main().catch((e) => {
	process.stderr.write(`[start] ${e.stack || e.message}\n`);
	process.exit(1);
});
