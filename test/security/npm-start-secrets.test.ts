/**
 * Security review finding 15.7 (npm start with a real tenant): the owner password is made per local n8n folder and
 * kept readable by the user only, never the fixed documented one; a folder whose n8n data uses the fixed encryption
 * key of older versions is recognised (npm start then refuses a real tenant there). The credential import file and
 * the n8n encryption key are checked by test/e2e/start.e2e.test.ts, which runs npm start itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const secrets = require('../../scripts/lib/localSecrets');

const dirs: string[] = [];
const folder = () => {
	const d = mkdtempSync(path.join(os.tmpdir(), 'feishu-start-secrets-'));
	dirs.push(d);
	return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('each folder gets its own owner password, stored mode 0600, never the old fixed one', () => {
	const a = folder();
	const b = folder();
	const first = secrets.ownerAccount(a);
	expect(first.created).toBe(true);
	expect(first.password).not.toBe(secrets.LEGACY_PASSWORD);
	expect(first.password).toMatch(/^(?=.*\d)(?=.*[A-Z]).{8,64}$/);
	const file = path.join(a, secrets.OWNER_FILE);
	expect(statSync(file).mode & 0o777).toBe(0o600);
	expect(secrets.ownerAccount(b).password).not.toBe(first.password);
	// The next start reads it back, and shows it no more.
	const again = secrets.ownerAccount(a);
	expect(again).toMatchObject({ created: false, password: first.password });
	expect(JSON.parse(readFileSync(file, 'utf8')).password).toBe(first.password);
});

test('a file made readable by others is closed again', () => {
	const a = folder();
	secrets.ownerAccount(a);
	const file = path.join(a, secrets.OWNER_FILE);
	require('node:fs').chmodSync(file, 0o644);
	secrets.ownerAccount(a);
	expect(statSync(file).mode & 0o777).toBe(0o600);
});

test('folders whose n8n data uses the old public encryption key are recognised', () => {
	const legacy = folder();
	mkdirSync(path.join(legacy, '.n8n'));
	writeFileSync(
		path.join(legacy, '.n8n', 'config'),
		JSON.stringify({ encryptionKey: secrets.LEGACY_ENCRYPTION_KEY }),
	);
	expect(secrets.usesLegacyEncryptionKey(legacy)).toBe(true);
	const own = folder();
	mkdirSync(path.join(own, '.n8n'));
	writeFileSync(path.join(own, '.n8n', 'config'), JSON.stringify({ encryptionKey: 'r4nd0m' }));
	expect(secrets.usesLegacyEncryptionKey(own)).toBe(false);
	expect(secrets.usesLegacyEncryptionKey(folder())).toBe(false);
});
