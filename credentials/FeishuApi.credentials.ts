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
import { credentialFingerprint, fetchTenantAccessToken } from '../nodes/shared/tenantToken';

/**
 * A self-built app's App ID + App Secret, exchanged for a tenant_access_token by n8n's
 * pre-authentication. The token is kept in the hidden expirable field and reused by every item and
 * execution; the transport renews it shortly before it expires, when Feishu rejects it, and when
 * the App ID, App Secret or API host differ from the ones it was fetched with.
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
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Tenant Access Token Expires At',
			name: 'tenantAccessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
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
		const token = await fetchTenantAccessToken(this, credentials);
		return {
			tenantAccessToken: token.token,
			tenantAccessTokenExpiresAt: token.expiresAt,
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
