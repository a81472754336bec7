/**
 * Issue 15, findings 2, 3 and 9 (refusals): the HTTP callback accepts nothing it cannot authenticate,
 * checks the signature before it decrypts anything, and answers every refusal the same way.
 */
import { createDecipheriv, createHash } from 'crypto';

import * as callbackCrypto from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { resetCallbackKeys } from '../../nodes/FeishuGroupTrigger/callback/keys';
import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { REFUSAL } from '../../nodes/FeishuGroupTrigger/webhook';
import { SAMPLE_APP_ID, SAMPLE_TOKEN, sample } from '../unit/trigger-fixtures';
import { recoverBlock, type Probe } from './paddingOracle';
import { deliver, encryptedBody, signedHeaders, triggerNode } from './webhookHarness';

const KEY = 'security-suite-encrypt-key';
const withKey = {
	appId: SAMPLE_APP_ID,
	appSecret: 's',
	verificationToken: SAMPLE_TOKEN,
	encryptKeySecret: KEY,
};
const tokenOnly = { ...withKey, encryptKeySecret: '' };
const nothing = { ...withKey, verificationToken: '', encryptKeySecret: '' };

let counter = 0;
const freshId = () => `5ec0${(++counter).toString(16).padStart(28, '0')}`;

beforeEach(() => {
	resetSharedSeenEvents();
	resetCallbackKeys();
});

describe('finding 2: a callback without a Verification Token accepts nothing', () => {
	it('a forged plain event posted to a trigger whose credential has neither secret starts nothing', async () => {
		const forged = sample('im.chat.member.user.added_v1', freshId());
		(forged.header as Record<string, unknown>).token = 'anything';
		const delivery = await deliver({ credentials: nothing, rawBody: JSON.stringify(forged) });
		expect(delivery.started).toBe(false);
		expect(delivery.seen).toEqual(REFUSAL);
		expect(delivery.logs.join('\n')).toMatch(/no Verification Token/);
	});

	it('nor does a challenge: the console cannot even save the URL', async () => {
		const challenge = { challenge: 'c1', token: 'x', type: 'url_verification' };
		const delivery = await deliver({ credentials: nothing, rawBody: JSON.stringify(challenge) });
		expect(delivery.seen).toEqual(REFUSAL);
	});

	it('activation (and "Listen for test event") stops with a clear message', async () => {
		const hooks = triggerNode.webhookMethods.default;
		const hookContext = (credentials: object, connection = 'callback') =>
			({
				getNodeParameter: (name: string, fallback: unknown) =>
					name === 'connection' ? connection : fallback,
				getCredentials: async () => credentials,
				getNode: () => ({ name: 'Feishu Group Trigger' }),
			}) as never;
		await expect(hooks.checkExists.call(hookContext(nothing))).rejects.toThrow(
			'HTTP callback mode needs the Verification Token in the Feishu credential',
		);
		await expect(hooks.create.call(hookContext(nothing))).rejects.toThrow(/Verification Token/);
		// An Encrypt Key alone is not enough either.
		await expect(
			hooks.checkExists.call(hookContext({ ...nothing, encryptKeySecret: KEY })),
		).rejects.toThrow(/Verification Token/);
		await expect(hooks.checkExists.call(hookContext(tokenOnly))).resolves.toBe(true);
		// Long connection mode authenticates at connect time and needs no token.
		await expect(hooks.checkExists.call(hookContext(nothing, 'longConnection'))).resolves.toBe(
			true,
		);
	});
});

describe('finding 3: no padding oracle', () => {
	const event = sample('im.chat.member.user.added_v1', freshId());
	// A delivery captured on the wire (or copied from a proxy log): the attacker has it, not the key.
	const captured = Buffer.from(JSON.parse(encryptedBody(event, KEY)).encrypt as string, 'base64');
	// The block that holds the start of the Verification Token.
	const plain = Buffer.from(JSON.stringify(event), 'utf8');
	const at = Math.floor(plain.indexOf(SAMPLE_TOKEN) / 16) + 1;
	const previous = captured.subarray((at - 1) * 16, at * 16);
	const block = captured.subarray(at * 16, (at + 1) * 16);
	const expectedBlock = plain.subarray((at - 1) * 16, at * 16);

	const webhookProbe =
		(headers: (body: string) => Record<string, string> = () => ({})): Probe =>
		async (encrypt) => {
			const body = JSON.stringify({ encrypt });
			const delivery = await deliver({
				credentials: withKey,
				rawBody: body,
				headers: headers(body),
			});
			expect(delivery.started).toBe(false);
			return JSON.stringify(delivery.seen);
		};

	it('the attack itself works against a receiver that tells bad padding apart (control)', async () => {
		const aesKey = createHash('sha256').update(KEY).digest();
		const leaky: Probe = async (encrypt) => {
			const buf = Buffer.from(encrypt, 'base64');
			const d = createDecipheriv('aes-256-cbc', aesKey, buf.subarray(0, 16));
			try {
				const text = Buffer.concat([d.update(buf.subarray(16)), d.final()]).toString('utf8');
				JSON.parse(text);
				return 'event';
			} catch (error) {
				return (error as Error).message.includes('decrypt') ? 'cannot decrypt' : 'not JSON';
			}
		};
		const result = await recoverBlock(leaky, previous, block);
		expect(result.plain?.toString('utf8')).toBe(expectedBlock.toString('utf8'));
	});

	it('unsigned probes: every answer is the same refusal and the block stays secret', async () => {
		const result = await recoverBlock(webhookProbe(), previous, block);
		expect(result.plain).toBeUndefined();
		expect(result.distinctAnswers).toBe(1);
		expect(JSON.parse((await webhookProbe()(captured.toString('base64'))) as string)).toEqual(
			REFUSAL,
		);
	});

	it('probes with a made-up signature: refused before decryption, all alike', async () => {
		const forgedSignature = () => ({
			'x-lark-request-timestamp': String(Math.floor(Date.now() / 1000)),
			'x-lark-request-nonce': '1',
			'x-lark-signature': 'ab'.repeat(32),
		});
		const result = await recoverBlock(webhookProbe(forgedSignature), previous, block);
		expect(result.plain).toBeUndefined();
		expect(result.distinctAnswers).toBe(1);
	});

	it('the signature is checked over the raw body before anything is decrypted', async () => {
		const decrypt = jest.spyOn(callbackCrypto, 'decryptPayload');
		const quiet = jest.spyOn(callbackCrypto, 'decryptQuietly');
		try {
			const body = encryptedBody(sample('im.chat.updated_v1', freshId()), KEY);
			// Signed with another key (forged), and a correctly signed body altered afterwards.
			const forged = await deliver({
				credentials: withKey,
				rawBody: body,
				headers: signedHeaders(body, 'attacker key'),
			});
			const altered = await deliver({
				credentials: withKey,
				rawBody: body.replace('"}', '=="}'),
				headers: signedHeaders(body, KEY),
			});
			expect(forged.seen).toEqual(REFUSAL);
			expect(altered.seen).toEqual(REFUSAL);
			expect(decrypt).not.toHaveBeenCalled();
			expect(quiet).not.toHaveBeenCalled();
			// The genuine request is decrypted, once, after its signature passed.
			const genuine = await deliver({
				credentials: withKey,
				rawBody: body,
				headers: signedHeaders(body, KEY),
			});
			expect(genuine.started).toBe(true);
			expect(decrypt).toHaveBeenCalledTimes(1);
		} finally {
			decrypt.mockRestore();
			quiet.mockRestore();
		}
	});
});

describe('findings 3 and 9: every refusal looks the same to the sender, the reason is in the log', () => {
	const event = sample('im.chat.disbanded_v1', '0f4d2b8c1a7e4f3b9c6d5e4f3a2b1c0d');
	const enc = encryptedBody(event, KEY);
	const junk = (bytes: Buffer) => JSON.stringify({ encrypt: bytes.toString('base64') });
	const oldTimestamp = String(Math.floor(Date.now() / 1000) - 3600);
	const wrongToken = { ...event, header: { ...(event.header as object), token: 'guess' } };
	const cases: Array<[string, Parameters<typeof deliver>[0]]> = [
		['not JSON', { credentials: withKey, rawBody: 'hello', body: {} }],
		['a JSON array', { credentials: withKey, rawBody: '[1]' }],
		['bad base64 / length', { credentials: withKey, rawBody: junk(Buffer.alloc(20, 1)) }],
		['bad padding', { credentials: withKey, rawBody: junk(Buffer.alloc(48, 7)) }],
		['unsigned event', { credentials: withKey, rawBody: enc }],
		['unsigned plaintext', { credentials: withKey, rawBody: JSON.stringify(event) }],
		[
			'encrypted with another key, signed with it',
			{
				credentials: withKey,
				rawBody: encryptedBody(event, 'other'),
				headers: signedHeaders(encryptedBody(event, 'other'), 'other'),
			},
		],
		[
			'signed an hour ago',
			{ credentials: withKey, rawBody: enc, headers: signedHeaders(enc, KEY, oldTimestamp) },
		],
		[
			'wrong token inside a signed body',
			{
				credentials: withKey,
				rawBody: encryptedBody(wrongToken, KEY),
				headers: signedHeaders(encryptedBody(wrongToken, KEY), KEY),
			},
		],
		// The answers do not tell whether the credential has an Encrypt Key or a token at all.
		['encrypted, but the credential has no Encrypt Key', { credentials: tokenOnly, rawBody: enc }],
		[
			'wrong token, no Encrypt Key',
			{ credentials: tokenOnly, rawBody: JSON.stringify(wrongToken) },
		],
		['credential without any secret', { credentials: nothing, rawBody: JSON.stringify(event) }],
		[
			'node in long-connection mode',
			{ credentials: withKey, rawBody: enc, params: { connection: 'longConnection' } },
		],
	];

	it.each(cases)('%s', async (_name, call) => {
		const delivery = await deliver(call);
		expect(delivery.started).toBe(false);
		expect(delivery.seen).toEqual(REFUSAL);
		expect(delivery.logs).toHaveLength(1);
		expect(delivery.logs[0]).toMatch(/^Feishu Group Trigger refused a callback: \S/);
		// The log explains; it never quotes a secret.
		expect(delivery.logs[0]).not.toContain(KEY);
		expect(delivery.logs[0]).not.toContain(SAMPLE_TOKEN);
	});

	it('the log tells the reasons apart (so an operator can fix the credential)', async () => {
		const reasons = new Set<string>();
		for (const [, call] of cases) reasons.add((await deliver(call)).logs[0]);
		expect(reasons.size).toBeGreaterThanOrEqual(8);
	});
});
