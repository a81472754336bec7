/**
 * Queue-mode harness: `useQueueCluster` starts Redis, Postgres and n8n's main, worker and two webhook processes
 * once per suite (jest hooks, like useN8n), and stops them after.
 *
 * Redis comes from the machine (Debian's redis-server; .ci/run installs it). Where it is missing outside CI the
 * suite is skipped with one line saying so; in CI (CI=true) it runs and fails.
 */
import { ensureBuilt } from '../pkg';
import { ensureRuntime } from '../runtime';
import { QueueCluster, type QueueClusterOptions } from './cluster';
import { findRedisServer, REDIS_MISSING } from './redis';

export * from './cluster';
export * from './executions';
export * from './postgres';
export * from './redis';
export * from './workflows';

/** Why queue mode cannot run here, or undefined when it can (or must: CI). */
export function queueModeUnavailable(): string | undefined {
	if (findRedisServer() || process.env.CI === 'true') return undefined;
	return `${REDIS_MISSING}; CI always runs this suite`;
}

export interface QueueSuite {
	readonly cluster: QueueCluster;
	test(name: string, fn: (cluster: QueueCluster) => Promise<void>, timeoutMs?: number): void;
}

export function useQueueCluster(
	options: () => QueueClusterOptions | Promise<QueueClusterOptions>,
	{ setupTimeoutMs = 30 * 60_000 }: { setupTimeoutMs?: number } = {},
): QueueSuite {
	let instance: QueueCluster | undefined;
	beforeAll(async () => {
		ensureRuntime('n8n2');
		await ensureBuilt((m) => process.stderr.write(`[e2e] ${m}\n`));
		instance = await QueueCluster.start(await options());
	}, setupTimeoutMs);
	afterAll(async () => {
		await instance?.stop();
	}, 90_000);
	return {
		get cluster() {
			if (!instance) throw new Error('the queue-mode cluster is not running (did beforeAll fail?)');
			return instance;
		},
		test(name, fn, timeoutMs = 180_000) {
			it(
				name,
				async () => {
					if (!instance)
						throw new Error('the queue-mode cluster is not running (did beforeAll fail?)');
					try {
						await fn(instance);
					} catch (e) {
						instance.failed = true;
						instance.printLogs(`test failed: ${(e as Error).message?.split('\n')[0]}`);
						throw e;
					}
				},
				timeoutMs,
			);
		},
	};
}
