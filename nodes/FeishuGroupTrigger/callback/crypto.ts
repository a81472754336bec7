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

/**
 * Decrypts like decryptPayload but never throws and does not stop early on bad padding: `valid` says
 * whether the ciphertext was well formed and correctly padded. For the one request Feishu sends
 * unsigned (the URL challenge): there, how a refusal is reached must not depend on the padding, or the
 * answers become a padding oracle. (JavaScript gives no timing guarantees; this keeps the work alike.)
 */
export function decryptQuietly(
	encrypt: string,
	encryptKey: string,
): { plain: string; valid: boolean } {
	const buf = Buffer.from(encrypt, 'base64');
	const wellFormed = buf.length >= 32 && buf.length % 16 === 0;
	const data = wellFormed ? buf : Buffer.alloc(32);
	const decipher = createDecipheriv('aes-256-cbc', aesKey(encryptKey), data.subarray(0, 16));
	decipher.setAutoPadding(false);
	const padded = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
	// PKCS7: the last n bytes (1 <= n <= 16) all equal n. Every one of the last 16 bytes is looked at.
	const n = padded[padded.length - 1];
	let mismatch = ((n - 1) >>> 31) | ((16 - n) >>> 31);
	for (let i = 1; i <= 16; i++) {
		const inPadding = ((i - n - 1) >> 31) & 0xff; // 0xff while i <= n
		mismatch |= (padded[padded.length - i] ^ n) & inPadding;
	}
	const valid = wellFormed && mismatch === 0;
	const cut = valid ? n : 0;
	return { plain: padded.subarray(0, padded.length - cut).toString('utf8'), valid };
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
