/**
 * Create's follow-up member batches with the transport stubbed: covers bot lists over Feishu's cap
 * of 5, which the emulator cannot (it knows only three other bots).
 */
import type { IDataObject } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import type { FeishuRequest } from '../../nodes/shared/transport';
import { CredentialStore, runNode } from '../helpers/n8nContext';

const calls: FeishuRequest[] = [];

jest.mock('../../nodes/shared/transport', () => {
	const actual = jest.requireActual('../../nodes/shared/transport');
	return {
		...actual,
		feishuApiRequest: jest.fn(async (request: FeishuRequest): Promise<IDataObject> => {
			calls.push(request);
			if (request.path === '/im/v1/chats') return { chat_id: 'oc_stub', name: 'Stub' };
			const ids = (request.body?.id_list as string[]) ?? [];
			// Pretend the last id of every batch could not be added.
			return {
				invalid_id_list: [ids[ids.length - 1]],
				not_existed_id_list: [],
				pending_approval_id_list: [],
			};
		}),
	};
});

const bots = Array.from({ length: 12 }, (_, i) => `cli_${String(i).padStart(16, '0')}`);
const users = Array.from({ length: 51 }, (_, i) => `ou_${String(i).padStart(32, '0')}`);

beforeEach(() => {
	calls.length = 0;
});

it('12 bots and 51 users: create with 5 bots and 50 users, then 1 user batch and 2 bot batches', async () => {
	const { output } = await runNode(new FeishuGroup(), {
		store: new CredentialStore(),
		parameters: {
			resource: 'chat',
			operation: 'create',
			name: 'Bots Galore',
			userIdType: 'union_id',
			userIds: users,
			additionalFields: { botIds: bots.join('\n') },
		},
	});

	expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
		'POST /im/v1/chats',
		'POST /im/v1/chats/oc_stub/members',
		'POST /im/v1/chats/oc_stub/members',
		'POST /im/v1/chats/oc_stub/members',
	]);
	expect(calls[0].body).toMatchObject({
		user_id_list: users.slice(0, 50),
		bot_id_list: bots.slice(0, 5),
	});
	expect(calls[0].idempotent).toBe(true);
	expect(
		calls.slice(1).map((c) => [c.qs?.member_id_type, c.qs?.succeed_type, c.body?.id_list]),
	).toEqual([
		['union_id', 1, users.slice(50)],
		['app_id', 1, bots.slice(5, 10)],
		['app_id', 1, bots.slice(10)],
	]);
	expect(output[0][0].json).toEqual({
		chat_id: 'oc_stub',
		name: 'Stub',
		invalid_id_list: [users[50], bots[9], bots[11]],
		not_existed_id_list: [],
		pending_approval_id_list: [],
	});
});

it('no follow-up calls when everything fits into the create call', async () => {
	await runNode(new FeishuGroup(), {
		store: new CredentialStore(),
		parameters: {
			resource: 'chat',
			operation: 'create',
			userIds: users.slice(0, 50),
			additionalFields: { botIds: bots.slice(0, 5) },
		},
	});
	expect(calls).toHaveLength(1);
});
