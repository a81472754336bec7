/**
 * The stored tenant token belongs to the credential that fetched it, in a real n8n (2.x): n8n keeps
 * the token inside the credential and also saves one that its Test button fetched with a secret that
 * was never saved. A run must notice that the saved App Secret is not the one behind the token (and
 * fail at once with Feishu's 10014), and a secret changed in the editor must get a new token on its
 * first use. Credential changes go through n8n's REST API the way the editor sends them.
 */
import { CREDENTIAL_BLANKING_VALUE } from 'n8n-workflow';

import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import {
	EmulatorControl,
	emulatorCredential,
	executionError,
	loadWorkflow,
	type N8n,
	nodeOutput,
	useN8n,
	WRONG_SECRET_MESSAGE,
} from './harness';

const WF_ID = 'e2eChatGetWf0001';
const CHAT_NAME = 'Product Launch';
const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const WRONG_SECRET = 'a-secret-typed-wrong';

let emu: RunningEmulator;
let control: EmulatorControl;
let chatId: string;

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	control = new EmulatorControl(emu.url);
	chatId = (await control.chatWithBot(CHAT_NAME)).chat_id;
});

afterAll(async () => {
	await emu?.close();
});

/** Saved with a wrong App Secret, as a user would before fixing it. */
const saved = () => {
	const credential = emulatorCredential(emu.url);
	return { ...credential, data: { ...credential.data, appSecret: WRONG_SECRET } };
};

const suite = useN8n(() => ({
	line: 'n8n2',
	credentials: [saved()],
	workflows: [loadWorkflow('chat-get', { CHAT_ID: chatId })],
}));

/** Runs Chat → Get and returns the execution and the emulator calls it made. */
async function runChatGet(n8n: N8n) {
	const before = (await control.requests('/open-apis/')).length;
	const execution = await n8n.runWorkflow(WF_ID);
	const calls = (await control.requests('/open-apis/')).slice(before);
	return {
		execution,
		tokenCodes: calls.filter((c) => c.path === TOKEN_PATH).map((c) => c.code),
		chatReads: calls.filter((c) => c.path === `/open-apis/im/v1/chats/${chatId}`).length,
	};
}

/** Whether the stored credential holds a tenant token (n8n shows secrets redacted: set or empty). */
async function storedTokenIsSet(n8n: N8n): Promise<boolean> {
	const { data } = await n8n.rest<{ data: Record<string, unknown> }>(
		'GET',
		`/credentials/${saved().id}?includeData=true`,
	);
	return data.tenantAccessToken === CREDENTIAL_BLANKING_VALUE;
}

/** Changes fields the way the editor saves a credential: every field, secrets sent back redacted. */
async function editCredential(n8n: N8n, changes: Record<string, unknown>) {
	const { id, name, type } = saved();
	const current = await n8n.rest<{ data: Record<string, unknown> }>(
		'GET',
		`/credentials/${id}?includeData=true`,
	);
	await n8n.rest('PATCH', `/credentials/${id}`, {
		name,
		type,
		data: { ...current.data, ...changes },
	});
}

suite.test(
	"the Test button's token does not carry the wrong saved secret: the next run fails at once with 10014",
	async (n8n) => {
		const { id, name, type, data } = saved();
		const before = (await control.requests('/open-apis/')).length;
		// The editor's Retry with the right secret typed in but not saved: n8n tests it against the
		// saved credential's id and stores the token it fetched.
		const test = await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id, name, type, data: { ...data, appSecret: EMULATOR_DEFAULTS.appSecret } },
		});
		expect(test).toMatchObject({ status: 'OK' });
		const testCalls = (await control.requests('/open-apis/')).slice(before);
		expect(testCalls.filter((c) => c.path === TOKEN_PATH).map((c) => c.code)).toEqual([0]);
		// n8n saved that token into the stored credential (shown redacted: set, not empty), next to
		// the wrong secret: the situation a run has to notice.
		expect(await storedTokenIsSet(n8n)).toBe(true);

		const run = await runChatGet(n8n);
		expect(run.execution.status).toBe('error');
		expect(executionError(run.execution, 'Get Chat')?.message).toBe(WRONG_SECRET_MESSAGE);
		expect(run.tokenCodes).toEqual([10014]);
		expect(run.chatReads).toBe(0);
	},
);

suite.test(
	'the right secret saved: the token the Test button fetched with it is used; another host gets its own token',
	async (n8n) => {
		await editCredential(n8n, { appSecret: EMULATOR_DEFAULTS.appSecret });
		const first = await runChatGet(n8n);
		expect(executionError(first.execution, 'Get Chat')).toBeUndefined();
		expect(nodeOutput(first.execution, 'Get Chat')[0]).toMatchObject({ chat_id: chatId });
		// The stored token was fetched (by the Test button) with exactly this secret: still good.
		expect(first.tokenCodes).toEqual([]);

		// The same emulator under another name of this machine: a changed Base URL gets a new token
		// on its first use, and n8n keeps that one for the next run.
		await editCredential(n8n, { baseUrl: emu.url.replace('127.0.0.1', 'localhost') });
		const moved = await runChatGet(n8n);
		expect(moved.execution.status).toBe('success');
		expect(moved.tokenCodes).toEqual([0]);
		const again = await runChatGet(n8n);
		expect(again.execution.status).toBe('success');
		expect(again.tokenCodes).toEqual([]);
	},
);

suite.test(
	'a secret changed in the editor (n8n keeps the old token) is used on the very next run',
	async (n8n) => {
		await editCredential(n8n, { appSecret: WRONG_SECRET });
		const run = await runChatGet(n8n);
		expect(executionError(run.execution, 'Get Chat')?.message).toBe(WRONG_SECRET_MESSAGE);
		expect(run.tokenCodes).toEqual([10014]);
		expect(run.chatReads).toBe(0);
	},
);

suite.test(
	'the Test button on a Base URL where nothing listens names the host and what to check (not a bare ECONNREFUSED)',
	async (n8n) => {
		const { id, name, type, data } = saved();
		const closed = await startEmulator({ port: 0 });
		await closed.close();
		const host = new URL(closed.url).host;
		const test = await n8n.rest<{ status: string; message: string }>('POST', '/credentials/test', {
			credentials: { id, name, type, data: { ...data, baseUrl: closed.url } },
		});
		expect(test.status).toBe('Error');
		expect(test.message).toBe(
			`Feishu credential: could not reach ${closed.url} (nothing is listening there). ` +
				`Nothing accepted the connection at ${host}. Check the credential's Platform / Base URL (host and port). ` +
				`If ${host} is the local Feishu emulator, start it first (npm start or npm run emulator) and keep it running.`,
		);
	},
);
