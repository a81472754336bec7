/** Feishu callback crypto (events.md §2.6/§2.7): AES-256-CBC with key SHA256(encryptKey), plain SHA-256 signature. */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export function encrypt(plain: string, encryptKey: string, iv: Buffer = randomBytes(16)): string {
	const key = createHash('sha256').update(encryptKey, 'utf8').digest();
	const c = createCipheriv('aes-256-cbc', key, iv);
	return Buffer.concat([iv, c.update(plain, 'utf8'), c.final()]).toString('base64');
}

export function signature(
	timestamp: string,
	nonce: string,
	encryptKey: string,
	body: Buffer,
): string {
	return createHash('sha256')
		.update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, 'utf8'), body]))
		.digest('hex');
}
