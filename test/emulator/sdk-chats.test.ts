/** The official SDK drives the chat endpoints (1-11) against the emulator and checks answers and state. */
import { failure, setUpSeededKit } from './testkit';

const { kit, ids, users } = setUpSeededKit();

test('create chat: bot joins, bot owner omitted, uuid idempotency, set_bot_manager', async () => {
	const client = kit.client();
	const r = await client.im.v1.chat.create({
		params: { user_id_type: 'open_id', uuid: 'u-1' },
		data: {
			name: 'Release',
			description: 'd',
			user_id_list: [users[3].open_id, users[4].open_id],
			bot_id_list: ['cli_a1b2c3d4e5f60001'],
		},
	});
	expect(r.code).toBe(0);
	const chat = r.data!;
	expect(chat.chat_id).toMatch(/^oc_[0-9a-f]{32}$/);
	expect(chat.owner_id).toBeUndefined();
	expect(chat.chat_mode).toBe('group');
	expect(chat.add_member_permission).toBe('all_members');
	const again = await client.im.v1.chat.create({
		params: { uuid: 'u-1' },
		data: { name: 'Release' },
	});
	expect(again.data!.chat_id).toBe(chat.chat_id);
	const state = await kit.ctl('GET', `/chats/${chat.chat_id}`);
	expect(state.users).toEqual([users[3].open_id, users[4].open_id]);
	expect(state.bots).toEqual(['cli_9e5f1b2a3c4d5e6f', 'cli_a1b2c3d4e5f60001']);

	const owned = await client.im.v1.chat.create({
		params: { user_id_type: 'union_id', set_bot_manager: true },
		data: { name: 'Owned', owner_id: users[5].union_id, chat_type: 'public' },
	});
	expect(owned.data!.owner_id).toBe(users[5].union_id);
	expect(owned.data!.owner_id_type).toBe('union_id');
	const got = await client.im.v1.chat.get({ path: { chat_id: owned.data!.chat_id! } });
	expect(got.data!.bot_manager_id_list).toEqual(['cli_9e5f1b2a3c4d5e6f']);
	expect(got.data!.chat_type).toBe('public');
});

test('get chat: full view for members (string counts), reduced view for outsiders', async () => {
	const client = kit.client();
	const r = await client.im.v1.chat.get({
		path: { chat_id: ids.Engineering },
		params: { user_id_type: 'user_id' },
	});
	expect(r.data!.name).toBe('Engineering');
	expect(r.data!.user_count).toBe('12');
	expect(r.data!.bot_count).toBe('2');
	expect(r.data!.owner_id).toBe(users[0].user_id);
	expect(r.data!.user_manager_id_list).toEqual([users[1].user_id]);
	const outside = await client.im.v1.chat.get({ path: { chat_id: ids['Secret Board'] } });
	expect(outside.data).toEqual(
		expect.objectContaining({ name: 'Secret Board', user_count: '6', chat_status: 'normal' }),
	);
	expect(outside.data!.owner_id).toBeUndefined();
});

test('list chats: pages with opaque tokens, p2p and non-member chats excluded', async () => {
	const client = kit.client();
	const names: string[] = [];
	for await (const page of await client.im.v1.chat.listWithIterator({ params: { page_size: 2 } })) {
		for (const item of page?.items ?? []) names.push(item.name!);
	}
	expect(names).toEqual([
		'Engineering',
		'Product Launch',
		'Public Square',
		'All Hands',
		'Ops Alerts',
	]);
	const first = await client.im.v1.chat.list({ params: { page_size: 5 } });
	expect(first.data!.has_more).toBe(false);
	expect(first.data!.page_token).toBeUndefined();
	const two = await client.im.v1.chat.list({ params: { page_size: 2 } });
	expect(two.data!.has_more).toBe(true);
	expect(Buffer.from(two.data!.page_token!, 'base64').length).toBeGreaterThan(0);
});

test('search chats: case-insensitive, includes public chats the bot is not in', async () => {
	const client = kit.client();
	const r = await client.im.v1.chat.search({ params: { query: 'open' } });
	expect(r.data!.items!.map((i) => i.name)).toEqual(['Open Lounge']);
	const secret = await client.im.v1.chat.search({ params: { query: 'secret' } });
	expect(secret.data!.items).toEqual([]);
	const empty = await client.im.v1.chat.search({ params: { query: '' } });
	expect(empty.data!.items).toEqual([]);
});

test('moderation get/update with moderator list, owner only', async () => {
	const client = kit.client();
	const m = await client.im.v1.chatModeration.get({ path: { chat_id: ids['All Hands'] } });
	expect(m.data!.moderation_setting).toBe('moderator_list');
	expect(m.data!.items!.map((i) => i.user_id)).toEqual([
		users[0].open_id,
		users[1].open_id,
		users[2].open_id,
	]);
	// The bot owns and created "Product Launch".
	await client.im.v1.chatModeration.update({
		path: { chat_id: ids['Product Launch'] },
		data: {
			moderation_setting: 'moderator_list',
			moderator_added_list: [users[2].open_id, users[30].open_id],
		},
	});
	const after = await client.im.v1.chatModeration.get({ path: { chat_id: ids['Product Launch'] } });
	expect(after.data!.items!.map((i) => i.user_id)).toEqual([users[2].open_id]); // non-members filtered
	const e = await failure(
		client.im.v1.chatModeration.update({
			path: { chat_id: ids.Engineering },
			data: { moderation_setting: 'only_owner' },
		}),
	);
	expect(e.body.code).toBe(232017);
});

test('share link, update with owner transfer, top notice, dissolve', async () => {
	const client = kit.client();
	const link = await client.im.v1.chat.link({
		path: { chat_id: ids.Engineering },
		data: { validity_period: 'year' },
	});
	expect(link.data!.share_link).toMatch(/^https:\/\/applink\.feishu\.cn\//);
	expect(link.data!.expire_time).toMatch(/^\d+$/);
	expect(link.data!.is_permanent).toBe(false);

	const up = await client.im.v1.chat.update({
		path: { chat_id: ids['Product Launch'] },
		data: {
			name: 'Launch v2',
			owner_id: users[3].open_id,
			add_member_permission: 'only_owner',
			share_card_permission: 'not_allowed',
		},
	});
	expect(up.code).toBe(0);
	const got = await client.im.v1.chat.get({ path: { chat_id: ids['Product Launch'] } });
	expect(got.data!.name).toBe('Launch v2');
	expect(got.data!.owner_id).toBe(users[3].open_id);
	expect(got.data!.add_member_permission).toBe('only_owner');

	await client.im.v1.chatTopNotice.putTopNotice({
		path: { chat_id: ids.Engineering },
		data: { chat_top_notice: [{ action_type: '2' }] },
	});
	expect((await kit.ctl('GET', `/chats/${ids.Engineering}`)).topNotice).toEqual({
		action_type: '2',
	});
	await client.im.v1.chatTopNotice.deleteTopNotice({ path: { chat_id: ids.Engineering } });
	expect((await kit.ctl('GET', `/chats/${ids.Engineering}`)).topNotice).toBeUndefined();

	await client.im.v1.chat.delete({ path: { chat_id: ids['Ops Alerts'] } });
	const gone = await client.im.v1.chat.get({ path: { chat_id: ids['Ops Alerts'] } });
	expect(gone.data!.chat_status).toBe('dissolved');
	expect(
		(await failure(client.im.v1.chat.delete({ path: { chat_id: ids['Ops Alerts'] } }))).body.code,
	).toBe(232009);
});
