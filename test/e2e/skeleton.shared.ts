/**
 * The walking skeleton, end to end in a real n8n: our package loads as a community package, Chat → Get runs
 * against the emulator with a real token exchange, and the trigger turns one event the emulator posts to its
 * production URL into exactly one execution. Shared by skeleton.e2e.test.ts (n8n 2.x) and
 * smoke-n8n1.e2e.test.ts (n8n 1.x).
 */
import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import {
	EmulatorControl,
	emulatorCredential,
	executionError,
	loadWorkflow,
	type N8nLine,
	nodeOutput,
	PACKAGE_NAME,
	useN8n,
	WRONG_SECRET_MESSAGE,
} from './harness';

/** Fixed ids of the fixtures in test/e2e/workflows/. */
const WF = {
	set: 'e2eHarnessSet001',
	hook: 'e2eHarnessHook01',
	chatGet: 'e2eChatGetWf0001',
	trigger: 'e2eTriggerCbWf01',
};
/** The trigger node's webhookId in trigger-callback.json; its webhook path is "webhook" (not a full path). */
const TRIGGER_WEBHOOK_PATH = '5e0f7c2b-8d41-4a6e-b3c9-2f1a0e9d8c71/webhook';
const HARNESS_HOOK_PATH = 'e2e-harness-hook';
/** A seeded chat our bot owns (test/emulator/README.md); looked up through the control API, not hard-coded. */
const CHAT_NAME = 'Product Launch';

export function walkingSkeleton(line: N8nLine, { harnessWebhook = false } = {}): void {
	let emu: RunningEmulator;
	let control: EmulatorControl;
	let chatId: string;

	beforeAll(async () => {
		emu = await startEmulator({ port: 0 });
		control = new EmulatorControl(emu.url);
		chatId = (await control.chatWithBot(CHAT_NAME)).chat_id;
	});

	const suite = useN8n(() => ({
		line,
		credentials: [emulatorCredential(emu.url)],
		workflows: [
			loadWorkflow('harness-set', { GREETING: 'hi "there"' }),
			loadWorkflow('chat-get', { CHAT_ID: chatId }),
			loadWorkflow('trigger-callback'),
			...(harnessWebhook
				? [loadWorkflow('harness-webhook', { WEBHOOK_PATH: HARNESS_HOOK_PATH })]
				: []),
		],
		activate: [WF.trigger, ...(harnessWebhook ? [WF.hook] : [])],
	}));

	afterAll(async () => {
		await emu?.close();
	});

	suite.test('loads our package as a community package', async (n8n) => {
		const nodes = await n8n.loadedTypes('nodes');
		expect(nodes).toEqual(
			expect.arrayContaining([`${PACKAGE_NAME}.feishuGroup`, `${PACKAGE_NAME}.feishuGroupTrigger`]),
		);
		const credentials = await n8n.loadedTypes('credentials');
		expect(credentials).toEqual(expect.arrayContaining(['feishuApi', 'feishuOAuth2Api']));
	});

	suite.test("harness check: runs n8n's own nodes", async (n8n) => {
		const ex = await n8n.runWorkflow(WF.set);
		expect(ex.status).toBe('success');
		expect(nodeOutput(ex, 'Set')).toEqual([{ greeting: 'hi "there"', sum: 42 }]);
	});

	if (harnessWebhook) {
		suite.test('harness check: an activated n8n Webhook runs once per call', async (n8n) => {
			const res = await n8n.postToWebhook(HARNESS_HOOK_PATH, { hello: 'prod' });
			expect(res.status).toBe(200);
			const list = await n8n.waitForExecutions(WF.hook, 1, { settleMs: 1000 });
			expect(list).toHaveLength(1);
			expect(list[0].mode).toBe('webhook');
			expect(nodeOutput(list[0], 'Set')).toEqual([{ hello: 'prod' }]);
		});
	}

	suite.test('Chat → Get reads a chat from the emulator', async (n8n) => {
		const ex = await n8n.runWorkflow(WF.chatGet);
		expect(executionError(ex, 'Get Chat')).toBeUndefined();
		expect(ex.status).toBe('success');
		const [chat, ...rest] = nodeOutput(ex, 'Get Chat');
		expect(rest).toHaveLength(0);
		expect(chat).toMatchObject({ chat_id: chatId, name: CHAT_NAME, chat_mode: 'group' });
		expect(typeof chat.user_count).toBe('number');
		// A real token exchange happened, and the chat was read with the tenant token it returned.
		const calls = await control.requests('/open-apis/');
		expect(
			calls.some((c) => c.path.includes('/auth/v3/tenant_access_token/internal') && c.code === 0),
		).toBe(true);
		const get = calls.find(
			(c) => c.method === 'GET' && c.path === `/open-apis/im/v1/chats/${chatId}`,
		);
		expect(get).toMatchObject({ code: 0, token: { kind: 'tenant' } });
	});

	suite.test(
		'the trigger starts exactly one execution for one event posted to its production URL',
		async (n8n) => {
			await control.configureCallback(n8n.webhookUrl(TRIGGER_WEBHOOK_PATH), {
				verificationToken: EMULATOR_DEFAULTS.verificationToken,
			});
			const user = (await control.users()).find((u) => !u.resigned)!;
			const sent = await control.emitEvent({
				type: 'im.chat.member.user.added_v1',
				chat_id: chatId,
				users: [user.open_id],
			});
			const [delivery] = await control.deliveries(10_000);
			expect(delivery).toMatchObject({
				event_id: sent.event_id,
				done: true,
				last_status: 200,
				attempts: 1,
			});

			// Wait for it, then a little longer: a second execution (e.g. from a redelivery) must not appear.
			const executions = await n8n.waitForExecutions(WF.trigger, 1, { settleMs: 1500 });
			expect(executions).toHaveLength(1);
			expect(executions[0]).toMatchObject({ mode: 'webhook', status: 'success' });
			const [item, ...rest] = nodeOutput(executions[0], 'Feishu Group Trigger');
			expect(rest).toHaveLength(0);
			expect(item).toMatchObject({
				eventType: 'im.chat.member.user.added_v1',
				eventId: sent.event_id,
				chatId,
				appId: EMULATOR_DEFAULTS.appId,
			});
			expect(item.users).toEqual([expect.objectContaining({ openId: user.open_id })]);
		},
	);

	// Runs after Chat → Get, so the credential already holds a tenant token. The editor sends the form as
	// n8n loaded it (GET …?includeData=true: secrets and the hidden token fields redacted, which n8n
	// restores from the stored credential), with the user's changes on top.
	suite.test(
		"the credential's Test button checks the typed secret and host, also on a credential that holds a token",
		async (n8n) => {
			const credential = emulatorCredential(emu.url);
			const { data: form } = await n8n.rest<{ data: Record<string, unknown> }>(
				'GET',
				`/credentials/${credential.id}?includeData=true`,
			);
			// (n8n 1.x answered 500 here while a password field of ours held a number: the editor could
			// not open the credential.)
			expect(Object.keys(form)).toEqual(expect.arrayContaining(['tenantAccessToken']));
			const test = (changes: Record<string, unknown>) =>
				n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
					credentials: {
						id: credential.id,
						name: credential.name,
						type: 'feishuApi',
						data: { ...form, ...changes },
					},
				});
			const callsDuring = async (action: () => Promise<unknown>) => {
				const before = (await control.requests('/open-apis/')).length;
				const result = await action();
				const calls = (await control.requests('/open-apis/')).slice(before);
				return { result, calls: calls.map((c) => `${c.path} ${c.code}`) };
			};
			// Unchanged: the stored token fits these values, so only the bot's info is read with it.
			const unchanged = await callsDuring(() => test({}));
			expect(unchanged.result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
			expect(unchanged.calls).toEqual(['/open-apis/bot/v3/info 0']);

			const wrong = await callsDuring(() => test({ appSecret: 'not-the-secret' }));
			expect(wrong.result).toEqual({
				status: 'Error',
				message: WRONG_SECRET_MESSAGE,
			});
			expect(wrong.calls).toEqual(['/open-apis/auth/v3/tenant_access_token/internal 10014']);

			const closed = await startEmulator({ port: 0 });
			await closed.close();
			const host = new URL(closed.url).host;
			expect(await test({ baseUrl: closed.url })).toMatchObject({
				status: 'Error',
				message: expect.stringContaining(
					`Feishu credential: could not reach ${closed.url} (nothing is listening there). Nothing accepted the connection at ${host}.`,
				),
			});
		},
	);
}
