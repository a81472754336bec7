/**
 * Acting as a user in a real n8n (2.x): the Feishu Group node with "User (OAuth2)" sends the user_access_token of
 * a feishuOAuth2Api credential, and when Feishu reports it expired (HTTP 400), n8n's OAuth2 client
 * refreshes it at the credential's token URL and the request is sent again; the new token is saved, so the next
 * run needs no refresh. (The emulator answers an expired user token with 99991668; Feishu may also send 99991677.) The token is obtained beforehand from the emulator's authorization-code flow.
 */
import { emulatorUserCredential } from '../helpers/emulatorUserToken';
import { type RunningEmulator, startEmulator } from '../emulator';
import {
	type CredentialJson,
	EmulatorControl,
	executionError,
	nodeOutput,
	PACKAGE_NAME,
	useN8n,
	type WorkflowJson,
} from './harness';

const WF_ID = 'e2eUserTokenWf01';
const CREDENTIAL = { id: 'feishuE2eOAuth01', name: 'Feishu user (emulator)' };
const TOKEN_PATH = '/open-apis/authen/v2/oauth/token';
/** A public seeded chat (test/emulator/README.md); Is In Chat needs no membership. */
const CHAT_NAME = 'Open Lounge';

let emu: RunningEmulator;
let control: EmulatorControl;
let chatId: string;
let credential: CredentialJson;

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	control = new EmulatorControl(emu.url);
	chatId = (await control.chats()).find((c) => c.name === CHAT_NAME)!.chat_id;
	const user = (await control.users()).find((u) => !u.resigned)!;
	credential = {
		...CREDENTIAL,
		type: 'feishuOAuth2Api',
		data: { ...(await emulatorUserCredential(emu.url, user.open_id)) },
	};
});

afterAll(async () => {
	await emu?.close();
});

function isInChatWorkflow(): WorkflowJson {
	return {
		id: WF_ID,
		name: 'E2E: Manual Trigger → Member → Is In Chat as a user',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			'Manual Trigger': { main: [[{ node: 'Is In Chat', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: 'a1b2c3d4-0001-4e21-9a4c-7d8e9f0a1b01',
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'a1b2c3d4-0002-4e21-9a4c-7d8e9f0a1b02',
				name: 'Is In Chat',
				type: `${PACKAGE_NAME}.feishuGroup`,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					authentication: 'userToken',
					resource: 'member',
					operation: 'isInChat',
					chatId: { __rl: true, mode: 'id', value: chatId },
				},
				credentials: { feishuOAuth2Api: CREDENTIAL },
			},
		],
	} as WorkflowJson;
}

const suite = useN8n(() => ({
	line: 'n8n2',
	credentials: [credential],
	workflows: [isInChatWorkflow()],
}));

suite.test(
	'an expired user token is refreshed by n8n once, the request resent, and the new token kept',
	async (n8n) => {
		const run = async () => {
			const before = (await control.requests('/open-apis/')).length;
			const ex = await n8n.runWorkflow(WF_ID);
			expect(executionError(ex, 'Is In Chat')).toBeUndefined();
			expect(nodeOutput(ex, 'Is In Chat')).toEqual([{ chat_id: chatId, is_in_chat: false }]);
			return (await control.requests('/open-apis/')).slice(before);
		};
		const isInChat = (c: { path: string }) =>
			c.path.endsWith(`/chats/${chatId}/members/is_in_chat`);

		const first = await run();
		expect(first.filter(isInChat)).toEqual([expect.objectContaining({ code: 0 })]);
		expect(first.find(isInChat)?.token?.kind).toBe('user');
		expect(first.some((c) => c.path === TOKEN_PATH)).toBe(false);

		await control.fault({ kind: 'expire_tokens' });
		const second = await run();
		// Refused with the expired token (99991668). The node reads Feishu's answer first (a 400 is not always a
		// token problem), then resends with "refresh on 400": n8n's OAuth2 client sees the 400, refreshes once
		// and sends the request a third time with the new token.
		expect(
			second.map((c) => (c.path === TOKEN_PATH ? 'refresh' : isInChat(c) ? c.code : c.path)),
		).toEqual([99991668, 99991668, 'refresh', 0]);

		const third = await run();
		expect(third.map((c) => (isInChat(c) ? c.code : c.path))).toEqual([0]);
	},
);
