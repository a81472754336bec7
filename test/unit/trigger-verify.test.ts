import { computeSignature, encryptPayload } from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { verifyCallback, type VerifyConfig } from '../../nodes/FeishuGroupTrigger/callback/verify';
import { SAMPLE_TOKEN, sample } from './trigger-fixtures';

const KEY = 'encrypt-key-123';
const NOW = 1_718_000_000_000;
const config = (over: Partial<VerifyConfig> = {}): VerifyConfig => ({
	verificationToken: SAMPLE_TOKEN,
	encryptKey: KEY,
	maxAgeSeconds: 300,
	now: NOW,
	...over,
});

function signed(body: string, key = KEY, timestamp = String(NOW / 1000), nonce = '950646929') {
	return {
		raw: Buffer.from(body, 'utf8'),
		headers: {
			'x-lark-request-timestamp': timestamp,
			'x-lark-request-nonce': nonce,
			'x-lark-signature': computeSignature(timestamp, nonce, key, Buffer.from(body, 'utf8')),
		},
	};
}

const encryptedBody = (value: unknown, key = KEY) =>
	JSON.stringify({ encrypt: encryptPayload(JSON.stringify(value), key) });

describe('callback verification pipeline (events.md §2.9)', () => {
	const event = sample('im.chat.member.user.added_v1');

	it('accepts an encrypted, signed event', () => {
		const { raw, headers } = signed(encryptedBody(event));
		const result = verifyCallback(raw, headers, config());
		expect(result).toMatchObject({ kind: 'event', encrypted: true, envelope: event });
	});

	it('accepts a plain event with the right token when no Encrypt Key is set', () => {
		const result = verifyCallback(
			Buffer.from(JSON.stringify(event)),
			{},
			config({ encryptKey: '' }),
		);
		expect(result).toMatchObject({ kind: 'event', encrypted: false });
	});

	it('accepts a 1.0 event (token at top level)', () => {
		const p2p = sample('p2p_chat_create');
		const { raw, headers } = signed(encryptedBody(p2p));
		expect(verifyCallback(raw, headers, config())).toMatchObject({ kind: 'event', envelope: p2p });
	});

	it('refuses a wrong token', () => {
		const wrong = { ...event, header: { ...(event.header as object), token: 'nope' } };
		expect(
			verifyCallback(Buffer.from(JSON.stringify(wrong)), {}, config({ encryptKey: '' })),
		).toEqual({
			kind: 'reject',
			reason: expect.stringMatching(/Verification Token .* does not match/),
		});
		const { raw, headers } = signed(encryptedBody(wrong));
		expect(verifyCallback(raw, headers, config())).toMatchObject({ kind: 'reject' });
	});

	it('refuses a forged, a missing and a stale signature, and a tampered body', () => {
		const body = encryptedBody(event);
		const good = signed(body);
		const forged = signed(body, 'other key');
		expect(verifyCallback(forged.raw, forged.headers, config())).toMatchObject({
			kind: 'reject',
			reason: expect.stringMatching(/signature does not match/),
		});
		// Unsigned: only an encrypted URL challenge may come without a signature.
		expect(verifyCallback(good.raw, {}, config())).toMatchObject({
			kind: 'reject',
			reason: expect.stringMatching(/unsigned request that is not a URL challenge/),
		});
		// Tampering that still decrypts (extra bytes outside the ciphertext) fails the signature.
		const spaced = Buffer.from(body.replace('{"encrypt":', '{"encrypt": '));
		expect(verifyCallback(spaced, good.headers, config())).toMatchObject({
			reason: expect.stringMatching(/signature does not match/),
		});
		// Tampering inside the ciphertext is caught by the signature too, before any decryption.
		const tampered = Buffer.from(body.replace('"encrypt":"', '"encrypt":"A'));
		expect(verifyCallback(tampered, good.headers, config())).toMatchObject({
			reason: expect.stringMatching(/signature does not match/),
		});
		// A plain body signed with the key is fine; the same body altered is not.
		const plain = signed(JSON.stringify(event));
		expect(verifyCallback(plain.raw, plain.headers, config())).toMatchObject({
			kind: 'event',
			encrypted: false,
		});
		const altered = Buffer.from(JSON.stringify({ ...event, schema: '2.0 ' }));
		expect(verifyCallback(altered, plain.headers, config())).toMatchObject({ kind: 'reject' });
		const old = signed(body, KEY, String(NOW / 1000 - 301));
		expect(verifyCallback(old.raw, old.headers, config())).toMatchObject({
			kind: 'reject',
			reason: expect.stringMatching(/301 s away from this server's clock \(limit 300 s\)/),
		});
		const ahead = signed(body, KEY, String(NOW / 1000 + 301));
		expect(verifyCallback(ahead.raw, ahead.headers, config())).toMatchObject({ kind: 'reject' });
		const recent = signed(body, KEY, String(NOW / 1000 - 299));
		expect(verifyCallback(recent.raw, recent.headers, config())).toMatchObject({ kind: 'event' });
		expect(verifyCallback(old.raw, old.headers, config({ maxAgeSeconds: 0 }))).toMatchObject({
			kind: 'event',
		});
	});

	it('refuses undecryptable bodies and encrypted bodies without a key', () => {
		const junk = JSON.stringify({ encrypt: Buffer.alloc(48, 7).toString('base64') });
		const s = signed(junk);
		expect(verifyCallback(s.raw, s.headers, config())).toMatchObject({
			kind: 'reject',
			reason: expect.stringMatching(/does not decrypt/),
		});
		const wrongKey = signed(encryptedBody(event, 'another key'), 'another key');
		expect(verifyCallback(wrongKey.raw, wrongKey.headers, config())).toMatchObject({
			kind: 'reject',
			reason: expect.stringMatching(/signature does not match/),
		});
		expect(
			verifyCallback(Buffer.from(encryptedBody(event)), {}, config({ encryptKey: '' })),
		).toMatchObject({
			kind: 'reject',
			reason: expect.stringMatching(/no Encrypt Key/),
		});
	});

	it('refuses non-JSON and non-event bodies', () => {
		expect(verifyCallback(Buffer.from('hello'), {}, config({ encryptKey: '' }))).toMatchObject({
			kind: 'reject',
		});
		expect(verifyCallback(Buffer.from('[1]'), {}, config({ encryptKey: '' }))).toMatchObject({
			kind: 'reject',
		});
		expect(
			verifyCallback(
				Buffer.from(JSON.stringify({ token: SAMPLE_TOKEN })),
				{},
				config({ encryptKey: '' }),
			),
		).toMatchObject({ kind: 'reject', reason: 'not a Feishu event' });
	});

	describe('url_verification', () => {
		const challenge = {
			challenge: 'ajls384kdjx98XX',
			token: SAMPLE_TOKEN,
			type: 'url_verification',
		};

		it('answers a plain challenge with the right token, without signature headers', () => {
			expect(
				verifyCallback(Buffer.from(JSON.stringify(challenge)), {}, config({ encryptKey: '' })),
			).toEqual({
				kind: 'challenge',
				challenge: 'ajls384kdjx98XX',
			});
		});

		it('answers an encrypted challenge, unsigned', () => {
			expect(verifyCallback(Buffer.from(encryptedBody(challenge)), {}, config())).toEqual({
				kind: 'challenge',
				challenge: 'ajls384kdjx98XX',
			});
		});

		it('refuses a challenge with the wrong token, plain or encrypted', () => {
			const wrong = { ...challenge, token: 'wrong' };
			expect(
				verifyCallback(Buffer.from(JSON.stringify(wrong)), {}, config({ encryptKey: '' })),
			).toMatchObject({ kind: 'reject' });
			expect(verifyCallback(Buffer.from(encryptedBody(wrong)), {}, config())).toMatchObject({
				kind: 'reject',
			});
		});

		it('answers no challenge (nor anything else) when no token is configured', () => {
			expect(
				verifyCallback(
					Buffer.from(JSON.stringify(challenge)),
					{},
					config({ encryptKey: '', verificationToken: '' }),
				),
			).toMatchObject({ kind: 'reject', reason: expect.stringMatching(/no Verification Token/) });
		});

		it('answers a challenge that comes signed as well', () => {
			const { raw, headers } = signed(encryptedBody(challenge));
			expect(verifyCallback(raw, headers, config())).toEqual({
				kind: 'challenge',
				challenge: 'ajls384kdjx98XX',
			});
		});

		it('refuses an unsigned plaintext challenge while an Encrypt Key is set', () => {
			expect(verifyCallback(Buffer.from(JSON.stringify(challenge)), {}, config())).toMatchObject({
				kind: 'reject',
				reason: expect.stringMatching(/unsigned plaintext request/),
			});
		});
	});

	it('reads header names case-insensitively and array values', () => {
		const { raw, headers } = signed(encryptedBody(event));
		const upper = {
			'X-Lark-Request-Timestamp': [headers['x-lark-request-timestamp']],
			'X-Lark-Request-Nonce': headers['x-lark-request-nonce'],
			'X-Lark-Signature': headers['x-lark-signature'].toUpperCase(),
		};
		expect(verifyCallback(raw, upper, config())).toMatchObject({ kind: 'event' });
	});
});
