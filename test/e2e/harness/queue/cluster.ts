/**
 * n8n 2.x in queue mode, as a user scales out: Redis, Postgres 18, one main (`n8n start`: editor, API,
 * triggers such as our long connection), one worker (`n8n worker`: runs every execution, manual ones too) and two
 * webhook processes (`n8n webhook`: production webhook calls). Each process has its own user folder with the
 * packed package in it; they share the encryption key, the database and the queue.
 *
 * The whole cluster holds the machine-wide n8n lock (one n8n world at a time on this 2-core machine). Ports are
 * fixed for the cluster's life, so a restarted process answers on the same URL (the emulator's callback URL
 * keeps pointing at it).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { CredentialJson, WorkflowJson } from '../fixtures';
import { acquireLock, type Lock } from '../lock';
import { N8n, type N8nOptions } from '../n8n';
import { communityNodesDir, installPackage, PACKAGE_NAME } from '../pkg';
import { freePorts } from '../ports';
import { type PgDatabase, Postgres } from './postgres';
import { findRedisServer, Redis, REDIS_MISSING } from './redis';

export type QueueRole = 'main' | 'worker' | 'webhook1' | 'webhook2';
const ROLES: QueueRole[] = ['main', 'worker', 'webhook1', 'webhook2'];

export interface QueueClusterOptions {
	/** Imported before the start; a function gets the services' ports (e.g. for a Redis credential). */
	credentials?: CredentialJson[] | ((services: { redisPort: number }) => CredentialJson[]);
	workflows?: WorkflowJson[];
	/** Workflow ids published before the start. */
	activate?: string[];
	/** Take the machine-wide n8n lock (default true; false when the caller already holds it, e.g. the bench). */
	lock?: boolean;
	/** `n8n worker --concurrency` (default 10, n8n's default). */
	workerConcurrency?: number;
	log?: (msg: string) => void;
}

function defaultLog(msg: string): void {
	process.stderr.write(`[e2e] ${msg}\n`);
}

export class QueueCluster {
	readonly processes = new Map<QueueRole, N8n>();
	failed = false;

	private constructor(
		readonly root: string,
		readonly pg: Postgres,
		readonly redis: Redis,
		private readonly db: PgDatabase,
		private readonly ports: Map<QueueRole, [number, number]>,
		private readonly opts: QueueClusterOptions,
		private readonly log: (msg: string) => void,
		private lock?: Lock,
	) {}

	static async start(opts: QueueClusterOptions = {}): Promise<QueueCluster> {
		const log = opts.log ?? defaultLog;
		// Before waiting for the lock: a machine without Redis fails at once.
		if (!findRedisServer()) throw new Error(REDIS_MISSING);
		const lock =
			opts.lock === false
				? undefined
				: await acquireLock('n8n', 25 * 60_000, () =>
						log(
							'queued: another n8n test run is using this machine (one at a time by design); starting when it ends',
						),
					);
		const t0 = Date.now();
		const root = mkdtempSync(path.join(os.tmpdir(), 'feishu-e2e-queue-'));
		let pg: Postgres | undefined;
		let redis: Redis | undefined;
		try {
			[pg, redis] = await Promise.all([Postgres.start(), Redis.start(root)]);
			const db = await pg.createDatabase('n8n', 'n8n-e2e');
			const free = await freePorts(ROLES.length * 2);
			const ports = new Map(
				ROLES.map((r, i) => [r, [free[2 * i], free[2 * i + 1]] as [number, number]]),
			);
			const cluster = new QueueCluster(root, pg, redis, db, ports, opts, log, lock);
			log(
				`queue mode: Postgres 18 on ${pg.port}, Redis on ${redis.port} after ${Date.now() - t0} ms`,
			);
			await cluster.boot();
			log(
				`queue mode: main, worker and two webhook processes up after ${((Date.now() - t0) / 1000).toFixed(1)} s`,
			);
			return cluster;
		} catch (e) {
			await redis?.stop();
			await pg?.stop();
			lock?.release();
			throw e;
		}
	}

	private async boot(): Promise<void> {
		// Pack once, copy into every user folder (npm pack costs seconds).
		const packed = installPackage(this.userFolder('main'));
		for (const role of ROLES.slice(1)) {
			cpSync(packed, path.join(communityNodesDir(this.userFolder(role)), PACKAGE_NAME), {
				recursive: true,
			});
		}
		// The main process runs the database migrations and the imports; the others start once it is up.
		const { credentials } = this.opts;
		await this.startRole('main', {
			credentials:
				typeof credentials === 'function'
					? credentials({ redisPort: this.redis.port })
					: credentials,
			workflows: this.opts.workflows,
			activate: this.opts.activate,
		});
		await Promise.all(ROLES.slice(1).map((role) => this.startRole(role)));
	}

	userFolder(role: QueueRole): string {
		const dir = path.join(this.root, role);
		mkdirSync(dir, { recursive: true });
		return dir;
	}

	/** Settings every process shares: database, queue, and a worker that also runs manual executions. */
	private sharedEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: this.db.host,
			DB_POSTGRESDB_PORT: String(this.db.port),
			DB_POSTGRESDB_DATABASE: this.db.database,
			DB_POSTGRESDB_USER: this.db.user,
			DB_POSTGRESDB_PASSWORD: this.db.password,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			EXECUTIONS_DATA_PRUNE: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		};
	}

	private roleOptions(role: QueueRole): N8nOptions {
		const [port, brokerPort] = this.ports.get(role)!;
		const common: N8nOptions = {
			line: 'n8n2',
			userFolder: this.userFolder(role),
			port,
			brokerPort,
			packageMode: 'none',
			lock: false,
			log: this.log,
			env: this.sharedEnv(),
		};
		if (role === 'main') return common;
		const worker = role === 'worker';
		return {
			...common,
			owner: false,
			command: worker
				? ['worker', `--concurrency=${this.opts.workerConcurrency ?? 10}`]
				: ['webhook'],
			readyLine: worker ? 'n8n worker is now ready' : 'Webhook listener waiting for requests',
		};
	}

	private async startRole(role: QueueRole, extra: Partial<N8nOptions> = {}): Promise<N8n> {
		const n8n = await N8n.start({ ...this.roleOptions(role), ...extra });
		this.processes.set(role, n8n);
		return n8n;
	}

	get main(): N8n {
		return this.process('main');
	}

	process(role: QueueRole): N8n {
		const p = this.processes.get(role);
		if (!p) throw new Error(`queue process ${role} is not running`);
		return p;
	}

	/** Stops a process (SIGTERM, n8n's graceful shutdown) and starts it again on the same ports. */
	async restart(role: QueueRole, { downMs = 0 }: { downMs?: number } = {}): Promise<N8n> {
		await this.stopRole(role);
		if (downMs) await new Promise((r) => setTimeout(r, downMs));
		return await this.startRole(role);
	}

	async stopRole(role: QueueRole): Promise<void> {
		const p = this.processes.get(role);
		this.processes.delete(role);
		await p?.stop();
	}

	/** Prints the tail of every process's log (for a failed test). */
	printLogs(reason: string, lines = 40): void {
		for (const [role, p] of this.processes) p.printLogTail(`${reason} [${role}]`, lines);
	}

	async stop(): Promise<void> {
		await Promise.all([...this.processes.keys()].map((role) => this.stopRole(role)));
		await this.redis.stop();
		await this.pg.stop();
		this.lock?.release();
		this.lock = undefined;
		if (this.failed || process.env.E2E_KEEP === '1')
			this.log(`kept queue-mode folders ${this.root}`);
		else rmSync(this.root, { recursive: true, force: true });
	}
}
