import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const FEISHU_BASE_URL = 'https://open.feishu.cn';
export const LARK_BASE_URL = 'https://open.larksuite.com';

/** The API host a Feishu credential points at: Feishu, Lark, or a custom base (proxy, private deployment, emulator). */
export function credentialBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.platform === 'lark') return LARK_BASE_URL;
	if (credentials.platform === 'custom') {
		const custom = String(credentials.baseUrl ?? '').trim();
		return custom.replace(/\/+$/, '').replace(/\/open-apis$/, '');
	}
	return FEISHU_BASE_URL;
}

/**
 * The same choice as an n8n expression, for places that only take expressions: credential test
 * requests read `$credentials`, OAuth2 URL fields read `$self`.
 */
export function baseUrlExpression(source: '$credentials' | '$self'): string {
	return (
		`={{ ${source}.platform === "custom" ? String(${source}.baseUrl || "").trim().replace(/\\/+$/, "").replace(/\\/open-apis$/, "")` +
		` : (${source}.platform === "lark" ? "${LARK_BASE_URL}" : "${FEISHU_BASE_URL}") }}`
	);
}
