/**
 * A feishuOAuth2Api credential for a seeded user, holding a user_access_token from the emulator's
 * authorization-code flow (the emulator approves at once for the user named in the request).
 */
import axios from 'axios';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { EMULATOR_DEFAULTS } from '../emulator';

/** n8n's own OAuth2 callback, as registered for the credential. */
const REDIRECT_URI = 'http://localhost:5678/rest/oauth2-credential/callback';

export async function emulatorUserCredential(
	emulatorUrl: string,
	openId: string,
	scope = 'offline_access im:chat',
): Promise<ICredentialDataDecryptedObject> {
	const authorize = await axios.get(`${emulatorUrl}/open-apis/authen/v1/authorize`, {
		params: {
			client_id: EMULATOR_DEFAULTS.appId,
			redirect_uri: REDIRECT_URI,
			response_type: 'code',
			state: 's',
			scope,
			emulator_user: openId,
		},
		maxRedirects: 0,
		validateStatus: () => true,
	});
	const code = new URL(authorize.headers.location).searchParams.get('code');
	const accessTokenUrl = `${emulatorUrl}/open-apis/authen/v2/oauth/token`;
	const form = new URLSearchParams({
		grant_type: 'authorization_code',
		code: String(code),
		redirect_uri: REDIRECT_URI,
		client_id: EMULATOR_DEFAULTS.appId,
		client_secret: EMULATOR_DEFAULTS.appSecret,
	});
	const token = await axios.post(accessTokenUrl, form.toString(), {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
	});
	if (!token.data.access_token) throw new Error(`no user token: ${JSON.stringify(token.data)}`);
	return {
		platform: 'custom',
		baseUrl: emulatorUrl,
		clientId: EMULATOR_DEFAULTS.appId,
		clientSecret: EMULATOR_DEFAULTS.appSecret,
		accessTokenUrl,
		oauthTokenData: token.data,
	};
}
