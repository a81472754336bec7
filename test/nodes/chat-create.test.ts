/** Chat → Create against the emulator: request shape, batching of initial members, idempotency, errors. */
import { EMULATOR_DEFAULTS } from '../emulator';
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { nodeInExecution } from '../helpers/nodeInExecution';

const h = setUpEmulatorHarness({ resetEach: false });

/** 100 extra users on top of the 40 seeded ones, for member lists over Feishu's cap of 50. */
const manyUsers = { users: Array.from({ length: 100 }, (_, i) => ({ name: `Extra User ${i}` })) };

const create = (extra: Record<string, unknown> = {}) => ({
	resource: 'chat',
	operation: 'create',
	...extra,
});

describe('Chat → Create', () => {
	beforeEach(async () => h.reset());

	it('creates a chat owned by the bot: POST /chats with uuid, output and state', async () => {
		const members = h.activeUsers().slice(0, 3);
		const { item } = await h.run(
			create({
				name: 'Project Apollo',
				userIds: members.join(', '),
				additionalFields: { description: 'Moon landing' },
			}),
		);

		const requests = await h.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/open-apis/im/v1/chats');
		expect(request.query.user_id_type).toBe('open_id');
		expect(request.query.uuid).toMatch(/^n8n-[0-9a-f]{32,40}$/);
		expect(request.query.uuid.length).toBeLessThanOrEqual(50);
		expect(request.query.set_bot_manager).toBeUndefined();
		expect(request.body).toEqual({
			name: 'Project Apollo',
			chat_type: 'private',
			description: 'Moon landing',
			user_id_list: members,
		});

		const chatId = item.json.chat_id as string;
		expect(chatId).toMatch(/^oc_/);
		expect(item.json).toMatchObject({
			name: 'Project Apollo',
			description: 'Moon landing',
			chat_type: 'private',
			chat_mode: 'group',
			invalid_id_list: [],
			not_existed_id_list: [],
			pending_approval_id_list: [],
		});
		// Bot owner: Feishu omits owner_id.
		expect(item.json.owner_id).toBeUndefined();
		expect(item.pairedItem).toEqual({ item: 0 });

		const state = await h.chatState(chatId);
		expect(state.name).toBe('Project Apollo');
		expect(state.owner).toEqual({ kind: 'bot', id: EMULATOR_DEFAULTS.appId });
		expect(state.users.sort()).toEqual([...members].sort());
		expect(state.bots).toContain(EMULATOR_DEFAULTS.appId);
	});

	it('sends every Additional Field under Feishu names (owner, bots, settings, i18n, restricted mode)', async () => {
		const [owner, member] = h.activeUsers();
		const { item } = await h.run(
			create({
				name: 'Launch Room',
				chatType: 'public',
				userIdType: 'open_id',
				userIds: [member],
				additionalFields: {
					avatar: 'default-avatar_abc',
					botIds: 'cli_a1b2c3d4e5f60001',
					description: 'All about the launch',
					editPermission: 'only_owner',
					groupMessageType: 'thread',
					hideMemberCountSetting: 'only_owner',
					i18nNames: { names: { zh_cn: '发布', en_us: 'Launch', ja_jp: '' } },
					i18nNamesJson: '{"ja_jp": "ローンチ", "zh_cn": ""}',
					joinMessageVisibility: 'only_owner',
					leaveMessageVisibility: 'not_anyone',
					membershipApproval: 'approval_required',
					ownerId: owner,
					restrictedMode: {
						settings: {
							status: true,
							screenshot_has_permission_setting: 'not_anyone',
							download_has_permission_setting: 'all_members',
							message_has_permission_setting: 'not_anyone',
						},
					},
					setBotManager: true,
					urgentSetting: 'only_owner',
					videoConferenceSetting: 'only_owner',
				},
			}),
		);

		const [request] = await h.requests();
		expect(request.query.set_bot_manager).toBe('true');
		expect(request.body).toEqual({
			name: 'Launch Room',
			chat_type: 'public',
			owner_id: owner,
			user_id_list: [member],
			bot_id_list: ['cli_a1b2c3d4e5f60001'],
			avatar: 'default-avatar_abc',
			description: 'All about the launch',
			edit_permission: 'only_owner',
			group_message_type: 'thread',
			hide_member_count_setting: 'only_owner',
			i18n_names: { zh_cn: '发布', en_us: 'Launch', ja_jp: 'ローンチ' },
			join_message_visibility: 'only_owner',
			leave_message_visibility: 'not_anyone',
			membership_approval: 'approval_required',
			restricted_mode_setting: {
				status: true,
				screenshot_has_permission_setting: 'not_anyone',
				download_has_permission_setting: 'all_members',
				message_has_permission_setting: 'not_anyone',
			},
			urgent_setting: 'only_owner',
			video_conference_setting: 'only_owner',
		});
		expect(item.json).toMatchObject({
			owner_id: owner,
			owner_id_type: 'open_id',
			chat_type: 'public',
		});

		const state = await h.chatState(item.json.chat_id as string);
		expect(state.owner).toEqual({ kind: 'user', id: owner });
		expect(state.botManagers).toEqual([EMULATOR_DEFAULTS.appId]);
		expect(state.bots.sort()).toEqual([EMULATOR_DEFAULTS.appId, 'cli_a1b2c3d4e5f60001'].sort());
		expect(state.settings).toMatchObject({
			edit_permission: 'only_owner',
			membership_approval: 'approval_required',
			hide_member_count_setting: 'only_owner',
		});
		expect(state.i18n_names).toEqual({ zh_cn: '发布', en_us: 'Launch', ja_jp: 'ローンチ' });
		expect(state.group_message_type).toBe('thread');
	});

	it('uses the selected user ID type for owner, members and the answer', async () => {
		const [owner, member] = h.users.filter((u) => !u.resigned);
		const { item } = await h.run(
			create({
				name: 'By union id',
				userIdType: 'union_id',
				userIds: member.union_id,
				additionalFields: { ownerId: owner.union_id },
			}),
		);
		const [request] = await h.requests();
		expect(request.query.user_id_type).toBe('union_id');
		expect(item.json).toMatchObject({ owner_id: owner.union_id, owner_id_type: 'union_id' });
		const state = await h.chatState(item.json.chat_id as string);
		expect(state.users.sort()).toEqual([owner.open_id, member.open_id].sort());
	});

	it('refuses a user token before calling Feishu', async () => {
		const { error } = await h.runError(create({ authentication: 'userToken', name: 'Nope' }));
		expect(error.message).toBe('Feishu only allows "Create a chat" with the app\'s tenant token');
		expect(error.description).toContain('App (Tenant Token)');
		expect(await h.requests()).toHaveLength(0);
	});

	it("shows Feishu's code, message and hint for a refused create (public chat name too short)", async () => {
		const { error } = await h.runError(create({ name: 'A', chatType: 'public' }));
		expect(error.message).toBe(
			'Feishu error 232020: Name can NOT be less than two characters for public chats.',
		);
		expect(error.description).toContain('Public chats need a name of at least two characters.');
		expect(error.description).toContain('Request: POST /open-apis/im/v1/chats');
	});

	it('refuses inconsistent restricted mode settings before calling Feishu', async () => {
		const { error } = await h.runError(
			create({
				name: 'Secretive',
				additionalFields: {
					restrictedMode: {
						settings: {
							status: false,
							screenshot_has_permission_setting: 'not_anyone',
							download_has_permission_setting: 'all_members',
							message_has_permission_setting: 'all_members',
						},
					},
				},
			}),
		);
		expect(error.message).toBe('Restricted Mode is off but some actions are set to "Nobody"');
		expect(await h.requests()).toHaveLength(0);
	});

	it('continues on fail with an error item paired to the failed item', async () => {
		const { items: output } = await h.run(
			(i) => create({ name: i === 0 ? '' : 'Good Public Chat', chatType: 'public' }),
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(output).toHaveLength(2);
		expect(output[0].json).toMatchObject({
			error: "Feishu error 232042: Public group chat's name should not be empty.",
			code: 232042,
		});
		expect(output[0].json.description).toContain('A public chat must have a name.');
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json).toMatchObject({ name: 'Good Public Chat', chat_type: 'public' });
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Chat → Create with more than 50 members', () => {
	beforeEach(async () => h.reset(manyUsers));

	it('120 users: one create with the first 50, then two Add Members calls of 50 and 20', async () => {
		const users = h.activeUsers().slice(0, 120);
		expect(users).toHaveLength(120);
		const { item } = await h.run(create({ name: 'Big Kickoff', userIds: users }));
		const chatId = item.json.chat_id as string;

		const requests = await h.requests();
		expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /open-apis/im/v1/chats',
			`POST /open-apis/im/v1/chats/${chatId}/members`,
			`POST /open-apis/im/v1/chats/${chatId}/members`,
		]);
		expect(requests[0].body.user_id_list).toEqual(users.slice(0, 50));
		expect(requests[1].query).toEqual({ member_id_type: 'open_id', succeed_type: '1' });
		expect(requests[1].body).toEqual({ id_list: users.slice(50, 100) });
		expect(requests[2].body).toEqual({ id_list: users.slice(100, 120) });
		expect(item.json).toMatchObject({
			chat_id: chatId,
			invalid_id_list: [],
			not_existed_id_list: [],
			pending_approval_id_list: [],
		});

		const state = await h.chatState(chatId);
		expect(state.user_count).toBe(120);
		expect(state.users.sort()).toEqual([...users].sort());
	});

	it('merges the IDs Feishu could not add from every batch into the output', async () => {
		const active = h.activeUsers();
		const resigned = h.users.filter((u) => u.resigned).map((u) => u.open_id);
		expect(resigned).toHaveLength(2);
		const unknown = ['ou_00000000000000000000000000000001', 'ou_00000000000000000000000000000002'];
		// Batch 2 holds a resigned user and an unknown id, batch 3 the others.
		const ids = [
			...active.slice(0, 50),
			...active.slice(50, 98),
			resigned[0],
			unknown[0],
			...active.slice(98, 110),
			resigned[1],
			unknown[1],
		];
		const { item } = await h.run(create({ name: 'Partly Valid', userIds: ids }));

		const memberCalls = (await h.requests()).filter((r) => r.path.endsWith('/members'));
		expect(memberCalls.map((r) => r.body.id_list.length)).toEqual([50, 14]);
		expect(item.json.invalid_id_list).toEqual(resigned);
		expect(item.json.not_existed_id_list).toEqual(unknown);
		const state = await h.chatState(item.json.chat_id as string);
		expect(state.user_count).toBe(110);
	});

	it('a failing member batch reports that the chat exists (and its id in the error item)', async () => {
		const users = h.activeUsers().slice(0, 60);
		// The creation succeeds; the follow-up Add Members call keeps answering 5xx, which the
		// transport retries (the call is idempotent) until it gives up.
		await h.control('POST', '/__emulator/faults', {
			kind: 'server_error',
			method: 'POST',
			path: '/open-apis/im/v1/chats/*/members',
			count: 10,
		});
		const { items: output } = await h.run(create({ name: 'Half Done', userIds: users }), {
			continueOnFail: true,
		});
		const chats = (await h.allChats()).filter((c) => c.name === 'Half Done');
		expect(chats).toHaveLength(1);
		expect(output[0].json.chat_id).toBe(chats[0].chat_id);
		expect(output[0].json.description).toContain(
			`The chat ${chats[0].chat_id} was created, but adding the members beyond the first batch failed at batch 1 of 1.`,
		);
	});
});

describe('Chat → Create idempotency (uuid)', () => {
	beforeEach(async () => h.reset());

	it('the same own key twice creates one chat', async () => {
		const params = create({
			name: 'Once Only',
			additionalFields: { idempotencyKey: 'order-4711' },
		});
		const { item: first } = await h.run(params);
		const { item: second } = await h.run(params);
		expect(second.json.chat_id).toBe(first.json.chat_id);
		const posts = (await h.requests()).filter((r) => r.method === 'POST');
		expect(posts.map((r) => r.query.uuid)).toEqual(['order-4711', 'order-4711']);
		expect((await h.allChats()).filter((c) => c.name === 'Once Only')).toHaveLength(1);
	});

	it('a retried item in the same execution gets the same automatic key and the same chat', async () => {
		const params = create({ name: 'Retried' });
		const { item: first } = await h.run(params, { node: nodeInExecution('exec-101') });
		const { item: second } = await h.run(params, { node: nodeInExecution('exec-101') });
		expect(second.json.chat_id).toBe(first.json.chat_id);
		const uuids = (await h.requests()).map((r) => r.query.uuid);
		expect(uuids[0]).toBe(uuids[1]);
		expect((await h.allChats()).filter((c) => c.name === 'Retried')).toHaveLength(1);
	});

	it('another execution, another loop pass or another item creates another chat', async () => {
		const params = create({ name: 'Daily Standup' });
		await h.run(params, { node: nodeInExecution('exec-1') });
		await h.run(params, { node: nodeInExecution('exec-2') });
		await h.run(params, { node: nodeInExecution('exec-2', 1) });
		await h.run(params, { node: nodeInExecution('exec-3'), items: [{ json: {} }, { json: {} }] });
		const uuids = (await h.requests()).map((r) => r.query.uuid);
		expect(new Set(uuids).size).toBe(5);
		expect((await h.allChats()).filter((c) => c.name === 'Daily Standup')).toHaveLength(5);
	});

	it('a resend after a 5xx carries the same uuid (the request is marked idempotent)', async () => {
		await h.control('POST', '/__emulator/faults', {
			kind: 'server_error',
			method: 'POST',
			path: '/open-apis/im/v1/chats',
			count: 1,
		});
		const { item } = await h.run(create({ name: 'After Hiccup' }));
		const posts = (await h.requests()).filter((r) => r.path === '/open-apis/im/v1/chats');
		expect(posts.map((r) => r.status)).toEqual([500, 200]);
		expect(posts[0].query.uuid).toBe(posts[1].query.uuid);
		expect((await h.allChats()).filter((c) => c.name === 'After Hiccup')).toHaveLength(1);
		expect(item.json.name).toBe('After Hiccup');
	});

	it('refuses an own key longer than 50 characters', async () => {
		const { error } = await h.runError(
			create({ name: 'Too Long', additionalFields: { idempotencyKey: 'k'.repeat(51) } }),
		);
		expect(error.message).toBe(
			'The idempotency key is 51 characters long; Feishu accepts at most 50',
		);
		expect(await h.requests()).toHaveLength(0);
	});
});

describe('Chat → Create: the fields only the SDK types', () => {
	beforeEach(async () => h.reset());

	it('sends chat_mode, external, labels, toolkit_ids, chat_tags and pin_manage_setting; the chat keeps them', async () => {
		const [owner] = h.activeUsers();
		const { item } = await h.run(
			create({
				name: 'Partner Room',
				additionalFields: {
					chatMode: 'group',
					chatTags: 'partner, vip',
					external: true,
					labels: ['launch', 'q3'],
					ownerId: owner,
					pinManageSetting: 'only_owner',
					toolkitIds: '7331234567890123456',
				},
			}),
		);

		const [request] = await h.requests();
		expect(request.body).toEqual({
			name: 'Partner Room',
			chat_type: 'private',
			owner_id: owner,
			chat_mode: 'group',
			chat_tags: ['partner', 'vip'],
			external: true,
			labels: ['launch', 'q3'],
			pin_manage_setting: 'only_owner',
			toolkit_ids: ['7331234567890123456'],
		});

		// Read back through the node: Feishu's Get answers with what the chat keeps.
		const chatId = item.json.chat_id as string;
		const { item: got } = await h.run({
			resource: 'chat',
			operation: 'get',
			chatId: { __rl: true, mode: 'id', value: chatId },
			simplify: false,
		});
		expect(got.json).toMatchObject({
			chat_mode: 'group',
			external: true,
			labels: ['launch', 'q3'],
			pin_manage_setting: 'only_owner',
			toolkit_ids: ['7331234567890123456'],
		});
	});

	it('sends nothing for the new fields when they are not added (saved workflows keep their request)', async () => {
		await h.run(create({ name: 'Plain Room' }));
		const [request] = await h.requests();
		expect(request.body).toEqual({ name: 'Plain Room', chat_type: 'private' });
	});

	it('refuses an external chat that is public or has no user owner, before calling Feishu', async () => {
		const publicOne = await h.runError(
			create({
				name: 'Open Partners',
				chatType: 'public',
				additionalFields: { external: true, ownerId: h.activeUsers()[0] },
			}),
		);
		expect(publicOne.error.message).toBe('An external chat cannot be public');
		const ownerless = await h.runError(
			create({ name: 'Partners', additionalFields: { external: true } }),
		);
		expect(ownerless.error.message).toBe('An external chat needs a user as owner');
		expect(await h.requests()).toHaveLength(0);
	});
});
