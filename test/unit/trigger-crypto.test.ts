import { createHash } from 'crypto';

import {
	computeSignature,
	decryptPayload,
	encryptPayload,
	safeEqual,
} from '../../nodes/FeishuGroupTrigger/callback/crypto';
import { quietLogger, sdk } from './trigger-sdk';

const FIXED_IV = Buffer.from([...Array(16).keys()]);
const CHALLENGE =
	'{"challenge":"ajls384kdjx98XX","token":"xxxxxxVerificationTokenxxxxxxxx","type":"url_verification"}';
const CHALLENGE_CIPHERTEXT =
	'AAECAwQFBgcICQoLDA0ODw9mLTIAZS9jAmGTQ1wAhHpnBHVL2wRjH9rPunQdQC1vX9BEzZGwKv51eoaMxFRRjKsRmLqK+II4GQStlgoJkiJIvRYJkL4lDBuySJCbyze4/EZIKwh+mTjPQWmQJGcKI6T8MMpcc49WGHKarmfPUGE=';

describe('callback crypto: events.md vectors', () => {
	it('decrypts the official "hello world" vector', () => {
		expect(decryptPayload('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe(
			'hello world',
		);
	});

	it('encrypts the fixed-IV challenge vector byte for byte, and decrypts it back', () => {
		expect(encryptPayload(CHALLENGE, 'test key', FIXED_IV)).toBe(CHALLENGE_CIPHERTEXT);
		expect(decryptPayload(CHALLENGE_CIPHERTEXT, 'test key')).toBe(CHALLENGE);
	});

	it('reproduces the signature test vector', () => {
		const body = Buffer.from(`{"encrypt":"${CHALLENGE_CIPHERTEXT}"}`);
		expect(computeSignature('1700000000', '1234567890', 'test key', body)).toBe(
			'ce183ecf718d3bd0157733b73bf982a78f7827ed683a6b289bcb253ba7638e63',
		);
	});

	it('refuses malformed ciphertexts', () => {
		expect(() => decryptPayload('', 'k')).toThrow();
		expect(() => decryptPayload(Buffer.alloc(40).toString('base64'), 'k')).toThrow(/length/);
		expect(() => decryptPayload(CHALLENGE_CIPHERTEXT, 'wrong key')).toThrow();
		const tampered = Buffer.from(CHALLENGE_CIPHERTEXT, 'base64');
		tampered[tampered.length - 1] ^= 0xff;
		expect(() => decryptPayload(tampered.toString('base64'), 'test key')).toThrow();
	});

	it('compares in constant time and handles unequal lengths', () => {
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abd')).toBe(false);
		expect(safeEqual('abc', 'abcd')).toBe(false);
		expect(safeEqual('', '')).toBe(true);
	});
});

describe('callback crypto agrees with @larksuiteoapi/node-sdk', () => {
	const key = 'my-encrypt-key-Ü-测试';
	const envelope = {
		schema: '2.0',
		header: {
			event_id: '0f4d2b8c1a7e4f3b9c6d5e4f3a2b1c0d',
			event_type: 'im.chat.disbanded_v1',
			create_time: '1718000000123',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			name: '发布作战室',
			operator_id: { user_id: null },
		},
	};

	it('the SDK AESCipher decrypts what we encrypt (random IVs, many lengths)', () => {
		const cipher = new sdk.AESCipher(key);
		for (let n = 0; n < 70; n++) {
			const plain = JSON.stringify({ ...envelope, pad: 'x'.repeat(n) });
			expect(cipher.decrypt(encryptPayload(plain, key))).toBe(plain);
		}
	});

	it('we decrypt what the SDK decrypts identically, for the SDK-side view of a ciphertext', () => {
		const cipher = new sdk.AESCipher(key);
		const encrypted = encryptPayload(JSON.stringify(envelope), key);
		expect(decryptPayload(encrypted, key)).toBe(cipher.decrypt(encrypted));
	});

	it('the SDK EventDispatcher accepts our signature and decrypts our payload', async () => {
		const dispatcher = new sdk.EventDispatcher({
			encryptKey: key,
			verificationToken: envelope.header.token,
			logger: quietLogger,
		});
		const received: unknown[] = [];
		dispatcher.register({ 'im.chat.disbanded_v1': async (data: unknown) => received.push(data) });

		const body = JSON.stringify({ encrypt: encryptPayload(JSON.stringify(envelope), key) });
		const timestamp = '1718000000';
		const nonce = '950646929';
		const signature = computeSignature(timestamp, nonce, key, Buffer.from(body));
		const request = (sig: string) =>
			Object.assign(
				Object.create({
					headers: {
						'x-lark-request-timestamp': timestamp,
						'x-lark-request-nonce': nonce,
						'x-lark-signature': sig,
					},
				}),
				JSON.parse(body),
			);

		await dispatcher.invoke(request(signature));
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			event_id: envelope.header.event_id,
			chat_id: envelope.event.chat_id,
		});

		// And refuses a signature that is off by one character, like we do.
		const forged = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
		expect(await dispatcher.invoke(request(forged))).toBeUndefined();
		expect(received).toHaveLength(1);
	});

	it('signs the raw bytes: non-ASCII bodies match the SDK only when sent compact and unescaped', () => {
		const body = JSON.stringify(envelope); // compact, literal UTF-8 like Feishu
		const ours = computeSignature('1', '2', key, Buffer.from(body, 'utf8'));
		const sdkStyle = createHash('sha256')
			.update('1' + '2' + key + JSON.stringify(JSON.parse(body)))
			.digest('hex');
		expect(ours).toBe(sdkStyle);
	});
});
