/**
 * Member resource against the emulator: every operation's request (method, path, query, body from
 * the emulator's log), its output, and the chat state it leaves behind.
 */
import { APP_ID, OTHER_BOT_IDS, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const member = chatOperation('member');
const u = (i: number) => h.users[i];

describe('Member → Add', () => {
	it('adds users given as a comma list and reports nothing invalid', async () => {
		const chatId = h.chatId('Product Launch');
		const { json, requests } = await h.run(
			member('add', chatId, { memberIds: `${u(20).open_id}, ${u(21).open_id}` }),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: `/open-apis/im/v1/chats/${chatId}/members`,
			query: { member_id_type: 'open_id' },
			body: { id_list: [u(20).open_id, u(21).open_id] },
			code: 0,
		});
		expect(requests[0].query.succeed_type).toBeUndefined();
		expect(json).toEqual([
			{
				chat_id: chatId,
				invalid_id_list: [],
				not_existed_id_list: [],
				pending_approval_id_list: [],
				added_count: 2,
				requested_count: 2,
				request_count: 1,
			},
		]);
		const state = await h.chatState(chatId);
		expect(state.users).toEqual(expect.arrayContaining([u(20).open_id, u(21).open_id]));

		// Get Many now lists them too.
		const list = await h.run(member('getAll', chatId, { returnAll: true }));
		expect(list.json.map((m) => m.member_id)).toEqual(
			expect.arrayContaining([u(20).open_id, u(21).open_id]),
		);
	});

	it('takes an array from an expression, union ids, and succeed_type 1 reports unusable ids', async () => {
		const chatId = h.chatId('Product Launch');
		const unknown = 'on_00000000000000000000000000000000';
		const ids = [u(22).union_id, u(37).union_id, unknown];
		const { json, requests } = await h.run(
			member('add', chatId, {
				memberIds: ids,
				memberIdType: 'union_id',
				options: { succeedType: 1 },
			}),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({ member_id_type: 'union_id', succeed_type: '1' });
		expect(requests[0].body).toEqual({ id_list: ids });
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			invalid_id_list: [u(37).union_id], // resigned
			not_existed_id_list: [unknown],
			pending_approval_id_list: [],
		});
		const state = await h.chatState(chatId);
		expect(state.users).toContain(u(22).open_id);
		expect(state.users).not.toContain(u(37).open_id);
	});

	it('accepts Get Many output objects and a JSON array string', async () => {
		const chatId = h.chatId('Product Launch');
		const fromObjects = await h.run(
			member('add', chatId, { memberIds: [{ member_id: u(23).open_id, name: 'x' }] }),
		);
		expect(fromObjects.requests[0].body).toEqual({ id_list: [u(23).open_id] });
		const fromJson = await h.run(
			member('add', chatId, { memberIds: JSON.stringify([u(24).open_id]) }),
		);
		expect(fromJson.requests[0].body).toEqual({ id_list: [u(24).open_id] });
	});

	it('sends bot app ids mixed into a user list as a separate app_id request', async () => {
		const chatId = h.chatId('Product Launch');
		const { json, requests } = await h.run(
			member('add', chatId, {
				memberIds: `${u(25).open_id}\n${OTHER_BOT_IDS[1]}\n${u(26).open_id}`,
				options: { succeedType: 1 },
			}),
		);
		expect(requests.map((r) => [r.method, r.query.member_id_type, r.body.id_list])).toEqual([
			['POST', 'app_id', [OTHER_BOT_IDS[1]]],
			['POST', 'open_id', [u(25).open_id, u(26).open_id]],
		]);
		expect(json[0]).toMatchObject({
			requested_count: 3,
			request_count: 2,
			added_count: 3,
			invalid_id_list: [],
		});
		const state = await h.chatState(chatId);
		expect(state.bots).toContain(OTHER_BOT_IDS[1]);
		expect(state.users).toEqual(expect.arrayContaining([u(25).open_id, u(26).open_id]));
	});
});

describe('Member → Remove', () => {
	it('removes members with DELETE and a JSON body, reporting ids that are not members', async () => {
		const chatId = h.chatId('Product Launch'); // the bot owns it
		const { json, requests } = await h.run(
			member('remove', chatId, { memberIds: [u(2).open_id, u(3).open_id, u(30).open_id] }),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'DELETE',
			path: `/open-apis/im/v1/chats/${chatId}/members`,
			query: { member_id_type: 'open_id' },
			body: { id_list: [u(2).open_id, u(3).open_id, u(30).open_id] },
			code: 0,
		});
		expect(json).toEqual([
			{ chat_id: chatId, invalid_id_list: [u(30).open_id], requested_count: 3, request_count: 1 },
		]);
		const state = await h.chatState(chatId);
		expect(state.users).not.toContain(u(2).open_id);
		expect(state.users).not.toContain(u(3).open_id);
		expect(state.users).toContain(u(4).open_id);
	});

	it('removes a bot by app id', async () => {
		await h.reset({
			chats: [
				{
					name: 'Bots Inc',
					owner: APP_ID,
					creatorAppId: APP_ID,
					members: [u(0).open_id],
					bots: [APP_ID, OTHER_BOT_IDS[0]],
				},
			],
		});
		const botsChat = h.chatId('Bots Inc');
		const { requests } = await h.run(
			member('remove', botsChat, { memberIds: OTHER_BOT_IDS[0], memberIdType: 'app_id' }),
		);
		expect(requests[0]).toMatchObject({
			method: 'DELETE',
			query: { member_id_type: 'app_id' },
			body: { id_list: [OTHER_BOT_IDS[0]] },
		});
		expect((await h.chatState(botsChat)).bots).toEqual([APP_ID]);
	});
});

describe('Member → Get Many', () => {
	it('returns one simplified item per member with Return All', async () => {
		const chatId = h.chatId('Engineering'); // owner u0, members u0..u11
		const { json, items, requests } = await h.run(member('getAll', chatId, { returnAll: true }));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'GET',
			path: `/open-apis/im/v1/chats/${chatId}/members`,
			query: { member_id_type: 'open_id', page_size: '100' },
		});
		expect(json).toHaveLength(12);
		expect(json[0]).toEqual({
			chat_id: chatId,
			member_id: u(0).open_id,
			member_id_type: 'open_id',
			name: u(0).name,
		});
		expect(json.map((m) => m.member_id)).toEqual(h.users.slice(0, 12).map((x) => x.open_id));
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('returns the raw items with union ids and respects Limit', async () => {
		const chatId = h.chatId('Engineering');
		const { json, requests } = await h.run(
			member('getAll', chatId, {
				returnAll: false,
				limit: 5,
				memberIdType: 'union_id',
				simplify: false,
			}),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0].query).toEqual({ member_id_type: 'union_id', page_size: '5' });
		expect(json).toHaveLength(5);
		expect(json[0]).toEqual({
			chat_id: chatId,
			member_id: u(0).union_id,
			member_id_type: 'union_id',
			name: u(0).name,
			tenant_key: expect.any(String),
		});
	});
});

describe('Member → Is In Chat', () => {
	it('answers true and false (not an error) for the bot', async () => {
		const inChat = await h.run(member('isInChat', h.chatId('Engineering')));
		expect(inChat.requests[0]).toMatchObject({
			method: 'GET',
			path: `/open-apis/im/v1/chats/${h.chatId('Engineering')}/members/is_in_chat`,
			query: {},
		});
		expect(inChat.json).toEqual([{ chat_id: h.chatId('Engineering'), is_in_chat: true }]);
		const outside = await h.run(member('isInChat', h.chatId('Secret Board')));
		expect(outside.json).toEqual([{ chat_id: h.chatId('Secret Board'), is_in_chat: false }]);
	});
});

describe('Member → Join', () => {
	it('joins a public chat the bot is not in', async () => {
		const chatId = h.chatId('Open Lounge');
		expect((await h.chatState(chatId)).bots).not.toContain(APP_ID);
		const { json, requests } = await h.run(member('join', chatId));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'PATCH',
			path: `/open-apis/im/v1/chats/${chatId}/members/me_join`,
			query: {},
			code: 0,
		});
		expect(requests[0].body ?? null).toBeNull();
		expect(json).toEqual([{ chat_id: chatId, success: true }]);
		expect((await h.chatState(chatId)).bots).toContain(APP_ID);
		expect((await h.run(member('isInChat', chatId))).json[0].is_in_chat).toBe(true);
	});
});

describe('Member → Add Managers / Remove Managers', () => {
	it('adds user managers and outputs the current manager lists', async () => {
		const chatId = h.chatId('Product Launch'); // the bot is the owner
		const { json, requests } = await h.run(
			member('addManagers', chatId, { managerIds: `${u(2).open_id},${u(3).open_id}` }),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: `/open-apis/im/v1/chats/${chatId}/managers/add_managers`,
			query: { member_id_type: 'open_id' },
			body: { manager_ids: [u(2).open_id, u(3).open_id] },
		});
		expect(json).toEqual([
			{
				chat_id: chatId,
				chat_managers: [u(2).open_id, u(3).open_id],
				chat_bot_managers: [],
				not_applied_id_list: [],
				requested_count: 2,
				request_count: 1,
			},
		]);
		expect((await h.chatState(chatId)).managers).toEqual([u(2).open_id, u(3).open_id]);

		const removed = await h.run(member('removeManagers', chatId, { managerIds: u(2).open_id }));
		expect(removed.requests[0]).toMatchObject({
			method: 'POST',
			path: `/open-apis/im/v1/chats/${chatId}/managers/delete_managers`,
			query: { member_id_type: 'open_id' },
			body: { manager_ids: [u(2).open_id] },
		});
		expect(removed.json[0]).toMatchObject({ chat_managers: [u(3).open_id], chat_bot_managers: [] });
		expect((await h.chatState(chatId)).managers).toEqual([u(3).open_id]);
	});

	it('sends bots first as app_id so the final user list is in the chosen id type', async () => {
		const chatId = h.chatId('Product Launch');
		await h.run(member('add', chatId, { memberIds: OTHER_BOT_IDS[0], memberIdType: 'app_id' }));
		const { json, requests } = await h.run(
			member('addManagers', chatId, {
				managerIds: [u(4).union_id, OTHER_BOT_IDS[0]],
				memberIdType: 'union_id',
			}),
		);
		expect(requests.map((r) => [r.query.member_id_type, r.body.manager_ids])).toEqual([
			['app_id', [OTHER_BOT_IDS[0]]],
			['union_id', [u(4).union_id]],
		]);
		expect(json[0]).toMatchObject({
			chat_managers: [u(4).union_id],
			chat_bot_managers: [OTHER_BOT_IDS[0]],
		});
		const state = await h.chatState(chatId);
		expect(state.botManagers).toEqual([OTHER_BOT_IDS[0]]);
		expect(state.managers).toEqual([u(4).open_id]);

		const removed = await h.run(
			member('removeManagers', chatId, { managerIds: OTHER_BOT_IDS[0], memberIdType: 'app_id' }),
		);
		expect(removed.requests[0].query).toEqual({ member_id_type: 'app_id' });
		expect(removed.json[0]).toMatchObject({ chat_bot_managers: [], chat_managers: [u(4).open_id] });
	});
});

describe('Member → Get Many: Check Security Settings', () => {
	it('sends check_security_conf when the option is added, true or false', async () => {
		const chatId = h.chatId('Engineering');
		const on = await h.run(
			member('getAll', chatId, { returnAll: true, options: { checkSecurityConf: true } }),
		);
		expect(on.requests[0].query).toEqual({
			member_id_type: 'open_id',
			page_size: '100',
			check_security_conf: 'true',
		});
		expect(on.json).toHaveLength(12);
		const off = await h.run(
			member('getAll', chatId, { returnAll: true, options: { checkSecurityConf: false } }),
		);
		expect(off.requests[0].query.check_security_conf).toBe('false');
	});
});
