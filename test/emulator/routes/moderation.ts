/** Moderation (who may speak) get/update and the top notice (pin) put/delete. */
import type { ApiSpec, Call } from '../api';
import { ApiError } from '../errors';
import { updatedEvent, userIdObj } from '../events/envelopes';
import { page, pageParams } from '../pagination';
import { isAdmin } from '../state';
import {
	invalidParam,
	memberChat,
	oneOf,
	ownerOrCreator,
	raiseIfBotIn,
	resolveUser,
	strArray,
	touch,
	userIdType,
	userOut,
} from './common';

function getModeration(c: Call): unknown {
	const type = userIdType(c);
	const chat = memberChat(c);
	const { size, offset } = pageParams(c.req.query, 'moderation', chat.chat_id);
	const ids = chat.moderation.setting === 'moderator_list' ? [...chat.moderation.moderators] : [];
	const p = page(ids, size, offset, 'moderation', chat.chat_id);
	return {
		moderation_setting: chat.moderation.setting,
		...(p.page_token ? { page_token: p.page_token } : {}),
		has_more: p.has_more,
		items: p.items.map((id) => ({
			user_id_type: type,
			user_id: userOut(c, id, type),
			tenant_key: chat.tenant_key,
		})),
	};
}

function updateModeration(c: Call): unknown {
	const type = userIdType(c, 'user_id_type', 232015);
	const chat = memberChat(c);
	if (!ownerOrCreator(c, chat)) throw new ApiError(232017);
	const setting = oneOf(c.body.moderation_setting, 'moderation_setting', [
		'all_members',
		'only_owner',
		'moderator_list',
	]);
	const added = strArray(c.body.moderator_added_list, 'moderator_added_list');
	const removed = strArray(c.body.moderator_removed_list, 'moderator_removed_list');
	if (added.some((id) => removed.includes(id)))
		throw invalidParam(
			'moderator_removed_list',
			removed,
			'added and removed lists must not overlap',
		);
	if (added.length > 50 || removed.length > 50)
		throw invalidParam('moderator_added_list', added.length, 'at most 50 ids per request');
	// Ids that are not members are silently filtered out (doc).
	const toOpen = (ids: string[]) =>
		ids
			.map((id) => resolveUser(c, id, type))
			.filter((u) => u && chat.users.has(u.open_id))
			.map((u) => u!.open_id);
	const before = chat.moderation.setting;
	if (setting) chat.moderation.setting = setting;
	const addedOpen = toOpen(added).filter((id) => !chat.moderation.moderators.has(id));
	const removedOpen = toOpen(removed).filter((id) => chat.moderation.moderators.has(id));
	for (const id of addedOpen) chat.moderation.moderators.add(id);
	for (const id of removedOpen) chat.moderation.moderators.delete(id);
	touch(c, chat);
	const ctx = c.emu.envCtx();
	const item = (id: string) => {
		const u = c.emu.store.byOpenId.get(id)!;
		return { tenant_key: u.tenant_key, user_id: userIdObj(ctx, u) };
	};
	if (before !== chat.moderation.setting || addedOpen.length || removedOpen.length) {
		const b = before !== chat.moderation.setting ? { moderation_permission: before } : {};
		const a =
			before !== chat.moderation.setting ? { moderation_permission: chat.moderation.setting } : {};
		const list = {
			added_member_list: addedOpen.map(item),
			removed_member_list: removedOpen.map(item),
		};
		raiseIfBotIn(c, chat, updatedEvent(ctx, chat, c.caller, b, a, list));
	}
	return {};
}

function canPin(c: Call, chat: ReturnType<typeof memberChat>): void {
	if (
		chat.settings.pin_manage_setting === 'only_owner' &&
		!isAdmin(chat, c.caller) &&
		!ownerOrCreator(c, chat)
	)
		throw new ApiError(232014);
}

function putTopNotice(c: Call): unknown {
	const chat = memberChat(c);
	canPin(c, chat);
	const list = c.body.chat_top_notice;
	if (!Array.isArray(list) || list.length === 0)
		throw invalidParam('chat_top_notice', list, 'chat_top_notice is required');
	const first = list[0] as Record<string, unknown>;
	const action = first?.action_type === undefined ? '2' : String(first.action_type);
	if (action !== '1' && action !== '2')
		throw invalidParam('chat_top_notice.action_type', action, 'action_type must be "1" or "2"');
	const messageId = typeof first.message_id === 'string' ? first.message_id : undefined;
	if (action === '1' && (!messageId || !messageId.startsWith('om_'))) {
		throw invalidParam(
			'chat_top_notice.message_id',
			messageId ?? '',
			'message_id (om_…) is required when action_type is "1"',
		);
	}
	chat.topNotice =
		action === '1' ? { action_type: '1', message_id: messageId } : { action_type: '2' };
	touch(c, chat);
	return {};
}

function deleteTopNotice(c: Call): unknown {
	const chat = memberChat(c);
	canPin(c, chat);
	chat.topNotice = undefined;
	touch(c, chat);
	return {};
}

const TOP = ['im:chat', 'im:chat.top_notice:write_only'];
export const moderationRoutes: ApiSpec[] = [
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id/moderation',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat.moderation:read', 'im:chat:readonly'],
		handler: getModeration,
	},
	{
		method: 'PUT',
		path: '/open-apis/im/v1/chats/:chat_id/moderation',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat:moderation:write_only'],
		handler: updateModeration,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/top_notice/put_top_notice',
		tokens: 'TU',
		scopes: TOP,
		handler: putTopNotice,
	},
	{
		method: 'POST',
		path: '/open-apis/im/v1/chats/:chat_id/top_notice/delete_top_notice',
		tokens: 'TU',
		scopes: TOP,
		handler: deleteTopNotice,
	},
];
