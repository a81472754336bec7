/**
 * Our package as n8n users get it: built, packed with `npm pack`, and unpacked into
 * <user folder>/.n8n/nodes/node_modules/n8n-nodes-feishu-group, where n8n loads community packages from.
 * Node types are then `n8n-nodes-feishu-group.feishuGroup` etc., exactly as in users' saved workflows.
 *
 * The unpacked folder has no node_modules of its own, so the package's `require('n8n-workflow')` resolves to the
 * copy inside n8n (n8n puts its own modules on NODE_PATH). A symlink to the repository would instead resolve to
 * the repository's devDependency copy (Node resolves from the real path), and errors thrown from that copy are
 * not recognised by n8n's instanceof checks; on n8n 1.x it would even be the wrong major version.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'fs';
import * as path from 'path';

import { withLock } from './lock';
import { CACHE_DIR, REPO_ROOT } from './paths';

export const PACKAGE_NAME = 'n8n-nodes-feishu-group';

/** Inputs of `npm run build`: when their hash is unchanged since the last build, the build is skipped. */
const BUILD_INPUTS = [
	'nodes',
	'credentials',
	'icons',
	'package.json',
	'tsconfig.json',
	'gulpfile.js',
];

function hashInputs(): string {
	const h = createHash('sha256');
	const walk = (rel: string): void => {
		const abs = path.join(REPO_ROOT, rel);
		if (!existsSync(abs)) return;
		if (statSync(abs).isDirectory()) {
			for (const name of readdirSync(abs).sort()) walk(path.join(rel, name));
		} else {
			h.update(rel + '\0');
			h.update(readFileSync(abs));
		}
	};
	BUILD_INPUTS.forEach(walk);
	return h.digest('hex').slice(0, 16);
}

/** The files listed in package.json's n8n section must all exist in dist/. */
function distComplete(): boolean {
	const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
	const files: string[] = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	return files.every((f) => existsSync(path.join(REPO_ROOT, f)));
}

/**
 * Runs `npm run build` unless dist/ is complete and was built from the current sources (stamp in
 * node_modules/.cache). E2E_SKIP_BUILD=1 trusts dist/ as it is (for CI, which builds just before).
 */
export async function ensureBuilt(log: (msg: string) => void = () => undefined): Promise<void> {
	if (process.env.E2E_SKIP_BUILD === '1') {
		if (!distComplete())
			throw new Error('E2E_SKIP_BUILD=1 but dist/ is incomplete: run npm run build');
		return;
	}
	await withLock('build', 5 * 60_000, () => {
		const stampFile = path.join(CACHE_DIR, 'build-stamp');
		const want = hashInputs();
		if (distComplete() && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === want) return;
		log('building the package (npm run build)');
		const res = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
		if (res.status !== 0) {
			throw new Error(`npm run build failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
		}
		mkdirSync(CACHE_DIR, { recursive: true });
		writeFileSync(stampFile, want);
	});
}

/** Folder n8n scans for community packages, for a given N8N_USER_FOLDER. */
export function communityNodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n/nodes/node_modules');
}

/**
 * Installs the built package into the user folder.
 * - 'pack': `npm pack` + extract: exactly the files npm would publish (package.json "files"). Used by e2e tests.
 * - 'copy': package.json + dist/ copied. Faster to refresh; used by `npm start`.
 * Returns the installed folder.
 */
export function installPackage(userFolder: string, mode: 'pack' | 'copy' = 'pack'): string {
	const dest = path.join(communityNodesDir(userFolder), PACKAGE_NAME);
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(dest, { recursive: true });
	if (mode === 'copy') {
		cpSync(path.join(REPO_ROOT, 'package.json'), path.join(dest, 'package.json'));
		cpSync(path.join(REPO_ROOT, 'dist'), path.join(dest, 'dist'), { recursive: true });
	} else {
		const packDir = path.join(CACHE_DIR, `pack-${process.pid}`);
		rmSync(packDir, { recursive: true, force: true });
		mkdirSync(packDir, { recursive: true });
		const out = execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
			cwd: REPO_ROOT,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const [{ filename }] = JSON.parse(out) as Array<{ filename: string }>;
		// The tarball's entries are under package/; strip that level.
		execFileSync('tar', ['-xzf', path.join(packDir, filename), '-C', dest, '--strip-components=1']);
		rmSync(packDir, { recursive: true, force: true });
	}
	if (existsSync(path.join(dest, 'node_modules'))) {
		throw new Error(
			`${dest} must not contain node_modules (n8n-workflow must resolve to n8n's copy)`,
		);
	}
	return dest;
}

/**
 * Copies dist/ (and package.json) over an installed package in place, for npm start's dev loop. Files are
 * overwritten, not the folder replaced: n8n's hot-reload watcher (N8N_DEV_RELOAD) watches that folder and
 * stops seeing changes once it is deleted.
 */
export function refreshInstalledPackage(userFolder: string): void {
	const dest = path.join(communityNodesDir(userFolder), PACKAGE_NAME);
	if (!existsSync(dest)) {
		installPackage(userFolder, 'copy');
		return;
	}
	cpSync(path.join(REPO_ROOT, 'dist'), path.join(dest, 'dist'), { recursive: true, force: true });
	cpSync(path.join(REPO_ROOT, 'package.json'), path.join(dest, 'package.json'));
}
