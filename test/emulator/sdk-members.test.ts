/** The official SDK drives the member and manager endpoints (12-18) against the emulator. */
import { failure, lark, setUpSeededKit } from './testkit';

const { kit, ids, users } = setUpSeededKit();
const BOT = 'cli_9e5f1b2a3c4d5e6f';

test('add members: succeed_type 0/1/2, invalid and not-existed ids, app_id bots', async () => {
	const client = kit.client();
	const chat_id = ids.Engineering;
	const resigned = users.find((u) => u.resigned)!;
	const ghost = 'ou_00000000000000000000000000000000';
	const r0 = await client.im.v1.chatMembers.create({
		path: { chat_id },
		params: { member_id_type: 'open_id' },
		data: { id_list: [users[20].open_id, resigned.open_id] },
	});
	expect(r0.data).toEqual({
		invalid_id_list: [resigned.open_id],
		not_existed_id_list: [],
		pending_approval_id_list: [],
	});
	const e0 = await failure(
		client.im.v1.chatMembers.create({
			path: { chat_id },
			data: { id_list: [users[21].open_id, ghost] },
		}),
	);
	expect(e0.body.code).toBe(99992351);
	const r1 = await client.im.v1.chatMembers.create({
		path: { chat_id },
		params: { succeed_type: 1 },
		data: { id_list: [users[21].open_id, ghost, resigned.open_id] },
	});
	expect(r1.data).toEqual({
		invalid_id_list: [resigned.open_id],
		not_existed_id_list: [ghost],
		pending_approval_id_list: [],
	});
	const e2 = await failure(
		client.im.v1.chatMembers.create({
			path: { chat_id },
			params: { succeed_type: 2 },
			data: { id_list: [users[22].open_id, ghost] },
		}),
	);
	expect(e2.body.code).toBe(232043);
	const state = await kit.ctl('GET', `/chats/${chat_id}`);
	expect(state.users).toEqual(expect.arrayContaining([users[20].open_id, users[21].open_id]));
	expect(state.users).not.toContain(users[22].open_id);
	await client.im.v1.chatMembers.create({
		path: { chat_id },
		params: { member_id_type: 'app_id' },
		data: { id_list: ['cli_a1b2c3d4e5f60002'] },
	});
	expect((await kit.ctl('GET', `/chats/${chat_id}`)).bots).toContain('cli_a1b2c3d4e5f60002');
	// union_id / user_id id types
	await client.im.v1.chatMembers.create({
		path: { chat_id },
		params: { member_id_type: 'user_id' },
		data: { id_list: [users[23].user_id] },
	});
	await client.im.v1.chatMembers.create({
		path: { chat_id },
		params: { member_id_type: 'union_id' },
		data: { id_list: [users[24].union_id] },
	});
	expect((await kit.ctl('GET', `/chats/${chat_id}`)).users).toEqual(
		expect.arrayContaining([users[23].open_id, users[24].open_id]),
	);
});

test('remove members, owner cannot be kicked, leaving is allowed', async () => {
	const client = kit.client();
	const launch = ids['Product Launch']; // the bot owns it
	const r = await client.im.v1.chatMembers.delete({
		path: { chat_id: launch },
		data: { id_list: [users[5].open_id, users[30].open_id] },
	});
	expect(r.data!.invalid_id_list).toEqual([users[30].open_id]);
	expect((await kit.ctl('GET', `/chats/${launch}`)).users).not.toContain(users[5].open_id);
	const kick = await failure(
		client.im.v1.chatMembers.delete({
			path: { chat_id: launch },
			params: { member_id_type: 'app_id' },
			data: { id_list: [BOT] },
		}),
	);
	expect(kick.body.code).toBe(232076);
	// In Engineering the bot is a plain member: removing others needs owner/manager rights, leaving does not.
	const chat_id = ids.Engineering;
	expect(
		(
			await failure(
				client.im.v1.chatMembers.delete({
					path: { chat_id },
					data: { id_list: [users[5].open_id] },
				}),
			)
		).body.code,
	).toBe(232014);
	const user6 = await kit.userToken(users[6].open_id);
	const e = await failure(
		client.im.v1.chatMembers.delete(
			{ path: { chat_id }, data: { id_list: [users[7].open_id] } },
			lark.withUserAccessToken(user6.access_token),
		),
	);
	expect(e.body.code).toBe(232014);
	await client.im.v1.chatMembers.delete(
		{ path: { chat_id }, data: { id_list: [users[6].open_id] } },
		lark.withUserAccessToken(user6.access_token),
	);
	expect((await kit.ctl('GET', `/chats/${chat_id}`)).users).not.toContain(users[6].open_id);
	await client.im.v1.chatMembers.delete({
		path: { chat_id },
		params: { member_id_type: 'app_id' },
		data: { id_list: [BOT] },
	});
	expect((await client.im.v1.chatMembers.isInChat({ path: { chat_id } })).data!.is_in_chat).toBe(
		false,
	);
});

test('me_join for public chats only; is_in_chat follows the token identity', async () => {
	const client = kit.client();
	const lounge = ids['Open Lounge'];
	expect(
		(await client.im.v1.chatMembers.isInChat({ path: { chat_id: lounge } })).data!.is_in_chat,
	).toBe(false);
	const j = await client.im.v1.chatMembers.meJoin({ path: { chat_id: lounge } });
	expect(j.msg).toBe('ok');
	expect(
		(await client.im.v1.chatMembers.isInChat({ path: { chat_id: lounge } })).data!.is_in_chat,
	).toBe(true);
	expect(
		(await failure(client.im.v1.chatMembers.meJoin({ path: { chat_id: ids['Secret Board'] } })))
			.body.code,
	).toBe(232008);
	const u = await kit.userToken(users[30].open_id);
	await client.im.v1.chatMembers.meJoin(
		{ path: { chat_id: lounge } },
		lark.withUserAccessToken(u.access_token),
	);
	const inChat = await client.im.v1.chatMembers.isInChat(
		{ path: { chat_id: lounge } },
		lark.withUserAccessToken(u.access_token),
	);
	expect(inChat.data!.is_in_chat).toBe(true);
});

test('list members: pages of users only, member_total, id types', async () => {
	const client = kit.client();
	const seen: string[] = [];
	for await (const page of await client.im.v1.chatMembers.getWithIterator({
		path: { chat_id: ids['All Hands'] },
		params: { page_size: 10, member_id_type: 'union_id' },
	})) {
		for (const m of page?.items ?? []) {
			expect(m.member_id_type).toBe('union_id');
			seen.push(m.member_id!);
		}
	}
	expect(seen).toHaveLength(38);
	expect(seen[0]).toBe(users[0].union_id);
	const first = await client.im.v1.chatMembers.get({
		path: { chat_id: ids['All Hands'] },
		params: { page_size: 100 },
	});
	expect(first.data!.member_total).toBe(38);
	expect(first.data!.has_more).toBe(false);
	expect(first.data!.items![0]).toEqual({
		member_id_type: 'open_id',
		member_id: users[0].open_id,
		name: users[0].name,
		tenant_key: '736588c9260f175c',
	});
});

test('managers: owner only, full lists returned, limit of 10', async () => {
	const client = kit.client();
	const chat_id = ids['Product Launch']; // owned by the bot
	const r = await client.im.v1.chatManagers.addManagers({
		path: { chat_id },
		data: { manager_ids: [users[2].open_id, users[3].open_id] },
	});
	expect(r.data).toEqual({
		chat_managers: [users[2].open_id, users[3].open_id],
		chat_bot_managers: [],
	});
	const d = await client.im.v1.chatManagers.deleteManagers({
		path: { chat_id },
		params: { member_id_type: 'user_id' },
		data: { manager_ids: [users[2].user_id] },
	});
	expect(d.data!.chat_managers).toEqual([users[3].user_id]);
	const e = await failure(
		client.im.v1.chatManagers.addManagers({
			path: { chat_id: ids.Engineering },
			data: { manager_ids: [users[4].open_id] },
		}),
	);
	expect(e.body.code).toBe(232038);
	// fill up to the limit: All Hands is owned by users[0]; use a user token
	const owner = await kit.userToken(users[0].open_id);
	const many = users.slice(3, 12).map((u) => u.open_id);
	const lim = await failure(
		client.im.v1.chatManagers.addManagers(
			{ path: { chat_id: ids['All Hands'] }, data: { manager_ids: many } },
			lark.withUserAccessToken(owner.access_token),
		),
	);
	expect(lim.body.code).toBe(232040);
});
