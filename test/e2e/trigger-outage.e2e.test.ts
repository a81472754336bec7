/**
 * Issue 17, item 12, inside a real n8n 2.x: a long connection that cannot reach Feishu for longer than
 * its grace period (2 minutes) is reported the way n8n reports a broken trigger (n8n logs it, the
 * error workflow runs with a message naming the host), n8n re-activates the trigger, the connection
 * keeps trying without reporting the same outage again every two minutes, and once Feishu is back
 * events flow again without anyone touching the workflow. Takes about three minutes (the grace
 * period is not shortened).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import {
	EmulatorControl,
	feishuApiCredential,
	nodeOutput,
	PACKAGE_NAME,
	useN8n,
	type WorkflowJson,
} from './harness';
import { http } from './harness/http';

const CREDENTIAL = { id: 'outageE2eCred001', name: 'Feishu emulator (outage e2e)' };
const LISTENER = { id: 'outageE2eListen1', hook: 'f3a4b5c6-7d8e-4f90-a1b2-c3d4e5f6a7b8' };
const ON_ERROR = { id: 'outageE2eOnError' };
const NODE = 'Feishu Group Trigger';
const STOPPED =
	/Feishu long connection stopped: No working connection for \d+ s: Cannot reach http:\/\/127\.0\.0\.1:\d+\/callback\/ws\/endpoint \(nothing is listening there\)/;

const listener: WorkflowJson = {
	id: LISTENER.id,
	name: 'Outage e2e listener',
	active: false,
	settings: { executionOrder: 'v1', errorWorkflow: ON_ERROR.id },
	connections: {},
	nodes: [
		{
			id: 'outage-trigger',
			name: NODE,
			type: `${PACKAGE_NAME}.feishuGroupTrigger`,
			typeVersion: 1,
			position: [0, 0],
			webhookId: LISTENER.hook,
			parameters: { connection: 'longConnection', events: ['*'], chatIds: '', options: {} },
			credentials: { feishuApi: CREDENTIAL },
		},
	],
};

const onError: WorkflowJson = {
	id: ON_ERROR.id,
	name: 'Outage e2e error workflow',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: {},
	nodes: [
		{
			id: 'outage-error-trigger',
			name: 'Error Trigger',
			type: 'n8n-nodes-base.errorTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
	],
};

// Feishu "going away" is the emulator stopping; it comes back on the same port with the same state.
const stateDir = mkdtempSync(join(tmpdir(), 'feishu-outage-'));
const stateFile = join(stateDir, 'emulator.json');
let emu: RunningEmulator;
let port: number;

async function startFeishu(): Promise<EmulatorControl> {
	emu = await startEmulator({ port, stateFile });
	port = emu.port;
	return new EmulatorControl(emu.url);
}

async function openConnections(): Promise<number> {
	const res = await http<{ connections: unknown[] }>(`${emu.url}/__emulator/ws`);
	return res.json.connections.length;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

beforeAll(async () => {
	port = 0;
	const control = await startFeishu();
	await control.reset();
	await http(`${emu.url}/__emulator/app`, {
		method: 'PUT',
		body: {
			eventMode: 'long_connection',
			clientConfig: {
				PingInterval: 5,
				ReconnectCount: -1,
				ReconnectInterval: 1,
				ReconnectNonce: 0,
			},
		},
	});
});

afterAll(async () => {
	await emu?.close();
	rmSync(stateDir, { recursive: true, force: true });
});

const suite = useN8n(() => ({
	line: 'n8n2',
	credentials: [
		feishuApiCredential({
			...CREDENTIAL,
			baseUrl: emu.url,
			appId: EMULATOR_DEFAULTS.appId,
			appSecret: EMULATOR_DEFAULTS.appSecret,
		}),
	],
	workflows: [listener, onError],
	// n8n 2.x runs only a published error workflow.
	activate: [ON_ERROR.id],
}));

suite.test(
	'Feishu unreachable past the grace period: reported once through the error workflow, then the trigger reconnects by itself when Feishu is back',
	async (n8n) => {
		let control = new EmulatorControl(emu.url);
		await n8n.activate(LISTENER.id);
		await until('the long connection', async () => (await openConnections()) === 1, 60_000);
		await control.emitEvent({ type: 'im.chat.updated_v1' });
		await n8n.waitForExecutions(LISTENER.id, 1);

		await emu.close();
		// 2 minutes of reconnect attempts, then emitError: n8n runs the error workflow.
		const [report] = await n8n.waitForExecutions(ON_ERROR.id, 1, { timeoutMs: 200_000 });
		expect(JSON.stringify(nodeOutput(report, 'Error Trigger'))).toMatch(STOPPED);
		expect(n8n.readLog()).toMatch(STOPPED);

		// n8n re-activated the trigger, which keeps trying; the same outage is reported again only
		// after twice the grace period, so no second error-workflow run now.
		await until(
			'the re-activation (n8n clears the activation error)',
			async () => !/Feishu long connection/.test(await n8n.activationReport(LISTENER.id)),
			30_000,
		);
		await new Promise((r) => setTimeout(r, 20_000));
		expect(await n8n.waitForExecutions(ON_ERROR.id, 1, { settleMs: 500 })).toHaveLength(1);

		// Feishu is back: the connection comes back by itself and events flow again.
		control = await startFeishu();
		await until('the reconnection', async () => (await openConnections()) === 1, 60_000);
		const after = await control.emitEvent({ type: 'im.chat.disbanded_v1' });
		const executions = await n8n.waitForExecutions(LISTENER.id, 2, { settleMs: 1500 });
		expect(executions).toHaveLength(2);
		expect(executions.flatMap((e) => nodeOutput(e, NODE))).toEqual(
			expect.arrayContaining([expect.objectContaining({ eventId: after.event_id })]),
		);
		expect(await n8n.activationReport(LISTENER.id)).not.toMatch(/Feishu long connection/);
		expect(await n8n.waitForExecutions(ON_ERROR.id, 1, { settleMs: 500 })).toHaveLength(1);
	},
	420_000,
);
