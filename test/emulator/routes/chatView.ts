/** Response shapes of a chat: create/get (full), list/search items, and the ChatChange used by events. */
import type { Call } from '../api';
import { principalIdObj } from '../events/envelopes';
import type { Chat } from '../state';
import { principalOut, userOut } from './common';

export const avatarUrl = (key: string) =>
	`https://s1-imfile.feishucdn.com/static-resource/v1/${key}~?image_size=72x72&cut_type=&quality=&format=png&sticker_format=.webp`;

function ownerFields(c: Call, chat: Chat, type: string): Record<string, string> {
	// Bot owners are omitted from responses (rest-api.md §9.4 item 25).
	if (chat.owner.kind !== 'user') return {};
	return { owner_id_type: type, owner_id: principalOut(c, chat.owner, type) };
}

function settingsFields(chat: Chat): Record<string, unknown> {
	const s = chat.settings;
	return {
		add_member_permission: s.add_member_permission,
		share_card_permission: s.share_card_permission,
		at_all_permission: s.at_all_permission,
		edit_permission: s.edit_permission,
	};
}

/** POST /chats response. */
export function createView(c: Call, chat: Chat, type: string): Record<string, unknown> {
	const s = chat.settings;
	return {
		chat_id: chat.chat_id,
		avatar: avatarUrl(chat.avatarKey),
		name: chat.name,
		description: chat.description,
		i18n_names: { ...chat.i18n_names },
		...ownerFields(c, chat, type),
		urgent_setting: s.urgent_setting,
		video_conference_setting: s.video_conference_setting,
		...settingsFields(chat),
		group_message_type: chat.group_message_type,
		chat_mode: chat.chat_mode,
		chat_type: chat.chat_type,
		chat_tag: 'inner',
		external: chat.external,
		tenant_key: chat.tenant_key,
		join_message_visibility: s.join_message_visibility,
		leave_message_visibility: s.leave_message_visibility,
		membership_approval: s.membership_approval,
		moderation_permission: chat.moderation.setting,
		restricted_mode_setting: { ...s.restricted_mode_setting },
		hide_member_count_setting: s.hide_member_count_setting,
		pin_manage_setting: s.pin_manage_setting,
		...(s.labels ? { labels: [...s.labels] } : {}),
		...(s.toolkit_ids ? { toolkit_ids: [...s.toolkit_ids] } : {}),
	};
}

/** GET /chats/:chat_id response (no chat_id; counts as strings). */
export function getView(c: Call, chat: Chat, type: string): Record<string, unknown> {
	const s = chat.settings;
	const counts = { user_count: String(chat.users.size), bot_count: String(chat.bots.size) };
	const base: Record<string, unknown> = {
		avatar: avatarUrl(chat.avatarKey),
		...(chat.name ? { name: chat.name } : {}),
		description: chat.description,
		i18n_names: { ...chat.i18n_names },
	};
	if (chat.chat_mode === 'p2p') {
		return {
			...base,
			chat_mode: 'p2p',
			external: chat.external,
			tenant_key: chat.tenant_key,
			...counts,
			chat_status: chat.status,
		};
	}
	return {
		...base,
		...settingsFields(chat),
		...ownerFields(c, chat, type),
		user_manager_id_list: [...chat.managers].map((id) => userOut(c, id, type)),
		bot_manager_id_list: [...chat.botManagers],
		group_message_type: chat.group_message_type,
		chat_mode: chat.chat_mode,
		chat_type: chat.chat_type,
		chat_tag: 'inner',
		join_message_visibility: s.join_message_visibility,
		leave_message_visibility: s.leave_message_visibility,
		membership_approval: s.membership_approval,
		moderation_permission: chat.moderation.setting,
		external: chat.external,
		tenant_key: chat.tenant_key,
		...counts,
		restricted_mode_setting: { ...s.restricted_mode_setting },
		urgent_setting: s.urgent_setting,
		video_conference_setting: s.video_conference_setting,
		hide_member_count_setting: s.hide_member_count_setting,
		pin_manage_setting: s.pin_manage_setting,
		chat_status: chat.status,
		...(s.labels ? { labels: [...s.labels] } : {}),
		...(s.toolkit_ids ? { toolkit_ids: [...s.toolkit_ids] } : {}),
	};
}

/** What a non-member sees (doc usage note): name, avatar, counts, status. */
export function outsiderView(chat: Chat): Record<string, unknown> {
	return {
		avatar: avatarUrl(chat.avatarKey),
		...(chat.name ? { name: chat.name } : {}),
		i18n_names: { ...chat.i18n_names },
		user_count: String(chat.users.size),
		bot_count: String(chat.bots.size),
		chat_status: chat.status,
	};
}

export function listItem(c: Call, chat: Chat, type: string): Record<string, unknown> {
	return {
		chat_id: chat.chat_id,
		avatar: avatarUrl(chat.avatarKey),
		name: chat.name,
		description: chat.description,
		...ownerFields(c, chat, type),
		external: chat.external,
		tenant_key: chat.tenant_key,
		chat_status: chat.status,
		...(chat.settings.labels ? { labels: [...chat.settings.labels] } : {}),
	};
}

/** Snapshot of the ChatChange fields (im.chat.updated_v1) to diff before/after an update. */
export function chatChange(c: Call, chat: Chat): Record<string, unknown> {
	const s = chat.settings;
	return {
		avatar: chat.avatarKey,
		name: chat.name,
		description: chat.description,
		i18n_names: { ...chat.i18n_names },
		add_member_permission: s.add_member_permission,
		share_card_permission: s.share_card_permission,
		at_all_permission: s.at_all_permission,
		edit_permission: s.edit_permission,
		membership_approval: s.membership_approval,
		join_message_visibility: s.join_message_visibility,
		leave_message_visibility: s.leave_message_visibility,
		moderation_permission: chat.moderation.setting,
		owner_id: principalIdObj(c.emu.envCtx(), chat.owner),
		restricted_mode_setting: { ...s.restricted_mode_setting },
		group_message_type: chat.group_message_type,
		...(s.labels ? { labels: [...s.labels] } : {}),
	};
}

/** Keeps only the keys whose values differ. */
export function diff(
	before: Record<string, unknown>,
	after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
	const b: Record<string, unknown> = {};
	const a: Record<string, unknown> = {};
	for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
		if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
			if (k in before) b[k] = before[k];
			if (k in after) a[k] = after[k];
		}
	}
	return { before: b, after: a };
}
