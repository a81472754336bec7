/**
 * Long id lists split into Feishu-sized requests (≤50 users / ≤5 bots) with merged results, and
 * Get Many page economy (Return All vs Limit) on a big chat.
 */
import { APP_ID, OTHER_BOT_IDS, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const EXTRA_USERS = 130;
const fixture = { users: Array.from({ length: EXTRA_USERS }, (_, i) => ({ name: `Extra ${i}` })) };

const h = setUpEmulatorHarness({ fixture });
const member = chatOperation('member');
const extras = () => h.users.slice(40, 40 + EXTRA_USERS).map((x) => x.open_id);

describe('Add: chunking', () => {
	it('120 user ids → 3 requests (50/50/20) and merged invalid / not-existed lists', async () => {
		const chatId = h.chatId('Product Launch');
		const resigned = [h.users[37].open_id, h.users[38].open_id];
		const unknown = ['ou_00000000000000000000000000000001', 'ou_00000000000000000000000000000002'];
		const ids = extras().slice(0, 116);
		ids.splice(10, 0, resigned[0]); // request 1
		ids.splice(60, 0, resigned[1]); // request 2
		ids.splice(70, 0, unknown[0]); // request 2
		ids.splice(110, 0, unknown[1]); // request 3
		expect(ids).toHaveLength(120);

		const { json, requests } = await h.run(
			member('add', chatId, { memberIds: ids.join('\n'), options: { succeedType: 1 } }),
		);
		expect(
			requests.map((r) => [
				r.method,
				r.path,
				r.query.member_id_type,
				r.query.succeed_type,
				r.body.id_list.length,
			]),
		).toEqual([
			['POST', `/open-apis/im/v1/chats/${chatId}/members`, 'open_id', '1', 50],
			['POST', `/open-apis/im/v1/chats/${chatId}/members`, 'open_id', '1', 50],
			['POST', `/open-apis/im/v1/chats/${chatId}/members`, 'open_id', '1', 20],
		]);
		expect(requests.flatMap((r) => r.body.id_list)).toEqual(ids);
		expect(json).toEqual([
			{
				chat_id: chatId,
				invalid_id_list: resigned,
				not_existed_id_list: unknown,
				pending_approval_id_list: [],
				added_count: 116,
				requested_count: 120,
				request_count: 3,
			},
		]);
		const state = await h.chatState(chatId);
		expect(state.users).toEqual(expect.arrayContaining(extras().slice(0, 116)));
		const list = await h.run(member('getAll', chatId, { returnAll: true }));
		expect(list.json).toHaveLength(6 + 116);
	});

	it('7 bots → 2 app_id requests (5 + 2)', async () => {
		const chatId = h.chatId('Product Launch');
		const unknownBots = [
			'cli_0000000000000001',
			'cli_0000000000000002',
			'cli_0000000000000003',
			'cli_0000000000000004',
		];
		const bots = [...OTHER_BOT_IDS, ...unknownBots];
		const { json, requests } = await h.run(
			member('add', chatId, {
				memberIds: bots,
				memberIdType: 'app_id',
				options: { succeedType: 1 },
			}),
		);
		expect(requests.map((r) => [r.query.member_id_type, r.body.id_list])).toEqual([
			['app_id', bots.slice(0, 5)],
			['app_id', bots.slice(5)],
		]);
		expect(json[0]).toMatchObject({
			not_existed_id_list: unknownBots,
			request_count: 2,
			requested_count: 7,
		});
		expect((await h.chatState(chatId)).bots).toEqual(expect.arrayContaining(OTHER_BOT_IDS));
	});

	it('a mixed list: bots in app_id requests of ≤5, users in requests of ≤50', async () => {
		await h.reset({
			...fixture,
			chats: [{ name: 'Many Bots', owner: h.users[0].open_id, members: [h.users[0].open_id] }],
		});
		const chatId = h.chatId('Many Bots');
		const bots = [
			...OTHER_BOT_IDS,
			'cli_0000000000000001',
			'cli_0000000000000002',
			'cli_0000000000000003',
		];
		const users = extras().slice(0, 55);
		const mixed = [...users.slice(0, 30), ...bots, ...users.slice(30)];
		const { json, requests } = await h.run(
			member('add', chatId, { memberIds: mixed, options: { succeedType: 1 } }),
		);
		expect(requests.map((r) => [r.query.member_id_type, r.body.id_list.length])).toEqual([
			['app_id', 5],
			['app_id', 1],
			['open_id', 50],
			['open_id', 5],
		]);
		expect(json[0]).toMatchObject({ request_count: 4, requested_count: 61 });
	});

	it('a rate-limited request (429) is waited out and resent: no ids lost, none sent twice', async () => {
		const chatId = h.chatId('Product Launch');
		const ids = extras().slice(0, 120);
		await h.control('POST', '/__emulator/faults', {
			kind: 'rate_limit',
			path: '/open-apis/im/v1/chats/*/members',
			method: 'POST',
			count: 1,
		});
		const { json, requests } = await h.run(
			member('add', chatId, { memberIds: ids, options: { succeedType: 1 } }),
		);
		expect(requests.map((r) => [r.status, r.body.id_list.length])).toEqual([
			[429, 50],
			[200, 50],
			[200, 50],
			[200, 20],
		]);
		const applied = requests.filter((r) => r.status === 200).flatMap((r) => r.body.id_list);
		expect(applied).toEqual(ids);
		expect(json[0]).toMatchObject({ request_count: 3, requested_count: 120, invalid_id_list: [] });
		expect((await h.chatState(chatId)).users).toEqual(expect.arrayContaining(ids));
	});

	it('report mode: a request failing for another reason says exactly which ids earlier requests added', async () => {
		await h.reset({ ...fixture, chats: [{ name: 'Small Chat', memberLimit: 55 }] });
		const chatId = h.chatId('Small Chat'); // owned by our bot, no users yet
		const ids = extras().slice(0, 56);
		const { error, requests } = await h.runError(
			member('add', chatId, { memberIds: ids, options: { succeedType: 1 } }),
		);
		expect(requests.map((r) => [r.method, r.code])).toEqual([
			['POST', 0],
			['POST', 232013],
		]);
		expect(error.message).toBe(
			'Feishu error 232013: You have reached the limit of maximum number of members a chat can have.',
		);
		expect(error.description).toContain(
			`Earlier requests added these 50 IDs, and they stay in the chat: ${ids.slice(0, 50).join(', ')}`,
		);
		expect(error.description).not.toContain('If Some IDs Are Unusable');
		const state = await h.chatState(chatId);
		expect(state.users).toEqual(ids.slice(0, 50));
	});
});

describe('Remove and Remove Managers: chunking', () => {
	it('60 members removed in 2 DELETE requests; 60 managers ids in 2 delete_managers requests', async () => {
		const chatId = h.chatId('Product Launch'); // the bot owns it
		const ids = extras().slice(0, 60);
		await h.run(member('add', chatId, { memberIds: ids }));
		const added = await h.run(member('addManagers', chatId, { managerIds: [ids[0], ids[55]] }));
		expect(added.json[0].chat_managers).toEqual([ids[0], ids[55]]);

		const demoted = await h.run(member('removeManagers', chatId, { managerIds: ids }));
		expect(
			demoted.requests.map((r) => [r.path.split('/').pop(), r.body.manager_ids.length]),
		).toEqual([
			['delete_managers', 50],
			['delete_managers', 10],
		]);
		expect(demoted.json[0]).toMatchObject({
			chat_managers: [],
			chat_bot_managers: [],
			request_count: 2,
		});

		const removed = await h.run(member('remove', chatId, { memberIds: ids }));
		expect(removed.requests.map((r) => [r.method, r.body.id_list.length])).toEqual([
			['DELETE', 50],
			['DELETE', 10],
		]);
		expect(removed.json[0]).toMatchObject({
			invalid_id_list: [],
			request_count: 2,
			requested_count: 60,
		});
		const state = await h.chatState(chatId);
		for (const id of ids) expect(state.users).not.toContain(id);
	});
});

describe('a refused later request names exactly what was already applied', () => {
	it('Remove: request 2 holds the owner (232076); the 50 removed by request 1 are listed', async () => {
		const members = extras().slice(0, 55);
		await h.reset({
			...fixture,
			chats: [
				{
					name: 'Managed By Bot',
					owner: h.users[0].open_id,
					members: [h.users[0].open_id, ...members],
					botManagers: [APP_ID],
				},
			],
		});
		const chatId = h.chatId('Managed By Bot');
		const ids = [...members, h.users[0].open_id];
		const { error, requests } = await h.runError(member('remove', chatId, { memberIds: ids }));
		expect(requests.map((r) => [r.method, r.code])).toEqual([
			['DELETE', 0],
			['DELETE', 232076],
		]);
		expect(error.description).toContain(
			`The list was split into 2 requests; request 1 (50 of 56 IDs) had already succeeded and stay applied: ${ids.slice(0, 50).join(', ')}. Request 2 failed, the rest were not sent.`,
		);
		const state = await h.chatState(chatId);
		expect(state.users.sort()).toEqual([h.users[0].open_id, ...members.slice(50)].sort());
	});
});

describe('Get Many: page economy on a big chat', () => {
	const BIG = 250;
	let bigChat: string;
	beforeEach(async () => {
		await h.reset({ bigChat: { members: BIG, name: 'Big Chat' } });
		bigChat = h.chatId('Big Chat');
	});

	it('Return All: 3 pages of 100 following page_token', async () => {
		const { json, requests } = await h.run(member('getAll', bigChat, { returnAll: true }));
		expect(json).toHaveLength(BIG);
		expect(new Set(json.map((m) => m.member_id)).size).toBe(BIG);
		expect(requests.map((r) => r.query.page_size)).toEqual(['100', '100', '100']);
		expect(requests[0].query.page_token).toBeUndefined();
		expect(requests[1].query.page_token).toEqual(expect.any(String));
		expect(requests[2].query.page_token).toEqual(expect.any(String));
	});

	it('Limit 150: 2 requests asking for 100 then 50', async () => {
		const { json, requests } = await h.run(
			member('getAll', bigChat, { returnAll: false, limit: 150 }),
		);
		expect(json).toHaveLength(150);
		expect(requests.map((r) => r.query.page_size)).toEqual(['100', '50']);
	});

	it('Limit 30: 1 request for 30', async () => {
		const { json, requests } = await h.run(
			member('getAll', bigChat, { returnAll: false, limit: 30 }),
		);
		expect(json).toHaveLength(30);
		expect(requests.map((r) => r.query.page_size)).toEqual(['30']);
	});
});
