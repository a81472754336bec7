/** Custom API Call → Make a Request: path handling, query, body, envelope, errors, retries. */
import { parseApiPath } from '../../nodes/FeishuGroup/actions/custom/path';
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { byId } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness({ resetEach: false });

const call = (extra: Record<string, unknown>) => ({
	resource: 'customApi',
	operation: 'request',
	...extra,
});

describe('parseApiPath', () => {
	it.each([
		['/open-apis/im/v1/chats', '/im/v1/chats', {}],
		['/im/v1/chats', '/im/v1/chats', {}],
		['im/v1/chats', '/im/v1/chats', {}],
		['  /open-apis/contact/v3/users/me  ', '/contact/v3/users/me', {}],
		[
			'/open-apis/im/v1/chats?page_size=5&user_id_type=union_id',
			'/im/v1/chats',
			{ page_size: '5', user_id_type: 'union_id' },
		],
	])('%s → %s', (input, path, qs) => {
		expect(parseApiPath(input)).toEqual({ path, qs });
	});

	it.each([
		['', 'The path is empty'],
		[
			'https://open.feishu.cn/open-apis/im/v1/chats',
			'Enter only the path, e.g. /open-apis/im/v1/chats: the host comes from the credential',
		],
		[
			'//evil.example.com/open-apis/im/v1/chats',
			'Enter only the path, e.g. /open-apis/im/v1/chats: the host comes from the credential',
		],
		['/open-apis', 'The path needs an API below /open-apis/'],
		['/open-apis/', 'The path needs an API below /open-apis/'],
		['/open-apis/../admin', 'The path must not contain "." or ".." segments'],
		['/im/v1/%2e%2e/x', 'The path must not contain "." or ".." segments'],
	])('refuses %j', (input, reason) => {
		expect(parseApiPath(input)).toBe(reason);
	});
});

describe('Custom API Call → Make a Request', () => {
	beforeEach(async () => h.reset());

	it("GET with query parameters returns Feishu's data", async () => {
		const { item } = await h.run(
			call({
				method: 'GET',
				path: '/open-apis/im/v1/chats',
				queryParameters: { parameters: [{ name: 'page_size', value: '2' }] },
			}),
		);
		const [request] = await h.requests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/open-apis/im/v1/chats');
		expect(request.query).toEqual({ page_size: '2' });
		expect(item.json).toMatchObject({ has_more: true, page_token: expect.any(String) });
		expect((item.json.items as Array<{ name: string }>).map((c) => c.name)).toEqual([
			'Engineering',
			'Product Launch',
		]);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('accepts a path without /open-apis, with a query string, plus JSON query', async () => {
		const chatId = h.chatId('Engineering');
		const { item } = await h.run(
			call({
				method: 'GET',
				path: `im/v1/chats/${chatId}?user_id_type=union_id`,
				specifyQuery: 'json',
				queryJson: '{"unused": 1}',
			}),
		);
		const [request] = await h.requests();
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}`);
		expect(request.query).toEqual({ user_id_type: 'union_id', unused: '1' });
		expect(item.json).toMatchObject({ name: 'Engineering', owner_id: h.users[0].union_id });
	});

	it("PUT with a JSON body; Full Response returns Feishu's envelope and the log id", async () => {
		const chatId = h.chatId('Product Launch');
		const { item } = await h.run(
			call({
				method: 'PUT',
				path: `/open-apis/im/v1/chats/${chatId}`,
				body: '{"description": "Set by a custom call"}',
				options: { fullResponse: true },
			}),
		);
		const [request] = await h.requests();
		expect(request.method).toBe('PUT');
		expect(request.body).toEqual({ description: 'Set by a custom call' });
		expect(item.json).toEqual({ code: 0, msg: 'success', data: {}, log_id: request.logId });
		expect(String(item.json.log_id)).not.toBe('');
		expect((await h.chatState(chatId)).description).toBe('Set by a custom call');
	});

	it('DELETE with a body (remove a member)', async () => {
		const chatId = h.chatId('Product Launch');
		const leaver = h.users[3].open_id;
		const { item } = await h.run(
			call({
				method: 'DELETE',
				path: `/open-apis/im/v1/chats/${chatId}/members`,
				queryParameters: { parameters: [{ name: 'member_id_type', value: 'open_id' }] },
				body: { id_list: [leaver] },
			}),
		);
		const [request] = await h.requests();
		expect(request.method).toBe('DELETE');
		expect(request.body).toEqual({ id_list: [leaver] });
		expect(item.json).toEqual({ invalid_id_list: [] });
		expect((await h.chatState(chatId)).users).not.toContain(leaver);
	});

	it('POST without a body sends none', async () => {
		const chatId = h.chatId('Product Launch');
		await h.run(
			call({
				method: 'POST',
				path: `/open-apis/im/v1/chats/${chatId}/top_notice/delete_top_notice`,
			}),
		);
		const [request] = await h.requests();
		expect(request.body ?? undefined).toBeUndefined();
	});

	it('reaches paths outside /im/v1 (the emulator answers 99991201 for APIs it does not serve)', async () => {
		const { error } = await h.runError(
			call({ method: 'GET', path: '/open-apis/contact/v3/users/me' }),
		);
		expect(error.message).toBe(
			'Feishu error 99991201: Not Found: the requested path does not exist.',
		);
		expect(error.description).toContain('Request: GET /open-apis/contact/v3/users/me');
		const [request] = await h.requests();
		expect(request.path).toBe('/open-apis/contact/v3/users/me');
	});

	it("shows Feishu's error with its hint", async () => {
		const { error } = await h.runError(
			call({ method: 'GET', path: '/im/v1/chats/oc_00000000000000000000000000000000' }),
		);
		expect(error.message).toBe(
			'Feishu error 232006: Your request specifies a chat_id which is invalid.',
		);
		expect(error.description).toContain('The chat ID is invalid or the chat does not exist.');
	});

	it.each([
		[
			{ path: 'https://open.feishu.cn/open-apis/im/v1/chats' },
			'Invalid path: Enter only the path, e.g. /open-apis/im/v1/chats: the host comes from the credential',
		],
		[{ path: '/open-apis/../x' }, 'Invalid path: The path must not contain "." or ".." segments'],
		[{ method: 'POST', path: '/im/v1/chats', body: '{"name": ' }, 'Body (JSON) is not valid JSON'],
		[
			{ method: 'POST', path: '/im/v1/chats', body: '[1, 2]' },
			'Body (JSON) must be a JSON object, e.g. {"page_size": 50}',
		],
		[
			{ path: '/im/v1/chats', specifyQuery: 'json', queryJson: 'nope' },
			'Query (JSON) is not valid JSON',
		],
	])('refuses bad input before calling Feishu: %j', async (extra, message) => {
		const { error } = await h.runError(call({ method: 'GET', ...extra }));
		expect(error.message).toBe(message);
		expect(await h.requests()).toHaveLength(0);
	});

	it('continues on fail with paired error items', async () => {
		const paths = [
			'/im/v1/chats/oc_00000000000000000000000000000000',
			`/im/v1/chats/${h.chatId('Engineering')}`,
		];
		const { items: output } = await h.run((i) => call({ method: 'GET', path: paths[i] }), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output[0].json).toMatchObject({
			code: 232006,
			error: expect.stringMatching(/^Feishu error 232006/),
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json).toMatchObject({ name: 'Engineering' });
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	describe('retries after a 5xx', () => {
		const fault = (method: string, path: string) =>
			h.control('POST', '/__emulator/faults', { kind: 'server_error', method, path, count: 1 });

		it('GET is resent', async () => {
			await fault('GET', '/open-apis/im/v1/chats');
			const { item } = await h.run(call({ method: 'GET', path: '/im/v1/chats' }));
			expect((await h.requests()).map((r) => r.status)).toEqual([500, 200]);
			expect(item.json.items).toEqual(expect.any(Array));
		});

		it('a write is not resent unless marked Retry Safely', async () => {
			const chatId = h.chatId('Product Launch');
			const path = `/open-apis/im/v1/chats/${chatId}/link`;
			await fault('POST', path);
			const { error } = await h.runError(call({ method: 'POST', path, body: '{}' }));
			expect(error.message).toMatch(/^Feishu error 99991500/);
			expect((await h.requests()).map((r) => r.status)).toEqual([500]);

			await h.mark();
			await fault('POST', path);
			const { item } = await h.run(
				call({ method: 'POST', path, body: '{}', options: { idempotent: true } }),
			);
			expect((await h.requests()).map((r) => r.status)).toEqual([500, 200]);
			expect(item.json.share_link).toEqual(expect.any(String));
		});
	});
});
