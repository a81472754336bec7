/**
 * One real n8n process for a test suite (or for `npm start`): throwaway user folder, our package installed as a
 * community package, credentials and workflows imported and activated with n8n's own CLI before the start, then
 * the owner account and an API key for the public API.
 *
 * How a workflow is run (runWorkflow): POST /rest/workflows/:id/run from its Manual Trigger, as the editor's
 * "Execute workflow" button does, then poll the public API for the finished execution. It needs no activation and
 * no webhook, works for any workflow, and returns the full run data of every node, errors included.
 * (`n8n execute` would spend ~4 s booting a second n8n per run; a Webhook-trigger workflow answering with the
 * last node's data needs activation and only returns the last node.)
 *
 * Differences between the lines, handled here: activation before start is `publish:workflow --id` on 2.x and
 * `update:workflow --active=true` on 1.x; /rest/workflows/:id/run needs `workflowData` in the body on 1.x (2.x
 * reads the workflow from the database and ignores it); webhooks of a workflow activated through the API are
 * registered asynchronously on 2.x, so postToWebhook retries while the answer is 404.
 */
import { type ChildProcess, spawn } from 'child_process';
import {
	closeSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	openSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { CredentialJson, WorkflowJson } from './fixtures';
import { http, type HttpResponse, sleep } from './http';
import { acquireLock, type Lock } from './lock';
import { type N8nLine, n8nEntry, nodeBinary, RUNTIME_DIRS } from './paths';
import { installPackage } from './pkg';
import { freePorts } from './ports';

export const E2E_ENCRYPTION_KEY = 'feishu-group-e2e-encryption-key';

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const E2E_OWNER: OwnerAccount = {
	email: 'e2e@example.com',
	password: 'E2e-Passw0rd',
	firstName: 'E2E',
	lastName: 'Owner',
};

export interface N8nOptions {
	/** Which pinned n8n to run (default n8n2). */
	line?: N8nLine;
	/** N8N_USER_FOLDER; default a fresh temporary folder, removed on stop unless a test failed or E2E_KEEP=1. */
	userFolder?: string;
	/** HTTP port (default: a free one) and task-runner broker port (default: a free one). */
	port?: number;
	brokerPort?: number;
	/** Listen address (default 127.0.0.1; null = n8n's own default, all interfaces). */
	listenAddress?: string | null;
	/** Host name in baseUrl and the default WEBHOOK_URL (default 127.0.0.1). */
	host?: string;
	/**
	 * N8N_ENCRYPTION_KEY (default a fixed test key; must stay the same for a persistent user folder). null: not set,
	 * so n8n makes a random key on the folder's first run and keeps it in <userFolder>/.n8n/config (npm start).
	 */
	encryptionKey?: string | null;
	/**
	 * Pass the caller's N8N_*, WEBHOOK_URL, DB_* ... variables through (npm start: the user may tune n8n).
	 * Default false: tests get a clean, reproducible environment.
	 */
	inheritEnv?: boolean;
	/** How our package gets into the user folder: 'pack' (default, as users get it), 'copy', or 'none'. */
	packageMode?: 'pack' | 'copy' | 'none';
	/** Imported with `n8n import:credentials` before the start (plain data; encrypted by n8n). */
	credentials?: CredentialJson[];
	/** Imported with `n8n import:workflow` before the start. */
	workflows?: WorkflowJson[];
	/** Workflow ids to activate before the start (publish:workflow on 2.x, update:workflow on 1.x). */
	activate?: string[];
	/** Owner to create with /rest/owner/setup after the start (default E2E_OWNER); false = leave the sign-up. */
	owner?: OwnerAccount | false;
	/** Create an API key for the public API (default true; needs an owner). */
	apiKey?: boolean;
	/** Extra environment for n8n (wins over the defaults). */
	env?: Record<string, string>;
	/** Serialise with other n8n starts on this machine (default true: 2 cores, one n8n at a time). */
	lock?: boolean;
	startTimeoutMs?: number;
	/** Progress messages (default: stderr with an [e2e] prefix). */
	log?: (msg: string) => void;
	/** n8n command and arguments (default ['start']; queue mode also runs ['worker'] and ['webhook']). */
	command?: string[];
	/** Log line that says the process is ready (default "Editor is now accessible", logged by `n8n start`). */
	readyLine?: string;
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: {
		resultData: {
			runData: Record<string, NodeRun[]>;
			error?: { message: string; description?: string; [k: string]: unknown };
			lastNodeExecuted?: string;
		};
	};
}

export interface NodeRun {
	executionStatus?: string;
	error?: { message: string; description?: string; [k: string]: unknown };
	data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> };
}

/** Output items (json) of one node in an execution; run and output index default to 0. */
export function nodeOutput(
	execution: Execution,
	nodeName: string,
	{ run = 0, output = 0 }: { run?: number; output?: number } = {},
): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	if (!runs?.[run]) {
		throw new Error(
			`node "${nodeName}" did not run in execution ${execution.id} (ran: ${Object.keys(execution.data?.resultData.runData ?? {}).join(', ') || 'nothing'})`,
		);
	}
	return (runs[run].data?.main[output] ?? []).map((item) => item.json);
}

/** The error of a failed execution, or of one node; undefined when there is none. */
export function executionError(
	execution: Execution,
	nodeName?: string,
): NodeRun['error'] | undefined {
	if (nodeName) return execution.data?.resultData.runData[nodeName]?.[0]?.error;
	return execution.data?.resultData.error;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

function defaultLog(msg: string): void {
	process.stderr.write(`[e2e] ${msg}\n`);
}

export class N8n {
	readonly baseUrl: string;
	/** Set when a test guarded by guard() failed: the user folder is then kept for inspection. */
	failed = false;
	apiKey = '';
	private cookie = '';
	private proc?: ChildProcess;
	private exited?: Promise<void>;
	private lock?: Lock;
	readonly version: string;
	readonly logFile: string;

	private constructor(
		readonly line: N8nLine,
		readonly userFolder: string,
		readonly port: number,
		readonly brokerPort: number,
		private readonly ownUserFolder: boolean,
		private readonly opts: N8nOptions,
		private readonly log: (msg: string) => void,
	) {
		this.baseUrl = `http://${opts.host ?? '127.0.0.1'}:${port}`;
		this.logFile = path.join(userFolder, 'n8n.log');
		this.version = JSON.parse(
			readFileSync(path.join(RUNTIME_DIRS[line], 'node_modules/n8n/package.json'), 'utf8'),
		).version;
	}

	/** Prepares the user folder, imports, starts n8n and waits until the editor (and webhooks) are up. */
	static async start(opts: N8nOptions = {}): Promise<N8n> {
		const log = opts.log ?? defaultLog;
		const line = opts.line ?? 'n8n2';
		if (!existsSync(n8nEntry(line))) {
			throw new Error(`n8n runtime ${line} is not installed: bash scripts/install-n8n.sh ${line}`);
		}
		const lock =
			opts.lock === false
				? undefined
				: await acquireLock('n8n', 15 * 60_000, () =>
						log(
							'queued: another n8n test run is using this machine (one at a time by design); starting when it ends',
						),
					);
		let n8n: N8n | undefined;
		try {
			const [freeA, freeB] = await freePorts(2);
			const ownUserFolder = !opts.userFolder;
			const userFolder =
				opts.userFolder ?? mkdtempSync(path.join(os.tmpdir(), `feishu-e2e-${line}-`));
			mkdirSync(userFolder, { recursive: true });
			n8n = new N8n(
				line,
				userFolder,
				opts.port ?? freeA,
				opts.brokerPort ?? freeB,
				ownUserFolder,
				opts,
				log,
			);
			n8n.lock = lock;
			await n8n.boot();
			return n8n;
		} catch (e) {
			if (n8n) {
				n8n.failed = true;
				n8n.printLogTail(`n8n did not start: ${(e as Error).message}`);
				await n8n.stop();
			} else {
				lock?.release();
			}
			throw e;
		}
	}

	/** Environment of every n8n process (CLI and server). */
	env(): NodeJS.ProcessEnv {
		const n8nVar = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$)/;
		const base: NodeJS.ProcessEnv = {};
		const inherited: NodeJS.ProcessEnv = {};
		for (const [k, v] of Object.entries(process.env)) {
			// jest sets NODE_ENV=test, which changes n8n's behaviour; NODE_OPTIONS may carry a debugger.
			if (k === 'NODE_ENV' || k === 'NODE_OPTIONS') continue;
			if (n8nVar.test(k)) {
				if (this.opts.inheritEnv) inherited[k] = v;
			} else {
				base[k] = v;
			}
		}
		const listen = this.opts.listenAddress === undefined ? '127.0.0.1' : this.opts.listenAddress;
		// Webhook URLs the trigger node reports (and the emulator posts to) must be reachable locally, unless the
		// caller brings its own (e.g. a tunnel). 2.x renamed WEBHOOK_URL (still read, deprecated) to N8N_WEBHOOK_URL.
		const own = { ...inherited, ...this.opts.env };
		const webhookUrl =
			own.WEBHOOK_URL || own.N8N_WEBHOOK_URL
				? {}
				: { [this.line === 'n8n1' ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `${this.baseUrl}/` };
		return {
			...base,
			NODE_ENV: 'production',
			...(this.opts.encryptionKey === null
				? {}
				: { N8N_ENCRYPTION_KEY: this.opts.encryptionKey ?? E2E_ENCRYPTION_KEY }),
			...(listen ? { N8N_LISTEN_ADDRESS: listen } : {}),
			...webhookUrl,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_LOG_LEVEL: process.env.E2E_N8N_LOG_LEVEL ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
			DB_SQLITE_POOL_SIZE: '2',
			GENERIC_TIMEZONE: 'UTC',
			...inherited,
			...this.opts.env,
			// Always ours: they define which instance this is.
			N8N_USER_FOLDER: this.userFolder,
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
		};
	}

	/** Runs an n8n CLI command (e.g. import:workflow) against this user folder; resolves with its output. */
	cli(args: string[], timeoutMs = 120_000): Promise<string> {
		const t0 = Date.now();
		return new Promise((resolve, reject) => {
			const child = spawn(nodeBinary(), [n8nEntry(this.line), ...args], {
				cwd: this.userFolder,
				env: this.env(),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let out = '';
			child.stdout.on('data', (d) => (out += d));
			child.stderr.on('data', (d) => (out += d));
			const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				if (process.env.E2E_VERBOSE === '1') {
					this.log(`n8n ${args[0]}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
				}
				if (code === 0) resolve(out);
				else reject(new Error(`n8n ${args.join(' ')} exited with ${code}:\n${out.slice(-3000)}`));
			});
		});
	}

	private async boot(): Promise<void> {
		const t0 = Date.now();
		const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
		const mode = this.opts.packageMode ?? 'pack';
		if (mode !== 'none') installPackage(this.userFolder, mode);
		// Fresh each time: a persistent user folder (npm start) must not re-import files of an earlier run.
		const importDir = path.join(this.userFolder, 'import');
		rmSync(importDir, { recursive: true, force: true });
		mkdirSync(path.join(importDir, 'workflows'), { recursive: true });
		if (this.opts.credentials?.length) {
			// Plain secrets for n8n's importer: readable by this user only, and gone as soon as n8n has them.
			const file = path.join(importDir, 'credentials.json');
			writeFileSync(file, JSON.stringify(this.opts.credentials, null, 2), { mode: 0o600 });
			try {
				await this.cli(['import:credentials', `--input=${file}`]);
			} finally {
				rmSync(file, { force: true });
			}
		}
		if (this.opts.workflows?.length) {
			for (const wf of this.opts.workflows) {
				writeFileSync(
					path.join(importDir, 'workflows', `${wf.id}.json`),
					JSON.stringify(wf, null, 2),
				);
			}
			await this.cli([
				'import:workflow',
				'--separate',
				`--input=${path.join(importDir, 'workflows')}`,
			]);
		}
		for (const id of this.opts.activate ?? []) {
			await this.cli(
				this.line === 'n8n1'
					? ['update:workflow', `--id=${id}`, '--active=true']
					: ['publish:workflow', `--id=${id}`],
			);
		}
		if (this.opts.credentials?.length || this.opts.workflows?.length)
			this.log(`${this.line}: imported in ${since()}`);
		const tStart = Date.now();
		await this.spawnServer();
		this.log(
			`n8n ${this.version} is up at ${this.baseUrl} after ${since()}, of which n8n start ` +
				`${((Date.now() - tStart) / 1000).toFixed(1)} s (log: ${this.logFile})`,
		);
		if (this.opts.owner !== false) {
			await this.setupOwner(this.opts.owner ?? E2E_OWNER);
			if (this.opts.apiKey !== false) await this.createApiKey();
		}
	}

	private async spawnServer(): Promise<void> {
		// A persistent user folder (npm start) keeps the log of earlier runs: only look at what this run writes.
		const offset = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
		const fd = openSync(this.logFile, 'a');
		// Own process group, so stop() also reaches the task runner n8n spawns.
		const command = this.opts.command ?? ['start'];
		const child = spawn(nodeBinary(), [n8nEntry(this.line), ...command], {
			cwd: this.userFolder,
			env: this.env(),
			stdio: ['ignore', fd, fd],
			detached: true,
		});
		closeSync(fd);
		this.proc = child;
		if (child.pid) {
			this.lock?.recordChildGroup(child.pid);
			// If this process ends without stop() (a crash, process.exit), do not leave n8n running. SIGTERM: n8n
			// then shuts down by itself within N8N_GRACEFUL_SHUTDOWN_TIMEOUT, without harm to its database.
			const pgid = child.pid;
			const onExit = () => {
				try {
					process.kill(-pgid, 'SIGTERM');
				} catch {
					// Already gone.
				}
			};
			process.once('exit', onExit);
			child.once('exit', () => process.removeListener('exit', onExit));
		}
		this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
		const deadline = Date.now() + (this.opts.startTimeoutMs ?? 180_000);
		// "Editor is now accessible" comes after active workflows are registered; the health check comes earlier.
		for (;;) {
			if (child.exitCode !== null || child.signalCode !== null) {
				throw new Error(
					`n8n exited during start (code ${child.exitCode}, signal ${child.signalCode})`,
				);
			}
			const ready = this.opts.readyLine ?? 'Editor is now accessible';
			if (this.readLog(offset).includes(ready)) return;
			if (Date.now() > deadline) throw new Error(`n8n did not log "${ready}" in time`);
			await sleep(250);
		}
	}

	/** n8n's log (from a byte offset). */
	readLog(fromByte = 0): string {
		try {
			return readFileSync(this.logFile).subarray(fromByte).toString('utf8');
		} catch {
			return '';
		}
	}

	logTail(lines = 80): string {
		return this.readLog().split('\n').slice(-lines).join('\n');
	}

	printLogTail(reason: string, lines = 80): void {
		process.stderr.write(
			`\n----- ${reason}\n----- last ${lines} lines of ${this.logFile} (n8n ${this.version}):\n${this.logTail(lines)}\n-----\n`,
		);
	}

	/** Wraps a test body: on failure prints the tail of n8n's log and keeps the user folder. */
	guard<T>(fn: () => Promise<T>): () => Promise<T> {
		return async () => {
			try {
				return await fn();
			} catch (e) {
				this.failed = true;
				this.printLogTail(`test failed: ${(e as Error).message?.split('\n')[0]}`);
				throw e;
			}
		};
	}

	// ---- HTTP -------------------------------------------------------------------------------------------------

	/** Internal REST API (/rest/...), authenticated with the owner's cookie; returns the `data` field. */
	async rest<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T> {
		const res = await http<{ data: T }>(`${this.baseUrl}/rest${pathname}`, {
			method,
			body,
			headers: this.cookie ? { cookie: this.cookie } : {},
		});
		if (res.status >= 400)
			throw new Error(`${method} /rest${pathname} → ${res.status}: ${res.text.slice(0, 500)}`);
		return res.json?.data as T;
	}

	/**
	 * What n8n reports about a workflow's activation, as one string for matching: its activation error
	 * and (2.x) its publication status; an endpoint this n8n lacks contributes its error text.
	 */
	async activationReport(workflowId: string): Promise<string> {
		const read = async (pathname: string) =>
			await this.rest<unknown>('GET', pathname).then(
				(body) => JSON.stringify(body),
				(error: Error) => error.message,
			);
		return (
			(await read(`/active-workflows/error/${workflowId}`)) +
			(await read(`/workflows/${workflowId}/publication-status`))
		);
	}

	/** Public API (/api/v1/...), authenticated with the API key; returns the whole JSON body. */
	async api<T = unknown>(method: string, pathname: string, body?: unknown): Promise<T> {
		const res = await http<T>(`${this.baseUrl}/api/v1${pathname}`, {
			method,
			body,
			headers: { 'X-N8N-API-KEY': this.apiKey },
		});
		if (res.status >= 400)
			throw new Error(`${method} /api/v1${pathname} → ${res.status}: ${res.text.slice(0, 500)}`);
		return res.json;
	}

	/** Creates the owner (first start of a user folder) or logs in (later starts); keeps the auth cookie. */
	async setupOwner(owner: OwnerAccount): Promise<void> {
		let res = await http(`${this.baseUrl}/rest/owner/setup`, { method: 'POST', body: owner });
		if (res.status >= 400) {
			// Already set up (persistent user folder): log in instead.
			res = await http(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				body: { emailOrLdapLoginId: owner.email, email: owner.email, password: owner.password },
			});
		}
		if (res.status >= 400)
			throw new Error(`owner setup / login failed: ${res.status} ${res.text.slice(0, 300)}`);
		const auth = res.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!auth) throw new Error('n8n set no auth cookie on owner setup / login');
		this.cookie = auth.split(';')[0];
	}

	async createApiKey(): Promise<string> {
		const data = await this.rest<{ rawApiKey?: string; apiKey?: string }>('POST', '/api-keys', {
			label: `e2e-${Date.now()}`,
			expiresAt: null,
			scopes: [
				'workflow:create',
				'workflow:read',
				'workflow:update',
				'workflow:delete',
				'workflow:list',
				'workflow:activate',
				'workflow:deactivate',
				'execution:read',
				'execution:list',
				'execution:delete',
			],
		});
		this.apiKey = data.rawApiKey ?? data.apiKey ?? '';
		if (!this.apiKey) throw new Error('n8n returned no API key');
		return this.apiKey;
	}

	/** Names of the node types (or credential types) n8n has loaded, e.g. to prove a package loads. */
	async loadedTypes(kind: 'nodes' | 'credentials'): Promise<string[]> {
		const res = await http<Array<{ name: string }>>(`${this.baseUrl}/types/${kind}.json`, {
			headers: this.cookie ? { cookie: this.cookie } : {},
		});
		if (res.status !== 200 || !Array.isArray(res.json)) {
			throw new Error(`GET /types/${kind}.json → ${res.status}: ${res.text.slice(0, 200)}`);
		}
		return res.json.map((t) => t.name);
	}

	// ---- Workflows and executions -----------------------------------------------------------------------------

	/**
	 * Runs a workflow once from its trigger (default: its Manual Trigger) like the editor's "Execute workflow"
	 * button, and waits until the execution has finished. Resolves with the execution (with data) whether it
	 * succeeded or failed: check `status` or use nodeOutput() / executionError().
	 */
	async runWorkflow(
		id: string,
		opts: { triggerName?: string; timeoutMs?: number } = {},
	): Promise<Execution> {
		const wf = await this.rest<WorkflowJson>('GET', `/workflows/${id}`);
		const trigger =
			opts.triggerName ?? wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')?.name;
		if (!trigger) throw new Error(`workflow ${id} has no Manual Trigger; pass triggerName`);
		const started = await this.rest<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${id}/run`,
			// n8n 1.x runs the workflowData it is sent; 2.x loads the workflow itself and drops this field.
			{ workflowData: wf, triggerToStartFrom: { name: trigger } },
		);
		if (!started?.executionId) {
			throw new Error(`workflow ${id} did not start an execution: ${JSON.stringify(started)}`);
		}
		return await this.waitForExecution(started.executionId, opts.timeoutMs);
	}

	/** Polls an execution until it has finished; resolves with it including its data. */
	async waitForExecution(executionId: string, timeoutMs = 60_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await http<Execution>(
				`${this.baseUrl}/api/v1/executions/${executionId}?includeData=true`,
				{
					headers: { 'X-N8N-API-KEY': this.apiKey },
				},
			);
			if (res.status === 200 && FINISHED.has(res.json.status)) return res.json;
			if (res.status !== 200 && res.status !== 404) {
				throw new Error(`GET execution ${executionId} → ${res.status}: ${res.text.slice(0, 300)}`);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`execution ${executionId} not finished after ${timeoutMs} ms (${res.json?.status ?? res.status})`,
				);
			}
			await sleep(200);
		}
	}

	/** Finished executions of a workflow, oldest first, with their data. */
	async listExecutions(workflowId: string): Promise<Execution[]> {
		const all: Execution[] = [];
		let cursor: string | undefined;
		do {
			const q = `workflowId=${workflowId}&includeData=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`;
			const page = await this.api<{ data: Execution[]; nextCursor?: string | null }>(
				'GET',
				`/executions?${q}`,
			);
			all.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return all.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/**
	 * Waits until a workflow has at least `n` finished executions, then (settleMs > 0) waits a little longer and
	 * lists again, so a test can assert that no more than `n` ran. Resolves with all of them, oldest first.
	 */
	async waitForExecutions(
		workflowId: string,
		n: number,
		{ timeoutMs = 30_000, settleMs = 0 }: { timeoutMs?: number; settleMs?: number } = {},
	): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const list = await this.listExecutions(workflowId);
			if (list.length >= n) {
				if (!settleMs) return list;
				await sleep(settleMs);
				return await this.listExecutions(workflowId);
			}
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${workflowId}: ${list.length} of ${n} executions after ${timeoutMs} ms`,
				);
			}
			await sleep(250);
		}
	}

	/** Production (or test) URL of a webhook path. */
	webhookUrl(webhookPath: string, test = false): string {
		return `${this.baseUrl}/${test ? 'webhook-test' : 'webhook'}/${webhookPath.replace(/^\//, '')}`;
	}

	/**
	 * POSTs to a webhook. While the answer is 404 it retries (up to registerTimeoutMs): a webhook activated through
	 * the API is registered asynchronously on 2.x.
	 */
	async postToWebhook(
		webhookPath: string,
		body: unknown,
		headers: Record<string, string> = {},
		{
			test = false,
			registerTimeoutMs = 15_000,
		}: { test?: boolean; registerTimeoutMs?: number } = {},
	): Promise<HttpResponse> {
		const deadline = Date.now() + registerTimeoutMs;
		for (;;) {
			const res = await http(this.webhookUrl(webhookPath, test), { method: 'POST', body, headers });
			if (res.status !== 404 || Date.now() > deadline) return res;
			await sleep(250);
		}
	}

	/**
	 * Waits until a production webhook path is registered, without triggering it: a GET to a POST-only webhook
	 * answers 404 "not registered for GET requests. Did you mean ... POST", an unknown path 404 "not registered".
	 */
	async waitForWebhook(webhookPath: string, timeoutMs = 15_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const res = await http(this.webhookUrl(webhookPath));
			if (res.status !== 404 || res.text.includes('Did you mean')) return;
			if (Date.now() > deadline)
				throw new Error(`webhook ${webhookPath} still not registered after ${timeoutMs} ms`);
			await sleep(250);
		}
	}

	/** Activates a workflow while n8n runs (public API); its webhooks may need a moment on 2.x. */
	async activate(workflowId: string): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/activate`);
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.api('POST', `/workflows/${workflowId}/deactivate`);
	}

	/** Imports a workflow while n8n runs (REST, keeps the fixed id), for suites that add workflows later. */
	async createWorkflow(wf: WorkflowJson): Promise<void> {
		await this.rest('POST', '/workflows', wf);
	}

	/** Process id (and process group id) of the n8n server. */
	get pid(): number | undefined {
		return this.proc?.pid;
	}

	/** Calls back when the n8n server process ends (for npm start: a crash ends the script too). */
	onExit(cb: () => void): void {
		void this.exited?.then(cb);
	}

	// ---- Stop -------------------------------------------------------------------------------------------------

	/** SIGTERM to n8n's process group, SIGKILL after graceMs; removes the temporary user folder unless kept. */
	async stop(graceMs = 10_000): Promise<void> {
		const child = this.proc;
		if (child?.pid && child.exitCode === null && child.signalCode === null) {
			const killGroup = (sig: NodeJS.Signals) => {
				try {
					process.kill(-child.pid!, sig);
				} catch {
					// Already gone.
				}
			};
			killGroup('SIGTERM');
			let timer: NodeJS.Timeout | undefined;
			const timedOut = await Promise.race([
				this.exited!.then(() => false),
				new Promise<boolean>((r) => (timer = setTimeout(() => r(true), graceMs))),
			]);
			clearTimeout(timer);
			if (timedOut) {
				this.log(`n8n did not stop within ${graceMs} ms: SIGKILL`);
				killGroup('SIGKILL');
				await this.exited;
			}
		}
		this.proc = undefined;
		// The task runner is in the same group; make sure nothing of it survives.
		if (child?.pid) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// Group already empty.
			}
		}
		this.lock?.release();
		this.lock = undefined;
		if (this.ownUserFolder) {
			if (this.failed || process.env.E2E_KEEP === '1')
				this.log(`kept n8n user folder ${this.userFolder}`);
			else rmSync(this.userFolder, { recursive: true, force: true });
		}
	}
}
