/**
 * Where each request field of our 30 Feishu endpoints is set in the node: the SDK method, the node
 * operation, and per SDK field path (see sdk-request-fields.ts) the parameter path in the operation's
 * description. A path descends through collections (option name) and fixedCollections (group name,
 * then value name), e.g. `additionalFields.i18nNames.names.zh_cn`.
 */

export type FieldMapping =
	/** The parameter the user sets; its type must suit the SDK field (a dropdown for an enum). */
	| string
	/** The node computes the field from this parameter (the why says how). */
	| { param: string; derived: string }
	/** A dropdown whose values the node translates to Feishu's. */
	| { param: string; values: Record<string, string> }
	/** Feishu's own rules leave nothing to set (the why cites them). */
	| { notSettable: string };

export interface EndpointMapping {
	/** `client.im.v1.<resource>.<method>` in the official SDK. */
	sdk: { resource: string; method: string };
	node: { resource: string; operation: string };
	fields: Record<string, FieldMapping>;
}

/** Pagination is the node's job (Return All / Limit), never a parameter. */
export const PAGINATION_FIELDS = ['query.page_size', 'query.page_token'];

const endpoint = (
	sdk: string,
	node: string,
	fields: Record<string, FieldMapping> = {},
): EndpointMapping => {
	const [sdkResource, method] = sdk.split('.');
	const [resource, operation] = node.split('.');
	return { sdk: { resource: sdkResource, method }, node: { resource, operation }, fields };
};

const i18n = (prefix: string, key: string, to: (lang: string) => string) =>
	Object.fromEntries(
		['zh_cn', 'en_us', 'ja_jp'].map((lang) => [`${prefix}.${key}.${lang}`, to(lang)]),
	);

const restricted = (prefix: string, collection: string) =>
	Object.fromEntries(
		[
			'status',
			'screenshot_has_permission_setting',
			'download_has_permission_setting',
			'message_has_permission_setting',
		].map((key) => [
			`${prefix}.restricted_mode_setting.${key}`,
			`${collection}.restrictedMode.settings.${key}`,
		]),
	);

/** Fields Create and Update share, under their collection. */
const sharedChatSettings = (collection: string): Record<string, string> => ({
	'body.avatar': `${collection}.avatar`,
	'body.description': `${collection}.description`,
	...i18n('body', 'i18n_names', (lang) => `${collection}.i18nNames.names.${lang}`),
	'body.join_message_visibility': `${collection}.joinMessageVisibility`,
	'body.leave_message_visibility': `${collection}.leaveMessageVisibility`,
	'body.membership_approval': `${collection}.membershipApproval`,
	...restricted('body', collection),
	'body.group_message_type': `${collection}.groupMessageType`,
	'body.urgent_setting': `${collection}.urgentSetting`,
	'body.video_conference_setting': `${collection}.videoConferenceSetting`,
	'body.edit_permission': `${collection}.editPermission`,
	'body.hide_member_count_setting': `${collection}.hideMemberCountSetting`,
});

/** A menu item's fields as the Create form rows and Update Item fields hold them. */
function menuItem(
	prefix: string,
	row: string,
	extras: string,
	actionType: FieldMapping,
): Record<string, FieldMapping> {
	return {
		[`${prefix}.action_type`]: actionType,
		[`${prefix}.redirect_link.common_url`]: `${row}.link`,
		[`${prefix}.redirect_link.ios_url`]: `${extras}.iosUrl`,
		[`${prefix}.redirect_link.android_url`]: `${extras}.androidUrl`,
		[`${prefix}.redirect_link.pc_url`]: `${extras}.pcUrl`,
		[`${prefix}.redirect_link.web_url`]: `${extras}.webUrl`,
		[`${prefix}.image_key`]: `${extras}.iconKey`,
		[`${prefix}.name`]: `${row}.name`,
		[`${prefix}.i18n_names.zh_cn`]: `${extras}.nameZhCn`,
		[`${prefix}.i18n_names.en_us`]: `${extras}.nameEnUs`,
		[`${prefix}.i18n_names.ja_jp`]: `${extras}.nameJaJp`,
	};
}

const TOP = 'body.menu_tree.chat_menu_top_levels';
const readOnlyTabContent = {
	notSettable:
		'meeting_minute and task tabs are read-only: Feishu creates and updates only url and doc tabs (rest-api.md §7, error 232049)',
};

export const ENDPOINTS: EndpointMapping[] = [
	endpoint('chat.create', 'chat.create', {
		'query.user_id_type': 'userIdType',
		'query.set_bot_manager': 'additionalFields.setBotManager',
		'query.uuid': 'additionalFields.idempotencyKey',
		...sharedChatSettings('additionalFields'),
		'body.name': 'name',
		'body.owner_id': 'additionalFields.ownerId',
		'body.user_id_list': 'userIds',
		'body.bot_id_list': 'additionalFields.botIds',
		'body.chat_type': 'chatType',
		'body.chat_mode': 'additionalFields.chatMode',
		'body.external': 'additionalFields.external',
		'body.labels': 'additionalFields.labels',
		'body.toolkit_ids': 'additionalFields.toolkitIds',
		'body.chat_tags': 'additionalFields.chatTags',
		'body.pin_manage_setting': 'additionalFields.pinManageSetting',
	}),
	endpoint('chat.get', 'chat.get', { 'query.user_id_type': 'userIdType' }),
	endpoint('chat.list', 'chat.getAll', {
		'query.user_id_type': 'userIdType',
		'query.sort_type': 'sortType',
		'query.types': 'options.types',
	}),
	endpoint('chat.search', 'chat.search', {
		'query.user_id_type': 'userIdType',
		'query.query': 'query',
	}),
	endpoint('chatModeration.get', 'chat.getModeration', { 'query.user_id_type': 'userIdType' }),
	endpoint('chat.link', 'chat.getShareLink', { 'body.validity_period': 'validityPeriod' }),
	endpoint('chat.update', 'chat.update', {
		'query.user_id_type': 'userIdType',
		...sharedChatSettings('updateFields'),
		'body.name': 'updateFields.name',
		'body.add_member_permission': 'updateFields.addMemberPermission',
		'body.share_card_permission': 'updateFields.shareCardPermission',
		'body.at_all_permission': 'updateFields.atAllPermission',
		'body.owner_id': 'updateFields.ownerId',
		'body.chat_type': 'updateFields.chatType',
		'body.labels': 'updateFields.labels',
		'body.toolkit_ids': 'updateFields.toolkitIds',
		'body.pin_manage_setting': 'updateFields.pinManageSetting',
	}),
	endpoint('chatModeration.update', 'chat.updateModeration', {
		'query.user_id_type': 'userIdType',
		'body.moderation_setting': 'moderationSetting',
		'body.moderator_added_list': 'moderatorsToAdd',
		'body.moderator_removed_list': 'moderatorsToRemove',
	}),
	endpoint('chatTopNotice.putTopNotice', 'chat.pinTopNotice', {
		'body.chat_top_notice.action_type': {
			param: 'pinType',
			values: { message: '1', announcement: '2' },
		},
		'body.chat_top_notice.message_id': 'messageId',
	}),
	endpoint('chatTopNotice.deleteTopNotice', 'chat.removeTopNotice'),
	endpoint('chat.delete', 'chat.disband'),
	endpoint('chatManagers.addManagers', 'member.addManagers', {
		'query.member_id_type': 'memberIdType',
		'body.manager_ids': 'managerIds',
	}),
	endpoint('chatManagers.deleteManagers', 'member.removeManagers', {
		'query.member_id_type': 'memberIdType',
		'body.manager_ids': 'managerIds',
	}),
	endpoint('chatMembers.create', 'member.add', {
		'query.member_id_type': 'memberIdType',
		'query.succeed_type': 'options.succeedType',
		'body.id_list': 'memberIds',
	}),
	endpoint('chatMembers.delete', 'member.remove', {
		'query.member_id_type': 'memberIdType',
		'body.id_list': 'memberIds',
	}),
	endpoint('chatMembers.meJoin', 'member.join'),
	endpoint('chatMembers.get', 'member.getAll', {
		'query.member_id_type': 'memberIdType',
		'query.check_security_conf': 'options.checkSecurityConf',
	}),
	endpoint('chatMembers.isInChat', 'member.isInChat'),
	endpoint('chatAnnouncement.patch', 'announcement.update', {
		'body.revision': 'revision',
		'body.requests': {
			param: 'edits',
			derived: 'each edit row becomes one of Feishu’s JSON-encoded requests',
		},
	}),
	endpoint('chatAnnouncement.get', 'announcement.get', { 'query.user_id_type': 'userIdType' }),
	endpoint('chatTab.create', 'tab.create', {
		'body.chat_tabs.tab_name': 'tabs.tab.name',
		'body.chat_tabs.tab_type': 'tabs.tab.type',
		'body.chat_tabs.tab_content.url': {
			param: 'tabs.tab.link',
			derived: 'the link of a URL tab',
		},
		'body.chat_tabs.tab_content.doc': {
			param: 'tabs.tab.link',
			derived: 'the link of a Document tab',
		},
		'body.chat_tabs.tab_content.meeting_minute': readOnlyTabContent,
		'body.chat_tabs.tab_content.task': readOnlyTabContent,
		'body.chat_tabs.tab_config.icon_key': 'tabs.tab.iconKey',
		'body.chat_tabs.tab_config.is_built_in': 'tabs.tab.isBuiltIn',
	}),
	endpoint('chatTab.updateTabs', 'tab.update', {
		'body.chat_tabs.tab_id': 'tabUpdates.tab.tabId',
		'body.chat_tabs.tab_name': 'tabUpdates.tab.name',
		'body.chat_tabs.tab_type': {
			param: 'tabUpdates.tab.tabId',
			derived: 'Feishu cannot change a tab’s type; the node sends the chosen tab’s current one',
		},
		'body.chat_tabs.tab_content.url': {
			param: 'tabUpdates.tab.link',
			derived: 'the new link of a URL tab',
		},
		'body.chat_tabs.tab_content.doc': {
			param: 'tabUpdates.tab.link',
			derived: 'the new link of a Document tab',
		},
		'body.chat_tabs.tab_content.meeting_minute': readOnlyTabContent,
		'body.chat_tabs.tab_content.task': readOnlyTabContent,
		'body.chat_tabs.tab_config.icon_key': 'tabUpdates.tab.iconKey',
		'body.chat_tabs.tab_config.is_built_in': 'tabUpdates.tab.openEmbedded',
	}),
	endpoint('chatTab.sortTabs', 'tab.sort', { 'body.tab_ids': 'tabIds' }),
	endpoint('chatTab.listTabs', 'tab.getAll'),
	endpoint('chatTab.deleteTabs', 'tab.delete', { 'body.tab_ids': 'tabIds' }),
	endpoint('chatMenuTree.create', 'menu.create', {
		...menuItem(
			`${TOP}.chat_menu_item`,
			'menuItems.item',
			'menuItems.item.additionalFields',
			'menuItems.item.actionType',
		),
		...menuItem(
			`${TOP}.children.chat_menu_item`,
			'menuItems.item.subItems.item',
			'menuItems.item.subItems.item.additionalFields',
			{
				param: 'menuItems.item.subItems',
				derived:
					'a sub-item always opens its link (REDIRECT_LINK): NONE means "opens sub-items", which only a top-level item has',
			},
		),
	}),
	endpoint('chatMenuItem.patch', 'menu.updateItem', {
		'body.update_fields': {
			param: 'updateFields',
			derived: 'the parts filled in under Update Fields (ICON, NAME, I18N_NAME, REDIRECT_LINK)',
		},
		...menuItem('body.chat_menu_item', 'updateFields', 'updateFields', {
			notSettable:
				'an item’s action type is fixed at creation: update_fields has no value for it (rest-api.md §8.2)',
		}),
	}),
	endpoint('chatMenuTree.sort', 'menu.sort', { 'body.chat_menu_top_level_ids': 'topLevelIds' }),
	endpoint('chatMenuTree.get', 'menu.get'),
	endpoint('chatMenuTree.delete', 'menu.delete', {
		'body.chat_menu_top_level_ids': 'topLevelIds',
	}),
];
