/**
 * Issue 14's lost-events case against the emulator: two active workflows on one app, n8n restarted
 * (workflows removed one by one, memory lost, activated one by one) while events keep coming. Every
 * event must start each workflow exactly once; the emulator redelivers whatever was not acknowledged.
 */
import type { IDataObject } from 'n8n-workflow';

import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { activeHubs } from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { socketFactoryOverride } from '../../nodes/FeishuGroupTrigger/trigger';
import { EMULATOR_DEFAULTS, startEmulator, type RunningEmulator } from '../emulator';
import { emulatorControl } from '../helpers/emulatorControl';
import { triggerContext, type TriggerHarness } from './trigger-context';
import { LOOSE_LIMITS } from './trigger-fakeFeishu';

jest.setTimeout(60_000);

const node = new FeishuGroupTrigger();
const TYPES = ['im.chat.updated_v1', 'im.chat.member.user.added_v1', 'im.chat.disbanded_v1'];
const EVENTS = 45;
let emu: RunningEmulator;

const ctl = emulatorControl(() => emu.url);

const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

/** One workflow as n8n keeps it across restarts: its static data and its executions (by dedupe key). */
class Workflow {
	readonly staticData: IDataObject = {};
	/** n8n 2.x's executions by deduplication key: it refuses a second one with the same key. */
	readonly executionKeys = new Set<string>();
	private readonly lives: TriggerHarness[] = [];
	private close: (() => Promise<void>) | undefined;

	constructor(readonly id: string) {}

	/** Every execution n8n created, over all lives of the workflow. */
	get executions(): string[] {
		return this.lives.flatMap((h) => h.emitted.map((e) => e.key ?? 'no key'));
	}

	async activate(): Promise<void> {
		const harness = triggerContext({
			credentials: {
				platform: 'custom',
				baseUrl: emu.url,
				appId: EMULATOR_DEFAULTS.appId,
				appSecret: EMULATOR_DEFAULTS.appSecret,
			},
			workflowId: this.id,
			staticData: this.staticData,
			executionKeys: this.executionKeys,
			params: { connection: 'longConnection' },
		});
		this.lives.push(harness);
		this.close = (await node.trigger.call(harness.ctx)).closeFunction;
	}

	async deactivate(): Promise<void> {
		await this.close?.();
		this.close = undefined;
	}
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	Object.assign(socketFactoryOverride, { stepMs: 20, settleMs: 300, limits: LOOSE_LIMITS });
});

afterAll(async () => {
	for (const key of ['stepMs', 'settleMs', 'limits'] as const) delete socketFactoryOverride[key];
	await emu.close();
});

it('two workflows on one app, n8n restarted while events flow: every event runs each workflow once', async () => {
	resetSharedSeenEvents();
	await ctl('POST', '/reset');
	await ctl('PUT', '/app', {
		eventMode: 'long_connection',
		// Feishu's schedule (15 s, 5 min, 1 h, 6 h) compressed so the test finishes in seconds.
		redeliveryDelays: [0.5, 1, 2, 4, 8],
		redeliveryScale: 1,
		clientConfig: {
			PingInterval: 1,
			ReconnectCount: -1,
			ReconnectInterval: 0.2,
			ReconnectNonce: 0,
		},
	});
	const a = new Workflow('wf-a');
	const b = new Workflow('wf-b');
	// n8n's start: one activation after the other.
	await a.activate();
	await sleep(100);
	await b.activate();

	const published: string[] = [];
	const publishing = (async () => {
		for (let i = 0; i < EVENTS; i++) {
			const answer = await ctl('POST', '/events', { type: TYPES[i % TYPES.length] });
			published.push(answer.event_id as string);
			await sleep(30);
		}
	})();

	await sleep(700);
	// n8n's stop: one removal after the other, with a pause between them.
	await a.deactivate();
	await sleep(150);
	await b.deactivate();
	expect(activeHubs()).toEqual([]);
	await sleep(300);
	// The restart: in-memory de-duplication is gone, static data and executions stay.
	resetSharedSeenEvents();
	await a.activate();
	await sleep(100);
	await b.activate();

	await publishing;
	const ids = [...published].sort();
	const keysOf = (w: Workflow) => w.executions.map((k) => k.slice(k.lastIndexOf(':') + 1)).sort();
	const end = Date.now() + 30_000;
	while (Date.now() < end && (keysOf(a).length < EVENTS || keysOf(b).length < EVENTS)) {
		await sleep(100);
	}
	await a.deactivate();
	await b.deactivate();

	expect(keysOf(a)).toEqual(ids);
	expect(keysOf(b)).toEqual(ids);
	for (const w of [a, b]) expect(new Set(w.executions).size).toBe(w.executions.length);
	const { deliveries } = (await ctl('GET', '/deliveries')) as unknown as {
		deliveries: Array<{ event_id: string; acked: boolean }>;
	};
	expect(deliveries.filter((d) => !d.acked)).toEqual([]);
});
