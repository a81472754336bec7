/**
 * A machine-wide lock between processes (jest runs suites in parallel workers): the machine has 2 cores, so only
 * one n8n runs at a time, and only one build writes dist/ at a time. mkdir is atomic; the owner's pid is recorded
 * so a lock left by a killed process is taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface Lock {
	release(): void;
	/** Records the process group of a child (e.g. n8n) the holder started, so a successor can clean it up. */
	recordChildGroup(pgid: number): void;
}

/** A holder that died without releasing (jest killed, ...) may have left its n8n running: end that too. */
function killLeftovers(dir: string): void {
	try {
		const pgid = Number(readFileSync(path.join(dir, 'child-pgid'), 'utf8'));
		if (pgid > 1) process.kill(-pgid, 'SIGKILL');
	} catch {
		// No child recorded, or it is gone already.
	}
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export async function acquireLock(
	name: string,
	timeoutMs: number,
	onWait?: () => void,
): Promise<Lock> {
	const dir = path.join(os.tmpdir(), `feishu-e2e-${name}.lock`);
	const deadline = Date.now() + timeoutMs;
	let told = false;
	for (;;) {
		try {
			mkdirSync(dir);
			writeFileSync(path.join(dir, 'pid'), String(process.pid));
			let released = false;
			return {
				release() {
					if (released) return;
					released = true;
					rmSync(dir, { recursive: true, force: true });
				},
				recordChildGroup(pgid: number) {
					if (!released) writeFileSync(path.join(dir, 'child-pgid'), String(pgid));
				},
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
		let owner = 0;
		try {
			owner = Number(readFileSync(path.join(dir, 'pid'), 'utf8'));
		} catch {
			// The owner is between mkdir and writing its pid, or just released: retry shortly.
		}
		if (owner && owner !== process.pid && !pidAlive(owner)) {
			killLeftovers(dir);
			rmSync(dir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) {
			throw new Error(`lock ${dir} still held by pid ${owner || '?'} after ${timeoutMs} ms`);
		}
		if (!told) {
			told = true;
			onWait?.();
		}
		await new Promise((r) => setTimeout(r, 500));
	}
}

export async function withLock<T>(
	name: string,
	timeoutMs: number,
	fn: () => Promise<T> | T,
): Promise<T> {
	const lock = await acquireLock(name, timeoutMs);
	try {
		return await fn();
	} finally {
		lock.release();
	}
}
