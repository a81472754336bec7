/**
 * The trigger inside a real n8n (package installed as users get it) against the emulator: HTTP callback
 * (encrypted + signed) and long connection, each with all 9 events, as active workflows and as "Listen for
 * test event". Proves the n8n mechanics the node relies on: the webhook disappears in long-connection mode,
 * trigger() hands test-webhook data over, ids are kept in static data, a long-connection event is
 * acknowledged only after n8n reported its execution, and the connection closes on deactivation. Run for
 * n8n 2.41.1 (`trigger.e2e.test.ts`) and 1.123.81 (`trigger-n8n1.e2e.test.ts`).
 */
import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import {
	EmulatorControl,
	type Execution,
	feishuApiCredential,
	type N8nLine,
	nodeOutput,
	PACKAGE_NAME,
	useN8n,
	type WorkflowJson,
} from './harness';
import { FEISHU_EVENTS } from '../../nodes/FeishuGroupTrigger/events';
import { http } from './harness/http';

const KEY = 'e2e-encrypt-key';
const TYPES = FEISHU_EVENTS.map((e) => e.value);
const NODE = 'Feishu Group Trigger';
const CB = { id: 'trgE2eCallback01', hook: 'a7c1e2f3-0b4d-4e5f-8a6b-7c8d9e0f1a21' };
const CB_TEST = { id: 'trgE2eCbTest0001', hook: 'b8d2f3a4-1c5e-4f60-9b7c-8d9e0f1a2b32' };
const LC = { id: 'trgE2eLongConn01', hook: 'c9e3a4b5-2d6f-4071-8c8d-9e0f1a2b3c43' };
const LC_SLOW = { id: 'trgE2eLongSlow01', hook: 'dafb4c5d-3e70-4182-9d9e-0f1a2b3c4d54' };
/** Longer than Feishu's 3 s for an acknowledgement. */
const SLOW_RUN_S = 5;

/** A long-connection workflow whose execution takes SLOW_RUN_S seconds (trigger → Wait). */
function slowWorkflow(): WorkflowJson {
	const wf = workflow(LC_SLOW.id, LC_SLOW.hook, 'longConnection');
	wf.nodes.push({
		id: `${LC_SLOW.id}-wait`,
		name: 'Wait',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [220, 0],
		parameters: { amount: SLOW_RUN_S, unit: 'seconds' },
	});
	wf.connections = { [NODE]: { main: [[{ node: 'Wait', type: 'main', index: 0 }]] } };
	return wf;
}

function workflow(
	id: string,
	webhookId: string,
	connection: string,
	events: string[] = ['*'],
): WorkflowJson {
	return {
		id,
		name: `Trigger e2e ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: `${id}-node`,
				name: NODE,
				type: `${PACKAGE_NAME}.feishuGroupTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { connection, events, chatIds: '', options: {} },
				credentials: {
					feishuApi: { id: 'trgE2eCred000001', name: 'Feishu emulator (trigger e2e)' },
				},
			},
		],
	};
}

let emu: RunningEmulator;
let control: EmulatorControl;

async function ctl(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
	const res = await http<Record<string, unknown>>(`${emu.url}/__emulator${path}`, { method, body });
	if (res.status >= 400) throw new Error(`${method} ${path} → ${res.status} ${res.text}`);
	return res.json;
}

async function waitConnections(n: number): Promise<void> {
	for (let i = 0; i < 100; i++) {
		const { connections } = (await ctl('GET', '/ws')) as { connections: unknown[] };
		if (connections.length === n) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`expected ${n} long connections`);
}

const envelopes = new Map<string, Record<string, unknown>>();

async function emitAll(): Promise<Map<string, string>> {
	const ids = new Map<string, string>();
	for (const type of TYPES) {
		const sent = await control.emitEvent({ type });
		ids.set(type, sent.event_id);
		envelopes.set(sent.event_id, sent.envelope);
	}
	return ids;
}

function itemsOf(executions: Execution[]): Array<Record<string, unknown>> {
	return executions.flatMap((ex) => nodeOutput(ex, NODE));
}

function checkAll(items: Array<Record<string, unknown>>, ids: Map<string, string>): void {
	expect(items).toHaveLength(9);
	for (const [type, eventId] of ids) {
		const item = items.find((i) => i.eventId === eventId);
		expect(item).toMatchObject({
			eventType: type,
			appId: EMULATOR_DEFAULTS.appId,
			chatId: expect.stringMatching(/^oc_/),
			eventTime: expect.stringMatching(/^\d{4}-/),
			operator: expect.objectContaining({ openId: expect.stringMatching(/^ou_/) }),
			raw: expect.any(Object),
		});
	}
	const added = items.find((i) => i.eventType === 'im.chat.member.user.added_v1')!;
	expect(added.users).toEqual([
		expect.objectContaining({ name: expect.any(String), openId: expect.stringMatching(/^ou_/) }),
	]);
}

/** Registers the suite for one n8n line (a test file per line). */
export function triggerSuite(line: N8nLine): void {
	beforeAll(async () => {
		emu = await startEmulator({ port: 0 });
		control = new EmulatorControl(emu.url);
	});

	const suite = useN8n(() => ({
		line,
		credentials: [
			feishuApiCredential({
				id: 'trgE2eCred000001',
				name: 'Feishu emulator (trigger e2e)',
				baseUrl: emu.url,
				appId: EMULATOR_DEFAULTS.appId,
				appSecret: EMULATOR_DEFAULTS.appSecret,
				verificationToken: EMULATOR_DEFAULTS.verificationToken,
				encryptKey: KEY,
			}),
		],
		workflows: [
			workflow(CB.id, CB.hook, 'callback'),
			workflow(CB_TEST.id, CB_TEST.hook, 'callback'),
			workflow(LC.id, LC.hook, 'longConnection'),
			slowWorkflow(),
		],
		activate: [CB.id],
	}));

	afterAll(async () => {
		await emu?.close();
	});

	beforeEach(async () => {
		await control.reset();
		await ctl('PUT', '/app', {
			redeliveryDelays: [0.3, 1, 2, 4],
			redeliveryScale: 1,
			clientConfig: {
				PingInterval: 5,
				ReconnectCount: -1,
				ReconnectInterval: 1,
				ReconnectNonce: 0,
			},
		});
	});

	suite.test(
		'HTTP callback, encrypted and signed: 9 events → 9 executions; a replay starts nothing',
		async (n8n) => {
			await control.configureCallback(n8n.webhookUrl(`${CB.hook}/webhook`), { encryptKey: KEY });
			await n8n.waitForWebhook(`${CB.hook}/webhook`);
			expect((await ctl('POST', '/challenge', {})).ok).toBe(true);
			const ids = await emitAll();
			const replay = await control.emitEvent({
				envelope: envelopes.get(ids.get('im.chat.updated_v1')!),
			});
			expect(replay.event_id).toBe(ids.get('im.chat.updated_v1'));
			const deliveries = await control.deliveries(20_000);
			expect(deliveries.every((d) => d.acked && d.last_status === 200)).toBe(true);
			const executions = await n8n.waitForExecutions(CB.id, 9, { settleMs: 1500 });
			expect(executions).toHaveLength(9);
			expect(executions.every((e) => e.mode === 'webhook' && e.status === 'success')).toBe(true);
			checkAll(itemsOf(executions), ids);
			// The ids are written to the workflow's static data (persistedSeen.ts). n8n 2.41 saves a webhook
			// call's static data only while it was empty before the call (see persistedSeen.ts), so what reaches
			// the database is the first save: the format and at least the first event.
			const saved = await n8n.rest<{ staticData?: unknown }>('GET', `/workflows/${CB.id}`);
			const stored = JSON.stringify(saved.staticData ?? {});
			expect(stored).toContain('feishu-seen-v2 ');
			expect([...ids.values()].some((id) => stored.includes(id))).toBe(true);
		},
	);

	// n8n 1.x starts a manual run with another REST request; the test URL is checked in n8n 2.x only.
	if (line === 'n8n2') {
		suite.test(
			'HTTP callback, "Listen for test event": the test URL run carries the event',
			async (n8n) => {
				const wf = await n8n.rest<WorkflowJson>('GET', `/workflows/${CB_TEST.id}`);
				const started = await n8n.rest<{ waitingForWebhook?: boolean; executionId?: string }>(
					'POST',
					`/workflows/${CB_TEST.id}/run`,
					{
						workflowData: wf,
						triggerToStartFrom: { name: NODE },
					},
				);
				expect(started.waitingForWebhook).toBe(true);
				await control.configureCallback(n8n.webhookUrl(`${CB_TEST.hook}/webhook`, true), {
					encryptKey: KEY,
				});
				const sent = await control.emitEvent({ type: 'im.chat.member.bot.added_v1' });
				const [delivery] = await control.deliveries(20_000);
				expect(delivery).toMatchObject({ acked: true, last_status: 200 });
				const [execution] = await n8n.waitForExecutions(CB_TEST.id, 1);
				expect(execution).toMatchObject({ mode: 'manual', status: 'success' });
				expect(nodeOutput(execution, NODE)).toEqual([
					expect.objectContaining({
						eventType: 'im.chat.member.bot.added_v1',
						eventId: sent.event_id,
					}),
				]);
			},
		);
	}

	suite.test(
		'long connection: no webhook, one shared connection, 9 events → 9 executions, closed on deactivation',
		async (n8n) => {
			await ctl('PUT', '/app', { eventMode: 'long_connection', wsFragmentSize: 200 });
			await n8n.activate(LC.id);
			await waitConnections(1);
			// No HTTP endpoint exists in this mode.
			const probe = await http(n8n.webhookUrl(`${LC.hook}/webhook`), { method: 'POST', body: {} });
			expect(probe.status).toBe(404);

			const ids = await emitAll();
			const deliveries = await control.deliveries(30_000);
			expect(deliveries.every((d) => d.acked)).toBe(true);
			const executions = await n8n.waitForExecutions(LC.id, 9, { settleMs: 1500 });
			expect(executions).toHaveLength(9);
			expect(executions.every((e) => e.mode === 'trigger' && e.status === 'success')).toBe(true);
			checkAll(itemsOf(executions), ids);

			// Drop the link: the trigger reconnects and the event sent meanwhile arrives once.
			await ctl('POST', '/faults', { kind: 'drop_connections' });
			const late = await control.emitEvent({ type: 'im.chat.member.user.deleted_v1' });
			await control.deliveries(30_000);
			const after = await n8n.waitForExecutions(LC.id, 10, { settleMs: 1500 });
			expect(after).toHaveLength(10);
			expect(itemsOf(after).filter((i) => i.eventId === late.event_id)).toHaveLength(1);
			// n8n saves static data on every emit; writes are at most once a second and each carries every
			// id, so the late event's save holds all ten: a redelivery after a restart is still recognised.
			const saved = await n8n.rest<{ staticData?: unknown }>('GET', `/workflows/${LC.id}`);
			const stored = JSON.stringify(saved.staticData ?? {});
			for (const id of [...ids.values(), late.event_id]) expect(stored).toContain(id);

			// "Listen for test event" shares the connection instead of opening a second one.
			const wf = await n8n.rest<WorkflowJson>('GET', `/workflows/${LC.id}`);
			const started = await n8n.rest<{ waitingForWebhook?: boolean; executionId?: string }>(
				'POST',
				`/workflows/${LC.id}/run`,
				{
					workflowData: wf,
					triggerToStartFrom: { name: NODE },
				},
			);
			expect(started.waitingForWebhook).not.toBe(true);
			await new Promise((r) => setTimeout(r, 1000));
			await waitConnections(1);
			const probeEvent = await control.emitEvent({ type: 'p2p_chat_create' });
			await control.deliveries(30_000);
			const all = await n8n.waitForExecutions(LC.id, 12, { settleMs: 1500 });
			const manual = all.filter((e) => e.mode === 'manual');
			expect(manual).toHaveLength(1);
			expect(nodeOutput(manual[0], NODE)).toEqual([
				expect.objectContaining({ eventId: probeEvent.event_id }),
			]);

			await n8n.deactivate(LC.id);
			await waitConnections(0);
		},
		240_000,
	);

	suite.test(
		`long connection: the acknowledgement waits for the execution (${SLOW_RUN_S} s); Feishu's redelivery meanwhile starts nothing`,
		async (n8n) => {
			await ctl('PUT', '/app', { eventMode: 'long_connection' });
			await n8n.activate(LC_SLOW.id);
			await waitConnections(1);
			const sent = await control.emitEvent({ type: 'im.chat.member.user.added_v1' });
			const [delivery] = await control.deliveries(30_000);
			// Not acknowledged within Feishu's 3 s while the execution ran: redelivered, then acknowledged.
			expect(delivery).toMatchObject({ event_id: sent.event_id, acked: true, last_status: 200 });
			expect(delivery.attempts).toBeGreaterThanOrEqual(2);
			const executions = await n8n.waitForExecutions(LC_SLOW.id, 1, { settleMs: 2000 });
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ mode: 'trigger', status: 'success' });
			expect(nodeOutput(executions[0], NODE)).toEqual([
				expect.objectContaining({ eventId: sent.event_id }),
			]);
			await n8n.deactivate(LC_SLOW.id);
			await waitConnections(0);
		},
		120_000,
	);
}
