/**
 * Member operations acting as a user (OAuth2 user_access_token): Is In Chat and Join check the
 * identity behind the token, and an owner's user token can manage managers where the bot cannot.
 */
import { APP_ID, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const member = chatOperation('member');
const asUser = (operation: string, chatId: string, extra: Record<string, unknown> = {}) =>
	member(operation, chatId, { authentication: 'userToken', ...extra });

it('Is In Chat and Join use the identity of the user token', async () => {
	const chatId = h.chatId('Open Lounge'); // public; members u5..u9; the bot is not in it
	const user = h.users[30];
	await h.useUserToken(user.open_id);

	const before = await h.run(asUser('isInChat', chatId));
	expect(before.json).toEqual([{ chat_id: chatId, is_in_chat: false }]);
	expect(before.requests[0].token?.kind).toBe('user');

	const joined = await h.run(asUser('join', chatId));
	expect(joined.requests[0]).toMatchObject({
		method: 'PATCH',
		path: `/open-apis/im/v1/chats/${chatId}/members/me_join`,
	});
	expect(joined.requests[0].token?.kind).toBe('user');
	expect(joined.json).toEqual([{ chat_id: chatId, success: true }]);

	const state = await h.chatState(chatId);
	expect(state.users).toContain(user.open_id);
	expect(state.bots).not.toContain(APP_ID); // the user joined, not the bot
	expect((await h.run(asUser('isInChat', chatId))).json[0].is_in_chat).toBe(true);
});

it("the owner's user token may add managers where the bot gets 232038", async () => {
	const chatId = h.chatId('Engineering'); // owner u0, manager u1
	await h.useUserToken(h.users[0].open_id);
	const { json, requests } = await h.run(
		asUser('addManagers', chatId, { managerIds: h.users[2].open_id }),
	);
	expect(requests[0].token?.kind).toBe('user');
	expect(json[0]).toMatchObject({ chat_managers: [h.users[1].open_id, h.users[2].open_id] });
	expect((await h.chatState(chatId)).managers).toEqual([h.users[1].open_id, h.users[2].open_id]);
});

it("Chat → Update accepts a user token (Feishu's API page lists both token types)", async () => {
	const chatId = h.chatId('Engineering'); // owner u0
	await h.useUserToken(h.users[0].open_id);
	const { json, requests } = await h.run({
		resource: 'chat',
		operation: 'update',
		authentication: 'userToken',
		chatId: { __rl: true, mode: 'id', value: chatId },
		updateFields: { description: 'Renamed by its owner' },
	});
	expect(requests[0]).toMatchObject({ method: 'PUT', path: `/open-apis/im/v1/chats/${chatId}` });
	expect(requests[0].token?.kind).toBe('user');
	expect(json[0]).toMatchObject({ chat_id: chatId });
	expect((await h.chatState(chatId)).description).toBe('Renamed by its owner');
});
