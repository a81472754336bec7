/** Makes sure a pinned n8n runtime is installed, by running scripts/install-n8n.sh when its stamp is missing. */
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

import { installStamp, type N8nLine, REPO_ROOT } from './paths';

export function isRuntimeInstalled(line: N8nLine): boolean {
	return existsSync(installStamp(line));
}

/**
 * Installs the runtime if needed (several minutes the first time; a no-op afterwards). The script itself checks
 * the stamp against the lockfile hash and serialises concurrent installs, so calling this from every suite is safe.
 */
export function ensureRuntime(line: N8nLine, log: (msg: string) => void = defaultLog): void {
	if (!isRuntimeInstalled(line)) {
		log(
			`n8n runtime ${line} is not installed yet: running scripts/install-n8n.sh ${line} (several minutes)`,
		);
	}
	const res = spawnSync('bash', [path.join(REPO_ROOT, 'scripts/install-n8n.sh'), line], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
		encoding: 'utf8',
	});
	if (res.status !== 0) {
		throw new Error(
			`scripts/install-n8n.sh ${line} failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`,
		);
	}
	if (!isRuntimeInstalled(line)) throw new Error(`runtime ${line} still has no install stamp`);
}

function defaultLog(msg: string): void {
	process.stderr.write(`[e2e] ${msg}\n`);
}
