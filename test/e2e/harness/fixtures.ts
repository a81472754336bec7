/**
 * Workflow and credential fixtures.
 *
 * Workflows are JSON files in test/e2e/workflows/ as n8n exports them, with a fixed 16-character `id` (so tests
 * and `n8n import:workflow` agree on it) and placeholders `__E2E_<NAME>__` inside string values, filled by
 * loadWorkflow(name, { NAME: value }). A placeholder left unfilled is an error, so a typo cannot slip through.
 * Common ones: __E2E_CHAT_ID__, __E2E_WEBHOOK_PATH__, __E2E_CREDENTIAL_ID__.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

import { REPO_ROOT } from './paths';

export const WORKFLOWS_DIR = path.join(REPO_ROOT, 'test/e2e/workflows');

/** A workflow as `n8n import:workflow` takes it (the fields we rely on). */
export interface WorkflowJson {
	id: string;
	name: string;
	nodes: Array<Record<string, unknown> & { name: string; type: string }>;
	connections: Record<string, unknown>;
	active?: boolean;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/** A credential as `n8n import:credentials` takes it: `data` in plain JSON is encrypted on import. */
export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

const PLACEHOLDER = /__E2E_([A-Z0-9_]+?)__/g;

export function fillPlaceholders(text: string, vars: Record<string, string>): string {
	const missing = new Set<string>();
	const out = text.replace(PLACEHOLDER, (whole, name: string) => {
		if (!(name in vars)) {
			missing.add(name);
			return whole;
		}
		// Values land inside JSON strings: escape them as JSON would.
		return JSON.stringify(vars[name]).slice(1, -1);
	});
	if (missing.size) throw new Error(`unfilled workflow placeholders: ${[...missing].join(', ')}`);
	return out;
}

/** Loads test/e2e/workflows/<name>.json with its placeholders filled. */
export function loadWorkflow(name: string, vars: Record<string, string> = {}): WorkflowJson {
	const file = path.join(WORKFLOWS_DIR, name.endsWith('.json') ? name : `${name}.json`);
	const wf = JSON.parse(fillPlaceholders(readFileSync(file, 'utf8'), vars)) as WorkflowJson;
	if (typeof wf.id !== 'string' || wf.id.length !== 16) {
		throw new Error(
			`${file}: workflows need a fixed 16-character id (got ${JSON.stringify(wf.id)})`,
		);
	}
	return wf;
}

/** Fixed ids so workflow fixtures can reference the credential by id. */
export const FEISHU_CREDENTIAL_ID = 'feishuE2eCred001';
export const FEISHU_CREDENTIAL_NAME = 'Feishu emulator';

/** A feishuApi credential for the emulator (platform custom → baseUrl) or any other base URL. */
export function feishuApiCredential(opts: {
	baseUrl: string;
	appId: string;
	appSecret: string;
	verificationToken?: string;
	encryptKey?: string;
	id?: string;
	name?: string;
}): CredentialJson {
	return {
		id: opts.id ?? FEISHU_CREDENTIAL_ID,
		name: opts.name ?? FEISHU_CREDENTIAL_NAME,
		type: 'feishuApi',
		data: {
			platform: 'custom',
			baseUrl: opts.baseUrl,
			appId: opts.appId,
			appSecret: opts.appSecret,
			verificationToken: opts.verificationToken ?? '',
			encryptKeySecret: opts.encryptKey ?? '',
		},
	};
}
