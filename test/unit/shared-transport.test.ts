/**
 * The request function's decisions, with n8n's request helper replaced by a script of answers.
 * The same behaviour against the emulator is in test/nodes/transport-emulator.test.ts.
 */
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { feishuApiRequestAllItems } from '../../nodes/shared/pagination';
import { feishuApiRequest, retryPolicy } from '../../nodes/shared/transport';
import { credentialFingerprint } from '../../nodes/shared/tenantToken';

type Answer = { status: number; body: unknown; headers?: Record<string, string> } | Error;

function context(answers: Answer[], credentials: Record<string, unknown> = {}) {
	const calls: Array<{ options: IHttpRequestOptions; token: unknown }> = [];
	const base = {
		platform: 'custom',
		baseUrl: 'https://feishu.test',
		appId: 'cli_1',
		appSecret: 's1',
	};
	// The stored token was fetched with these very values, unless a test says otherwise.
	const data: Record<string, unknown> = {
		...base,
		tenantAccessToken: 't-1',
		tenantAccessTokenFor: credentialFingerprint(base),
		...credentials,
	};
	const ctx = {
		getNode: () => ({ name: 'Feishu Group', credentials: { feishuApi: { id: '1', name: 'app' } } }),
		getNodeParameter: (_name: string, _i: number, fallback: unknown) => fallback,
		getCredentials: async () => data,
		helpers: {
			httpRequestWithAuthentication: async (
				_type: string,
				options: IHttpRequestOptions,
				extra: { credentialsDecrypted?: { data: Record<string, unknown> } },
			) => {
				const creds = extra.credentialsDecrypted!.data;
				if (!creds.tenantAccessToken) creds.tenantAccessToken = `t-${calls.length + 2}`;
				calls.push({ options, token: creds.tenantAccessToken });
				const answer = answers.shift();
				if (!answer) throw new Error('no more answers');
				if (answer instanceof Error) throw answer;
				return { statusCode: answer.status, body: answer.body, headers: answer.headers ?? {} };
			},
		},
	} as unknown as IExecuteFunctions;
	return { ctx, calls, data };
}

const ok = (data: unknown = {}) => ({ status: 200, body: { code: 0, msg: 'success', data } });

beforeAll(() => {
	retryPolicy.baseBackoffMs = 1;
	retryPolicy.maxRateLimitWaitMs = 5;
});

describe('feishuApiRequest', () => {
	it('unwraps data and sends JSON to the credential base URL', async () => {
		const { ctx, calls } = context([ok({ name: 'x' })]);
		await expect(
			feishuApiRequest.call(ctx, { method: 'GET', path: '/im/v1/chats/oc_1', qs: { a: 1 } }),
		).resolves.toEqual({ name: 'x' });
		expect(calls[0].options).toMatchObject({
			method: 'GET',
			url: 'https://feishu.test/open-apis/im/v1/chats/oc_1',
			qs: { a: 1 },
			json: true,
		});
		expect(calls[0].options.body).toBeUndefined();
	});

	it('renews the tenant token once when Feishu rejects it with HTTP 400, then resends', async () => {
		const { ctx, calls } = context([
			{ status: 400, body: { code: 99991663, msg: 'Invalid access token' } },
			ok(),
		]);
		await feishuApiRequest.call(ctx, {
			method: 'POST',
			path: '/im/v1/chats/oc_1/members',
			body: { id_list: ['ou_1'] },
		});
		expect(calls).toHaveLength(2);
		expect(calls[0].token).toBe('t-1');
		expect(calls[1].token).not.toBe('t-1');
	});

	it('does not loop when the renewed token is rejected too', async () => {
		const rejected = { status: 400, body: { code: 99991663, msg: 'Invalid access token' } };
		const { ctx, calls } = context([rejected, rejected]);
		await expect(
			feishuApiRequest.call(ctx, { method: 'GET', path: '/im/v1/chats' }),
		).rejects.toThrow('Feishu error 99991663');
		expect(calls).toHaveLength(2);
	});

	it('renews a token that is about to expire before sending', async () => {
		const { ctx, calls } = context([ok()], { tenantAccessExpiresAt: Date.now() + 60_000 });
		await feishuApiRequest.call(ctx, { method: 'GET', path: '/im/v1/chats' });
		expect(calls[0].token).not.toBe('t-1');
	});

	it('fetches a new token when the App Secret, App ID or host differ from the ones the token came from', async () => {
		for (const changed of [
			{ appSecret: 's2' },
			{ appId: 'cli_2' },
			{ baseUrl: 'https://other.test' },
			{ platform: 'lark' },
			{ tenantAccessTokenFor: '' }, // a token saved before tokens were bound to the credential
		]) {
			const { ctx, calls, data } = context([ok()], changed);
			await feishuApiRequest.call(ctx, { method: 'GET', path: '/im/v1/chats' });
			expect([changed, calls[0].token]).toEqual([changed, 't-2']);
			expect(data.tenantAccessToken).toBe('t-2');
		}
		const same = context([ok()]);
		await feishuApiRequest.call(same.ctx, { method: 'GET', path: '/im/v1/chats' });
		expect(same.calls[0].token).toBe('t-1');
	});

	it('waits and resends on 429, for writes too, then gives up with a clear error', async () => {
		const limited = {
			status: 429,
			body: { code: 99991400, msg: 'request trigger frequency limit' },
			headers: { 'x-ogw-ratelimit-reset': '1' },
		};
		const { ctx, calls } = context([limited, ok({ done: true })]);
		await expect(
			feishuApiRequest.call(ctx, { method: 'POST', path: '/im/v1/chats', body: {} }),
		).resolves.toEqual({ done: true });
		expect(calls).toHaveLength(2);

		const always = context([limited, limited, limited, limited, limited]);
		const error = await feishuApiRequest
			.call(always.ctx, { method: 'GET', path: '/im/v1/chats' })
			.catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Feishu error 99991400: request trigger frequency limit');
		expect(error.description).toContain('rate limit');
		expect(always.calls).toHaveLength(1 + retryPolicy.maxRateLimitRetries);
	});

	it('retries 5xx and network errors only for idempotent requests', async () => {
		const boom = { status: 502, body: '<html>bad gateway</html>' };
		const read = context([boom, new Error('socket hang up'), ok({ fine: 1 })]);
		await expect(
			feishuApiRequest.call(read.ctx, { method: 'GET', path: '/im/v1/chats', idempotent: true }),
		).resolves.toEqual({ fine: 1 });
		expect(read.calls).toHaveLength(3);

		const write = context([boom]);
		await expect(
			feishuApiRequest.call(write.ctx, {
				method: 'POST',
				path: '/im/v1/chats/oc_1/members',
				body: {},
			}),
		).rejects.toThrow('Feishu answered HTTP 502 without a Feishu response body');
		expect(write.calls).toHaveLength(1);

		const lost = context([new Error('getaddrinfo EAI_AGAIN feishu.test')]);
		const error = await feishuApiRequest
			.call(lost.ctx, { method: 'DELETE', path: '/im/v1/chats/oc_1' })
			.catch((e) => e);
		expect(lost.calls).toHaveLength(1);
		expect(`${error.message}\n${error.description}`).toContain('not resent automatically');
	});

	it('a network error names the host, what went wrong and what to check, and keeps that through n8n', async () => {
		// What n8n's request helper throws: its NodeApiError around the socket error (n8n swaps the
		// message for a generic one and keeps the code on the cause).
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3999'), {
			code: 'ECONNREFUSED',
		});
		const node = { name: 'Feishu Group' } as never;
		const cases: Array<[Error, string, string, RegExp]> = [
			[
				new NodeApiError(node, refused as never),
				'http://127.0.0.1:3999',
				'Could not reach Feishu at http://127.0.0.1:3999: nothing is listening there',
				/Nothing accepted the connection at 127\.0\.0\.1:3999\. Check the credential's Platform \/ Base URL \(host and port\)\. If 127\.0\.0\.1:3999 is the local Feishu emulator, start it first/,
			],
			[
				new Error('getaddrinfo ENOTFOUND open.feishu.cm'),
				'https://open.feishu.cm',
				'Could not reach Feishu at https://open.feishu.cm: the host name does not resolve',
				/The host name open\.feishu\.cm could not be resolved\. Check the spelling .* HTTPS_PROXY/,
			],
			[
				Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' }),
				'https://open.larksuite.com',
				'Could not reach Feishu at https://open.larksuite.com: no answer in time',
				/open\.larksuite\.com did not answer\. A firewall or a missing proxy/,
			],
		];
		for (const [thrown, baseUrl, message, advice] of cases) {
			const { ctx } = context([thrown], { baseUrl });
			const error = await feishuApiRequest
				.call(ctx, { method: 'GET', path: '/im/v1/chats', itemIndex: 1 })
				.catch((e) => e);
			expect(error.message).toBe(message);
			expect(error.description).toMatch(advice);
			expect(error.description).toMatch(/Error (ECONNREFUSED|ENOTFOUND|ECONNABORTED): /);
			expect(error.description).toContain('Request: GET /open-apis/im/v1/chats');
			expect(error.context.itemIndex).toBe(1);
			// n8n would show the same message: it has no error code in it for n8n to replace.
			expect(new NodeApiError(node, { reason: 'x' }, { message: error.message }).message).toBe(
				message,
			);
		}
	});

	it('maps business errors with the item index', async () => {
		const { ctx } = context([
			{
				status: 400,
				body: { code: 232006, msg: 'Your request specifies a chat_id which is invalid.' },
				headers: { 'x-tt-logid': 'L1' },
			},
		]);
		const error = await feishuApiRequest
			.call(ctx, { method: 'GET', path: '/im/v1/chats/oc_bad', itemIndex: 2 })
			.catch((e) => e);
		expect(error.message).toBe(
			'Feishu error 232006: Your request specifies a chat_id which is invalid.',
		);
		expect(error.description).toContain('Log ID: L1');
		expect(error.context.itemIndex).toBe(2);
	});
});

describe('feishuApiRequestAllItems', () => {
	const page = (items: number[], next?: string) =>
		ok({ items: items.map((id) => ({ id })), has_more: next !== undefined, page_token: next });

	it('Return All follows page_token with the largest page size', async () => {
		const { ctx, calls } = context([page([1, 2], 'p2'), page([3], 'p3'), page([4])]);
		const items = await feishuApiRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/im/v1/chats' },
			{ returnAll: true, maxPageSize: 100 },
		);
		expect(items.map((i) => i.id)).toEqual([1, 2, 3, 4]);
		expect(calls.map((c) => c.options.qs)).toEqual([
			{ page_size: 100 },
			{ page_size: 100, page_token: 'p2' },
			{ page_size: 100, page_token: 'p3' },
		]);
	});

	it('Limit asks only for what is missing and stops once enough are in', async () => {
		const { ctx, calls } = context([page([1, 2, 3], 'p2'), page([4, 5], 'p3')]);
		const items = await feishuApiRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/im/v1/chats' },
			{ returnAll: false, limit: 5 },
		);
		expect(items).toHaveLength(5);
		expect(calls.map((c) => c.options.qs?.page_size)).toEqual([5, 2]);
	});

	it('trims pages that are larger than asked (members joined at the same instant)', async () => {
		const { ctx, calls } = context([page([1, 2, 3, 4, 5, 6, 7], 'p2')]);
		const items = await feishuApiRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/im/v1/chats/oc/members' },
			{ returnAll: false, limit: 5 },
		);
		expect(items).toHaveLength(5);
		expect(calls).toHaveLength(1);
	});

	it('a Limit of 5 is exactly one call', async () => {
		const { ctx, calls } = context([page([1, 2, 3, 4, 5], 'p2')]);
		await feishuApiRequestAllItems.call(
			ctx,
			{ method: 'GET', path: '/im/v1/chats' },
			{ returnAll: false, limit: 5 },
		);
		expect(calls).toHaveLength(1);
	});
});
