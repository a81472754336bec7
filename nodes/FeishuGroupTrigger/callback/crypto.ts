import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'crypto';

/** AES-256 key of an Encrypt Key: SHA-256 of its UTF-8 bytes (Feishu "encryption principle"). */
function aesKey(encryptKey: string): Buffer {
	return createHash('sha256').update(encryptKey, 'utf8').digest();
}

/**
 * Decrypts the `encrypt` field of an encrypted callback body: base64(IV(16) ‖ AES-256-CBC ciphertext),
 * PKCS7 padding. Throws on anything malformed (bad base64, wrong length, bad padding).
 */
export function decryptPayload(encrypt: string, encryptKey: string): string {
	const buf = Buffer.from(encrypt, 'base64');
	if (buf.length < 32 || buf.length % 16 !== 0) {
		throw new Error('ciphertext has an invalid length');
	}
	const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), buf.subarray(0, 16));
	return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** The inverse of decryptPayload; used by tests and fake senders (random IV unless one is given). */
export function encryptPayload(
	plain: string,
	encryptKey: string,
	iv: Buffer = randomBytes(16),
): string {
	const cipher = createCipheriv('aes-256-cbc', aesKey(encryptKey), iv);
	return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

/**
 * X-Lark-Signature: lowercase hex SHA-256 (not HMAC) over timestamp + nonce + encryptKey followed by
 * the raw body bytes exactly as received.
 */
export function computeSignature(
	timestamp: string,
	nonce: string,
	encryptKey: string,
	rawBody: Buffer,
): string {
	return createHash('sha256')
		.update(Buffer.from(timestamp + nonce + encryptKey, 'utf8'))
		.update(rawBody)
		.digest('hex');
}

/** Constant-time string comparison (lengths are compared first, which leaks only the length). */
export function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a, 'utf8');
	const y = Buffer.from(b, 'utf8');
	return x.length === y.length && timingSafeEqual(x, y);
}
