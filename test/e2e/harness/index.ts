/**
 * End-to-end harness: a real n8n with our package installed, for jest suites named *.e2e.test.ts.
 *
 *   const suite = useN8n(async () => ({ line: 'n8n2', credentials: [...], workflows: [...], activate: [...] }));
 *   suite.test('runs Chat → Get', async (n8n) => { const ex = await n8n.runWorkflow(id); ... });
 *
 * useN8n registers beforeAll/afterAll: installs the runtime if needed (scripts/install-n8n.sh), builds the package
 * if its sources changed, starts n8n once for the suite and stops it after. suite.test prints the tail of n8n's
 * log when the test fails. Hooks declared before useN8n (e.g. starting the emulator) run before n8n starts.
 */
import { type N8n as N8nType, N8n, type N8nOptions } from './n8n';
import { ensureBuilt } from './pkg';
import { ensureRuntime } from './runtime';

export * from './feishu';
export * from './fixtures';
export * from './http';
export * from './n8n';
export * from './paths';
export * from './pkg';
export * from './ports';
export * from './runtime';

export interface N8nSuite {
	/** The running n8n (only inside tests and hooks declared after useN8n). */
	readonly n8n: N8nType;
	/** A jest test that gets the running n8n and prints the tail of its log when it fails. */
	test(name: string, fn: (n8n: N8nType) => Promise<void>, timeoutMs?: number): void;
}

export function useN8n(
	options: N8nOptions | (() => N8nOptions | Promise<N8nOptions>),
	{ setupTimeoutMs = 20 * 60_000 }: { setupTimeoutMs?: number } = {},
): N8nSuite {
	let instance: N8nType | undefined;
	beforeAll(async () => {
		const opts = typeof options === 'function' ? await options() : options;
		ensureRuntime(opts.line ?? 'n8n2');
		if ((opts.packageMode ?? 'pack') !== 'none')
			await ensureBuilt((m) => process.stderr.write(`[e2e] ${m}\n`));
		instance = await N8n.start(opts);
	}, setupTimeoutMs);
	afterAll(async () => {
		await instance?.stop();
	}, 60_000);
	return {
		get n8n() {
			if (!instance) throw new Error('n8n is not running (did beforeAll fail?)');
			return instance;
		},
		test(name, fn, timeoutMs = 120_000) {
			it(
				name,
				async () => {
					if (!instance) throw new Error('n8n is not running (did beforeAll fail?)');
					await instance.guard(() => fn(instance!))();
				},
				timeoutMs,
			);
		},
	};
}
