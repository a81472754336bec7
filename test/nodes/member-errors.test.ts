/**
 * Member resource error paths: the exact message and description a user sees, that nothing else
 * was sent, and Continue On Fail items with paired items.
 */
import { APP_ID, numberedItems, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const member = chatOperation('member');
const u = (i: number) => h.users[i];

describe('Feishu errors shown to the user', () => {
	it('232011: the bot is not in the chat', async () => {
		const chatId = h.chatId('Secret Board');
		const { error, requests } = await h.runError(
			member('add', chatId, { memberIds: u(20).open_id }),
		);
		expect(error.message).toBe('Feishu error 232011: Operator can NOT be out of the chat.');
		expect(error.description).toContain(
			"The bot (or the user behind the token) is not a member of this chat. Add the app's bot to the chat first, or use Member → Join for a public chat.",
		);
		expect(error.description).toContain(`Request: POST /open-apis/im/v1/chats/${chatId}/members`);
		expect(error.description).toMatch(/Log ID: \S+/);
		expect(requests).toHaveLength(1);
		expect((await h.chatState(chatId)).users).not.toContain(u(20).open_id);
	});

	it('232038: only the owner may add managers', async () => {
		const chatId = h.chatId('Engineering'); // owned by a user; the bot is a plain member
		const { error } = await h.runError(member('addManagers', chatId, { managerIds: u(2).open_id }));
		expect(error.message).toBe(
			'Feishu error 232038: The operator is not chat owner, no permission to complete the request.',
		);
		expect(error.description).toContain(
			"Only the chat owner may add or remove managers. Transfer ownership to the bot, or use the owner's user token.",
		);
		expect((await h.chatState(chatId)).managers).toEqual([u(1).open_id]);
	});

	it('232038 also for Remove Managers', async () => {
		const { error } = await h.runError(
			member('removeManagers', h.chatId('Engineering'), { managerIds: u(1).open_id }),
		);
		expect(error.message).toMatch(/^Feishu error 232038: /);
	});

	it('232076: the owner cannot be removed', async () => {
		await h.reset({
			chats: [
				{
					name: 'Managed By Bot',
					owner: h.users[0].open_id,
					members: h.users.slice(0, 5).map((x) => x.open_id),
					bots: [APP_ID],
					botManagers: [APP_ID],
				},
			],
		});
		const chatId = h.chatId('Managed By Bot');
		const { error } = await h.runError(
			member('remove', chatId, { memberIds: [u(0).open_id, u(1).open_id] }),
		);
		expect(error.message).toBe("Feishu error 232076: Can't kick chat owner.");
		expect(error.description).toContain(
			'The chat owner cannot be removed. Transfer ownership first.',
		);
		expect((await h.chatState(chatId)).users).toContain(u(1).open_id);
	});

	it('232008: Join only works for public chats', async () => {
		const chatId = h.chatId('Secret Board');
		const { error, requests } = await h.runError(member('join', chatId));
		expect(error.message).toBe(
			'Feishu error 232008: Your request specifies a chat whose type is NOT supported currently.',
		);
		expect(error.description).toContain('Join only works for public chats');
		expect(requests[0]).toMatchObject({
			method: 'PATCH',
			path: `/open-apis/im/v1/chats/${chatId}/members/me_join`,
		});
		expect((await h.chatState(chatId)).bots).not.toContain(APP_ID);
	});

	it('232017: adding is limited to owner and managers in this chat', async () => {
		const { error } = await h.runError(
			member('add', h.chatId('All Hands'), { memberIds: u(38).open_id }),
		);
		expect(error.message).toMatch(/^Feishu error 232017: /);
		expect(error.description).toContain('Only the chat owner');
	});

	it('232014: a plain member cannot remove others', async () => {
		const { error } = await h.runError(
			member('remove', h.chatId('Engineering'), { memberIds: u(5).open_id }),
		);
		expect(error.message).toMatch(/^Feishu error 232014: /);
		expect(error.description).toContain('removing others needs the owner or a manager');
	});

	it('99992351: unknown open ids fail the call with the default succeed_type', async () => {
		const unknown = 'ou_ffffffffffffffffffffffffffffffff';
		const { error } = await h.runError(
			member('add', h.chatId('Product Launch'), { memberIds: unknown }),
		);
		expect(error.message).toBe(`Feishu error 99992351: these open ids not existed: [${unknown}]`);
		expect(error.description).toContain('open_ids are per app');
	});

	it('232043: succeed_type 2 refuses the whole list when one id is unusable', async () => {
		const chatId = h.chatId('Product Launch');
		const { error } = await h.runError(
			member('add', chatId, {
				memberIds: [u(30).open_id, u(37).open_id],
				options: { succeedType: 2 },
			}),
		);
		expect(error.message).toMatch(/^Feishu error 232043: /);
		expect((await h.chatState(chatId)).users).not.toContain(u(30).open_id);
	});

	it('refuses an empty id list before calling Feishu', async () => {
		const { error, requests } = await h.runError(
			member('add', h.chatId('Product Launch'), { memberIds: ' , \n' }),
		);
		expect(error.message).toBe('No member IDs given');
		expect(error.description).toContain('Enter at least one user ID');
		expect(requests).toHaveLength(0);
	});
});

describe('Continue On Fail', () => {
	it('Add: the failing item becomes an error item, the others still run, paired items set', async () => {
		const chats = [h.chatId('Product Launch'), h.chatId('Secret Board'), h.chatId('Engineering')];
		const { items } = await h.run(
			(i) => member('add', chats[i], { memberIds: u(30 + i).open_id }),
			{ items: numberedItems(3), continueOnFail: true },
		);
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ chat_id: chats[0], invalid_id_list: [] });
		expect(items[1].json).toMatchObject({
			error: 'Feishu error 232011: Operator can NOT be out of the chat.',
			code: 232011,
			msg: 'Operator can NOT be out of the chat.',
			logId: expect.any(String),
		});
		expect(items[1].json.description).toContain('not a member of this chat');
		expect(items[2].json).toMatchObject({ chat_id: chats[2] });
		expect((await h.chatState(chats[2])).users).toContain(u(32).open_id);
	});

	it('Get Many: members of the good chat paired to item 0, the error paired to item 1', async () => {
		const chats = [h.chatId('Engineering'), h.chatId('Secret Board')];
		const { items } = await h.run((i) => member('getAll', chats[i], { returnAll: true }), {
			items: numberedItems(2),
			continueOnFail: true,
		});
		expect(items).toHaveLength(13);
		expect(
			items.slice(0, 12).every((item) => (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		expect(items[12]).toMatchObject({ pairedItem: { item: 1 }, json: { code: 232011 } });
	});
});
