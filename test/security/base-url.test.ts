/**
 * Issue 15, finding 9 (custom base URLs): the App Secret and tokens go only to https:// hosts, or over
 * plain http to this machine (the local emulator). Anything else is refused before a byte is sent.
 */
import { Expression } from 'n8n-workflow';
import type { IExecuteFunctions, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { FeishuOAuth2Api } from '../../credentials/FeishuOAuth2Api.credentials';

import { credentialBaseUrl, REFUSED_BASE_URL } from '../../nodes/shared/baseUrl';
import { fetchTenantAccessToken } from '../../nodes/shared/tenantToken';
import { feishuApiRequest } from '../../nodes/shared/transport';

const custom = (baseUrl: string) => ({
	platform: 'custom',
	baseUrl,
	appId: 'cli_a1b2c3d4e5f60718',
	appSecret: 'the-app-secret',
});

describe('finding 9: custom base URLs', () => {
	it.each([
		['https://feishu-proxy.example.com', 'https://feishu-proxy.example.com'],
		['https://feishu-proxy.example.com/open-apis/', 'https://feishu-proxy.example.com'],
		['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
		['http://localhost:3000/', 'http://localhost:3000'],
		['http://emulator.localhost:3000', 'http://emulator.localhost:3000'],
		['http://[::1]:3000', 'http://[::1]:3000'],
	])('accepts %s', (input, base) => {
		expect(credentialBaseUrl(custom(input))).toBe(base);
	});

	it.each([
		['http://feishu-proxy.example.com', /must start with https:\/\/.*feishu-proxy\.example\.com/],
		['http://10.0.0.5:8080', /must start with https:\/\//],
		['http://127.0.0.1.attacker.example', /must start with https:\/\//],
		['ftp://feishu.example', /must start with https:\/\/ \(got "ftp:"\)/],
		['javascript:alert(1)', /must start with https:\/\//],
		['feishu.example.com', /is not a URL/],
		['https://user:pass@feishu.example', /must not contain a user name or password/],
	])('refuses %s with a clear message', (input, message) => {
		expect(() => credentialBaseUrl(custom(input))).toThrow(message);
	});

	it('the App Secret is not sent to a plain-http host (token exchange)', async () => {
		const sent: IHttpRequestOptions[] = [];
		const requester = {
			helpers: {
				httpRequest: async (options: IHttpRequestOptions) => {
					sent.push(options);
					return { code: 0, tenant_access_token: 't', expire: 7200 };
				},
			},
		} as unknown as IHttpRequestHelper;
		await expect(
			fetchTenantAccessToken(requester, custom('http://feishu-proxy.example.com')),
		).rejects.toThrow(/^Feishu credential: The Base URL must start with https:\/\//);
		expect(sent).toHaveLength(0);
		await fetchTenantAccessToken(requester, custom('https://feishu-proxy.example.com'));
		expect(sent.map((o) => o.url)).toEqual([
			'https://feishu-proxy.example.com/open-apis/auth/v3/tenant_access_token/internal',
		]);
	});

	it('no API request (and no token) goes to a plain-http host', async () => {
		let requests = 0;
		const ctx = {
			getNode: () => ({
				name: 'Feishu Group',
				credentials: { feishuApi: { id: 'sec-1', name: 'x' } },
			}),
			getNodeParameter: (_name: string, _i: number, fallback: unknown) => fallback,
			getCredentials: async () => ({
				...custom('http://feishu-proxy.example.com'),
				tenantAccessToken: 'a-cached-token',
				tenantAccessExpiresAt: Date.now() + 3600_000,
			}),
			helpers: {
				httpRequestWithAuthentication: async () => {
					requests++;
					return { statusCode: 200, body: { code: 0, data: {} }, headers: {} };
				},
			},
		} as unknown as IExecuteFunctions;
		await expect(
			feishuApiRequest.call(ctx, { method: 'GET', path: '/im/v1/chats' }),
		).rejects.toThrow(/The Base URL must start with https:\/\//);
		expect(requests).toBe(0);
	});

	it("n8n's own OAuth2 exchange (client secret) is not pointed at a plain-http host either", () => {
		const fields = new FeishuOAuth2Api().properties;
		const urlOf = (name: string, baseUrl: string) => {
			const expression = String(fields.find((p) => p.name === name)!.default).slice(1);
			// n8n's expression engine, as for a credential field ($self = the credential's values).
			return Expression.resolveWithoutWorkflow(expression, {
				$self: { platform: 'custom', baseUrl },
				String,
			});
		};
		expect(urlOf('accessTokenUrl', 'http://127.0.0.1:3000/')).toBe(
			'http://127.0.0.1:3000/open-apis/authen/v2/oauth/token',
		);
		expect(urlOf('accessTokenUrl', 'https://proxy.example/open-apis')).toBe(
			'https://proxy.example/open-apis/authen/v2/oauth/token',
		);
		for (const insecure of [
			'http://proxy.example',
			'http://127.0.0.1.evil.example',
			// The URL parser reads a backslash as the end of the host: this host is evil.example.
			'http://evil.example\\.localhost',
			'https://u:p@x.example',
		]) {
			expect(urlOf('accessTokenUrl', insecure)).toBe(
				`${REFUSED_BASE_URL}/open-apis/authen/v2/oauth/token`,
			);
			expect(urlOf('authUrl', insecure)).toBe(`${REFUSED_BASE_URL}/open-apis/authen/v1/authorize`);
		}
	});
});
