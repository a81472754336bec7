/**
 * Issue 15 inside a real n8n 2.x: a callback trigger without a Verification Token does not activate
 * (what n8n shows), and refused callbacks all get the same answer while n8n's log says why.
 */
import { encryptPayload } from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { REFUSAL } from '../../nodes/FeishuGroupTrigger/webhook';
import { EMULATOR_DEFAULTS } from '../emulator';
import { feishuApiCredential, PACKAGE_NAME, useN8n, type WorkflowJson } from './harness';
import { http } from './harness/http';

const KEY = 'e2e-security-encrypt-key';
const NO_TOKEN = { id: 'secE2eNoToken001', name: 'Feishu without token' };
const FULL = { id: 'secE2eFullCred01', name: 'Feishu with token and key' };
const UNGUARDED = { id: 'secE2eNoTokenWf1', hook: 'd1e2f3a4-5b6c-4d7e-8f90-a1b2c3d4e5f6' };
const GUARDED = { id: 'secE2eGuardedWf1', hook: 'e2f3a4b5-6c7d-4e8f-90a1-b2c3d4e5f6a7' };

function callbackWorkflow(id: string, webhookId: string, credential: typeof FULL): WorkflowJson {
	return {
		id,
		name: `Security e2e ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {},
		nodes: [
			{
				id: `${id}-node`,
				name: 'Feishu Group Trigger',
				type: `${PACKAGE_NAME}.feishuGroupTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { connection: 'callback', events: ['*'], chatIds: '', options: {} },
				credentials: { feishuApi: credential },
			},
		],
	};
}

// The base URL is never called here (no token exchange in callback mode); loopback keeps it valid.
const base = {
	baseUrl: 'http://127.0.0.1:9',
	appId: EMULATOR_DEFAULTS.appId,
	appSecret: EMULATOR_DEFAULTS.appSecret,
};

const suite = useN8n({
	line: 'n8n2',
	credentials: [
		feishuApiCredential({ ...base, ...NO_TOKEN }),
		feishuApiCredential({
			...base,
			...FULL,
			verificationToken: EMULATOR_DEFAULTS.verificationToken,
			encryptKey: KEY,
		}),
	],
	workflows: [
		callbackWorkflow(UNGUARDED.id, UNGUARDED.hook, NO_TOKEN),
		callbackWorkflow(GUARDED.id, GUARDED.hook, FULL),
	],
	activate: [GUARDED.id],
});

suite.test(
	'a callback trigger without a Verification Token does not activate; n8n shows why',
	async (n8n) => {
		// n8n 2.41 publishes through an outbox: the API call may succeed and the activation fail just after.
		// Either way the message ends up as the workflow's activation error, which the editor shows.
		let message = '';
		try {
			await n8n.activate(UNGUARDED.id);
		} catch (error) {
			message = (error as Error).message;
		}
		// 2.41: the publication status (what the editor shows); older: the activation error.
		for (let i = 0; i < 160 && !/Verification Token/.test(message); i++) {
			message = await n8n.activationReport(UNGUARDED.id);
			if (!/Verification Token/.test(message)) await new Promise((r) => setTimeout(r, 250));
		}
		expect(message).toMatch(
			/HTTP callback mode needs the Verification Token in the Feishu credential/,
		);
		// And its URL takes nothing: no webhook is registered for it.
		const forged = await http(n8n.webhookUrl(`${UNGUARDED.hook}/webhook`), {
			method: 'POST',
			body: {
				schema: '2.0',
				header: { event_id: 'x', event_type: 'im.chat.disbanded_v1' },
				event: {},
			},
		});
		expect(forged.status).toBe(404);
		expect(await n8n.waitForExecutions(UNGUARDED.id, 0, { settleMs: 500 })).toHaveLength(0);
	},
);

suite.test('refused callbacks all look the same; n8n logs the reasons', async (n8n) => {
	const logFrom = Buffer.byteLength(n8n.readLog());
	const hook = `${GUARDED.hook}/webhook`;
	await n8n.waitForWebhook(hook);
	const forged = [
		JSON.stringify({ encrypt: Buffer.alloc(48, 7).toString('base64') }),
		JSON.stringify({ encrypt: encryptPayload('{"type":"url_verification"}', 'guessed key') }),
		JSON.stringify({
			schema: '2.0',
			header: { event_id: 'x', event_type: 'im.chat.disbanded_v1', token: 'guess' },
			event: {},
		}),
	];
	for (const body of forged) {
		const res = await n8n.postToWebhook(hook, body, {
			'content-type': 'application/json',
			'x-lark-request-timestamp': String(Math.floor(Date.now() / 1000)),
			'x-lark-request-nonce': '1',
			'x-lark-signature': '0'.repeat(64),
		});
		expect({ status: res.status, body: res.json }).toEqual(REFUSAL);
	}
	const unsigned = await n8n.postToWebhook(hook, forged[0], { 'content-type': 'application/json' });
	expect({ status: unsigned.status, body: unsigned.json }).toEqual(REFUSAL);
	// (Malformed JSON sent as application/json is answered by n8n's body parser before the node runs.)
	const text = await n8n.postToWebhook(hook, 'not json', { 'content-type': 'text/plain' });
	expect({ status: text.status, body: text.json }).toEqual(REFUSAL);
	const log = n8n.readLog(logFrom);
	expect(log).toMatch(/Feishu Group Trigger refused a callback: the body is not a JSON object/);
	expect(log).toMatch(/Feishu Group Trigger refused a callback: the signature does not match/);
	expect(log).not.toContain(KEY);
	expect(await n8n.waitForExecutions(GUARDED.id, 0, { settleMs: 500 })).toHaveLength(0);
});
