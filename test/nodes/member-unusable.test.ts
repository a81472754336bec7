/**
 * Member → Add with a list longer than one request and unusable IDs in it (issue 17, points 1-2):
 * 60 IDs = 38 active users + 1 bot + 2 resigned + 15 unknown + 4 malformed, against the emulator.
 * Each If-Some-IDs-Are-Unusable choice does what it says for the whole list, every unusable ID is
 * listed with Feishu's reason, and "add nobody" holds (or the error says exactly what stayed).
 */
import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { OTHER_BOT_IDS, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const member = chatOperation('member');
const V1_1 = { typeVersion: 1.1 };
const OPTION_HINT =
	'To add the usable IDs and list the rest instead of failing, set Options → If Some IDs Are Unusable → "Add Usable IDs, Report the Rest".';

const UNKNOWN = Array.from({ length: 15 }, (_, i) => `ou_${String(i + 1).padStart(32, 'f')}`);
const MALFORMED = ['alice@example.com', '12345', 'ou_', 'ou-7d8a6e6df7621556ce0d21922b676706'];
const BOT = OTHER_BOT_IDS[0];

/** The 60 IDs, ordered so that the first user request (50) holds every unknown and malformed ID. */
function sixtyIds() {
	const active = h.users.filter((u) => !u.resigned).map((u) => u.open_id); // 38
	const resigned = h.users.filter((u) => u.resigned).map((u) => u.open_id); // 2
	const firstRequest = [...active.slice(0, 31), ...UNKNOWN, ...MALFORMED]; // 50
	const secondRequest = [...active.slice(31), ...resigned]; // 7 + 2
	const ids = [...firstRequest.slice(0, 20), BOT, ...firstRequest.slice(20), ...secondRequest];
	return { ids, active, resigned, firstRequest, secondRequest };
}

describe('60 IDs, 21 of them unusable', () => {
	it('version 1.1 default: adds the 39 usable IDs and reports the 21 others, by reason', async () => {
		const chatId = h.chatId('Product Launch');
		const { ids, active, resigned } = sixtyIds();
		expect(ids).toHaveLength(60);
		const { json, requests } = await h.run(member('add', chatId, { memberIds: ids }), V1_1);
		expect(
			requests.map((r) => [
				r.method,
				r.query.member_id_type,
				r.query.succeed_type,
				r.body.id_list.length,
			]),
		).toEqual([
			['POST', 'app_id', '1', 1],
			['POST', 'open_id', '1', 50],
			['POST', 'open_id', '1', 9],
		]);
		expect(json).toEqual([
			{
				chat_id: chatId,
				invalid_id_list: resigned,
				not_existed_id_list: [...UNKNOWN, ...MALFORMED],
				pending_approval_id_list: [],
				added_count: 39,
				id_count: 60,
				api_call_count: 3,
			},
		]);
		const state = await h.chatState(chatId);
		expect(state.users).toEqual(expect.arrayContaining(active));
		expect(state.bots).toContain(BOT);
	});

	it('version 1 default (fail on unknown IDs): lists all 21 with reasons, adds nobody, undoes the other request', async () => {
		const chatId = h.chatId('Product Launch');
		const before = await h.chatState(chatId);
		const { ids, secondRequest } = sixtyIds();
		const { error, requests } = await h.runError(member('add', chatId, { memberIds: ids }));

		// Read the members first (to tell new ones from earlier ones), users before the bot, and
		// after the refusal the bot is not sent; what the second request added is removed again.
		const newInSecond = secondRequest.slice(0, 7).filter((id) => !before.users.includes(id));
		expect(requests.map((r) => [r.method, r.code, r.body?.id_list?.length])).toEqual([
			['GET', 0, undefined],
			['POST', 99992351, 50],
			['POST', 0, 9],
			['DELETE', 0, newInSecond.length],
		]);
		expect(requests[3].body.id_list).toEqual(newInSecond);
		expect(error.message).toBe(
			'21 of 60 IDs cannot be added (Feishu error 99992351), so nobody was added',
		);
		const description = String(error.description);
		expect(description).toContain("Unusable IDs, with Feishu's reason (21 of 60):");
		expect(description).toContain(
			`- not a valid ID of the chosen type (open_ids look like ou_ followed by letters and digits) (4): ${MALFORMED.join(', ')}`,
		);
		expect(description).toContain(
			`- do not exist, or belong to another app or tenant (15): ${UNKNOWN.join(', ')}`,
		);
		expect(description).toContain(
			`- resigned, not activated, or not visible to the app (2): ${secondRequest.slice(7).join(', ')}`,
		);
		expect(description).toContain(
			`Other requests of the list had added ${newInSecond.length} users; they were removed from the chat again`,
		);
		expect(description).toContain(
			`Not sent, so not checked or added (1): ${BOT} (bots are only added when every user could be)`,
		);
		expect(description).toContain(OPTION_HINT);
		expect(description).toContain('Log ID: ');

		const after = await h.chatState(chatId);
		expect(after.users.sort()).toEqual([...before.users].sort());
		expect(after.bots).toEqual(before.bots);
	});

	it('"Fail if Any ID Is Unusable": both user requests refused with their ids in data, nobody added, no bot', async () => {
		const chatId = h.chatId('Product Launch');
		const before = await h.chatState(chatId);
		const { ids, secondRequest } = sixtyIds();
		const { error, requests } = await h.runError(
			member('add', chatId, { memberIds: ids, options: { succeedType: 2 } }),
			V1_1,
		);
		expect(requests.map((r) => [r.method, r.query.succeed_type, r.code])).toEqual([
			['GET', undefined, 0],
			['POST', '2', 232043],
			['POST', '2', 232043],
		]);
		expect(error.message).toBe(
			'21 of 60 IDs cannot be added (Feishu error 232043), so nobody was added',
		);
		expect(error.description).toContain(
			`- resigned, not activated, or not visible to the app (2): ${secondRequest.slice(7).join(', ')}`,
		);
		expect(error.description).toContain(`(15): ${UNKNOWN.join(', ')}`);
		expect(error.description).toContain(`Not sent, so not checked or added (1): ${BOT}`);
		const after = await h.chatState(chatId);
		expect(after.users.sort()).toEqual([...before.users].sort());
		expect(after.bots).not.toContain(BOT);
	});

	it('Continue On Fail: the error item carries every list', async () => {
		const chatId = h.chatId('Product Launch');
		const { ids } = sixtyIds();
		const { items } = await h.run(
			member('add', chatId, { memberIds: ids, options: { succeedType: 2 } }),
			{
				...V1_1,
				continueOnFail: true,
			},
		);
		expect(items[0].json).toMatchObject({
			error: '21 of 60 IDs cannot be added (Feishu error 232043), so nobody was added',
			code: 232043,
			not_existed_id_list: [...UNKNOWN, ...MALFORMED],
			invalid_id_list: expect.arrayContaining(
				h.users.filter((u) => u.resigned).map((u) => u.open_id),
			),
			removed_again_id_list: [],
			stayed_added_id_list: [],
			not_sent_id_list: [BOT],
		});
	});
});

describe('report mode and requests Feishu refuses as a whole', () => {
	it('a request refused for its ids (232027: none usable) is listed, the others still add', async () => {
		const chatId = h.chatId('Product Launch');
		await h.control('POST', '/__emulator/faults', {
			kind: 'api_error',
			path: '/open-apis/im/v1/chats/*/members',
			method: 'POST',
			code: 232027,
			msg: 'There are no valid members in the ID list specified in your request.',
			count: 1,
		});
		const users = h.activeUsers().slice(10, 12);
		const { json, requests } = await h.run(
			member('add', chatId, { memberIds: [BOT, ...users] }),
			V1_1,
		);
		expect(requests.map((r) => [r.query.member_id_type, r.code])).toEqual([
			['app_id', 232027],
			['open_id', 0],
		]);
		expect(json[0]).toMatchObject({ refused_id_list: [BOT], added_count: 2, id_count: 3 });
		expect((await h.chatState(chatId)).users).toEqual(expect.arrayContaining(users));
	});
});

describe('all or nothing across requests', () => {
	it('users accepted, then the bot request refused: the users are removed again', async () => {
		const chatId = h.chatId('Product Launch');
		const before = await h.chatState(chatId);
		const users = h.activeUsers().slice(10, 20);
		const unknownBot = 'cli_0000000000000009';
		const { error, requests } = await h.runError(
			member('add', chatId, {
				memberIds: [...users, BOT, unknownBot],
				options: { succeedType: 2 },
			}),
			V1_1,
		);
		expect(requests.map((r) => [r.method, r.query.member_id_type, r.code])).toEqual([
			['GET', 'open_id', 0],
			['POST', 'open_id', 0],
			['POST', 'app_id', 232043],
			['DELETE', 'open_id', 0],
		]);
		expect(error.message).toBe(
			'1 of 12 IDs cannot be added (Feishu error 232043), so nobody was added',
		);
		expect(error.description).toContain(`(1): ${unknownBot}`);
		const after = await h.chatState(chatId);
		expect(after.users.sort()).toEqual([...before.users].sort());
		expect(after.bots).toEqual(before.bots);
	});

	it('when Feishu refuses the undo (the bot may add but not remove), the error names who stays', async () => {
		const chatId = h.chatId('Engineering'); // owned by a user; the bot is a plain member
		const newUsers = h.activeUsers().slice(20, 25);
		const unknownBot = 'cli_0000000000000009';
		const { error, requests } = await h.runError(
			member('add', chatId, { memberIds: [...newUsers, unknownBot] }),
		);
		expect(requests.map((r) => [r.method, r.code])).toEqual([
			['GET', 0],
			['POST', 0],
			['POST', 232043],
			['DELETE', 232014],
		]);
		expect(error.message).toBe(
			'1 of 6 IDs cannot be added (Feishu error 232043), and 5 IDs added by earlier requests stay in the chat',
		);
		expect(error.description).toContain(
			`These 5 users were added and stay in the chat: ${newUsers.join(', ')}. Why: removing them again failed (Feishu error 232014: The token used in the request does NOT have the permissions necessary to complete the request.); remove them by hand or make the bot a manager.`,
		);
		expect((await h.chatState(chatId)).users).toEqual(expect.arrayContaining(newUsers));
	});

	it('approval requests made by the requests that went through are named: they cannot be withdrawn', async () => {
		const owner = h.activeUsers()[0];
		await h.reset({
			chats: [
				{
					name: 'Approval Chat',
					owner,
					settings: { membership_approval: 'approval_required' },
				},
			],
		});
		const chatId = h.chatId('Approval Chat');
		const users = h.activeUsers().slice(10, 15);
		const unknownBot = 'cli_0000000000000009';
		const { error, requests } = await h.runError(
			member('add', chatId, { memberIds: [...users, unknownBot], options: { succeedType: 2 } }),
			V1_1,
		);
		expect(requests.map((r) => [r.method, r.query.member_id_type, r.code])).toEqual([
			['GET', 'open_id', 0],
			['POST', 'open_id', 0],
			['POST', 'app_id', 232043],
		]);
		expect(error.description).toContain(
			`Requests that went through asked the chat's owner or managers to approve 5 users; Feishu offers no way to withdraw such a request, so they join if it is approved: ${users.join(', ')}`,
		);
		expect(error.context.idReport.pending_approval_id_list).toEqual(users);
		expect((await h.chatState(chatId)).users).not.toEqual(expect.arrayContaining(users));
	});

	it("a single request keeps Feishu's own error, with the reasons and the option named", async () => {
		const chatId = h.chatId('Product Launch');
		const { error, requests } = await h.runError(
			member('add', chatId, {
				memberIds: [h.activeUsers()[30], UNKNOWN[0]],
				options: { succeedType: 2 },
			}),
		);
		expect(requests).toHaveLength(1);
		expect(error.message).toBe('Feishu error 232043: Your request contains unavailable ids.');
		expect(error.description).toContain(
			`- do not exist, or belong to another app or tenant (1): ${UNKNOWN[0]}`,
		);
		expect(error.description).toContain(OPTION_HINT);
	});
});

describe('version 1.1 outputs and defaults', () => {
	it('Remove and the manager operations output id_count / api_call_count; managers name the ids not applied', async () => {
		const chatId = h.chatId('Product Launch'); // the bot owns it; members are users 2-7
		const notMember = h.activeUsers()[30];
		const managers = await h.run(
			member('addManagers', chatId, { managerIds: [h.users[2].open_id, notMember] }),
			V1_1,
		);
		expect(managers.json[0]).toEqual({
			chat_id: chatId,
			chat_managers: [h.users[2].open_id],
			chat_bot_managers: [],
			not_applied_id_list: [notMember],
			id_count: 2,
			api_call_count: 1,
		});
		const removed = await h.run(
			member('remove', chatId, { memberIds: [h.users[3].open_id] }),
			V1_1,
		);
		expect(removed.json[0]).toEqual({
			chat_id: chatId,
			invalid_id_list: [],
			id_count: 1,
			api_call_count: 1,
		});
	});

	it('the node offers versions 1 and 1.1, new nodes get 1.1, and the option defaults to reporting', () => {
		const description = new FeishuGroup().description;
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const options = description.properties.find(
			(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('add'),
		);
		const succeedType = (options?.options as Array<{ name: string; default: unknown }>).find(
			(o) => o.name === 'succeedType',
		);
		expect(succeedType?.default).toBe(1);
	});
});
