/**
 * The example workflows of examples/, imported as users import them, run end to end in a real n8n 2.x against the
 * emulator; each test then checks the emulator's final state, not just the workflow's output.
 *
 * - hr-onboarding: activated; a POST to its webhook answers with the share link, and a form submission works too.
 * - stale-chat-cleanup: run from its manual trigger as shipped (dry run) and with dry run off; chats change only
 *   in the second case, and only the stale ones.
 * - welcome-on-join: activated; the emulator posts the user-added event that a real member addition raises.
 */
import { readFileSync } from 'fs';
import * as path from 'path';

import { EMULATOR_DEFAULTS, type RunningEmulator, startEmulator } from '../emulator';
import {
	EmulatorControl,
	emulatorCredential,
	type Execution,
	executionError,
	http,
	type N8nLine,
	nodeOutput,
	REPO_ROOT,
	useN8n,
	type WorkflowJson,
} from './harness';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

function loadExample(file: string): WorkflowJson {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as WorkflowJson;
}

/** A copy of an example under another id, with some values of its "Cleanup Settings" node changed. */
function withSettings(wf: WorkflowJson, id: string, values: Record<string, unknown>): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(wf)) as WorkflowJson;
	copy.id = id;
	copy.name = `${wf.name} (${id})`;
	const settings = copy.nodes.find((n) => n.name === 'Cleanup Settings')!;
	const list = (
		settings.parameters as { assignments: { assignments: Array<{ name: string; value: unknown }> } }
	).assignments.assignments;
	for (const [name, value] of Object.entries(values)) {
		const entry = list.find((a) => a.name === name);
		if (!entry) throw new Error(`Cleanup Settings has no "${name}"`);
		entry.value = value;
	}
	return copy;
}

const HR = loadExample('hr-onboarding.json');
const STALE = loadExample('stale-chat-cleanup.json');
const WELCOME = loadExample('welcome-on-join.json');
const STALE_DRY = 'feishuExStaleDry';
const STALE_RUN = 'feishuExStaleRun';

const webhookPath = (wf: WorkflowJson, nodeName: string, suffix: string) =>
	`${wf.nodes.find((n) => n.name === nodeName)!.webhookId as string}/${suffix}`;

/** Seeded users (test/emulator/README.md): open_ids are derived from the index, so they are fixed. */
interface User {
	open_id: string;
	name: string;
	resigned: boolean;
}

/** A chat's full state from the emulator's control API. */
interface ChatState {
	chat_id: string;
	name: string;
	description?: string;
	i18n_names?: Record<string, string>;
	status: string;
	owner: { kind: string; id: string };
	users: string[];
	bots: string[];
	managers: string[];
	botManagers: string[];
	/** `type` doc (legacy: `doc`) or docx (`blocks`, pre-order, root page first). */
	announcement: {
		type: 'doc' | 'docx';
		revision: number;
		doc?: { title: unknown; blocks: unknown[] };
		blocks?: Array<{ block_type: number }>;
	};
	tabs: Array<{ tab_name?: string; tab_type: string; tab_content: { url?: string } }>;
	menu: Array<{
		chat_menu_item: { name: string; action_type: string; redirect_link?: { common_url?: string } };
		children?: Array<{ chat_menu_item: { name: string; redirect_link?: { common_url?: string } } }>;
	}>;
}

/** Every textRun text below a value, joined (announcement title / blocks). */
function texts(value: unknown): string {
	if (Array.isArray(value)) return value.map(texts).join('\n');
	if (typeof value === 'string') {
		// The legacy-doc title is stored as a JSON string of title elements.
		if (!value.startsWith('{')) return value;
		try {
			return texts(JSON.parse(value));
		} catch {
			return value;
		}
	}
	if (value && typeof value === 'object') {
		const o = value as Record<string, unknown>;
		const run = o.textRun as { text?: string } | undefined;
		if (run?.text !== undefined) return run.text;
		return Object.values(o).map(texts).filter(Boolean).join('');
	}
	return '';
}

let emu: RunningEmulator;
let control: EmulatorControl;
let users: User[];

async function chatState(chatId: string): Promise<ChatState> {
	const res = await http<ChatState>(`${emu.url}/__emulator/chats/${chatId}`);
	if (res.status !== 200)
		throw new Error(`GET chat ${chatId} → ${res.status} ${res.text.slice(0, 200)}`);
	return res.json;
}

/** The announcement as the emulator reads it: its format and one line of text per paragraph. */
async function announcementOf(
	chatId: string,
): Promise<{ type: string; revision: number; text: string }> {
	const res = await http<{
		announcement_type: string;
		revision: number;
		text?: string[];
		doc?: { blocks: unknown[] };
	}>(`${emu.url}/__emulator/chats/${chatId}/announcement`);
	if (res.status !== 200) throw new Error(`GET announcement ${chatId} → ${res.status}`);
	const { announcement_type: type, revision } = res.json;
	const text =
		type === 'docx' ? (res.json.text ?? []).join('\n') : texts(res.json.doc?.blocks ?? []);
	return { type, revision, text };
}

async function chatByName(name: string): Promise<ChatState> {
	const chat = (await control.chats()).find((c) => c.name === name);
	if (!chat) throw new Error(`no chat named ${name}`);
	return await chatState(chat.chat_id);
}

/** Adds users to a chat the way a Feishu client would (the bot's tenant token); the emulator raises the event. */
async function addMembersAsBot(chatId: string, openIds: string[]): Promise<void> {
	const token = await http<{ tenant_access_token: string }>(
		`${emu.url}/open-apis/auth/v3/tenant_access_token/internal`,
		{
			method: 'POST',
			body: { app_id: EMULATOR_DEFAULTS.appId, app_secret: EMULATOR_DEFAULTS.appSecret },
		},
	);
	const res = await http<{ code: number }>(
		`${emu.url}/open-apis/im/v1/chats/${chatId}/members?member_id_type=open_id`,
		{
			method: 'POST',
			headers: { authorization: `Bearer ${token.json.tenant_access_token}` },
			body: { id_list: openIds },
		},
	);
	expect(res.json).toMatchObject({ code: 0 });
}

function expectSuccess(ex: Execution): void {
	const failed = Object.entries(ex.data?.resultData.runData ?? {})
		.filter(([, runs]) => runs.some((r) => r.error))
		.map(([name, runs]) => `${name}: ${runs.find((r) => r.error)!.error!.message}`);
	expect({ status: ex.status, error: executionError(ex)?.message, failed }).toEqual({
		status: 'success',
		error: undefined,
		failed: [],
	});
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	control = new EmulatorControl(emu.url);
	users = await control.users();
});

const suite = useN8n(() => {
	// "Departed" people for the clean-up variants: the emulator's resigned users (37 and 38).
	const departed = `={{ ${JSON.stringify(users.filter((u) => u.resigned).map((u) => u.open_id))} }}`;
	return {
		// E2E_EXAMPLES_LINE=n8n1 runs the same checks on n8n 1.x (not part of CI: the smoke suite covers 1.x).
		line: (process.env.E2E_EXAMPLES_LINE as N8nLine | undefined) ?? 'n8n2',
		credentials: [emulatorCredential(emu.url)],
		workflows: [
			HR,
			STALE,
			withSettings(STALE, STALE_DRY, { departedOpenIds: departed }),
			withSettings(STALE, STALE_RUN, { departedOpenIds: departed, dryRun: false }),
			WELCOME,
		],
		activate: [HR.id, WELCOME.id],
	};
});

afterAll(async () => {
	await emu?.close();
});

const user = (i: number) => users[i];

describe('hr-onboarding', () => {
	const hire = () => user(20); // Li Fang
	const manager = () => user(0); // Li Lei
	const buddy = () => user(3); // Zhang Lei
	const helperBot = 'cli_a1b2c3d4e5f60001';

	async function expectOnboardingChat(
		chatId: string,
		hireName: string,
		startDate: string,
	): Promise<void> {
		const chat = await chatState(chatId);
		expect(chat).toMatchObject({
			name: `Onboarding: ${hireName}`,
			status: 'normal',
			owner: { kind: 'user', id: manager().open_id },
			i18n_names: { zh_cn: `入职：${hireName}`, en_us: `Onboarding: ${hireName}` },
		});
		expect(chat.description).toContain(`Onboarding chat for ${hireName}`);
		if (startDate) expect(chat.description).toContain(startDate);
		expect(chat.users.sort()).toEqual([hire().open_id, manager().open_id, buddy().open_id].sort());
		expect(chat.bots.sort()).toEqual([EMULATOR_DEFAULTS.appId, helperBot].sort());
		// set_bot_manager: the bot stays a manager of a chat the manager owns.
		expect(chat.botManagers).toEqual([EMULATOR_DEFAULTS.appId]);

		// A chat created today has the newer docx announcement; the welcome went there.
		expect(chat.announcement.type).toBe('docx');
		const announcement = await announcementOf(chatId);
		expect(announcement.text.split('\n')).toEqual([
			`Welcome, ${hireName}!`,
			`Hi ${hireName}, welcome aboard! This chat is for your first weeks: your manager and your buddy are here to answer any question: @${manager().open_id} @${buddy().open_id}`,
			'Start with the handbook and work through the checklist (both are also tabs at the top of this chat).',
			'Employee handbook',
			'Onboarding checklist',
		]);
		// Page, heading 1, two text blocks, two bullets; link URLs percent-encoded as Feishu wants.
		expect(chat.announcement.blocks?.map((b) => b.block_type)).toEqual([1, 3, 2, 2, 12, 12]);
		expect(JSON.stringify(chat.announcement.blocks)).toContain(
			encodeURIComponent('https://example.com/handbook'),
		);

		expect(chat.tabs.filter((t) => t.tab_type === 'url')).toEqual([
			expect.objectContaining({
				tab_name: 'Handbook',
				tab_content: { url: 'https://example.com/handbook' },
			}),
			expect.objectContaining({
				tab_name: 'Checklist',
				tab_content: { url: 'https://example.com/onboarding-checklist' },
			}),
		]);
		expect(chat.menu.map((m) => m.chat_menu_item.name)).toEqual(['Onboarding', 'IT Help']);
		expect(chat.menu[0].children?.map((c) => c.chat_menu_item.name)).toEqual([
			'Handbook',
			'Checklist',
		]);
		expect(chat.menu[1].chat_menu_item.redirect_link?.common_url).toBe(
			'https://example.com/it-help',
		);
	}

	suite.test(
		'a POST to the webhook creates the whole chat and answers with its share link',
		async (n8n) => {
			await control.reset();
			const res = await n8n.postToWebhook('feishu-hr-onboarding', {
				name: 'Ada Lovelace',
				hire: hire().open_id,
				manager: manager().open_id,
				buddy: buddy().open_id,
				startDate: '2026-12-01',
			});
			expect(res.status).toBe(200);
			const answer = res.json as Record<string, unknown>;
			expect(answer).toMatchObject({
				chat_name: 'Onboarding: Ada Lovelace',
				share_link: expect.stringMatching(
					/^https:\/\/applink\.feishu\.cn\/client\/chat\/chatter\/add_by_link\?link_token=/,
				),
				share_link_expires: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				not_added: [],
				announcement: 'updated',
			});
			await expectOnboardingChat(answer.chat_id as string, 'Ada Lovelace', '2026-12-01');
		},
	);

	suite.test(
		'a refused announcement (no edit right, 1772005) does not stop the rest of the set-up',
		async (n8n) => {
			await control.reset();
			await http(`${emu.url}/__emulator/faults`, {
				method: 'POST',
				body: {
					path: '/open-apis/docx/v1/chats/*/announcement/blocks/*/children',
					method: 'POST',
					kind: 'api_error',
					code: 1772005,
					count: 5,
				},
			});
			const res = await n8n.postToWebhook('feishu-hr-onboarding', {
				name: 'Alan Turing',
				hire: hire().open_id,
				manager: manager().open_id,
				buddy: buddy().open_id,
			});
			expect(res.status).toBe(200);
			const answer = res.json as Record<string, unknown>;
			expect(answer.announcement).toMatch(/^not updated: Feishu error 1772005/);
			expect(answer.share_link).toMatch(/^https:\/\//);
			const chat = await chatState(answer.chat_id as string);
			// Still the fresh docx announcement: revision 1, only the page block.
			expect(chat.announcement).toMatchObject({ type: 'docx', revision: 1 });
			expect(chat.announcement.blocks).toHaveLength(1);
			expect(chat.tabs.filter((t) => t.tab_type === 'url')).toHaveLength(2);
			expect(chat.menu).toHaveLength(2);
			expect(chat.users).toHaveLength(3);
			await http(`${emu.url}/__emulator/faults`, { method: 'DELETE' });
		},
	);

	suite.test('the form variant creates the same chat', async (n8n) => {
		await control.reset();
		const before = (await n8n.listExecutions(HR.id)).length;
		const form = new FormData();
		form.append('field-0', 'Grace Hopper');
		form.append('field-1', hire().open_id);
		form.append('field-2', manager().open_id);
		form.append('field-3', buddy().open_id);
		form.append('field-4', '');
		const res = await fetch(`${n8n.baseUrl}/form/feishu-hr-onboarding-form`, {
			method: 'POST',
			body: form,
		});
		expect(res.status).toBe(200);
		const [ex] = (await n8n.waitForExecutions(HR.id, before + 1)).slice(before);
		expectSuccess(ex);
		const [result] = nodeOutput(ex, 'Result');
		await expectOnboardingChat(result.chat_id as string, 'Grace Hopper', '');
	});
});

describe('stale-chat-cleanup', () => {
	const resigned = () => users.filter((u) => u.resigned).map((u) => u.open_id);
	const FIXTURE_CHATS = () => [
		{ name: 'tmp-offsite-2026', members: [user(0).open_id, user(1).open_id] },
		{ name: '[Archive] Q1 budget', members: [user(2).open_id] },
		{ name: 'tmp-hackathon', members: users.slice(0, 10).map((u) => u.open_id) },
		{
			name: 'tmp-announcements',
			members: [user(3).open_id],
			moderation: { setting: 'only_owner' },
		},
		{ name: 'tmp-owned-by-a-user', owner: user(6).open_id, members: [user(6).open_id] },
		{ name: 'Design Review', members: [user(4).open_id, user(5).open_id, ...resigned()] },
	];
	const STALE_CHATS = ['tmp-offsite-2026', '[Archive] Q1 budget', 'tmp-owned-by-a-user'];

	async function resetWithFixture(): Promise<void> {
		// The control API takes the fixture as the whole body (EmulatorControl.reset wraps it in {fixture}).
		const res = await http<{ chat_ids: string[] }>(`${emu.url}/__emulator/reset`, {
			method: 'POST',
			body: { chats: FIXTURE_CHATS() },
		});
		const names = (await control.chats()).map((c) => c.name);
		expect(names).toEqual(expect.arrayContaining(FIXTURE_CHATS().map((c) => c.name)));
		expect(res.status).toBe(200);
	}

	function planOf(ex: Execution): Array<Record<string, unknown>> {
		return nodeOutput(ex, 'Pick Stale Chats').sort((a, b) =>
			String(a.name).localeCompare(String(b.name)),
		);
	}

	const writes = async () =>
		(await control.requests('/open-apis/im/v1/chats')).filter((r) => r.method !== 'GET');

	suite.test('as shipped (dry run) it reports the stale chats and changes nothing', async (n8n) => {
		await resetWithFixture();
		const ex = await n8n.runWorkflow(STALE.id);
		expectSuccess(ex);
		expect(planOf(ex).map((p) => [p.name, p.action])).toEqual([
			['[Archive] Q1 budget', 'disband'],
			['tmp-offsite-2026', 'disband'],
			['tmp-owned-by-a-user', 'disband'],
		]);
		expect(nodeOutput(ex, 'Dry Run Report')).toHaveLength(3);
		expect(ex.data?.resultData.runData['Disband Chat']).toBeUndefined();
		expect(await writes()).toEqual([]);
	});

	suite.test(
		'with departed users, the dry run lists their removal and still changes nothing',
		async (n8n) => {
			await resetWithFixture();
			const ex = await n8n.runWorkflow(STALE_DRY);
			expectSuccess(ex);
			const removal = planOf(ex).find((p) => p.name === 'Design Review');
			expect(removal).toMatchObject({
				action: 'removeMembers',
				departed_members: resigned(),
				dry_run: true,
			});
			const report = nodeOutput(ex, 'Dry Run Report').find((r) => r.name === 'Design Review');
			expect(report?.would).toBe(`remove ${resigned().join(', ')}`);
			expect(await writes()).toEqual([]);
			expect((await chatByName('Design Review')).users).toEqual(expect.arrayContaining(resigned()));
		},
	);

	suite.test(
		'with dry run off it disbands the stale chats and removes departed members, nothing else',
		async (n8n) => {
			await resetWithFixture();
			const before = await control.chats();
			const ex = await n8n.runWorkflow(STALE_RUN);
			expect(ex.status).toBe('success');
			// The bot may only disband chats it owns or created: the user-owned one fails, and the run goes on.
			const disbanded = nodeOutput(ex, 'Disband Chat');
			expect(
				disbanded
					.filter((d) => d.success === true)
					.map((d) => d.chat_id)
					.sort(),
			).toEqual(
				before
					.filter((c) => ['tmp-offsite-2026', '[Archive] Q1 budget'].includes(c.name))
					.map((c) => c.chat_id)
					.sort(),
			);
			expect(disbanded.filter((d) => d.error)).toHaveLength(1);

			for (const name of STALE_CHATS) {
				const chat = await chatState(before.find((c) => c.name === name)!.chat_id);
				expect({ name, status: chat.status }).toEqual({
					name,
					status: name === 'tmp-owned-by-a-user' ? 'normal' : 'dissolved',
				});
			}
			for (const name of [
				'tmp-hackathon',
				'tmp-announcements',
				'Engineering',
				'Product Launch',
				'All Hands',
			]) {
				expect({ name, status: (await chatByName(name)).status }).toEqual({
					name,
					status: 'normal',
				});
			}
			const design = await chatByName('Design Review');
			expect(design.users.sort()).toEqual([user(4).open_id, user(5).open_id].sort());
			expect(nodeOutput(ex, 'Remove Departed Members')).toEqual([
				expect.objectContaining({ chat_id: design.chat_id, requested_count: 2 }),
			]);
			// Only those writes happened.
			const paths = (await writes()).map((w) => `${w.method} ${w.path}`);
			expect(paths.filter((p) => p.startsWith('DELETE')).length).toBe(4);
		},
	);
});

describe('welcome-on-join', () => {
	const TRIGGER_PATH = () => webhookPath(WELCOME, 'Feishu Group Trigger', 'webhook');

	suite.test(
		'a user added to a bot-owned chat without managers is welcomed and made a manager',
		async (n8n) => {
			await control.reset();
			await control.configureCallback(n8n.webhookUrl(TRIGGER_PATH()));
			await n8n.waitForWebhook(TRIGGER_PATH());
			const before = (await n8n.listExecutions(WELCOME.id)).length;
			const launch = await chatByName('Product Launch');
			expect(launch.managers).toEqual([]);

			await addMembersAsBot(launch.chat_id, [user(20).open_id]);
			const [ex] = (await n8n.waitForExecutions(WELCOME.id, before + 1, { settleMs: 1500 })).slice(
				before,
			);
			expectSuccess(ex);
			expect(nodeOutput(ex, 'Make First Member a Manager')).toHaveLength(1);

			const after = await chatState(launch.chat_id);
			expect(after.managers).toEqual([user(20).open_id]);
			// Product Launch has a docx announcement: the welcome is one new text block.
			expect(after.announcement.type).toBe('docx');
			expect((await announcementOf(launch.chat_id)).text).toBe(
				`Welcome to Product Launch, ${user(20).name}! Say hi and check the tabs at the top for the chat's links.`,
			);
			expect(after.announcement.revision).toBe(launch.announcement.revision + 1);
		},
	);

	suite.test('in a chat that already has managers only the announcement changes', async (n8n) => {
		await control.reset();
		await control.configureCallback(n8n.webhookUrl(TRIGGER_PATH()));
		const before = (await n8n.listExecutions(WELCOME.id)).length;
		const engineering = await chatByName('Engineering');

		await addMembersAsBot(engineering.chat_id, [user(21).open_id, user(22).open_id]);
		const all = await n8n.waitForExecutions(WELCOME.id, before + 1, { settleMs: 1500 });
		expect(all.length - before).toBe(1);
		const ex = all[all.length - 1];
		expectSuccess(ex);
		expect(ex.data?.resultData.runData['Make First Member a Manager']).toBeUndefined();
		expect(nodeOutput(ex, 'Managers Already Set')).toHaveLength(1);

		const after = await chatState(engineering.chat_id);
		expect(after.managers).toEqual(engineering.managers);
		// Engineering keeps a legacy (doc) announcement: the welcome is appended there.
		expect(after.announcement.type).toBe('doc');
		const announcement = await announcementOf(engineering.chat_id);
		expect(announcement.text).toContain('Be kind.');
		expect(announcement.text).toContain(
			`Welcome to Engineering, ${user(21).name}, ${user(22).name}!`,
		);
		expect(announcement.revision).toBe(engineering.announcement.revision + 1);
	});
});
