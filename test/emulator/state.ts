/** In-memory model of one Feishu tenant: users, bots, chats and everything hanging off a chat. */
import type { DocxTree } from './docx/tree';
import { NumericIds } from './ids';

export interface User {
	open_id: string;
	union_id: string;
	user_id: string;
	name: string;
	en_name: string;
	resigned: boolean;
	tenant_key: string;
}

export interface Bot {
	app_id: string;
	name: string;
	open_id: string;
	union_id: string;
}

/** Who acts or who owns: a user (by open_id) or a bot (by app_id). */
export type Principal = { kind: 'user'; id: string } | { kind: 'bot'; id: string };

export interface I18nNames {
	zh_cn?: string;
	en_us?: string;
	ja_jp?: string;
}

export interface RestrictedMode {
	status: boolean;
	screenshot_has_permission_setting: string;
	download_has_permission_setting: string;
	message_has_permission_setting: string;
}

export interface ChatSettings {
	add_member_permission: string;
	share_card_permission: string;
	at_all_permission: string;
	edit_permission: string;
	join_message_visibility: string;
	leave_message_visibility: string;
	membership_approval: string;
	urgent_setting: string;
	video_conference_setting: string;
	hide_member_count_setting: string;
	pin_manage_setting: string;
	restricted_mode_setting: RestrictedMode;
	labels?: string[];
	toolkit_ids?: string[];
}

export interface Tab {
	tab_id: string;
	tab_name?: string;
	tab_type: string;
	tab_content?: Record<string, string>;
	tab_config?: { icon_key?: string; is_built_in?: boolean };
}

export interface MenuItem {
	action_type: string;
	redirect_link?: Record<string, string>;
	image_key?: string;
	name: string;
	i18n_names?: I18nNames;
}

export interface MenuSecond {
	chat_menu_second_level_id: string;
	chat_menu_item: MenuItem;
}

export interface MenuTop {
	chat_menu_top_level_id: string;
	chat_menu_item: MenuItem;
	children: MenuSecond[];
}

/** `doc` = legacy announcement (chats made before 2025-05-27), `docx` = upgraded (every newer chat). */
export type AnnouncementType = 'doc' | 'docx';

export interface Announcement {
	/** Which API family works: legacy GET/PATCH (doc) or the docx block endpoints (docx). */
	type: AnnouncementType;
	/** Legacy doc content (we keep it as an object and serialise on GET). */
	doc: { title: string; blocks: unknown[]; requests: unknown[] };
	/** Legacy `revision` / docx `revision_id` of whichever format the chat has. */
	revision: number;
	createTime: number;
	updateTime: number;
	owner: Principal;
	modifier: Principal;
	/** The docx block tree (root block id = chat_id); serialises as the pre-order block list. */
	blocks: DocxTree;
}

export interface Chat {
	chat_id: string;
	name: string;
	description: string;
	avatarKey: string;
	i18n_names: I18nNames;
	chat_mode: 'group' | 'p2p' | 'topic';
	chat_type: 'private' | 'public';
	group_message_type: 'chat' | 'thread';
	external: boolean;
	tenant_key: string;
	owner: Principal;
	/** App id of the bot that created the chat (operate_as_owner rule). */
	creatorAppId?: string;
	/** open_id -> join time (ms); Map keeps join order for member pagination. */
	users: Map<string, number>;
	/** app_id -> join time (ms). */
	bots: Map<string, number>;
	managers: Set<string>;
	botManagers: Set<string>;
	settings: ChatSettings;
	moderation: { setting: string; moderators: Set<string> };
	topNotice?: { action_type: string; message_id?: string };
	announcement: Announcement;
	tabs: Tab[];
	menu: MenuTop[];
	status: 'normal' | 'dissolved';
	createdAt: number;
	activeAt: number;
	/** Chats above the default 5000 members (big fixtures) get their own limit. */
	memberLimit: number;
	/** Who may manage tabs/menus/widgets (not exposed by the API; fixture-only). */
	tabMenuManage: 'all_members' | 'only_owner';
}

export const DEFAULT_SETTINGS = (): ChatSettings => ({
	add_member_permission: 'all_members',
	share_card_permission: 'allowed',
	at_all_permission: 'all_members',
	edit_permission: 'all_members',
	join_message_visibility: 'all_members',
	leave_message_visibility: 'all_members',
	membership_approval: 'no_approval_required',
	urgent_setting: 'all_members',
	video_conference_setting: 'all_members',
	hide_member_count_setting: 'all_members',
	pin_manage_setting: 'all_members',
	restricted_mode_setting: {
		status: false,
		screenshot_has_permission_setting: 'all_members',
		download_has_permission_setting: 'all_members',
		message_has_permission_setting: 'all_members',
	},
});

export class Store {
	tenantKey = '';
	users: User[] = [];
	byOpenId = new Map<string, User>();
	byUnionId = new Map<string, User>();
	byUserId = new Map<string, User>();
	bots = new Map<string, Bot>();
	chats = new Map<string, Chat>();
	/** uuid(+owner) -> chat id and creation time, for 10 h create idempotency. */
	uuids = new Map<string, { chatId: string; at: number }>();
	numericIds = new NumericIds();

	clear(): void {
		this.users = [];
		this.byOpenId.clear();
		this.byUnionId.clear();
		this.byUserId.clear();
		this.bots.clear();
		this.chats.clear();
		this.uuids.clear();
		this.numericIds.reset();
	}

	addUser(u: User): void {
		this.users.push(u);
		this.byOpenId.set(u.open_id, u);
		this.byUnionId.set(u.union_id, u);
		this.byUserId.set(u.user_id, u);
	}

	/** Resolves a user id of the given type (open_id/union_id/user_id). */
	findUser(id: string, type: string): User | undefined {
		if (type === 'union_id') return this.byUnionId.get(id);
		if (type === 'user_id') return this.byUserId.get(id);
		return this.byOpenId.get(id);
	}

	userIdOf(u: User, type: string): string {
		if (type === 'union_id') return u.union_id;
		if (type === 'user_id') return u.user_id;
		return u.open_id;
	}
}

export const isMember = (chat: Chat, p: Principal): boolean =>
	p.kind === 'user' ? chat.users.has(p.id) : chat.bots.has(p.id);

export const samePrincipal = (a: Principal, b: Principal): boolean =>
	a.kind === b.kind && a.id === b.id;

export const isOwner = (chat: Chat, p: Principal): boolean => samePrincipal(chat.owner, p);

export const isManager = (chat: Chat, p: Principal): boolean =>
	p.kind === 'user' ? chat.managers.has(p.id) : chat.botManagers.has(p.id);

export const isAdmin = (chat: Chat, p: Principal): boolean =>
	isOwner(chat, p) || isManager(chat, p);
