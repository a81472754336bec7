/** Deterministic seed data (same ids on every start and reset) plus optional fixtures. */
import { hex, shortId } from './ids';
import { newAnnouncement, seedDocxBlocks } from './docx/lifecycle';
import { AnnouncementType, Chat, DEFAULT_SETTINGS, Principal, Store, User } from './state';

export const TENANT_KEY = '736588c9260f175c';

const FIRST = ['Li', 'Han', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou'];
const GIVEN = ['Lei', 'Meimei', 'Fang', 'Wei', 'Min'];
/** 40 users: index i -> "First Given" with a unique combination. */
const USER_COUNT = 40;
/** Users who left the company (add-member reports them in invalid_id_list). */
export const RESIGNED_INDEXES = [37, 38];

export interface ChatFixture {
	chat_id?: string;
	name: string;
	description?: string;
	chat_type?: 'private' | 'public';
	chat_mode?: 'group' | 'p2p';
	/** open_id of the owning user, or an app id (cli_…) for a bot owner. Default: our bot. */
	owner?: string;
	/** Member open_ids (the owner is added automatically). */
	members?: string[];
	/** Bot app ids in the chat; default: our bot only. */
	bots?: string[];
	managers?: string[];
	botManagers?: string[];
	/** App id of the creating bot (for the im:chat:operate_as_owner rule). */
	creatorAppId?: string;
	settings?: Partial<Chat['settings']>;
	moderation?: { setting: string; moderators?: string[] };
	/**
	 * Announcement format: `docx` (default, like every chat created since 2025-05-27) or legacy `doc`.
	 * The older `docxAnnouncement` flag is still read when `announcement` is absent (false = doc).
	 */
	announcement?: AnnouncementType;
	docxAnnouncement?: boolean;
	/** Top-level docx blocks (create shape) to seed a docx announcement with (one revision). */
	announcementBlocks?: unknown[];
	tabMenuManage?: 'all_members' | 'only_owner';
	memberLimit?: number;
}

export interface Fixture {
	/** Extra users appended to the seeded 40. */
	users?: Array<Partial<User> & { name: string }>;
	/** Extra chats (replace the seeded chats when replaceChats is true). */
	chats?: ChatFixture[];
	replaceChats?: boolean;
	/** A chat with N synthetic members (and our bot), for pagination benchmarks. */
	bigChat?: { members: number; name?: string; chat_id?: string };
}

export function makeUser(seed: string, name: string, tenantKey: string, resigned = false): User {
	return {
		open_id: 'ou_' + hex('open:' + seed),
		union_id: 'on_' + hex('union:' + seed),
		user_id: shortId('uid:' + seed),
		name,
		en_name: name,
		resigned,
		tenant_key: tenantKey,
	};
}

export const OTHER_BOTS = [
	{ app_id: 'cli_a1b2c3d4e5f60001', name: 'Helper Bot' },
	{ app_id: 'cli_a1b2c3d4e5f60002', name: 'CI Bot' },
	{ app_id: 'cli_a1b2c3d4e5f60003', name: 'Survey Bot' },
];

export function seed(store: Store, appId: string, now: number, fixture: Fixture = {}): string[] {
	store.clear();
	store.tenantKey = TENANT_KEY;
	for (let i = 0; i < USER_COUNT; i++) {
		const name = `${FIRST[i % FIRST.length]} ${GIVEN[Math.floor(i / FIRST.length) % GIVEN.length]}`;
		store.addUser(makeUser('user' + i, name, TENANT_KEY, RESIGNED_INDEXES.includes(i)));
	}
	for (const [i, u] of (fixture.users ?? []).entries()) {
		const base = makeUser('fixture-user' + i, u.name, TENANT_KEY, !!u.resigned);
		store.addUser({ ...base, ...u, tenant_key: TENANT_KEY });
	}
	store.bots.set(appId, {
		app_id: appId,
		name: 'Emulator Bot',
		open_id: 'ou_' + hex('bot:' + appId),
		union_id: 'on_' + hex('botu:' + appId),
	});
	for (const b of OTHER_BOTS) {
		if (b.app_id === appId) continue;
		store.bots.set(b.app_id, {
			...b,
			open_id: 'ou_' + hex('bot:' + b.app_id),
			union_id: 'on_' + hex('botu:' + b.app_id),
		});
	}

	const u = (i: number) => store.users[i].open_id;
	const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => u(a + k));
	const active = store.users
		.slice(0, USER_COUNT)
		.filter((x) => !x.resigned)
		.map((x) => x.open_id);
	const [helper, ci, survey] = OTHER_BOTS.map((b) => b.app_id);

	const seeded: Array<ChatFixture & { key: string }> = [
		{
			key: 'engineering',
			name: 'Engineering',
			description: 'Engineering team chat',
			owner: u(0),
			members: range(0, 11),
			bots: [appId, helper],
			managers: [u(1)],
			announcement: 'doc',
		},
		{
			key: 'launch',
			name: 'Product Launch',
			description: 'Launch coordination',
			owner: appId,
			creatorAppId: appId,
			members: range(2, 7),
			bots: [appId],
			announcement: 'docx',
		},
		{
			key: 'public',
			name: 'Public Square',
			description: 'Anyone can join',
			chat_type: 'public',
			owner: u(2),
			members: range(2, 19),
			bots: [appId],
			announcement: 'docx',
		},
		{
			key: 'secret',
			name: 'Secret Board',
			description: 'The bot is not here',
			owner: u(3),
			members: range(3, 8),
			bots: [helper],
			announcement: 'doc',
		},
		{
			key: 'allhands',
			name: 'All Hands',
			description: 'Everyone',
			owner: u(0),
			members: active,
			bots: [appId, helper, ci],
			managers: [u(1), u(2)],
			settings: {
				edit_permission: 'only_owner',
				add_member_permission: 'only_owner',
				share_card_permission: 'not_allowed',
			},
			moderation: { setting: 'moderator_list', moderators: [u(0), u(1), u(2)] },
			tabMenuManage: 'only_owner',
			announcement: 'doc',
		},
		{
			key: 'ops',
			name: 'Ops Alerts',
			description: 'Alerts from CI',
			owner: appId,
			creatorAppId: appId,
			members: range(0, 4),
			bots: [appId, ci, survey],
			announcement: 'docx',
			announcementBlocks: opsAnnouncement(u(0)),
		},
		{
			key: 'lounge',
			name: 'Open Lounge',
			description: 'Public, bot not a member',
			chat_type: 'public',
			owner: u(5),
			members: range(5, 9),
			bots: [],
			announcement: 'doc',
		},
		{ key: 'p2p', name: '', chat_mode: 'p2p', owner: u(0), members: [u(0)], bots: [appId] },
	];
	const all: ChatFixture[] = fixture.replaceChats
		? []
		: seeded.map((c) => ({ ...c, chat_id: 'oc_' + hex('chat:' + c.key) }));
	all.push(...(fixture.chats ?? []));
	if (fixture.bigChat) {
		const n = Math.max(0, Math.floor(fixture.bigChat.members));
		const members: string[] = [];
		for (let i = 0; i < n; i++) {
			const user = makeUser('big' + i, `Member ${i}`, TENANT_KEY);
			store.addUser(user);
			members.push(user.open_id);
		}
		all.push({
			chat_id: fixture.bigChat.chat_id ?? 'oc_' + hex('chat:big'),
			name: fixture.bigChat.name ?? 'Big Chat',
			description: `${n} members`,
			owner: members[0] ?? appId,
			members,
			bots: [appId],
			memberLimit: Math.max(5000, n),
		});
	}
	const ids: string[] = [];
	all.forEach((c, i) => {
		const createdAt = now - (all.length - i) * 3600_000;
		const chat = buildChat(store, appId, c, createdAt, i);
		if (c.announcementBlocks?.length && chat.announcement.type === 'docx')
			seedDocxBlocks(store, chat.announcement, c.announcementBlocks, createdAt);
		store.chats.set(chat.chat_id, chat);
		ids.push(chat.chat_id);
	});
	seedContent(store, ids);
	return ids;
}

const run = (content: string, style: Record<string, unknown> = {}) => ({
	text_run: { content, text_element_style: style },
});

/** Ops Alerts' docx announcement: heading, paragraph with a link and a mention, bullets, an ordered item, a to-do. */
function opsAnnouncement(mention: string): unknown[] {
	return [
		{ block_type: 3, heading1: { elements: [run('On-call rules')] } },
		{
			block_type: 2,
			text: {
				elements: [
					run('Page the on-call engineer for '),
					run('P1', { bold: true }),
					run(' alerts; see the '),
					run('runbook', { link: { url: encodeURIComponent('https://example.com/runbook') } }),
					run('. Owner: '),
					{ mention_user: { user_id: mention } },
				],
			},
		},
		{ block_type: 12, bullet: { elements: [run('Acknowledge within 5 minutes')] } },
		{ block_type: 12, bullet: { elements: [run('Post updates in this chat')] } },
		{ block_type: 13, ordered: { elements: [run('Write the incident report')] } },
		{ block_type: 22, divider: {} },
		{
			block_type: 17,
			todo: { elements: [run('Review alert thresholds')], style: { done: false } },
		},
	];
}

/** Fixture format: `announcement`, else the legacy `docxAnnouncement` flag, else docx (today's default). */
function announcementType(c: ChatFixture): AnnouncementType {
	if (c.announcement) return c.announcement;
	if (c.docxAnnouncement !== undefined) return c.docxAnnouncement ? 'docx' : 'doc';
	return 'docx';
}

function principal(id: string): Principal {
	return id.startsWith('cli_') ? { kind: 'bot', id } : { kind: 'user', id };
}

export function buildChat(
	store: Store,
	appId: string,
	c: ChatFixture,
	createdAt: number,
	n: number,
): Chat {
	const owner = principal(c.owner ?? appId);
	const users = new Map<string, number>();
	if (owner.kind === 'user') users.set(owner.id, createdAt);
	// One member per millisecond so member pages have a stable, join-ordered listing.
	(c.members ?? []).forEach((m, i) => users.has(m) || users.set(m, createdAt + 1 + i));
	const bots = new Map<string, number>();
	for (const b of c.bots ?? [appId]) bots.set(b, createdAt);
	if (owner.kind === 'bot') bots.set(owner.id, createdAt);
	const settings = { ...DEFAULT_SETTINGS(), ...(c.settings ?? {}) };
	const chatId = c.chat_id ?? 'oc_' + hex('fixture-chat:' + n + ':' + c.name);
	return {
		chat_id: chatId,
		name: c.name,
		description: c.description ?? '',
		avatarKey: 'default-avatar_' + hex('avatar:' + chatId, 8),
		i18n_names: c.name ? { zh_cn: c.name, en_us: c.name } : {},
		chat_mode: c.chat_mode ?? 'group',
		chat_type: c.chat_type ?? 'private',
		group_message_type: 'chat',
		external: false,
		tenant_key: store.tenantKey,
		owner,
		creatorAppId: c.creatorAppId,
		users,
		bots,
		managers: new Set(c.managers ?? []),
		botManagers: new Set(c.botManagers ?? []),
		settings,
		moderation: {
			setting: c.moderation?.setting ?? 'all_members',
			moderators: new Set(c.moderation?.moderators ?? []),
		},
		announcement: newAnnouncement(chatId, announcementType(c), owner, createdAt),
		tabs: [{ tab_id: store.numericIds.next(), tab_type: 'message', tab_content: {} }],
		menu: [],
		status: 'normal',
		createdAt,
		activeAt: createdAt,
		memberLimit: c.memberLimit ?? 5000,
		tabMenuManage: c.tabMenuManage ?? 'all_members',
	};
}

/** A little content on the Engineering chat so reads are not all empty. */
function seedContent(store: Store, ids: string[]): void {
	const eng = store.chats.get(ids[0]);
	if (!eng || eng.name !== 'Engineering') return;
	eng.tabs.push({
		tab_id: store.numericIds.next(),
		tab_name: 'Wiki',
		tab_type: 'url',
		tab_content: { url: 'https://example.com/wiki' },
	});
	eng.menu.push({
		chat_menu_top_level_id: store.numericIds.next(),
		chat_menu_item: { action_type: 'NONE', name: 'Links' },
		children: [
			{
				chat_menu_second_level_id: store.numericIds.next(),
				chat_menu_item: {
					action_type: 'REDIRECT_LINK',
					name: 'Docs',
					redirect_link: { common_url: 'https://example.com/docs' },
				},
			},
			{
				chat_menu_second_level_id: store.numericIds.next(),
				chat_menu_item: {
					action_type: 'REDIRECT_LINK',
					name: 'Status',
					redirect_link: { common_url: 'https://example.com/status' },
				},
			},
		],
	});
	eng.announcement.doc = {
		title: 'Team rules',
		blocks: [
			{
				type: 'paragraph',
				paragraph: { elements: [{ type: 'textRun', textRun: { text: 'Be kind.' } }] },
			},
		],
		requests: [],
	};
	eng.announcement.revision = 3;
}
