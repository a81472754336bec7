/**
 * One real n8n for all real-n8n measures (started on first use through the e2e harness, stopped at the end), with
 * its own emulator process (other measures reset theirs), the economy fixture, a sink, and the bench workflows.
 */
import { randomUUID } from 'crypto';

import type { N8n } from '../../test/e2e/harness/n8n';
import { EMULATOR_DEFAULTS } from '../../test/emulator';
import { startTsServer, type Server } from './child';
import { CHAT_GET_ITEMS, LIMIT, prepareFixture, type EconomyFixture } from './economy';
import { EmulatorControl, tenantToken } from './emulator';
import { BENCH_ENCRYPT_KEY } from './events';
import { Sink } from './sink';
import { Skip, type MeasureContext } from './types';
import {
	PLAIN_HOOK_PATH,
	WF,
	chatGetWorkflow,
	hookWorkflow,
	httpCredGetWorkflow,
	httpGetWorkflow,
	lcHookWorkflow,
	membersWorkflows,
	plainHookWorkflow,
} from './workflows';

type Harness = typeof import('../../test/e2e/harness/n8n') &
	typeof import('../../test/e2e/harness/fixtures') &
	typeof import('../../test/e2e/harness/runtime') &
	typeof import('../../test/e2e/harness/pkg');

export interface BenchN8n {
	n8n: N8n;
	emulator: Server;
	control: EmulatorControl;
	fixture: EconomyFixture;
	sink: Sink;
	/** Production URL of the trigger workflow's webhook. */
	hookUrl: string;
	/** Production URL of the baseline workflow (n8n's own Webhook node). */
	plainHookUrl: string;
	/** The chat ids the Chat → Get workflows cycle through (CHAT_GET_ITEMS items). */
	chatGetIds: string[];
}

/** The e2e harness, loaded on demand so that the other measures run while it does not exist yet. */
export function harness(): Harness {
	try {
		return {
			...require('../../test/e2e/harness/n8n'),
			...require('../../test/e2e/harness/fixtures'),
			...require('../../test/e2e/harness/runtime'),
			...require('../../test/e2e/harness/pkg'),
		} as Harness;
	} catch (error) {
		throw new Skip(
			`the e2e harness (test/e2e/harness) is not usable yet: ${(error as Error).message.split('\n')[0]}`,
		);
	}
}

/**
 * Diagnostics only (results with these are not comparable): BENCH_N8N_ENV='K=V;K2=V2' is added to n8n's environment,
 * e.g. BENCH_N8N_ENV='NODE_OPTIONS=--cpu-prof --cpu-prof-dir=/tmp/n8n-prof' or 'N8N_EXPRESSION_ENGINE=legacy'.
 */
function diagnosticEnv(): Record<string, string> | undefined {
	const raw = process.env.BENCH_N8N_ENV;
	if (!raw) return undefined;
	return Object.fromEntries(
		raw
			.split(';')
			.filter(Boolean)
			.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
	);
}

async function start(ctx: MeasureContext): Promise<BenchN8n> {
	const h = harness();
	if (!h.isRuntimeInstalled('n8n2'))
		throw new Skip('n8n runtime not installed: bash scripts/install-n8n.sh n8n2');
	const t0 = Date.now();
	await h.ensureBuilt((m) => ctx.log(m));
	const emulator = await startTsServer(
		'test/emulator/cli.ts',
		['--port', '0'],
		/listening on (http:\/\/\S+)/,
	);
	const sink = new Sink();
	try {
		const control = new EmulatorControl(emulator.url);
		const fixture = await prepareFixture(control);
		await sink.start();
		const base = {
			baseUrl: emulator.url,
			appId: EMULATOR_DEFAULTS.appId,
			appSecret: EMULATOR_DEFAULTS.appSecret,
		};
		// Separate credentials: the economy workflows must start with no cached token, whatever ran before.
		const economyCred = h.feishuApiCredential({
			...base,
			id: 'benchEconCred001',
			name: 'Bench economy',
		});
		const mainCred = h.feishuApiCredential({
			...base,
			id: 'benchMainCred001',
			name: 'Bench',
			verificationToken: EMULATOR_DEFAULTS.verificationToken,
			encryptKey: BENCH_ENCRYPT_KEY,
		});
		const chatGetIds = Array.from(
			{ length: CHAT_GET_ITEMS },
			(_, i) => fixture.chatIds[i % fixture.chatIds.length],
		);
		const webhookId = randomUUID();
		const n8n = await h.N8n.start({
			line: 'n8n2',
			credentials: [economyCred, mainCred],
			workflows: [
				chatGetWorkflow(WF.chatGet, economyCred, chatGetIds),
				...membersWorkflows(
					economyCred,
					fixture.bigChatId,
					LIMIT,
					fixture.addTarget,
					fixture.newMemberIds,
				),
				chatGetWorkflow(WF.throughput, mainCred, chatGetIds),
				httpGetWorkflow(emulator.url, await tenantToken(emulator.url), chatGetIds),
				httpCredGetWorkflow(mainCred, emulator.url, chatGetIds),
				hookWorkflow(mainCred, webhookId, sink.url),
				plainHookWorkflow(sink.url),
				lcHookWorkflow(mainCred, sink.url),
			],
			activate: [WF.hook, WF.plainHook, WF.lcHook],
			env: diagnosticEnv(),
			log: (m) => ctx.log(`[n8n] ${m}`),
		});
		const hookPath = `${webhookId}/webhook`;
		await n8n.waitForWebhook(hookPath, 30_000);
		await n8n.waitForWebhook(PLAIN_HOOK_PATH, 30_000);
		ctx.log(
			`n8n ${n8n.version} ready in ${((Date.now() - t0) / 1000).toFixed(0)} s at ${n8n.baseUrl}`,
		);
		return {
			n8n,
			emulator,
			control,
			fixture,
			sink,
			hookUrl: n8n.webhookUrl(hookPath),
			plainHookUrl: n8n.webhookUrl(PLAIN_HOOK_PATH),
			chatGetIds,
		};
	} catch (error) {
		await sink.stop();
		await emulator.stop();
		throw error;
	}
}

async function stop(b: BenchN8n): Promise<void> {
	await b.n8n.stop();
	await b.sink.stop();
	await b.emulator.stop();
}

export function benchN8n(ctx: MeasureContext): Promise<BenchN8n> {
	return ctx.shared.get('n8n', () => start(ctx), stop);
}
