/** Chat reads against the emulator: Get, Get Many, Search, Get Moderation, Get Share Link. */
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { byId } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness({ resetEach: false });

/** Chats of the seed the bot is in, in creation order (p2p chats are never listed). */
const BOT_CHATS = ['Engineering', 'Product Launch', 'Public Square', 'All Hands', 'Ops Alerts'];

const chat = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'chat',
	operation,
	...extra,
});

describe('Chat → Get', () => {
	beforeEach(async () => h.reset());

	it('GET /chats/:id, adds chat_id, simplifies with numeric counts', async () => {
		const chatId = h.chatId('Engineering');
		const { item } = await h.run(chat('get', { chatId: byId(chatId) }));
		const [request] = await h.requests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}`);
		expect(request.query).toEqual({ user_id_type: 'open_id' });
		expect(item.json).toMatchObject({
			chat_id: chatId,
			name: 'Engineering',
			owner_id: h.users[0].open_id,
			user_count: 12,
			bot_count: 2,
		});
		expect(item.json.user_manager_id_list).toEqual([h.users[1].open_id]);
		expect(item.json.add_member_permission).toBeUndefined();
	});

	it('returns the raw answer without Simplify', async () => {
		const chatId = h.chatId('Engineering');
		const { item } = await h.run(
			chat('get', { chatId: byId(chatId), simplify: false, userIdType: 'union_id' }),
		);
		expect(item.json).toMatchObject({
			chat_id: chatId,
			owner_id: h.users[0].union_id,
			owner_id_type: 'union_id',
			user_count: '12',
			add_member_permission: 'all_members',
		});
	});

	it("names Feishu's error for an unknown chat (232006)", async () => {
		const { error } = await h.runError(
			chat('get', { chatId: byId('oc_00000000000000000000000000000000') }),
		);
		expect(error.message).toBe(
			'Feishu error 232006: Your request specifies a chat_id which is invalid.',
		);
		expect(error.description).toContain('The chat ID is invalid or the chat does not exist.');
	});
});

describe('Chat → Get Many', () => {
	beforeEach(async () => h.reset());

	it('Return All asks for pages of 100 and outputs one simplified item per chat', async () => {
		const { items: output } = await h.run(chat('getAll', { returnAll: true }));
		expect(output.map((item) => item.json.name)).toEqual(BOT_CHATS);
		expect(output.map((item) => item.pairedItem)).toEqual(BOT_CHATS.map(() => ({ item: 0 })));
		expect(Object.keys(output[0].json).sort()).toEqual(
			[
				'chat_id',
				'chat_status',
				'description',
				'external',
				'name',
				'owner_id',
				'owner_id_type',
			].sort(),
		);
		const requests = await h.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0].method).toBe('GET');
		expect(requests[0].path).toBe('/open-apis/im/v1/chats');
		expect(requests[0].query).toEqual({
			user_id_type: 'open_id',
			sort_type: 'ByCreateTimeAsc',
			page_size: '100',
		});
	});

	it('Limit asks only for what it needs', async () => {
		const { items: output } = await h.run(chat('getAll', { returnAll: false, limit: 2 }));
		expect(output.map((item) => item.json.name)).toEqual(BOT_CHATS.slice(0, 2));
		const requests = await h.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0].query.page_size).toBe('2');
	});

	it('passes sort type and user ID type; raw items without Simplify', async () => {
		const { items: output } = await h.run(
			chat('getAll', {
				returnAll: true,
				sortType: 'ByActiveTimeDesc',
				userIdType: 'user_id',
				simplify: false,
			}),
		);
		const [request] = await h.requests();
		expect(request.query).toMatchObject({ sort_type: 'ByActiveTimeDesc', user_id_type: 'user_id' });
		expect(output.map((item) => item.json.name)).toEqual([...BOT_CHATS].reverse());
		const engineering = output.find((item) => item.json.name === 'Engineering')!;
		expect(engineering.json).toMatchObject({
			owner_id: h.users[0].user_id,
			owner_id_type: 'user_id',
			tenant_key: expect.any(String),
			avatar: expect.stringMatching(/^https:/),
		});
	});

	it('follows page_token over several pages', async () => {
		await h.reset({ chats: Array.from({ length: 130 }, (_, i) => ({ name: `Bulk ${i}` })) });
		const { items: output } = await h.run(chat('getAll', { returnAll: true }));
		expect(output).toHaveLength(135);
		const requests = await h.requests();
		expect(requests.map((r) => r.query.page_size)).toEqual(['100', '100']);
		expect(requests[0].query.page_token).toBeUndefined();
		expect(requests[1].query.page_token).toEqual(expect.any(String));

		await h.mark();
		const { items: limited } = await h.run(chat('getAll', { returnAll: false, limit: 110 }));
		expect(limited).toHaveLength(110);
		expect((await h.requests()).map((r) => r.query.page_size)).toEqual(['100', '10']);
	});
});

describe('Chat → Search', () => {
	beforeEach(async () => h.reset());

	it('GET /chats/search with the query: chats the bot is in and public chats it can see', async () => {
		const { items: output } = await h.run(chat('search', { query: 'Open', returnAll: true }));
		expect(output.map((item) => item.json.name)).toEqual(['Open Lounge']);
		const [request] = await h.requests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/open-apis/im/v1/chats/search');
		expect(request.query).toEqual({ user_id_type: 'open_id', query: 'Open', page_size: '100' });
	});

	it('Limit stops early; private chats of others are not found', async () => {
		const { items: output } = await h.run(
			chat('search', { query: 'e', returnAll: false, limit: 2 }),
		);
		expect(output).toHaveLength(2);
		const [request] = await h.requests();
		expect(request.query.page_size).toBe('2');
		const { items: all } = await h.run(chat('search', { query: 'Secret', returnAll: true }));
		expect(all).toHaveLength(0);
	});

	it('quotes a keyword containing "-" as Feishu asks', async () => {
		await h.run(chat('search', { query: 'ops-alerts', returnAll: true }));
		const [request] = await h.requests();
		expect(request.query.query).toBe('"ops-alerts"');
	});

	it('refuses a keyword over 64 characters before calling Feishu', async () => {
		const { error } = await h.runError(chat('search', { query: 'x'.repeat(65), returnAll: true }));
		expect(error.message).toBe('The search query is longer than 64 characters');
		expect(await h.requests()).toHaveLength(0);
	});
});

describe('Chat → Get Moderation', () => {
	beforeEach(async () => h.reset());

	it('returns the setting and the moderators', async () => {
		const chatId = h.chatId('All Hands');
		const { item } = await h.run(chat('getModeration', { chatId: byId(chatId), returnAll: true }));
		expect(item.json).toEqual({
			chat_id: chatId,
			moderation_setting: 'moderator_list',
			moderators: h.users.slice(0, 3).map((u) => ({
				user_id_type: 'open_id',
				user_id: u.open_id,
				tenant_key: expect.any(String),
			})),
		});
		const [request] = await h.requests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}/moderation`);
		expect(request.query).toEqual({ user_id_type: 'open_id', page_size: '100' });
	});

	it('Limit cuts the moderator list and asks for a page of that size', async () => {
		const chatId = h.chatId('All Hands');
		const { item } = await h.run(
			chat('getModeration', {
				chatId: byId(chatId),
				returnAll: false,
				limit: 2,
				userIdType: 'union_id',
			}),
		);
		expect((item.json.moderators as Array<{ user_id: string }>).map((m) => m.user_id)).toEqual(
			h.users.slice(0, 2).map((u) => u.union_id),
		);
		const requests = await h.requests();
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({ user_id_type: 'union_id', page_size: '2' });
	});

	it('a chat where everyone may speak has no moderators', async () => {
		const { item } = await h.run(
			chat('getModeration', { chatId: byId(h.chatId('Engineering')), returnAll: true }),
		);
		expect(item.json).toMatchObject({ moderation_setting: 'all_members', moderators: [] });
	});

	it('Return All follows page_token through a long moderator list', async () => {
		const extraUsers = { users: Array.from({ length: 120 }, (_, i) => ({ name: `Speaker ${i}` })) };
		await h.reset(extraUsers);
		const speakers = h.users.slice(40, 160).map((u) => u.open_id);
		await h.reset({
			...extraUsers,
			chats: [
				{
					name: 'Town Hall',
					members: speakers,
					moderation: { setting: 'moderator_list', moderators: speakers },
				},
			],
		});
		const chatId = h.chatId('Town Hall');
		const { item: all } = await h.run(
			chat('getModeration', { chatId: byId(chatId), returnAll: true }),
		);
		expect((all.json.moderators as unknown[]).length).toBe(120);
		let requests = await h.requests();
		expect(requests.map((r) => r.query.page_size)).toEqual(['100', '100']);
		expect(requests[1].query.page_token).toEqual(expect.any(String));

		await h.mark();
		const { item: some } = await h.run(
			chat('getModeration', { chatId: byId(chatId), returnAll: false, limit: 110 }),
		);
		expect((some.json.moderators as unknown[]).length).toBe(110);
		requests = await h.requests();
		expect(requests.map((r) => r.query.page_size)).toEqual(['100', '10']);
	});

	it("names Feishu's error when the bot is not in the chat (232011)", async () => {
		const { error } = await h.runError(
			chat('getModeration', { chatId: byId(h.chatId('Secret Board')), returnAll: true }),
		);
		expect(error.message).toBe('Feishu error 232011: Operator can NOT be out of the chat.');
		expect(error.description).toContain(
			'The bot (or the user behind the token) is not a member of this chat.',
		);
	});
});

describe('Chat → Get Share Link', () => {
	beforeEach(async () => h.reset());

	it.each([
		['week', 7 * 86400, false],
		['year', 365 * 86400, false],
	])('POST /chats/:id/link valid for a %s', async (validityPeriod, seconds, permanent) => {
		const chatId = h.chatId('Engineering');
		const before = Math.floor(Date.now() / 1000);
		const { item } = await h.run(chat('getShareLink', { chatId: byId(chatId), validityPeriod }));
		const [request] = await h.requests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}/link`);
		expect(request.body).toEqual({ validity_period: validityPeriod });
		expect(item.json).toMatchObject({
			chat_id: chatId,
			share_link: expect.stringMatching(/^https:\/\/applink\.feishu\.cn\//),
			is_permanent: permanent,
		});
		const expires = Number(item.json.expire_time);
		expect(expires).toBeGreaterThanOrEqual(before + (seconds as number) - 5);
		expect(expires).toBeLessThanOrEqual(before + (seconds as number) + 60);
	});

	it('a permanent link', async () => {
		const { item } = await h.run(
			chat('getShareLink', {
				chatId: byId(h.chatId('Engineering')),
				validityPeriod: 'permanently',
			}),
		);
		expect(item.json).toMatchObject({ is_permanent: true });
	});

	it('defaults to one week', async () => {
		await h.run(chat('getShareLink', { chatId: byId(h.chatId('Engineering')) }));
		const [request] = await h.requests();
		expect(request.body).toEqual({ validity_period: 'week' });
	});

	it("names Feishu's error when sharing is restricted to managers (232064)", async () => {
		const { error } = await h.runError(
			chat('getShareLink', { chatId: byId(h.chatId('All Hands')) }),
		);
		expect(error.message).toMatch(/^Feishu error 232064: /);
		expect(error.description).toContain('Sharing is restricted to the owner and managers');
	});
});

describe('Chat → Get Many: the types filter', () => {
	it('sends types as written, only when given', async () => {
		const given = await h.run(chat('getAll', { returnAll: true, options: { types: ' group ' } }));
		expect(given.requests[0].query).toMatchObject({ types: 'group', sort_type: 'ByCreateTimeAsc' });

		const empty = await h.run(chat('getAll', { returnAll: true, options: { types: '' } }));
		expect(empty.requests[0].query.types).toBeUndefined();
	});
});
