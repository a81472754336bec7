/** Error paths through the SDK and raw HTTP: envelope, codes, scopes, tokens, limits, faults. */
import { failure, lark, setUpSeededKit } from './testkit';

const { kit, ids, users } = setUpSeededKit();

test('error envelope: HTTP 400, no data, X-Tt-Logid header equals error.log_id, troubleshooter', async () => {
	const t = await kit.tenantToken();
	const r = await kit.http('GET', '/open-apis/im/v1/chats/oc_doesnotexist', { token: t });
	expect(r.status).toBe(400);
	expect(r.body.code).toBe(232006);
	expect(r.body.msg).toBe('Your request specifies a chat_id which is invalid.');
	expect(r.body.data).toBeUndefined();
	expect(r.body.error.log_id).toBe(r.headers.get('x-tt-logid'));
	expect(r.body.error.troubleshooter).toContain(`log_id=${r.body.error.log_id}&code=232006`);
	const ok = await kit.http('GET', '/open-apis/im/v1/chats', { token: t });
	expect(ok.headers.get('x-tt-logid')).toMatch(/^\d{14}[0-9A-F]+$/);
	expect((await kit.http('GET', '/open-apis/im/v1/nothing', { token: t })).status).toBe(404);
	expect((await kit.http('PATCH', '/open-apis/im/v1/chats', { token: t })).body.code).toBe(
		99991301,
	);
});

test('bot not in chat -> 232011; non-owner transfer and moderation; dissolve by non-owner', async () => {
	const client = kit.client();
	expect(
		(await failure(client.im.v1.chatMembers.get({ path: { chat_id: ids['Secret Board'] } }))).body
			.code,
	).toBe(232011);
	expect(
		(await failure(client.im.v1.chatTab.listTabs({ path: { chat_id: ids['Secret Board'] } }))).body
			.code,
	).toBe(232011);
	expect(
		(await failure(client.im.v1.chatMenuTree.get({ path: { chat_id: ids['Secret Board'] } }))).body
			.code,
	).toBe(232011);
	// The bot is a plain member of Engineering (edit_permission all_members): basic fields ok, owner transfer not.
	await client.im.v1.chat.update({
		path: { chat_id: ids.Engineering },
		data: { description: 'new' },
	});
	const t = await failure(
		client.im.v1.chat.update({
			path: { chat_id: ids.Engineering },
			data: { owner_id: users[2].open_id },
		}),
	);
	expect(t.body.code).toBe(232016);
	// All Hands: edit_permission only_owner
	expect(
		(
			await failure(
				client.im.v1.chat.update({ path: { chat_id: ids['All Hands'] }, data: { name: 'x' } }),
			)
		).body.code,
	).toBe(232002);
	expect(
		(await failure(client.im.v1.chat.delete({ path: { chat_id: ids.Engineering } }))).body.code,
	).toBe(232017);
	// transfer target must be in the chat
	expect(
		(
			await failure(
				client.im.v1.chat.update({
					path: { chat_id: ids['Product Launch'] },
					data: { owner_id: users[30].open_id },
				}),
			)
		).body.code,
	).toBe(232012);
	expect(
		(
			await failure(
				client.im.v1.chat.update({
					path: { chat_id: ids['Product Launch'] },
					data: { owner_id: 'ou_nobody' },
				}),
			)
		).body.code,
	).toBe(232035);
});

test('limits: 51 ids, 6 bots, page_size 101, garbled page_token, bad enum', async () => {
	const client = kit.client();
	const ids51 = users
		.slice(0, 36)
		.map((u) => u.open_id)
		.concat(Array.from({ length: 15 }, (_, i) => `ou_${String(i).padStart(32, '0')}`));
	expect(ids51).toHaveLength(51);
	expect(
		(
			await failure(
				client.im.v1.chatMembers.create({
					path: { chat_id: ids.Engineering },
					data: { id_list: ids51 },
				}),
			)
		).body.code,
	).toBe(232001);
	expect(
		(await failure(client.im.v1.chat.create({ data: { user_id_list: ids51 } }))).body.code,
	).toBe(232001);
	const bots = ['cli_1', 'cli_2', 'cli_3', 'cli_4', 'cli_5', 'cli_6'];
	expect(
		(
			await failure(
				client.im.v1.chatMembers.create({
					path: { chat_id: ids.Engineering },
					params: { member_id_type: 'app_id' },
					data: { id_list: bots },
				}),
			)
		).body.code,
	).toBe(232001);
	const big = await failure(client.im.v1.chat.list({ params: { page_size: 101 } }));
	expect(big.body.code).toBe(232001);
	expect(big.body.error.field_violations[0].field).toBe('page_size');
	expect(
		(
			await failure(
				client.im.v1.chatMembers.get({
					path: { chat_id: ids.Engineering },
					params: { page_size: 101 },
				}),
			)
		).body.code,
	).toBe(232001);
	expect(
		(await failure(client.im.v1.chat.search({ params: { query: 'a', page_size: 101 } }))).body.code,
	).toBe(232001);
	expect(
		(
			await failure(
				client.im.v1.chatModeration.get({
					path: { chat_id: ids.Engineering },
					params: { page_size: 101 },
				}),
			)
		).body.code,
	).toBe(232001);
	expect(
		(await failure(client.im.v1.chat.list({ params: { page_token: 'garbage!!' } }))).body.code,
	).toBe(232001);
	// a token from another list is refused too
	const p = await client.im.v1.chatMembers.get({
		path: { chat_id: ids['All Hands'] },
		params: { page_size: 5 },
	});
	expect(
		(await failure(client.im.v1.chat.list({ params: { page_token: p.data!.page_token } }))).body
			.code,
	).toBe(232001);
	expect(
		(
			await failure(
				client.im.v1.chat.update({
					path: { chat_id: ids['Product Launch'] },
					data: { edit_permission: 'everyone' },
				}),
			)
		).body.code,
	).toBe(232001);
	expect(
		(
			await failure(
				client.im.v1.chatMembers.get({
					path: { chat_id: ids.Engineering },
					params: { member_id_type: 'app_id' } as any,
				}),
			)
		).body.code,
	).toBe(232001);
	expect(
		(await failure(client.im.v1.chat.create({ data: { chat_type: 'public', name: 'x' } }))).body
			.code,
	).toBe(232020);
	expect(
		(await failure(client.im.v1.chat.create({ data: { chat_type: 'public' } }))).body.code,
	).toBe(232042);
});

test('tokens: missing, unknown, expired (clock), user token on tenant-only endpoints', async () => {
	expect((await kit.http('GET', '/open-apis/im/v1/chats')).body.code).toBe(99991661);
	expect((await kit.http('GET', '/open-apis/im/v1/chats', { token: 't-unknown' })).body.code).toBe(
		99991663,
	);
	const t = await kit.tenantToken();
	await kit.ctl('PUT', '/clock', { advanceSeconds: 7201 });
	const exp = await kit.http('GET', '/open-apis/im/v1/chats', { token: t });
	expect(exp.status).toBe(400);
	expect(exp.body.code).toBe(99991663);
	const client = kit.client(); // fresh client -> fresh token on the advanced clock
	expect((await client.im.v1.chat.list({})).code).toBe(0);
	const u = await kit.userToken(users[0].open_id);
	const menu = await failure(
		client.im.v1.chatMenuTree.get(
			{ path: { chat_id: ids.Engineering } },
			lark.withUserAccessToken(u.access_token),
		),
	);
	expect(menu.body.code).toBe(99991668);
	const create = await failure(
		client.im.v1.chat.create({ data: { name: 'x' } }, lark.withUserAccessToken(u.access_token)),
	);
	expect(create.body.code).toBe(99991668);
	await kit.ctl('POST', '/faults', { kind: 'expire_tokens' });
	const ue = await failure(client.im.v1.chat.list({}, lark.withUserAccessToken(u.access_token)));
	expect(ue.body.code).toBe(99991668);
	await kit.ctl('PUT', '/app', { tokenErrorStatus: 401 });
	expect((await kit.http('GET', '/open-apis/im/v1/chats')).status).toBe(401);
});

test('missing scope -> 99991672 with permission_violations; user grant -> 99991679; bot disabled -> 232025', async () => {
	await kit.ctl('PUT', '/app', { scopes: ['im:chat:readonly'] });
	const client = kit.client();
	expect((await client.im.v1.chat.get({ path: { chat_id: ids.Engineering } })).code).toBe(0);
	const e = await failure(client.im.v1.chat.create({ data: { name: 'x' } }));
	expect(e.body.code).toBe(99991672);
	expect(e.body.msg).toContain('im:chat, im:chat:create');
	expect(e.body.error.permission_violations).toEqual([
		{ type: 'action_scope_required', subject: 'im:chat' },
		{ type: 'action_scope_required', subject: 'im:chat:create' },
	]);
	expect(e.body.error.helps[0].url).toContain('/auth?q=im:chat,im:chat:create');
	await kit.ctl('POST', '/reset');
	const u = await kit.userToken(users[0].open_id, 'im:chat:readonly offline_access');
	const c2 = kit.client();
	expect(
		(
			await c2.im.v1.chat.get(
				{ path: { chat_id: ids.Engineering } },
				lark.withUserAccessToken(u.access_token),
			)
		).code,
	).toBe(0);
	const ug = await failure(
		c2.im.v1.chat.update(
			{ path: { chat_id: ids.Engineering }, data: { name: 'x' } },
			lark.withUserAccessToken(u.access_token),
		),
	);
	expect(ug.body.code).toBe(99991679);
	await kit.ctl('PUT', '/app', { botEnabled: false });
	expect((await failure(c2.im.v1.chat.list({}))).body.code).toBe(232025);
});

test('faults: 429 with x-ogw headers, 5xx, token_invalid; real rate limiter', async () => {
	const client = kit.client();
	await client.im.v1.chat.list({}); // token cached
	await kit.ctl('POST', '/faults', {
		path: '/open-apis/im/v1/chats',
		method: 'GET',
		count: 2,
		kind: 'rate_limit',
		resetSeconds: 3,
	});
	const r1 = await failure(client.im.v1.chat.list({}));
	expect(r1.status).toBe(429);
	expect(r1.body.code).toBe(99991400);
	expect(r1.headers['x-ogw-ratelimit-reset']).toBe('3');
	expect(r1.headers['x-ogw-ratelimit-limit']).toBeDefined();
	expect(r1.body.error.log_id).toBe(r1.headers['x-tt-logid']);
	expect((await failure(client.im.v1.chat.list({}))).status).toBe(429);
	expect((await client.im.v1.chat.list({})).code).toBe(0);
	await kit.ctl('POST', '/faults', {
		path: '/open-apis/im/v1/chats/:chat_id',
		count: 1,
		kind: 'server_error',
		status: 503,
	});
	expect(
		(await failure(client.im.v1.chat.get({ path: { chat_id: ids.Engineering } }))).status,
	).toBe(503);
	await kit.ctl('POST', '/faults', {
		path: '/open-apis/im/v1/chats/*/members',
		count: 1,
		kind: 'token_invalid',
	});
	expect(
		(await failure(client.im.v1.chatMembers.get({ path: { chat_id: ids.Engineering } }))).body.code,
	).toBe(99991663);
	await kit.ctl('POST', '/faults', {
		path: '/open-apis/im/v1/chats/*/members',
		method: 'POST',
		kind: 'api_error',
		code: 232019,
	});
	const busy = await failure(
		client.im.v1.chatMembers.create({
			path: { chat_id: ids.Engineering },
			data: { id_list: [users[20].open_id] },
		}),
	);
	expect([busy.status, busy.body.code]).toEqual([400, 232019]);
	await kit.ctl('PUT', '/app', { rateLimitPerSecond: 3 });
	// 10 at once: even if they straddle a one-second window boundary, at most 6 get through.
	const results = await Promise.allSettled(
		Array.from({ length: 10 }, () => client.im.v1.chat.get({ path: { chat_id: ids.Engineering } })),
	);
	expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThanOrEqual(3);
	const log = await kit.ctl('GET', '/requests?path=/open-apis/im/v1/chats/');
	expect(log.requests.some((r: any) => r.status === 429 && r.code === 99991400)).toBe(true);
	expect(log.requests[0].token.kind).toBe('tenant');
});
