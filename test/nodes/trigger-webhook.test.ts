import type { IDataObject } from 'n8n-workflow';

import { computeSignature, encryptPayload } from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';
import { REFUSAL } from '../../nodes/FeishuGroupTrigger/webhook';
import { SAMPLE_APP_ID, SAMPLE_TOKEN, SAMPLES, sample } from '../unit/trigger-fixtures';
import {
	triggerContext,
	webhookContext,
	type NodeParams,
	type WebhookCall,
} from './trigger-context';

const node = new FeishuGroupTrigger();
const KEY = 'webhook-test-encrypt-key';
const plainCreds = {
	appId: SAMPLE_APP_ID,
	appSecret: 's',
	verificationToken: SAMPLE_TOKEN,
	encryptKeySecret: '',
};
const encCreds = { ...plainCreds, encryptKeySecret: KEY };

let counter = 0;
const freshId = () => (++counter).toString(16).padStart(32, 'a');

function signedCall(body: string, over: Partial<WebhookCall> = {}): WebhookCall {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const nonce = String(100000000 + counter);
	return {
		credentials: encCreds,
		rawBody: body,
		headers: {
			'x-lark-request-timestamp': timestamp,
			'x-lark-request-nonce': nonce,
			'x-lark-signature': computeSignature(timestamp, nonce, KEY, Buffer.from(body)),
			'content-type': 'application/json;charset=utf-8',
		},
		...over,
	};
}

const encrypted = (value: unknown) =>
	JSON.stringify({ encrypt: encryptPayload(JSON.stringify(value), KEY) });

async function call(c: WebhookCall) {
	const { ctx, answer } = webhookContext(c);
	const result = await node.webhook.call(ctx);
	return { result, answer };
}

beforeEach(() => resetSharedSeenEvents());

describe('Feishu Group Trigger webhook(): accepted requests', () => {
	it('plain event → one item with lifted fields and raw payload; n8n answers 200', async () => {
		const event = sample('im.chat.member.user.added_v1', freshId());
		const { result, answer } = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(event),
		});
		expect(answer.status).toBeUndefined(); // onReceived: n8n itself answers 200
		expect(result.workflowData).toHaveLength(1);
		expect(result.workflowData![0]).toHaveLength(1);
		expect(result.workflowData![0][0].json).toMatchObject({
			eventType: 'im.chat.member.user.added_v1',
			eventId: (event.header as IDataObject).event_id,
			chatId: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			users: [
				expect.objectContaining({ name: 'Li Lei' }),
				expect.objectContaining({ name: 'Han Meimei' }),
			],
			raw: event,
		});
	});

	it.each(Object.keys(SAMPLES))('encrypted and signed %s', async (type) => {
		const event = sample(type, freshId());
		const { result } = await call(signedCall(encrypted(event)));
		expect(result.workflowData?.[0][0].json).toMatchObject({ eventType: type });
	});

	it('falls back to the parsed body when rawBody is missing', async () => {
		const event = sample('im.chat.disbanded_v1', freshId());
		const { result } = await call({ credentials: plainCreds, rawBody: undefined, body: event });
		expect(result.workflowData?.[0][0].json.eventType).toBe('im.chat.disbanded_v1');
	});

	it('omits raw when asked to', async () => {
		const event = sample('im.chat.disbanded_v1', freshId());
		const { result } = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(event),
			params: { options: { excludeRawPayload: true } },
		});
		expect(result.workflowData?.[0][0].json).not.toHaveProperty('raw');
	});
});

describe('Feishu Group Trigger webhook(): challenges', () => {
	const challenge = { challenge: 'c-123', token: SAMPLE_TOKEN, type: 'url_verification' };

	it('answers a plain challenge', async () => {
		const { result, answer } = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(challenge),
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer).toMatchObject({ status: 200, body: { challenge: 'c-123' }, ended: true });
	});

	it('answers an encrypted challenge (no signature headers)', async () => {
		const { result, answer } = await call({ credentials: encCreds, rawBody: encrypted(challenge) });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(answer.body).toEqual({ challenge: 'c-123' });
	});

	it('refuses a challenge with a wrong token', async () => {
		const { answer } = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify({ ...challenge, token: 'x' }),
		});
		expect(answer.status).toBe(401);
		expect(answer.body).not.toHaveProperty('challenge');
	});
});

describe('Feishu Group Trigger webhook(): refused requests start nothing', () => {
	// Every refusal looks the same to the sender (the reason is in n8n's log only).
	const expectRefused = (res: Awaited<ReturnType<typeof call>>, status: number) => {
		expect(res.result).toEqual({ noWebhookResponse: true });
		expect(res.result.workflowData).toBeUndefined();
		expect(res.answer.status).toBe(status);
		expect(res.answer.body).toEqual(REFUSAL.body);
		expect(res.answer.ended).toBe(true);
	};

	it('wrong token (plain)', async () => {
		const event = sample('im.chat.disbanded_v1', freshId());
		(event.header as IDataObject).token = 'forged';
		expectRefused(await call({ credentials: plainCreds, rawBody: JSON.stringify(event) }), 401);
	});

	it('wrong token inside a validly signed encrypted body', async () => {
		const event = sample('im.chat.disbanded_v1', freshId());
		(event.header as IDataObject).token = 'forged';
		expectRefused(await call(signedCall(encrypted(event))), 401);
	});

	it('forged signature', async () => {
		const c = signedCall(encrypted(sample('im.chat.disbanded_v1', freshId())));
		c.headers!['x-lark-signature'] = 'f'.repeat(64);
		expectRefused(await call(c), 401);
	});

	it('unsigned request while an Encrypt Key is set', async () => {
		const body = encrypted(sample('im.chat.disbanded_v1', freshId()));
		expectRefused(await call({ credentials: encCreds, rawBody: body }), 401);
	});

	it('tampered body (signature over the original bytes)', async () => {
		const c = signedCall(JSON.stringify(sample('im.chat.disbanded_v1', freshId())));
		c.rawBody = (c.rawBody as string).replace('Release war-room', 'Release war-room!');
		expectRefused(await call(c), 401);
	});

	it('bad ciphertext', async () => {
		expectRefused(
			await call(
				signedCall(
					JSON.stringify({ encrypt: 'bm90IGEgY2lwaGVydGV4dCBhdCBhbGwhISEhISEhISEhISEhISE=' }),
				),
			),
			401,
		);
	});

	it('not JSON', async () => {
		expectRefused(await call({ credentials: plainCreds, rawBody: 'hello', body: {} }), 401);
	});
});

describe('Feishu Group Trigger webhook(): duplicates and filters answer 200 without a run', () => {
	const ok = (res: Awaited<ReturnType<typeof call>>) => {
		expect(res.result.workflowData).toBeUndefined();
		expect(res.answer).toMatchObject({ status: 200, body: { msg: 'success' } });
	};

	it('replay of an already delivered event (same event id, fresh signature)', async () => {
		const event = sample('im.chat.updated_v1', freshId());
		expect((await call(signedCall(encrypted(event)))).result.workflowData).toHaveLength(1);
		ok(await call(signedCall(encrypted(event))));
		// 1.0 events dedupe on uuid
		const p2p = sample('p2p_chat_create', freshId());
		expect((await call(signedCall(encrypted(p2p)))).result.workflowData).toHaveLength(1);
		ok(await call(signedCall(encrypted(p2p))));
	});

	it('remembers delivered ids in static data, so a redelivery after a restart is still dropped', async () => {
		const staticData: IDataObject = {};
		const event = sample('im.chat.updated_v1', freshId());
		expect(
			(await call({ credentials: plainCreds, rawBody: JSON.stringify(event), staticData })).result
				.workflowData,
		).toHaveLength(1);
		expect(JSON.stringify(staticData)).toContain((event.header as IDataObject).event_id as string);
		resetSharedSeenEvents(); // "restart": the in-memory store is gone
		ok(
			await call({
				credentials: plainCreds,
				rawBody: JSON.stringify(event),
				staticData: JSON.parse(JSON.stringify(staticData)),
			}),
		);
	});

	it('decrypts the credential once per minute for production calls, yet follows a changed key at once', async () => {
		const decrypts = { count: 0 };
		const credentialId = `cred-${freshId()}`;
		const deliver = async (over: Partial<WebhookCall>) => {
			const event = sample('im.chat.updated_v1', freshId());
			return (await call({ ...signedCall(encrypted(event)), credentialId, decrypts, ...over }))
				.result;
		};
		for (let i = 0; i < 5; i++) expect((await deliver({})).workflowData).toHaveLength(1);
		expect(decrypts.count).toBe(1);
		// Test calls always read the credential as it is now.
		expect((await deliver({ mode: 'manual' })).workflowData).toHaveLength(1);
		expect(decrypts.count).toBe(2);
		// The Encrypt Key was changed in the console and in the credential: the cached key fails, the
		// fresh one is used for that request and cached from then on.
		const NEW_KEY = 'rotated-encrypt-key';
		const event = sample('im.chat.updated_v1', freshId());
		const body = JSON.stringify({ encrypt: encryptPayload(JSON.stringify(event), NEW_KEY) });
		const timestamp = String(Math.floor(Date.now() / 1000));
		const rotated = {
			credentials: { ...encCreds, encryptKeySecret: NEW_KEY },
			rawBody: body,
			headers: {
				'x-lark-request-timestamp': timestamp,
				'x-lark-request-nonce': '1',
				'x-lark-signature': computeSignature(timestamp, '1', NEW_KEY, Buffer.from(body)),
			},
			credentialId,
			decrypts,
		};
		expect((await call(rotated)).result.workflowData).toHaveLength(1);
		expect(decrypts.count).toBe(3);
		// A request under the old key is checked against fresh keys too, and refused.
		const old = signedCall(encrypted(sample('im.chat.updated_v1', freshId())));
		const forged = await call({ ...old, credentials: rotated.credentials, credentialId, decrypts });
		expect(forged.result.workflowData).toBeUndefined();
		expect(forged.answer.status).toBe(401); // signed with the old key
		expect(decrypts.count).toBe(4);
	});

	it('a delivery whose execution n8n could not start (n8n answered 500) runs when Feishu redelivers it', async () => {
		const staticData: IDataObject = {};
		const event = sample('im.chat.updated_v1', freshId());
		const send = () =>
			call({ credentials: plainCreds, rawBody: JSON.stringify(event), staticData });
		const failed = await send();
		expect(failed.result.workflowData).toHaveLength(1);
		failed.answer.finish(500);
		const redelivered = await send();
		expect(redelivered.result.workflowData).toHaveLength(1);
		redelivered.answer.finish(200);
		// Once n8n has taken it, further redeliveries are duplicates, also after a restart.
		ok(await send());
		resetSharedSeenEvents();
		ok(await call({ credentials: plainCreds, rawBody: JSON.stringify(event), staticData }));
	});

	it('test deliveries (manual mode) do not block the production run of the same event', async () => {
		const event = sample('im.chat.updated_v1', freshId());
		const test = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(event),
			mode: 'manual',
		});
		expect(test.result.workflowData).toHaveLength(1);
		const prod = await call({ credentials: plainCreds, rawBody: JSON.stringify(event) });
		expect(prod.result.workflowData).toHaveLength(1);
	});

	it('unsubscribed event type', async () => {
		const params: NodeParams = { events: ['im.chat.disbanded_v1', 'im.chat.updated_v1'] };
		ok(
			await call({
				credentials: plainCreds,
				rawBody: JSON.stringify(sample('im.chat.member.user.added_v1', freshId())),
				params,
			}),
		);
		const hit = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(sample('im.chat.updated_v1', freshId())),
			params,
		});
		expect(hit.result.workflowData).toHaveLength(1);
	});

	it('chat filter', async () => {
		const params: NodeParams = { chatIds: ' oc_0e3c7f5a8b9d4c2e1f6a7b8c9d0e1f2a ,oc_other' };
		ok(
			await call({
				credentials: plainCreds,
				rawBody: JSON.stringify(sample('im.chat.disbanded_v1', freshId())),
				params,
			}),
		);
		const hit = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(sample('im.chat.member.bot.added_v1', freshId())),
			params,
		});
		expect(hit.result.workflowData?.[0][0].json.chatId).toBe('oc_0e3c7f5a8b9d4c2e1f6a7b8c9d0e1f2a');
	});
});

describe('Feishu Group Trigger: test runs in HTTP callback mode', () => {
	it('the manual trigger() run hands over what the test webhook received', async () => {
		const event = sample('im.chat.member.bot.added_v1', freshId());
		const { result } = await call({
			credentials: plainCreds,
			rawBody: JSON.stringify(event),
			mode: 'manual',
			workflowId: 'wf-test',
		});
		const harness = triggerContext({
			credentials: plainCreds,
			mode: 'manual',
			workflowId: 'wf-test',
		});
		const response = await node.trigger.call(harness.ctx);
		await response.manualTriggerFunction!();
		expect(harness.emitted).toHaveLength(1);
		expect(harness.emitted[0].data).toEqual(result.workflowData);
	});

	it('without a test webhook call the manual run fails with an explanation', async () => {
		const harness = triggerContext({
			credentials: plainCreds,
			mode: 'manual',
			workflowId: 'wf-none',
		});
		const response = await node.trigger.call(harness.ctx);
		await expect(response.manualTriggerFunction!()).rejects.toThrow(/Test URL/);
	});

	it('activation in callback mode opens nothing', async () => {
		const harness = triggerContext({ credentials: plainCreds, mode: 'trigger' });
		expect(await node.trigger.call(harness.ctx)).toEqual({});
	});
});

describe('Feishu Group Trigger: description', () => {
	it('has one POST webhook that disappears in long-connection mode', () => {
		const [webhook] = node.description.webhooks!;
		expect(webhook).toMatchObject({ name: 'default', responseMode: 'onReceived', path: 'webhook' });
		expect(webhook.httpMethod).toContain('"POST"');
		expect(webhook.httpMethod).toContain('longConnection');
		expect(node.description.inputs).toEqual([]);
		expect(node.description.name).toBe('feishuGroupTrigger');
	});

	it('registration methods succeed when callbacks can be authenticated (the URL is pasted into the console)', async () => {
		const methods = node.webhookMethods.default;
		const ctx = {
			getNodeParameter: (_name: string, fallback: unknown) => fallback,
			getCredentials: async () => plainCreds,
			getNode: () => ({ name: 'Feishu Group Trigger' }),
		} as never;
		expect(await methods.checkExists.call(ctx)).toBe(true);
		expect(await methods.create.call(ctx)).toBe(true);
		expect(await methods.delete.call(ctx)).toBe(true);
	});
});
