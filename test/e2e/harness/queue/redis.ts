/**
 * A throwaway Redis for n8n's queue (Bull): Debian's `redis-server`, loopback only, a free port, no persistence.
 * It runs as a child of the test in its own process group and dies with it.
 */
import { type ChildProcess, spawn } from 'child_process';
import { existsSync } from 'fs';
import * as net from 'net';
import * as path from 'path';

import { sleep } from '../http';
import { freePort } from '../ports';
import { tieToTestProcess } from './processGroup';

/**
 * redis-server: E2E_REDIS_SERVER when set (a path), else on PATH or where Debian puts it; undefined when it is
 * not installed.
 */
export function findRedisServer(): string | undefined {
	const chosen = process.env.E2E_REDIS_SERVER;
	if (chosen !== undefined) return existsSync(chosen) ? chosen : undefined;
	const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
	for (const dir of dirs) {
		const candidate = path.join(dir, 'redis-server');
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** One PING over RESP; true when the server answers PONG. */
function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
	});
}

export const REDIS_MISSING = 'redis-server is not installed (apt-get install redis-server)';

export class Redis {
	private constructor(
		readonly port: number,
		private readonly proc: ChildProcess,
		private readonly exited: Promise<void>,
	) {}

	static async start(dir: string): Promise<Redis> {
		const bin = findRedisServer();
		if (!bin) throw new Error(REDIS_MISSING);
		const port = await freePort();
		const proc = spawn(
			bin,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				dir,
				'--logfile',
				path.join(dir, 'redis.log'),
			],
			{ stdio: 'ignore', detached: true },
		);
		const exited = tieToTestProcess(proc);
		const redis = new Redis(port, proc, exited);
		const deadline = Date.now() + 15_000;
		while (!(await ping(port))) {
			if (proc.exitCode !== null)
				throw new Error(`redis-server exited (${proc.exitCode}); see ${dir}/redis.log`);
			if (Date.now() > deadline) {
				await redis.stop();
				throw new Error('redis-server did not answer PING within 15 s');
			}
			await sleep(100);
		}
		return redis;
	}

	async stop(): Promise<void> {
		if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
		try {
			process.kill(-this.proc.pid!, 'SIGTERM');
		} catch {
			return;
		}
		await Promise.race([this.exited, sleep(5000)]);
		try {
			process.kill(-this.proc.pid!, 'SIGKILL');
		} catch {
			// Stopped by SIGTERM.
		}
	}
}
