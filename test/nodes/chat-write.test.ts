/** Chat writes against the emulator: Update, Update Moderation, Pin/Remove Top Notice, Disband. */
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { byId } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness({ resetEach: false });

const chat = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'chat',
	operation,
	...extra,
});

/** Product Launch is owned and was created by the bot; Engineering is owned by a user (bot is a plain member). */
const launch = () => h.chatId('Product Launch');
const engineering = () => h.chatId('Engineering');

describe('Chat → Update', () => {
	beforeEach(async () => h.reset());

	it('PUT /chats/:id with every Update Field under its Feishu name; state changes', async () => {
		const chatId = launch();
		const { item } = await h.run(
			chat('update', {
				chatId: byId(chatId),
				updateFields: {
					addMemberPermission: 'only_owner',
					atAllPermission: 'only_owner',
					avatar: 'default-avatar_new',
					chatType: 'public',
					description: 'Now public',
					editPermission: 'only_owner',
					groupMessageType: 'thread',
					hideMemberCountSetting: 'only_owner',
					i18nNames: { names: { zh_cn: '发布会', en_us: 'Launch Event' } },
					joinMessageVisibility: 'not_anyone',
					leaveMessageVisibility: 'only_owner',
					membershipApproval: 'approval_required',
					name: 'Launch Event',
					restrictedMode: {
						settings: {
							status: true,
							screenshot_has_permission_setting: 'not_anyone',
							download_has_permission_setting: 'not_anyone',
							message_has_permission_setting: 'all_members',
						},
					},
					urgentSetting: 'only_owner',
					videoConferenceSetting: 'only_owner',
				},
			}),
		);

		const requests = await h.requests();
		expect(requests).toHaveLength(1);
		const [request] = requests;
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}`);
		expect(request.query).toEqual({ user_id_type: 'open_id' });
		const expectedBody = {
			add_member_permission: 'only_owner',
			// Filled in by the node: Feishu wants the pair.
			share_card_permission: 'not_allowed',
			at_all_permission: 'only_owner',
			avatar: 'default-avatar_new',
			chat_type: 'public',
			description: 'Now public',
			edit_permission: 'only_owner',
			group_message_type: 'thread',
			hide_member_count_setting: 'only_owner',
			i18n_names: { zh_cn: '发布会', en_us: 'Launch Event' },
			join_message_visibility: 'not_anyone',
			leave_message_visibility: 'only_owner',
			membership_approval: 'approval_required',
			name: 'Launch Event',
			restricted_mode_setting: {
				status: true,
				screenshot_has_permission_setting: 'not_anyone',
				download_has_permission_setting: 'not_anyone',
				message_has_permission_setting: 'all_members',
			},
			urgent_setting: 'only_owner',
			video_conference_setting: 'only_owner',
		};
		expect(request.body).toEqual(expectedBody);
		expect(item.json).toEqual({ chat_id: chatId, success: true, updated: expectedBody });

		const state = await h.chatState(chatId);
		expect(state).toMatchObject({
			name: 'Launch Event',
			description: 'Now public',
			chat_type: 'public',
			group_message_type: 'thread',
			avatarKey: 'default-avatar_new',
			i18n_names: { zh_cn: '发布会', en_us: 'Launch Event' },
		});
		expect(state.settings).toMatchObject({
			add_member_permission: 'only_owner',
			share_card_permission: 'not_allowed',
			at_all_permission: 'only_owner',
			edit_permission: 'only_owner',
			membership_approval: 'approval_required',
			restricted_mode_setting: { status: true, message_has_permission_setting: 'all_members' },
		});
	});

	it('fills in Add Member Permission from Share Card Permission', async () => {
		await h.run(
			chat('update', { chatId: byId(launch()), updateFields: { shareCardPermission: 'allowed' } }),
		);
		const [request] = await h.requests();
		expect(request.body).toEqual({
			share_card_permission: 'allowed',
			add_member_permission: 'all_members',
		});
	});

	it('refuses a mismatched permission pair before calling Feishu', async () => {
		const { error } = await h.runError(
			chat('update', {
				chatId: byId(launch()),
				updateFields: { addMemberPermission: 'only_owner', shareCardPermission: 'allowed' },
			}),
		);
		expect(error.message).toBe(
			'Add Member Permission "only_owner" does not match Share Card Permission "allowed"',
		);
		expect(error.description).toContain('Set just one of them');
		expect(await h.requests()).toHaveLength(0);
	});

	it('localized names from JSON override the structured editor', async () => {
		await h.run(
			chat('update', {
				chatId: byId(launch()),
				updateFields: {
					i18nNames: { names: { zh_cn: '旧', en_us: 'Old' } },
					i18nNamesJson: { en_us: 'New', ja_jp: '新しい' },
				},
			}),
		);
		const [request] = await h.requests();
		expect(request.body).toEqual({ i18n_names: { zh_cn: '旧', en_us: 'New', ja_jp: '新しい' } });
	});

	it('transfers ownership to a member', async () => {
		const chatId = launch();
		const newOwner = h.users[2];
		const { item } = await h.run(
			chat('update', {
				chatId: byId(chatId),
				userIdType: 'user_id',
				updateFields: { ownerId: newOwner.user_id },
			}),
		);
		const [request] = await h.requests();
		expect(request.query).toEqual({ user_id_type: 'user_id' });
		expect(request.body).toEqual({ owner_id: newOwner.user_id });
		expect(item.json).toEqual({
			chat_id: chatId,
			success: true,
			updated: { owner_id: newOwner.user_id },
		});
		const state = await h.chatState(chatId);
		expect(state.owner).toEqual({ kind: 'user', id: newOwner.open_id });
	});

	it("names Feishu's error when the new owner is not in the chat (232012)", async () => {
		const outsider = h.users[30].open_id;
		const { error } = await h.runError(
			chat('update', { chatId: byId(launch()), updateFields: { ownerId: outsider } }),
		);
		expect(error.message).toBe('Feishu error 232012: New chat owner can NOT be out of the chat.');
		expect(error.description).toContain('The new owner must already be a member of the chat.');
	});

	it('refuses an empty update before calling Feishu', async () => {
		const { error } = await h.runError(
			chat('update', { chatId: byId(launch()), updateFields: {} }),
		);
		expect(error.message).toBe('Nothing to update');
		expect(await h.requests()).toHaveLength(0);
	});

	it('continues on fail: bot not in chat (232011) next to a good item', async () => {
		const ids = [h.chatId('Secret Board'), launch()];
		const { items: output } = await h.run(
			(i) => chat('update', { chatId: byId(ids[i]), updateFields: { description: `Item ${i}` } }),
			{ items: [{ json: {} }, { json: {} }], continueOnFail: true },
		);
		expect(output[0].json).toMatchObject({
			error: 'Feishu error 232011: Operator can NOT be out of the chat.',
			code: 232011,
		});
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[1].json).toEqual({
			chat_id: ids[1],
			success: true,
			updated: { description: 'Item 1' },
		});
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect((await h.chatState(ids[1])).description).toBe('Item 1');
	});
});

describe('Chat → Update Moderation', () => {
	beforeEach(async () => h.reset());

	it('PUT /chats/:id/moderation: moderator list with moderators added, then one removed', async () => {
		const chatId = launch();
		const [a, b] = [h.users[2].open_id, h.users[3].open_id];
		const { item } = await h.run(
			chat('updateModeration', {
				chatId: byId(chatId),
				moderationSetting: 'moderator_list',
				moderatorsToAdd: `${a}, ${b}`,
			}),
		);
		let [request] = await h.requests();
		expect(request.method).toBe('PUT');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}/moderation`);
		expect(request.query).toEqual({ user_id_type: 'open_id' });
		expect(request.body).toEqual({
			moderation_setting: 'moderator_list',
			moderator_added_list: [a, b],
		});
		expect(item.json).toEqual({
			chat_id: chatId,
			success: true,
			moderation_setting: 'moderator_list',
			moderator_added_list: [a, b],
			moderator_removed_list: [],
		});
		expect((await h.chatState(chatId)).moderation).toEqual({
			setting: 'moderator_list',
			moderators: [a, b],
		});

		await h.mark();
		await h.run(
			chat('updateModeration', {
				chatId: byId(chatId),
				moderationSetting: 'moderator_list',
				moderatorsToRemove: [b],
			}),
		);
		[request] = await h.requests();
		expect(request.body).toEqual({
			moderation_setting: 'moderator_list',
			moderator_removed_list: [b],
		});
		expect((await h.chatState(chatId)).moderation).toEqual({
			setting: 'moderator_list',
			moderators: [a],
		});
	});

	it('only the owner may speak; moderator lists are not sent for other settings', async () => {
		const chatId = launch();
		await h.run(
			chat('updateModeration', {
				chatId: byId(chatId),
				moderationSetting: 'only_owner',
				moderatorsToAdd: 'ou_ignored',
			}),
		);
		const [request] = await h.requests();
		expect(request.body).toEqual({ moderation_setting: 'only_owner' });
		expect((await h.chatState(chatId)).moderation.setting).toBe('only_owner');
	});

	it('splits more than 50 moderators into several calls', async () => {
		await h.reset({ users: Array.from({ length: 40 }, (_, i) => ({ name: `Member ${i}` })) });
		const members = h.activeUsers().slice(0, 70);
		await h.reset({
			users: Array.from({ length: 40 }, (_, i) => ({ name: `Member ${i}` })),
			chats: [{ name: 'Big Room', members }],
		});
		const chatId = h.chatId('Big Room');
		await h.run(
			chat('updateModeration', {
				chatId: byId(chatId),
				moderationSetting: 'moderator_list',
				moderatorsToAdd: members,
			}),
		);
		const requests = await h.requests();
		expect(requests.map((r) => r.body.moderator_added_list.length)).toEqual([50, 20]);
		expect(requests.every((r) => r.body.moderation_setting === 'moderator_list')).toBe(true);
		expect((await h.chatState(chatId)).moderation.moderators).toHaveLength(70);
	});

	it('refuses overlapping lists before calling Feishu', async () => {
		const id = h.users[2].open_id;
		const { error } = await h.runError(
			chat('updateModeration', {
				chatId: byId(launch()),
				moderationSetting: 'moderator_list',
				moderatorsToAdd: id,
				moderatorsToRemove: id,
			}),
		);
		expect(error.message).toBe(`These IDs are both added and removed as moderators: ${id}`);
		expect(await h.requests()).toHaveLength(0);
	});

	it("names Feishu's error when the bot is not the owner (232017)", async () => {
		const { error } = await h.runError(
			chat('updateModeration', { chatId: byId(engineering()), moderationSetting: 'only_owner' }),
		);
		expect(error.message).toBe(
			'Feishu error 232017: No Permission: If the operator is NOT owner or creator with the scope, the operator can NOT complete the request.',
		);
		expect(error.description).toContain('Only the chat owner (or the bot that created the chat');
		expect((await h.chatState(engineering())).moderation.setting).toBe('all_members');
	});
});

describe('Chat → Pin / Remove Top Notice', () => {
	beforeEach(async () => h.reset());

	it('pins the announcement', async () => {
		const chatId = launch();
		const { item } = await h.run(chat('pinTopNotice', { chatId: byId(chatId) }));
		const [request] = await h.requests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}/top_notice/put_top_notice`);
		expect(request.body).toEqual({ chat_top_notice: [{ action_type: '2' }] });
		expect(item.json).toEqual({ chat_id: chatId, success: true, pinned: 'announcement' });
		expect((await h.chatState(chatId)).topNotice).toEqual({ action_type: '2' });
	});

	it('pins a message, then removes the top notice', async () => {
		const chatId = launch();
		const messageId = 'om_dc13264520392913993dd051dba21dcf';
		const { item: pinned } = await h.run(
			chat('pinTopNotice', { chatId: byId(chatId), pinType: 'message', messageId }),
		);
		let [request] = await h.requests();
		expect(request.body).toEqual({
			chat_top_notice: [{ action_type: '1', message_id: messageId }],
		});
		expect(pinned.json).toEqual({
			chat_id: chatId,
			success: true,
			pinned: 'message',
			message_id: messageId,
		});
		expect((await h.chatState(chatId)).topNotice).toEqual({
			action_type: '1',
			message_id: messageId,
		});

		await h.mark();
		const { item: removed } = await h.run(chat('removeTopNotice', { chatId: byId(chatId) }));
		[request] = await h.requests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}/top_notice/delete_top_notice`);
		expect(request.body ?? undefined).toBeUndefined();
		expect(removed.json).toEqual({ chat_id: chatId, success: true });
		expect((await h.chatState(chatId)).topNotice).toBeUndefined();
	});

	it("names Feishu's error when the bot is not in the chat (232011)", async () => {
		const secret = h.chatId('Secret Board');
		for (const operation of ['pinTopNotice', 'removeTopNotice']) {
			const { error } = await h.runError(chat(operation, { chatId: byId(secret) }));
			expect(error.message).toBe('Feishu error 232011: Operator can NOT be out of the chat.');
		}
	});
});

describe('Chat → Disband', () => {
	beforeEach(async () => h.reset());

	it('DELETE /chats/:id dissolves the chat', async () => {
		const chatId = launch();
		const { item } = await h.run(chat('disband', { chatId: byId(chatId) }));
		const [request] = await h.requests();
		expect(request.method).toBe('DELETE');
		expect(request.path).toBe(`/open-apis/im/v1/chats/${chatId}`);
		expect(item.json).toEqual({ chat_id: chatId, success: true });
		expect((await h.chatState(chatId)).status).toBe('dissolved');
	});

	it("names Feishu's errors: not owner (232017), already dissolved (232009)", async () => {
		let { error } = await h.runError(chat('disband', { chatId: byId(engineering()) }));
		expect(error.message).toMatch(/^Feishu error 232017: /);
		expect((await h.chatState(engineering())).status).toBe('normal');

		await h.run(chat('disband', { chatId: byId(launch()) }));
		({ error } = await h.runError(chat('disband', { chatId: byId(launch()) })));
		expect(error.message).toMatch(/^Feishu error 232009: /);
		expect(error.description).toContain('The chat has been disbanded.');
	});

	it('continues on fail over several chats', async () => {
		const ids = [engineering(), launch()];
		const { items: output } = await h.run((i) => chat('disband', { chatId: byId(ids[i]) }), {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(output.map((item) => item.json.code ?? 'ok')).toEqual([232017, 'ok']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('Chat → Update: the fields only the SDK types', () => {
	beforeEach(async () => h.reset());

	it('sends labels, toolkit_ids and pin_manage_setting; an emptied list clears the labels', async () => {
		const chatId = launch();
		await h.run(
			chat('update', {
				chatId: byId(chatId),
				updateFields: {
					labels: 'launch, q3',
					pinManageSetting: 'only_owner',
					toolkitIds: ['7331234567890123456', '7331234567890123457'],
				},
			}),
		);
		const [request] = await h.requests();
		expect(request.body).toEqual({
			labels: ['launch', 'q3'],
			pin_manage_setting: 'only_owner',
			toolkit_ids: ['7331234567890123456', '7331234567890123457'],
		});
		expect((await h.chatState(chatId)).settings).toMatchObject({
			labels: ['launch', 'q3'],
			pin_manage_setting: 'only_owner',
			toolkit_ids: ['7331234567890123456', '7331234567890123457'],
		});

		await h.mark();
		await h.run(chat('update', { chatId: byId(chatId), updateFields: { labels: '' } }));
		const [clearing] = await h.requests();
		expect(clearing.body).toEqual({ labels: [] });
		expect((await h.chatState(chatId)).settings).toMatchObject({ labels: [] });
	});
});
