/** Runs bench helpers (TypeScript, through ts-node) as separate Node processes. */
import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../..');
const TS_NODE = require.resolve('ts-node/dist/bin.js');

function spawnTs(file: string, args: string[], nodeFlags: string[]): ChildProcess {
	return spawn(
		process.execPath,
		[...nodeFlags, TS_NODE, '--transpile-only', path.resolve(REPO, file), ...args],
		{
			cwd: REPO,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
}

export interface Server {
	url: string;
	stop(): Promise<void>;
}

/** Starts a long-running helper and resolves once it prints a line matching `ready` (first group = URL). */
export function startTsServer(
	file: string,
	args: string[],
	ready: RegExp,
	timeoutMs = 30_000,
): Promise<Server> {
	const child = spawnTs(file, args, []);
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		const timer = setTimeout(
			() => reject(new Error(`${file} did not start in ${timeoutMs} ms: ${err}`)),
			timeoutMs,
		);
		child.stdout!.on('data', (d: Buffer) => {
			out += d.toString();
			const m = ready.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({ url: m[1], stop: () => stopChild(child) });
			}
		});
		child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`${file} exited with ${code}: ${err}`));
		});
	});
}

/** Runs a helper to completion and parses the last stdout line as JSON. */
export function runTsJson<T>(
	file: string,
	args: string[],
	nodeFlags: string[] = [],
	timeoutMs = 300_000,
): Promise<T> {
	const child = spawnTs(file, args, nodeFlags);
	return new Promise((resolve, reject) => {
		let out = '';
		let err = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${file} took longer than ${timeoutMs} ms`));
		}, timeoutMs);
		child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
		child.on('exit', (code) => {
			clearTimeout(timer);
			const last = out.trim().split('\n').pop() ?? '';
			if (code !== 0) return reject(new Error(`${file} exited with ${code}: ${err.slice(-2000)}`));
			try {
				resolve(JSON.parse(last) as T);
			} catch {
				reject(new Error(`${file} printed no JSON result: ${out.slice(-500)} ${err.slice(-500)}`));
			}
		});
	});
}

export function stopChild(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve();
		}, 3000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
