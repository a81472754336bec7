import {
	envelopeInfo,
	eventOptions,
	FEISHU_EVENTS,
	normaliseEvent,
} from '../../nodes/FeishuGroupTrigger/events';
import { SAMPLES, sample } from './trigger-fixtures';

describe('trigger events: catalogue', () => {
	it('lists the 9 events once, p2p_chat_create as the only 1.0 event', () => {
		expect(FEISHU_EVENTS).toHaveLength(9);
		expect(new Set(FEISHU_EVENTS.map((e) => e.value)).size).toBe(9);
		expect(FEISHU_EVENTS.filter((e) => e.version === '1.0').map((e) => e.value)).toEqual([
			'p2p_chat_create',
		]);
		expect(Object.keys(SAMPLES).sort()).toEqual(FEISHU_EVENTS.map((e) => e.value).sort());
	});

	it('offers All Events first, then the rest sorted by name', () => {
		expect(eventOptions[0].value).toBe('*');
		const names = eventOptions.slice(1).map((o) => o.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});

describe('trigger events: normalisation of every sample', () => {
	it.each(Object.keys(SAMPLES))('%s', (type) => {
		const envelope = sample(type);
		const item = normaliseEvent(envelope, true);
		expect(item.eventType).toBe(type);
		expect(item.eventId).toMatch(/^[0-9a-f]{32}$/);
		expect(item.eventTime).toMatch(/^20\d\d-\d\d-\d\dT/);
		expect(item.chatId).toMatch(/^oc_/);
		expect(item.appId).toBe('cli_a1b2c3d4e5f60718');
		expect(item.tenantKey).toBe('1a2b3c4d5e6f7a8b');
		expect(item.raw).toEqual(envelope);
		expect(item.operator).toEqual(
			expect.objectContaining({ openId: expect.stringMatching(/^ou_/) }),
		);
		expect(normaliseEvent(envelope, false)).not.toHaveProperty('raw');
	});

	it('chat disbanded: name, i18n names, operator with tenant', () => {
		const item = normaliseEvent(sample('im.chat.disbanded_v1'), false);
		expect(item).toMatchObject({
			eventTime: '2024-06-10T06:13:20.123Z',
			eventVersion: '2.0',
			chatName: 'Release war-room',
			chatI18nNames: { zh_cn: '发布作战室' },
			external: false,
			operator: {
				openId: 'ou_7d8a6e6df7621556ce0d21922b676706',
				unionId: 'on_94a1ee5551019f18cd73d9f111898cf2',
				userId: 'e33ggbyz',
				tenantKey: '1a2b3c4d5e6f7a8b',
			},
		});
	});

	it('chat updated: before/after and the changed keys, moderators', () => {
		const item = normaliseEvent(sample('im.chat.updated_v1'), false);
		const changes = item.changes as {
			before: { name: string };
			after: { name: string };
			changedKeys: string[];
		};
		expect(changes.before.name).toBe('Release war-room');
		expect(changes.after.name).toBe('Release war-room (v2)');
		expect(changes.changedKeys).toEqual([
			'i18n_names',
			'moderation_permission',
			'name',
			'owner_id',
			'restricted_mode_setting',
		]);
		expect(item.moderators).toEqual({
			added: [
				{
					name: null,
					tenantKey: '1a2b3c4d5e6f7a8b',
					openId: 'ou_1f2e3d4c5b6a79880f1e2d3c4b5a6978',
					unionId: 'on_2b0b7e1a4f9c4d3e8a6b5c4d3e2f1a0b',
					userId: 'a1b2c3d4',
				},
			],
			removed: [],
		});
	});

	it('bot removed: the bot is this app, user_id null stays null', () => {
		const item = normaliseEvent(sample('im.chat.member.bot.deleted_v1'), false);
		expect(item.bots).toEqual([{ appId: 'cli_a1b2c3d4e5f60718' }]);
		expect(item.external).toBe(true);
		expect(item.operator).toMatchObject({ userId: null, tenantKey: '9f8e7d6c5b4a3f2e' });
	});

	it('users added: every user with ids and name', () => {
		const item = normaliseEvent(sample('im.chat.member.user.added_v1'), false);
		expect(item.users).toEqual([
			{
				name: 'Li Lei',
				tenantKey: '1a2b3c4d5e6f7a8b',
				openId: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
				unionId: 'on_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f',
				userId: '4gbc9d2e',
			},
			expect.objectContaining({ name: 'Han Meimei', userId: '7h2k5m9p' }),
		]);
	});

	it('p2p chat created (1.0): uuid, ts seconds, operator and user without union id', () => {
		const item = normaliseEvent(sample('p2p_chat_create'), false);
		expect(item).toMatchObject({
			eventVersion: '1.0',
			eventId: 'f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b',
			eventTime: '2024-06-10T06:25:00.123Z',
			chatId: 'oc_6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e',
			operator: {
				openId: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
				unionId: null,
				userId: '4gbc9d2e',
			},
			users: [
				{
					name: 'Li Lei',
					openId: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
					unionId: null,
					userId: '4gbc9d2e',
				},
			],
		});
	});

	it('bot p2p chat entered: last message id and time', () => {
		const item = normaliseEvent(sample('im.chat.access_event.bot_p2p_chat_entered_v1'), false);
		expect(item).toMatchObject({
			lastMessageId: 'om_dc13264520392913993dd051dba21dcf',
			lastMessageTime: '2024-06-10T06:26:35.111Z',
		});
		expect(item.chatName).toBeNull();
	});

	it('survives empty and odd envelopes', () => {
		expect(normaliseEvent({ schema: '2.0' }, false)).toMatchObject({
			eventType: null,
			chatId: null,
		});
		expect(
			normaliseEvent(
				{
					schema: '2.0',
					header: { event_type: 'im.chat.updated_v1', create_time: 'x' },
					event: { users: 'no' },
				},
				false,
			),
		).toMatchObject({ eventTime: null, changes: { before: {}, after: {}, changedKeys: [] } });
		expect(
			normaliseEvent({ schema: '2.0', header: { create_time: '1603977298000000' } }, false)
				.eventTime,
		).toBe('2020-10-29T13:14:58.000Z');
		expect(envelopeInfo({ foo: 1 })).toBeUndefined();
		expect(envelopeInfo({ schema: '2.0', header: {} })).toBeUndefined();
	});
});
