/*
 * npm start's secrets, made per installation (per local n8n folder) instead of fixed values anyone can read in the
 * repository: the owner's password (kept in <folder>/owner-login.json, mode 0600) and n8n's encryption key (n8n
 * makes and keeps it in <folder>/.n8n/config, mode 0600, when N8N_ENCRYPTION_KEY is not set).
 * Folders made by earlier versions used a fixed key and password; they are recognised so they can be migrated
 * (the password) or refused for a real tenant (the key: the stored App Secret would decrypt with a public key).
 */
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/** What npm start used before secrets were made per installation (kept only to recognise such folders). */
const LEGACY_ENCRYPTION_KEY = 'feishu-group-local-n8n-encryption-key';
const LEGACY_PASSWORD = 'FeishuLocal1';

const OWNER_FILE = 'owner-login.json';
const OWNER_NAME = { email: 'admin@example.com', firstName: 'Local', lastName: 'Admin' };

/** Writes a file only its owner can read, replacing it atomically. */
function writePrivate(file, text) {
	const tmp = `${file}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, text, { mode: 0o600 });
	fs.chmodSync(tmp, 0o600);
	fs.renameSync(tmp, file);
}

/** n8n's password rules: 8-64 characters, a digit and an upper-case letter. */
function newPassword() {
	return `Fs${crypto.randomBytes(15).toString('base64url')}7`;
}

/**
 * The owner account of this folder: { email, password, firstName, lastName, created }. `created` is true when the
 * password was made now (npm start then shows it once).
 */
function ownerAccount(folder) {
	const file = path.join(folder, OWNER_FILE);
	try {
		const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (saved && typeof saved.password === 'string' && saved.password.length >= 8) {
			if ((fs.statSync(file).mode & 0o777) !== 0o600) fs.chmodSync(file, 0o600);
			return { ...OWNER_NAME, ...saved, created: false };
		}
	} catch {
		// Missing or unreadable: make a new one.
	}
	const account = { ...OWNER_NAME, password: newPassword() };
	writePrivate(file, JSON.stringify(account, null, 2) + '\n');
	return { ...account, created: true };
}

/** The encryption key n8n keeps in the folder, or undefined before n8n's first run there. */
function n8nEncryptionKey(folder) {
	try {
		return JSON.parse(fs.readFileSync(path.join(folder, '.n8n', 'config'), 'utf8')).encryptionKey;
	} catch {
		return undefined;
	}
}

/** True when the folder's n8n data is encrypted with the fixed key of earlier npm start versions. */
function usesLegacyEncryptionKey(folder) {
	return n8nEncryptionKey(folder) === LEGACY_ENCRYPTION_KEY;
}

module.exports = {
	LEGACY_ENCRYPTION_KEY,
	LEGACY_PASSWORD,
	OWNER_FILE,
	ownerAccount,
	n8nEncryptionKey,
	usesLegacyEncryptionKey,
	writePrivate,
};
