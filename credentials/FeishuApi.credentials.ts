import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { baseUrlExpression } from '../nodes/shared/baseUrl';
import { platformProperties } from '../nodes/shared/platformProperties';
import {
	credentialFingerprint,
	fetchTenantAccessToken,
	storedTokenFits,
} from '../nodes/shared/tenantToken';

/**
 * A self-built app's App ID + App Secret, exchanged for a tenant_access_token by n8n's
 * pre-authentication. The token is kept in hidden fields and reused by every item and execution;
 * it is renewed shortly before it expires, when Feishu rejects it, and when the App ID, App Secret
 * or API host differ from the ones it was fetched with (also in the credential's Test button,
 * which sends the values typed in the form next to the stored token).
 */
export class FeishuApi implements ICredentialType {
	name = 'feishuApi';

	displayName = 'Feishu / Lark App API';

	icon: Icon = { light: 'file:../icons/feishu.svg', dark: 'file:../icons/feishu.dark.svg' };

	documentationUrl =
		'https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal';

	properties: INodeProperties[] = [
		...platformProperties,
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. cli_a1b2c3d4e5f60718',
			description:
				'The App ID of your self-built app (Developer Console → Credentials & Basic Info)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The App Secret of the same app',
		},
		{
			displayName: 'Verification Token',
			name: 'verificationToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Required by the Feishu Group Trigger in HTTP callback mode, which will not activate without it (Events & Callbacks → Encryption Strategy). Requests whose token does not match are refused.',
		},
		// Feishu's "Encrypt Key" decrypts events and signs them: a secret, so its name says so.
		{
			displayName: 'Encrypt Key',
			name: 'encryptKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Recommended for the Feishu Group Trigger in HTTP callback mode. When set, events are decrypted, their X-Lark-Signature is verified before anything else, and requests older than the replay window are refused.',
		},
		{
			displayName: 'Tenant Access Token',
			name: 'tenantAccessToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			// n8n runs pre-authentication only while the credential's expirable field is empty. This one
			// always is, so preAuthentication below decides every time whether the stored token still
			// fits; n8n's own rule would skip it whenever any token is stored, e.g. in the Test button
			// after the App Secret was changed in the form.
			displayName: 'Tenant Access Token Check',
			name: 'tenantAccessTokenCheck',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// Not a secret, and a number: n8n 1.x fails to open a credential whose password field holds
			// one (its redaction calls startsWith), so this is a plain hidden field.
			displayName: 'Tenant Access Token Expires At',
			name: 'tenantAccessExpiresAt',
			type: 'hidden',
			default: 0,
		},
		{
			// A hash of the base URL, App ID and App Secret the token was fetched with (never the secret).
			displayName: 'Tenant Access Token Fetched For',
			name: 'tenantAccessTokenFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		// Without the expirable field in the answer n8n keeps the credential as it is and saves nothing.
		if (storedTokenFits(credentials)) return {} as IDataObject;
		const token = await fetchTenantAccessToken(this, credentials);
		return {
			tenantAccessTokenCheck: '',
			tenantAccessToken: token.token,
			tenantAccessExpiresAt: token.expiresAt,
			tenantAccessTokenFor: credentialFingerprint(credentials),
		} as IDataObject;
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.tenantAccessToken}}',
			},
		},
	};

	// The bot info endpoint proves both that the token exchange works and that the bot ability is on.
	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression('$credentials'),
			url: '/open-apis/bot/v3/info',
			method: 'GET',
			// Read Feishu's answer even on HTTP 400, so the rule below can name the problem.
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 232025,
					message:
						'The app works, but its bot ability is off. Enable "Bot" under App Capabilities in the Feishu developer console and publish a new version.',
				},
			},
		],
	};
}
