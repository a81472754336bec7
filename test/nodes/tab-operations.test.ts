/** Tab resource of the Feishu Group node against the emulator: every operation, errors, continue-on-fail. */
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';
import type { Json } from '../helpers/emulatorHarness';
import { byId, chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const tab = chatOperation('tab');
let eng: string;
let messageTab: string;
let wikiTab: string;

/** An operation on Engineering, the seeded chat these tests work in. */
const base = (operation: string, extra: Record<string, unknown> = {}) => tab(operation, eng, extra);

async function tabsOf(chatId: string): Promise<Array<Record<string, Json>>> {
	return (await h.chatState(chatId)).tabs;
}

/** Adds url tabs through the node; returns their ids in order. */
async function addTabs(names: string[]): Promise<string[]> {
	const { items } = await h.run(
		base('create', {
			tabs: {
				tab: names.map((name) => ({ name, type: 'url', link: `https://example.com/${name}` })),
			},
		}),
	);
	const tabs = items[0].json.chat_tabs as Array<Record<string, string>>;
	return names.map((name) => tabs.find((t) => t.tab_name === name)!.tab_id);
}

beforeEach(async () => {
	eng = h.chatId('Engineering');
	const tabs = await tabsOf(eng);
	messageTab = tabs.find((t) => t.tab_type === 'message')!.tab_id;
	wikiTab = tabs.find((t) => t.tab_name === 'Wiki')!.tab_id;
});

describe('Tab → Create', () => {
	it('adds tabs from the form and outputs the full list with chat_id', async () => {
		const { items, requests } = await h.run(
			base('create', {
				tabs: {
					tab: [
						{
							name: 'Dashboard',
							type: 'url',
							link: 'https://example.com/dash',
							iconKey: 'img_v2_icon',
						},
						{ name: 'Spec', type: 'doc', link: 'https://example.feishu.cn/docx/AbC123' },
					],
				},
			}),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: `/open-apis/im/v1/chats/${eng}/chat_tabs`,
			query: {},
			code: 0,
		});
		expect(requests[0].body).toEqual({
			chat_tabs: [
				{
					tab_name: 'Dashboard',
					tab_type: 'url',
					tab_content: { url: 'https://example.com/dash' },
					tab_config: { icon_key: 'img_v2_icon' },
				},
				{
					tab_name: 'Spec',
					tab_type: 'doc',
					tab_content: { doc: 'https://example.feishu.cn/docx/AbC123' },
				},
			],
		});
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const out = items[0].json as { chat_id: string; chat_tabs: Array<Record<string, Json>> };
		expect(out.chat_id).toBe(eng);
		expect(out.chat_tabs.map((t) => t.tab_name ?? t.tab_type)).toEqual([
			'message',
			'Wiki',
			'Dashboard',
			'Spec',
		]);
		expect(out.chat_tabs.every((t) => /^\d{19}$/.test(t.tab_id))).toBe(true);
		const state = await tabsOf(eng);
		expect(state.map((t) => t.tab_id)).toEqual(out.chat_tabs.map((t) => t.tab_id));
		expect(state[2]).toMatchObject({
			tab_type: 'url',
			tab_content: { url: 'https://example.com/dash' },
			tab_config: { icon_key: 'img_v2_icon' },
		});
	});

	it('sends the JSON alternative as written (array or { chat_tabs })', async () => {
		const tabsJson = [
			{ tab_name: 'Raw', tab_type: 'url', tab_content: { url: 'https://example.com/raw' } },
		];
		const first = await h.run(
			base('create', { defineBy: 'json', tabsJson: JSON.stringify(tabsJson) }),
		);
		expect(first.requests[0].body).toEqual({ chat_tabs: tabsJson });
		const second = await h.run(
			base('create', {
				defineBy: 'json',
				tabsJson: { chat_tabs: [{ ...tabsJson[0], tab_name: 'Raw 2' }] },
			}),
		);
		expect(second.requests[0].body.chat_tabs[0].tab_name).toBe('Raw 2');
		expect((await tabsOf(eng)).map((t) => t.tab_name).slice(2)).toEqual(['Raw', 'Raw 2']);
	});

	it('refuses a non-http link locally, and Feishu answers 232048 when JSON bypasses the check', async () => {
		const local = await h.runError(
			base('create', { tabs: { tab: [{ name: 'Bad', type: 'url', link: 'ftp://example.com' }] } }),
		);
		expect(local.error.message).toBe(
			'Tab 1 ("Bad"): the link must start with http:// or https:// (got "ftp://example.com")',
		);
		expect(local.requests).toHaveLength(0);

		const remote = await h.runError(
			base('create', {
				defineBy: 'json',
				tabsJson: [{ tab_name: 'Bad', tab_type: 'url', tab_content: { url: 'ftp://example.com' } }],
			}),
		);
		expect(remote.error.message).toBe('Feishu error 232048: The chat tab content is illegal.');
		expect(remote.error.description).toContain(
			'The tab content is invalid: URL and document tabs need an http(s) link.',
		);
		expect(remote.requests.map((c) => c.code)).toEqual([232048]);
		expect(await tabsOf(eng)).toHaveLength(2);
	});

	it('fails with 232046 on the 21st custom tab', async () => {
		// Engineering already has one custom tab (Wiki): 19 more reach Feishu's cap of 20.
		await addTabs(Array.from({ length: 19 }, (_, i) => `T${i + 1}`));
		expect((await tabsOf(eng)).filter((t) => t.tab_type === 'url')).toHaveLength(20);
		const { error, requests } = await h.runError(
			base('create', {
				tabs: { tab: [{ name: 'One Too Many', type: 'url', link: 'https://example.com/21' }] },
			}),
		);
		expect(error.message).toBe(
			'Feishu error 232046: The number of chat tabs has reached the limit.',
		);
		expect(error.description).toContain('The chat already has 20 custom tabs; delete one first.');
		expect(requests.map((c) => c.code)).toEqual([232046]);
		expect(await tabsOf(eng)).toHaveLength(21);
	});

	it('refuses more than 20 rows and names longer than 60 characters before calling', async () => {
		const rows = Array.from({ length: 21 }, (_, i) => ({
			name: `T${i}`,
			type: 'url',
			link: 'https://example.com',
		}));
		const many = await h.runError(base('create', { tabs: { tab: rows } }));
		expect(many.error.message).toBe('21 tabs given; a chat holds at most 20 custom tabs');
		const long = await h.runError(
			base('create', {
				tabs: { tab: [{ name: 'x'.repeat(61), type: 'url', link: 'https://example.com' }] },
			}),
		);
		expect(long.error.message).toContain(
			'the name is 61 characters long; Feishu allows at most 60',
		);
		const badJson = await h.runError(
			base('create', { defineBy: 'json', tabsJson: '[{ "tab_name": ' }),
		);
		expect(badJson.error.message).toBe('Tabs (JSON) is not valid JSON');
		expect([...many.requests, ...long.requests, ...badJson.requests]).toHaveLength(0);
		// Feishu counts characters: 60 emoji are 120 UTF-16 units but a valid name.
		const emoji = await h.run(
			base('create', {
				tabs: { tab: [{ name: '📌'.repeat(60), type: 'url', link: 'https://example.com' }] },
			}),
		);
		expect(emoji.requests.map((c) => c.code)).toEqual([0]);
	});
});

describe('Tab → Update', () => {
	it('reads the list, then sends each tab merged with its current type and content', async () => {
		const { items, requests } = await h.run(
			base('update', { tabUpdates: { tab: [{ tabId: wikiTab, name: 'Team Wiki' }] } }),
		);
		expect(requests.map((c) => `${c.method} ${c.path}`)).toEqual([
			`GET /open-apis/im/v1/chats/${eng}/chat_tabs/list_tabs`,
			`POST /open-apis/im/v1/chats/${eng}/chat_tabs/update_tabs`,
		]);
		expect(requests[1].query).toEqual({});
		expect(requests[1].body).toEqual({
			chat_tabs: [
				{
					tab_id: wikiTab,
					tab_type: 'url',
					tab_name: 'Team Wiki',
					tab_content: { url: 'https://example.com/wiki' },
				},
			],
		});
		expect(items[0].json).toMatchObject({ chat_id: eng });
		expect((items[0].json.chat_tabs as Array<Record<string, string>>)[1]).toMatchObject({
			tab_id: wikiTab,
			tab_name: 'Team Wiki',
		});
		expect((await tabsOf(eng))[1]).toMatchObject({
			tab_name: 'Team Wiki',
			tab_content: { url: 'https://example.com/wiki' },
		});
	});

	it('changes the link (and icon) of several tabs in one call', async () => {
		const created = await h.run(
			base('create', {
				tabs: { tab: [{ name: 'Spec', type: 'doc', link: 'https://example.feishu.cn/docx/A' }] },
			}),
		);
		const doc = (created.items[0].json.chat_tabs as Array<Record<string, string>>).find(
			(t) => t.tab_name === 'Spec',
		)!.tab_id;
		const { requests } = await h.run(
			base('update', {
				tabUpdates: {
					tab: [
						{ tabId: wikiTab, link: 'https://example.com/wiki2', iconKey: 'img_new' },
						{ tabId: doc, link: 'https://example.feishu.cn/docx/B' },
					],
				},
			}),
		);
		expect(requests[1].body.chat_tabs).toEqual([
			{
				tab_id: wikiTab,
				tab_type: 'url',
				tab_name: 'Wiki',
				tab_content: { url: 'https://example.com/wiki2' },
				tab_config: { icon_key: 'img_new' },
			},
			{
				tab_id: doc,
				tab_type: 'doc',
				tab_name: 'Spec',
				tab_content: { doc: 'https://example.feishu.cn/docx/B' },
			},
		]);
		const state = await tabsOf(eng);
		expect(state.find((t) => t.tab_id === doc)!.tab_content).toEqual({
			doc: 'https://example.feishu.cn/docx/B',
		});
		expect(state.find((t) => t.tab_id === wikiTab)!.tab_config).toEqual({ icon_key: 'img_new' });
	});

	it('sends the JSON alternative as written, without reading first', async () => {
		const tabsJson = [{ tab_id: wikiTab, tab_type: 'url', tab_name: 'Handbook' }];
		const { requests } = await h.run(
			base('update', { defineBy: 'json', tabsJson: JSON.stringify(tabsJson) }),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: `/open-apis/im/v1/chats/${eng}/chat_tabs/update_tabs`,
			body: { chat_tabs: tabsJson },
		});
		expect((await tabsOf(eng))[1].tab_name).toBe('Handbook');
	});

	it('fails with 232049 for the message tab, and locally for an unknown tab or an empty row', async () => {
		const message = await h.runError(
			base('update', { tabUpdates: { tab: [{ tabId: messageTab, name: 'Chat' }] } }),
		);
		expect(message.error.message).toBe(
			'Feishu error 232049: Only doc/url tabs can be updated or deleted.',
		);
		expect(message.error.description).toContain(
			'Only URL and document tabs can be updated or deleted.',
		);
		expect(message.requests.map((c) => c.code)).toEqual([0, 232049]);

		const unknown = await h.runError(
			base('update', { tabUpdates: { tab: [{ tabId: '7000000000000000001', name: 'X' }] } }),
		);
		expect(unknown.error.message).toBe('Tab 7000000000000000001 is not in this chat');
		expect(unknown.error.description).toContain(`${wikiTab} Wiki`);
		const empty = await h.runError(base('update', { tabUpdates: { tab: [{ tabId: wikiTab }] } }));
		expect(empty.error.message).toBe(
			`Nothing to change for tab ${wikiTab}: fill in a new name, link or icon key, or set Open Embedded`,
		);
		expect([...unknown.requests, ...empty.requests].map((c) => c.method)).toEqual(['GET', 'GET']);
	});
});

describe('Tab → Sort', () => {
	it('completes a partial order from the current list, message tab first', async () => {
		const [a, b] = await addTabs(['A', 'B']);
		const { items, requests } = await h.run(base('sort', { tabIds: [b] }));
		expect(requests.map((c) => `${c.method} ${c.path}`)).toEqual([
			`GET /open-apis/im/v1/chats/${eng}/chat_tabs/list_tabs`,
			`POST /open-apis/im/v1/chats/${eng}/chat_tabs/sort_tabs`,
		]);
		expect(requests[1].body).toEqual({ tab_ids: [messageTab, b, wikiTab, a] });
		expect((items[0].json.chat_tabs as Array<Record<string, string>>).map((t) => t.tab_id)).toEqual(
			[messageTab, b, wikiTab, a],
		);
		expect(items[0].json.chat_id).toBe(eng);
		expect((await tabsOf(eng)).map((t) => t.tab_id)).toEqual([messageTab, b, wikiTab, a]);
	});

	it('keeps the message tab first even when listed later, and accepts a comma-separated string', async () => {
		const [a, b] = await addTabs(['A', 'B']);
		const { requests } = await h.run(base('sort', { tabIds: `${a}, ${messageTab}, ${b}` }));
		expect(requests[1].body).toEqual({ tab_ids: [messageTab, a, b, wikiTab] });
		expect((await tabsOf(eng)).map((t) => t.tab_id)).toEqual([messageTab, a, b, wikiTab]);
	});

	it('names unknown tab ids instead of sending an incomplete set', async () => {
		const { error, requests } = await h.runError(base('sort', { tabIds: ['123', wikiTab] }));
		expect(error.message).toBe('Not tabs of this chat: 123');
		expect(requests.map((c) => c.method)).toEqual(['GET']);
	});
});

describe('Tab → Get Many', () => {
	it('outputs one simplified item per tab; Limit applies locally', async () => {
		await addTabs(['Docs']);
		const all = await h.run(base('getAll', { returnAll: true }));
		expect(all.requests).toHaveLength(1);
		expect(all.requests[0]).toMatchObject({
			method: 'GET',
			path: `/open-apis/im/v1/chats/${eng}/chat_tabs/list_tabs`,
			query: {},
		});
		expect(all.json).toEqual([
			{ chat_id: eng, tab_id: messageTab, tab_type: 'message' },
			{
				chat_id: eng,
				tab_id: wikiTab,
				tab_type: 'url',
				tab_name: 'Wiki',
				link: 'https://example.com/wiki',
			},
			expect.objectContaining({
				chat_id: eng,
				tab_type: 'url',
				tab_name: 'Docs',
				link: 'https://example.com/Docs',
			}),
		]);
		expect(all.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);

		const limited = await h.run(base('getAll', { returnAll: false, limit: 2 }));
		expect(limited.items).toHaveLength(2);
		expect(limited.requests).toHaveLength(1);
	});

	it("outputs Feishu's tab objects plus chat_id without Simplify", async () => {
		const { json } = await h.run(base('getAll', { returnAll: true, simplify: false }));
		expect(json).toEqual([
			{ chat_id: eng, tab_id: messageTab, tab_type: 'message', tab_content: {} },
			{
				chat_id: eng,
				tab_id: wikiTab,
				tab_type: 'url',
				tab_name: 'Wiki',
				tab_content: { url: 'https://example.com/wiki' },
			},
		]);
	});
});

describe('Tab → Delete', () => {
	it('deletes tabs with a DELETE body and outputs the remaining tabs', async () => {
		const [a] = await addTabs(['A', 'B']);
		const { items, requests } = await h.run(base('delete', { tabIds: [wikiTab, a] }));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'DELETE',
			path: `/open-apis/im/v1/chats/${eng}/chat_tabs/delete_tabs`,
			query: {},
			body: { tab_ids: [wikiTab, a] },
		});
		expect(items[0].json).toMatchObject({ chat_id: eng, deleted_tab_ids: [wikiTab, a] });
		expect(
			(items[0].json.chat_tabs as Array<Record<string, string>>).map(
				(t) => t.tab_name ?? t.tab_type,
			),
		).toEqual(['message', 'B']);
		expect((await tabsOf(eng)).map((t) => t.tab_name ?? t.tab_type)).toEqual(['message', 'B']);
	});

	it('fails with 232049 for the message tab', async () => {
		const { error, requests } = await h.runError(base('delete', { tabIds: [messageTab] }));
		expect(error.message).toBe('Feishu error 232049: Only doc/url tabs can be updated or deleted.');
		expect(requests.map((c) => c.code)).toEqual([232049]);
		expect(await tabsOf(eng)).toHaveLength(2);
	});
});

describe('Tab errors and continue-on-fail', () => {
	it('fails with 232011 in a chat the bot is not in, with the hint', async () => {
		const { error } = await h.runError({
			resource: 'tab',
			operation: 'getAll',
			chatId: byId(h.chatId('Secret Board')),
			returnAll: true,
		});
		expect(error.message).toBe('Feishu error 232011: Operator can NOT be out of the chat.');
		expect(error.description).toContain("Add the app's bot to the chat first");
	});

	it('continues on fail with error items paired to their input items', async () => {
		const links = ['https://example.com/ok-1', 'ftp://bad', 'https://example.com/ok-2'];
		const { items, requests } = await h.run(
			(i) =>
				base('create', {
					defineBy: 'json',
					tabsJson: [{ tab_name: `Item ${i}`, tab_type: 'url', tab_content: { url: links[i] } }],
				}),
			{ items: links.map((link) => ({ json: { link } })), continueOnFail: true },
		);
		expect(items).toHaveLength(3);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.chat_id).toBe(eng);
		expect(items[1].json).toMatchObject({
			error: 'Feishu error 232048: The chat tab content is illegal.',
			code: 232048,
		});
		expect(items[1].json.logId).toEqual(expect.any(String));
		expect(items[2].json.chat_id).toBe(eng);
		expect(requests.map((c) => c.code)).toEqual([0, 232048, 0]);
		expect((await tabsOf(eng)).map((t) => t.tab_name).slice(2)).toEqual(['Item 0', 'Item 2']);
	});
});

describe('Tab pickers', () => {
	it('lists editable tabs for Update/Delete and all but the message tab for Sort', async () => {
		await h.run(
			base('create', {
				tabs: { tab: [{ name: 'Spec', type: 'doc', link: 'https://example.feishu.cn/docx/A' }] },
			}),
		);
		const editable = await h.loadOptions('getEditableTabs', base('delete'));
		expect(editable.map((o) => o.name)).toEqual(['Wiki', 'Spec']);
		expect(editable[0]).toEqual({
			name: 'Wiki',
			value: wikiTab,
			description: 'url: https://example.com/wiki',
		});
		const sortable = await h.loadOptions('getSortableTabs', base('sort'));
		expect(sortable.map((o) => o.value)).not.toContain(messageTab);
		expect(sortable).toHaveLength(2);
		expect(
			await h.loadOptions('getEditableTabs', {
				resource: 'tab',
				operation: 'delete',
				chatId: byId(''),
			}),
		).toEqual([]);
	});
});

describe('Tab as the signed-in user', () => {
	it('creates and lists tabs with a user token (Feishu allows both identities for tabs)', async () => {
		// A user token for the chat owner from the emulator's OAuth flow.
		await h.useUserToken((await h.chatState(eng)).owner.id);
		await h.mark();
		const parameters = (operation: string, extra: Record<string, unknown> = {}) => ({
			authentication: 'userToken',
			...base(operation, extra),
		});
		await h.run(
			parameters('create', {
				tabs: { tab: [{ name: 'Mine', type: 'url', link: 'https://example.com/mine' }] },
			}),
		);
		const { items } = await h.run(parameters('getAll', { returnAll: true }));
		expect(items.map((i) => i.json.tab_name)).toEqual([undefined, 'Wiki', 'Mine']);
		const requests = await h.requests();
		expect(requests.map((c) => [c.method, c.token?.kind, c.code])).toEqual([
			['POST', 'user', 0],
			['GET', 'user', 0],
		]);
	});
});

describe('Tab → Open Embedded (tab_config.is_built_in)', () => {
	it('Create sends is_built_in for a URL tab; the chat keeps it', async () => {
		const { requests } = await h.run(
			base('create', {
				tabs: {
					tab: [
						{
							name: 'Board',
							type: 'url',
							link: 'https://example.com/board',
							iconKey: 'img_board',
							isBuiltIn: true,
						},
						{ name: 'Plain', type: 'url', link: 'https://example.com/plain', isBuiltIn: false },
					],
				},
			}),
		);
		expect(requests[0].body.chat_tabs).toEqual([
			{
				tab_name: 'Board',
				tab_type: 'url',
				tab_content: { url: 'https://example.com/board' },
				tab_config: { icon_key: 'img_board', is_built_in: true },
			},
			{ tab_name: 'Plain', tab_type: 'url', tab_content: { url: 'https://example.com/plain' } },
		]);
		const board = (await tabsOf(eng)).find((t) => t.tab_name === 'Board')!;
		expect(board.tab_config).toEqual({ icon_key: 'img_board', is_built_in: true });
	});

	it('Update turns it on and off, keeping the icon; Keep Current leaves it out', async () => {
		const [id] = await addTabs(['Embedded']);
		const on = await h.run(
			base('update', {
				tabUpdates: { tab: [{ tabId: id, iconKey: 'img_e', openEmbedded: 'yes' }] },
			}),
		);
		expect(on.requests[1].body.chat_tabs[0].tab_config).toEqual({
			icon_key: 'img_e',
			is_built_in: true,
		});
		const off = await h.run(
			base('update', { tabUpdates: { tab: [{ tabId: id, openEmbedded: 'no' }] } }),
		);
		expect(off.requests[1].body.chat_tabs[0].tab_config).toEqual({
			icon_key: 'img_e',
			is_built_in: false,
		});
		expect((await tabsOf(eng)).find((t) => t.tab_id === id)!.tab_config).toEqual({
			icon_key: 'img_e',
			is_built_in: false,
		});
		const renamed = await h.run(
			base('update', {
				tabUpdates: { tab: [{ tabId: id, name: 'Renamed', openEmbedded: 'keep' }] },
			}),
		);
		expect(renamed.requests[1].body.chat_tabs[0].tab_config).toEqual({
			icon_key: 'img_e',
			is_built_in: false,
		});
	});

	it('refuses Open Embedded on a document tab instead of dropping it', async () => {
		const { error, requests } = await h.runError(
			base('create', {
				tabs: {
					tab: [
						{
							name: 'Spec',
							type: 'doc',
							link: 'https://example.feishu.cn/docx/A',
							isBuiltIn: true,
						},
					],
				},
			}),
		);
		expect(error.message).toBe(
			'Tab 1 ("Spec"): Open Embedded applies to URL tabs only (this is a doc tab)',
		);
		expect(requests).toHaveLength(0);
	});
});
