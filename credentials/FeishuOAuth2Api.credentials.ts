import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { customBaseExpression, FEISHU_BASE_URL, LARK_BASE_URL } from '../nodes/shared/baseUrl';
import { platformProperties } from '../nodes/shared/platformProperties';

/** Scopes the group operations need as a user, plus offline_access for refresh tokens. */
const GROUP_SCOPES = [
	'offline_access',
	'im:chat',
	'im:chat:readonly',
	'im:chat.members:read',
	'im:chat.members:write_only',
	'im:chat.managers:write_only',
	'im:chat.announcement:read',
	'im:chat.announcement:write_only',
	'im:chat.tabs:read',
	'im:chat.tabs:write_only',
	'im:chat.top_notice:write_only',
	'im:chat:moderation:write_only',
	'im:chat:delete',
];

/**
 * A custom base URL (proxy, emulator) serves both the authorize page and the token endpoint, which
 * receives the client secret: https only, or plain http to this machine (see customBaseUrlProblem).
 */
const customBase = customBaseExpression('$self');
const authorizeHost = `$self.platform === "lark" ? "https://accounts.larksuite.com" : ($self.platform === "custom" ? ${customBase} : "https://accounts.feishu.cn")`;
const apiHost = `$self.platform === "lark" ? "${LARK_BASE_URL}" : ($self.platform === "custom" ? ${customBase} : "${FEISHU_BASE_URL}")`;

/**
 * A user_access_token by Feishu's OAuth 2.0 (v2 token endpoint). For the group APIs that accept a
 * user token, acting as that user (e.g. an owner's token for owner-only operations).
 */
export class FeishuOAuth2Api implements ICredentialType {
	name = 'feishuOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Feishu / Lark OAuth2 API';

	icon: Icon = { light: 'file:../icons/feishu.svg', dark: 'file:../icons/feishu.dark.svg' };

	documentationUrl =
		'https://open.feishu.cn/document/authentication-management/access-token/get-user-access-token';

	properties: INodeProperties[] = [
		...platformProperties,
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ (${authorizeHost}) + "/open-apis/authen/v1/authorize" }}`,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ (${apiHost}) + "/open-apis/authen/v2/oauth/token" }}`,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: GROUP_SCOPES.join(' '),
			description:
				'Space-separated scopes to request. Each must also be enabled for the app in the developer console. Keep offline_access so n8n can refresh the token.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
