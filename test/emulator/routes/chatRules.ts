/** Validation of chat settings shared by create and update (enums, coupling rules, public-name rules). */
import { ApiError } from '../errors';
import type { Chat, RestrictedMode } from '../state';
import { invalidParam, oneOf } from './common';

const OWNER_ALL = ['only_owner', 'all_members'];
export const ENUMS: Record<string, string[]> = {
	chat_type: ['private', 'public'],
	group_message_type: ['chat', 'thread'],
	join_message_visibility: ['only_owner', 'all_members', 'not_anyone'],
	leave_message_visibility: ['only_owner', 'all_members', 'not_anyone'],
	membership_approval: ['no_approval_required', 'approval_required'],
	add_member_permission: OWNER_ALL,
	share_card_permission: ['allowed', 'not_allowed'],
	at_all_permission: OWNER_ALL,
	edit_permission: OWNER_ALL,
	urgent_setting: OWNER_ALL,
	video_conference_setting: OWNER_ALL,
	hide_member_count_setting: ['all_members', 'only_owner'],
	pin_manage_setting: OWNER_ALL,
};

/** Settings stored in chat.settings (the rest of ENUMS live on the chat itself). */
export const SETTING_KEYS = [
	'join_message_visibility',
	'leave_message_visibility',
	'membership_approval',
	'add_member_permission',
	'share_card_permission',
	'at_all_permission',
	'edit_permission',
	'urgent_setting',
	'video_conference_setting',
	'hide_member_count_setting',
	'pin_manage_setting',
] as const;

export function validateEnums(body: Record<string, unknown>): void {
	for (const [k, values] of Object.entries(ENUMS)) oneOf(body[k], k, values);
	if (body.add_member_permission !== undefined && body.share_card_permission !== undefined) {
		const ok =
			(body.add_member_permission === 'only_owner' &&
				body.share_card_permission === 'not_allowed') ||
			(body.add_member_permission === 'all_members' && body.share_card_permission === 'allowed');
		if (!ok)
			throw invalidParam(
				'share_card_permission',
				body.share_card_permission,
				'add_member_permission and share_card_permission must match',
			);
	}
}

export function validateRestricted(
	v: unknown,
	current: RestrictedMode,
): RestrictedMode | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'object' || Array.isArray(v))
		throw invalidParam('restricted_mode_setting', v, 'must be an object', 99992402);
	const o = v as Record<string, unknown>;
	const next: RestrictedMode = { ...current };
	if (o.status !== undefined) {
		if (typeof o.status !== 'boolean')
			throw invalidParam('restricted_mode_setting.status', o.status, 'must be a boolean', 99992402);
		next.status = o.status;
	}
	for (const k of [
		'screenshot_has_permission_setting',
		'download_has_permission_setting',
		'message_has_permission_setting',
	] as const) {
		const s = oneOf(o[k], `restricted_mode_setting.${k}`, ['all_members', 'not_anyone']);
		if (s) next[k] = s;
	}
	const vals = [
		next.screenshot_has_permission_setting,
		next.download_has_permission_setting,
		next.message_has_permission_setting,
	];
	if (next.status && vals.every((x) => x === 'all_members'))
		throw invalidParam('restricted_mode_setting', v, 'status=true needs at least one not_anyone');
	if (!next.status && vals.some((x) => x === 'not_anyone'))
		throw invalidParam('restricted_mode_setting', v, 'status=false allows no not_anyone');
	return next;
}

export function validatePublicName(chatType: string, name: string | undefined): void {
	if (chatType !== 'public') return;
	if (!name) throw new ApiError(232042);
	if ([...name].length < 2) throw new ApiError(232020);
}

export function validateI18n(v: unknown): Chat['i18n_names'] | undefined {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'object' || Array.isArray(v))
		throw invalidParam('i18n_names', v, 'must be an object', 99992402);
	const out: Chat['i18n_names'] = {};
	for (const k of ['zh_cn', 'en_us', 'ja_jp'] as const) {
		const s = (v as Record<string, unknown>)[k];
		if (s === undefined) continue;
		if (typeof s !== 'string')
			throw invalidParam(`i18n_names.${k}`, s, 'must be a string', 99992402);
		out[k] = s;
	}
	return out;
}
