/** The sample envelopes of events.md §4 (one per event type), verification token v3rIfIcAt10nT0kenExampleXyZ12345. */
import type { IDataObject } from 'n8n-workflow';

export const SAMPLE_TOKEN = 'v3rIfIcAt10nT0kenExampleXyZ12345';
export const SAMPLE_APP_ID = 'cli_a1b2c3d4e5f60718';

export const SAMPLES: Record<string, IDataObject> = {
	'im.chat.disbanded_v1': {
		schema: '2.0',
		header: {
			event_id: '0f4d2b8c1a7e4f3b9c6d5e4f3a2b1c0d',
			event_type: 'im.chat.disbanded_v1',
			create_time: '1718000000123',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			operator_id: {
				union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
				user_id: 'e33ggbyz',
				open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
			},
			external: false,
			operator_tenant_key: '1a2b3c4d5e6f7a8b',
			name: 'Release war-room',
			i18n_names: {
				zh_cn: '发布作战室',
				en_us: 'Release war-room',
				ja_jp: 'リリース対策室',
			},
		},
	},
	p2p_chat_create: {
		ts: '1718000700.1234567',
		uuid: 'f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b',
		token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
		type: 'event_callback',
		event: {
			app_id: 'cli_a1b2c3d4e5f60718',
			chat_id: 'oc_6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e',
			operator: {
				open_id: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
				user_id: '4gbc9d2e',
			},
			tenant_key: '1a2b3c4d5e6f7a8b',
			type: 'p2p_chat_create',
			user: {
				name: 'Li Lei',
				open_id: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
				user_id: '4gbc9d2e',
			},
		},
	},
	'im.chat.updated_v1': {
		schema: '2.0',
		header: {
			event_id: '6b1e0c9a2f3d4e5f8a7b6c5d4e3f2a1b',
			event_type: 'im.chat.updated_v1',
			create_time: '1718000100456',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			operator_id: {
				union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
				user_id: 'e33ggbyz',
				open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
			},
			external: false,
			operator_tenant_key: '1a2b3c4d5e6f7a8b',
			after_change: {
				name: 'Release war-room (v2)',
				i18n_names: {
					zh_cn: '发布作战室 v2',
					en_us: 'Release war-room (v2)',
					ja_jp: 'リリース対策室 v2',
				},
				moderation_permission: 'only_owner',
				owner_id: {
					union_id: 'on_2b0b7e1a4f9c4d3e8a6b5c4d3e2f1a0b',
					user_id: 'a1b2c3d4',
					open_id: 'ou_1f2e3d4c5b6a79880f1e2d3c4b5a6978',
				},
				restricted_mode_setting: {
					status: true,
					screenshot_has_permission_setting: 'not_anyone',
					download_has_permission_setting: 'all_members',
					message_has_permission_setting: 'not_anyone',
				},
				group_message_type: 'chat',
			},
			before_change: {
				name: 'Release war-room',
				i18n_names: {
					zh_cn: '发布作战室',
					en_us: 'Release war-room',
					ja_jp: 'リリース対策室',
				},
				moderation_permission: 'all_members',
				owner_id: {
					union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
					user_id: 'e33ggbyz',
					open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
				},
				restricted_mode_setting: {
					status: false,
					screenshot_has_permission_setting: 'all_members',
					download_has_permission_setting: 'all_members',
					message_has_permission_setting: 'all_members',
				},
				group_message_type: 'chat',
			},
			moderator_list: {
				added_member_list: [
					{
						tenant_key: '1a2b3c4d5e6f7a8b',
						user_id: {
							union_id: 'on_2b0b7e1a4f9c4d3e8a6b5c4d3e2f1a0b',
							user_id: 'a1b2c3d4',
							open_id: 'ou_1f2e3d4c5b6a79880f1e2d3c4b5a6978',
						},
					},
				],
				removed_member_list: [],
			},
		},
	},
	'im.chat.member.bot.added_v1': {
		schema: '2.0',
		header: {
			event_id: 'a9c8b7d6e5f4a3b2c1d0e9f8a7b6c5d4',
			event_type: 'im.chat.member.bot.added_v1',
			create_time: '1718000200789',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_0e3c7f5a8b9d4c2e1f6a7b8c9d0e1f2a',
			operator_id: {
				union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
				user_id: 'e33ggbyz',
				open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
			},
			external: false,
			operator_tenant_key: '1a2b3c4d5e6f7a8b',
			name: 'Ops alerts',
			i18n_names: {
				zh_cn: '运维告警',
				en_us: 'Ops alerts',
				ja_jp: '運用アラート',
			},
		},
	},
	'im.chat.member.bot.deleted_v1': {
		schema: '2.0',
		header: {
			event_id: 'b1c2d3e4f5a60718293a4b5c6d7e8f90',
			event_type: 'im.chat.member.bot.deleted_v1',
			create_time: '1718000300012',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_0e3c7f5a8b9d4c2e1f6a7b8c9d0e1f2a',
			operator_id: {
				union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
				user_id: null,
				open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
			},
			external: true,
			operator_tenant_key: '9f8e7d6c5b4a3f2e',
			name: 'Partner sync',
			i18n_names: {
				zh_cn: '合作伙伴同步',
				en_us: 'Partner sync',
				ja_jp: '',
			},
		},
	},
	'im.chat.member.user.added_v1': {
		schema: '2.0',
		header: {
			event_id: 'c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8',
			event_type: 'im.chat.member.user.added_v1',
			create_time: '1718000400345',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			operator_id: {
				union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
				user_id: 'e33ggbyz',
				open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
			},
			external: false,
			operator_tenant_key: '1a2b3c4d5e6f7a8b',
			users: [
				{
					name: 'Li Lei',
					tenant_key: '1a2b3c4d5e6f7a8b',
					user_id: {
						union_id: 'on_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f',
						user_id: '4gbc9d2e',
						open_id: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
					},
				},
				{
					name: 'Han Meimei',
					tenant_key: '1a2b3c4d5e6f7a8b',
					user_id: {
						union_id: 'on_4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90',
						user_id: '7h2k5m9p',
						open_id: 'ou_9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c',
					},
				},
			],
			name: 'Release war-room',
			i18n_names: {
				zh_cn: '发布作战室',
				en_us: 'Release war-room',
				ja_jp: 'リリース対策室',
			},
		},
	},
	'im.chat.member.user.deleted_v1': {
		schema: '2.0',
		header: {
			event_id: 'd4e5f6a7b8c9d0e1f2a3b4c5d6e7f809',
			event_type: 'im.chat.member.user.deleted_v1',
			create_time: '1718000500678',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			operator_id: {
				union_id: 'on_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f',
				user_id: '4gbc9d2e',
				open_id: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
			},
			external: false,
			operator_tenant_key: '1a2b3c4d5e6f7a8b',
			users: [
				{
					name: 'Li Lei',
					tenant_key: '1a2b3c4d5e6f7a8b',
					user_id: {
						union_id: 'on_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f',
						user_id: '4gbc9d2e',
						open_id: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
					},
				},
			],
			name: 'Release war-room',
			i18n_names: {
				zh_cn: '发布作战室',
				en_us: 'Release war-room',
				ja_jp: 'リリース対策室',
			},
		},
	},
	'im.chat.member.user.withdrawn_v1': {
		schema: '2.0',
		header: {
			event_id: 'e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a',
			event_type: 'im.chat.member.user.withdrawn_v1',
			create_time: '1718000600901',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_5ad11d72b830411d72b836c20bab3f1f',
			operator_id: {
				union_id: 'on_94a1ee5551019f18cd73d9f111898cf2',
				user_id: 'e33ggbyz',
				open_id: 'ou_7d8a6e6df7621556ce0d21922b676706',
			},
			external: false,
			operator_tenant_key: '1a2b3c4d5e6f7a8b',
			users: [
				{
					name: 'Han Meimei',
					tenant_key: '1a2b3c4d5e6f7a8b',
					user_id: {
						union_id: 'on_4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f90',
						user_id: '7h2k5m9p',
						open_id: 'ou_9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c',
					},
				},
			],
			name: 'Release war-room',
			i18n_names: {
				zh_cn: '发布作战室',
				en_us: 'Release war-room',
				ja_jp: 'リリース対策室',
			},
		},
	},
	'im.chat.access_event.bot_p2p_chat_entered_v1': {
		schema: '2.0',
		header: {
			event_id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
			event_type: 'im.chat.access_event.bot_p2p_chat_entered_v1',
			create_time: '1718000800234',
			token: 'v3rIfIcAt10nT0kenExampleXyZ12345',
			app_id: 'cli_a1b2c3d4e5f60718',
			tenant_key: '1a2b3c4d5e6f7a8b',
		},
		event: {
			chat_id: 'oc_6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e',
			operator_id: {
				union_id: 'on_3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f',
				user_id: '4gbc9d2e',
				open_id: 'ou_8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b',
			},
			last_message_id: 'om_dc13264520392913993dd051dba21dcf',
			last_message_create_time: '1718000795111',
		},
	},
};

/** A deep copy of a sample with a fresh event id / uuid. */
export function sample(type: string, eventId?: string): IDataObject {
	const copy = JSON.parse(JSON.stringify(SAMPLES[type])) as IDataObject;
	if (eventId) {
		if (copy.header) (copy.header as IDataObject).event_id = eventId;
		else copy.uuid = eventId;
	}
	return copy;
}
