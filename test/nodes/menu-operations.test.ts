/** Menu resource of the Feishu Group node against the emulator: every operation, errors, continue-on-fail. */
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';
import type { Json } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const menu = chatOperation('menu');
let eng: string;
let launch: string;
/** Engineering's seeded menu: "Links" with the sub-items "Docs" and "Status". */
let links: string;
let docs: string;

type Top = {
	chat_menu_top_level_id: string;
	chat_menu_item: Record<string, Json>;
	children: Array<Record<string, Json>>;
};

const engOp = (operation: string, extra: Record<string, unknown> = {}) =>
	menu(operation, eng, extra);
const launchOp = (operation: string, extra: Record<string, unknown> = {}) =>
	menu(operation, launch, extra);

async function menuOf(chatId: string): Promise<Top[]> {
	return (await h.chatState(chatId)).menu;
}

const linkItem = (name: string, link = `https://example.com/${name.toLowerCase()}`) => ({
	name,
	actionType: 'REDIRECT_LINK',
	link,
});

/** Adds top-level link items to a chat through the node; returns their ids. */
async function addTopLevels(chatId: string, names: string[]): Promise<string[]> {
	const { items } = await h.run(
		menu('create', chatId, { menuItems: { item: names.map((n) => linkItem(n)) } }),
	);
	const tops = (items[0].json.menu_tree as { chat_menu_top_levels: Top[] }).chat_menu_top_levels;
	return names.map((n) => tops.find((t) => t.chat_menu_item.name === n)!.chat_menu_top_level_id);
}

beforeEach(async () => {
	eng = h.chatId('Engineering');
	launch = h.chatId('Product Launch');
	const [top] = await menuOf(eng);
	links = top.chat_menu_top_level_id;
	docs = top.children.find((c) => c.chat_menu_item.name === 'Docs')!.chat_menu_second_level_id;
});

describe('Menu → Create', () => {
	it('builds the menu tree from the form and outputs the whole menu with chat_id', async () => {
		const { items, requests } = await h.run(
			launchOp('create', {
				menuItems: {
					item: [
						{
							name: 'Resources',
							actionType: 'NONE',
							subItems: {
								item: [
									{
										name: 'Handbook',
										link: 'https://example.com/handbook',
										additionalFields: {
											pcUrl: 'https://example.com/handbook?pc',
											nameEnUs: 'Handbook',
											nameZhCn: '手册',
											iconKey: 'img_handbook',
										},
									},
									{ name: 'Status', link: 'https://status.example.com' },
								],
							},
						},
						{
							name: 'Report',
							actionType: 'REDIRECT_LINK',
							link: 'https://example.com/report',
							additionalFields: {
								iosUrl: 'https://m.example.com/report',
								androidUrl: 'https://m.example.com/report?a',
								webUrl: 'https://web.example.com/report',
								nameJaJp: 'レポート',
								iconKey: 'img_report',
							},
						},
					],
				},
			}),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: `/open-apis/im/v1/chats/${launch}/menu_tree`,
			query: {},
			code: 0,
		});
		expect(requests[0].body).toEqual({
			menu_tree: {
				chat_menu_top_levels: [
					{
						chat_menu_item: { action_type: 'NONE', name: 'Resources' },
						children: [
							{
								chat_menu_item: {
									action_type: 'REDIRECT_LINK',
									name: 'Handbook',
									redirect_link: {
										common_url: 'https://example.com/handbook',
										pc_url: 'https://example.com/handbook?pc',
									},
									i18n_names: { zh_cn: '手册', en_us: 'Handbook' },
									image_key: 'img_handbook',
								},
							},
							{
								chat_menu_item: {
									action_type: 'REDIRECT_LINK',
									name: 'Status',
									redirect_link: { common_url: 'https://status.example.com' },
								},
							},
						],
					},
					{
						chat_menu_item: {
							action_type: 'REDIRECT_LINK',
							name: 'Report',
							redirect_link: {
								common_url: 'https://example.com/report',
								ios_url: 'https://m.example.com/report',
								android_url: 'https://m.example.com/report?a',
								web_url: 'https://web.example.com/report',
							},
							i18n_names: { ja_jp: 'レポート' },
							image_key: 'img_report',
						},
					},
				],
			},
		});
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		const out = items[0].json as { chat_id: string; menu_tree: { chat_menu_top_levels: Top[] } };
		expect(out.chat_id).toBe(launch);
		const tops = out.menu_tree.chat_menu_top_levels;
		expect(tops.map((t) => t.chat_menu_item.name)).toEqual(['Resources', 'Report']);
		expect(tops[0].children.map((c) => c.chat_menu_item.name)).toEqual(['Handbook', 'Status']);
		expect(tops.every((t) => /^\d{19}$/.test(t.chat_menu_top_level_id))).toBe(true);
		const state = await menuOf(launch);
		expect(state.map((t) => t.chat_menu_top_level_id)).toEqual(
			tops.map((t) => t.chat_menu_top_level_id),
		);
		expect(state[1].chat_menu_item.redirect_link.web_url).toBe('https://web.example.com/report');
	});

	it('sends the JSON alternative as written, whichever wrapper is used', async () => {
		const top = {
			chat_menu_item: {
				action_type: 'REDIRECT_LINK',
				name: 'Raw',
				redirect_link: { common_url: 'https://example.com/raw' },
			},
		};
		const wrappers = [
			{ menu_tree: { chat_menu_top_levels: [top] } },
			{ chat_menu_top_levels: [top] },
			[top],
		];
		for (const menuTreeJson of wrappers) {
			const { requests } = await h.run(
				launchOp('create', { defineBy: 'json', menuTreeJson: JSON.stringify(menuTreeJson) }),
			);
			expect(requests[0].body).toEqual({ menu_tree: { chat_menu_top_levels: [top] } });
		}
		expect((await menuOf(launch)).map((t) => t.chat_menu_item.name)).toEqual(['Raw', 'Raw', 'Raw']);
	});

	it('checks the 3 x 5 caps, actions, icons and link schemes locally before calling', async () => {
		const cases: Array<[unknown[], string]> = [
			[
				['A', 'B', 'C', 'D'].map((n) => linkItem(n)),
				'4 top-level menu items given; Feishu allows at most 3 per chat',
			],
			[
				[
					{
						name: 'Big',
						actionType: 'NONE',
						subItems: { item: [1, 2, 3, 4, 5, 6].map((n) => linkItem(`S${n}`)) },
					},
				],
				'Menu item 1 ("Big") has 6 sub-items; Feishu allows at most 5',
			],
			[
				[linkItem('Bad', 'javascript:alert(1)')],
				'Menu item 1 ("Bad"): common_url must start with http:// or https:// (got "javascript:alert(1)")',
			],
			[
				[{ name: 'Empty', actionType: 'REDIRECT_LINK', link: '' }],
				'Menu item 1 ("Empty"): it opens a link, so give a link',
			],
			[
				[
					{
						name: 'Parent',
						actionType: 'REDIRECT_LINK',
						link: 'https://example.com',
						subItems: { item: [linkItem('Child')] },
					},
				],
				'Menu item 1 ("Parent") has sub-items, so its action must be "None (Opens Sub-Items)"',
			],
			[
				[
					{
						name: 'Parent',
						actionType: 'NONE',
						additionalFields: { iconKey: 'img' },
						subItems: { item: [linkItem('Child')] },
					},
				],
				'Menu item 1 ("Parent") has sub-items, so it cannot have an icon',
			],
			[
				[
					{
						name: 'Parent',
						actionType: 'NONE',
						subItems: { item: [linkItem('Child', 'ftp://x')] },
					},
				],
				'Sub-item 1 ("Child") of menu item 1 ("parent"): common_url must start with http:// or https:// (got "ftp://x")',
			],
			[
				[linkItem('x'.repeat(121))],
				`Menu item 1 ("${'x'.repeat(121)}"): the name must be 1 to 120 characters (got 121)`,
			],
			[
				[{ ...linkItem('Named'), additionalFields: { pcUrl: 'mailto:a@b.c' } }],
				'Menu item 1 ("Named"): pc_url must start with http:// or https:// (got "mailto:a@b.c")',
			],
		];
		for (const [item, message] of cases) {
			const { error, requests } = await h.runError(launchOp('create', { menuItems: { item } }));
			expect(error.message).toBe(message);
			expect(error.description).toContain('at most 3 top-level items per chat');
			expect(requests).toHaveLength(0);
		}
		expect(await menuOf(launch)).toEqual([]);
	});

	it("gets Feishu's 232071 and 232070 when JSON bypasses the checks or the chat is already full", async () => {
		const six = {
			chat_menu_item: { action_type: 'NONE', name: 'Big' },
			children: [1, 2, 3, 4, 5, 6].map((n) => ({
				chat_menu_item: {
					action_type: 'REDIRECT_LINK',
					name: `S${n}`,
					redirect_link: { common_url: 'https://example.com' },
				},
			})),
		};
		const subCap = await h.runError(launchOp('create', { defineBy: 'json', menuTreeJson: [six] }));
		expect(subCap.error.message).toBe(
			'Feishu error 232071: The number of chat_menu_second_level has reached the limit.',
		);
		expect(subCap.error.description).toContain(
			'A top-level menu item can have at most 5 sub-items.',
		);
		expect(subCap.requests.map((c) => c.code)).toEqual([232071]);

		// Engineering has one top-level item already; two more fill it, a third passes the local check but not Feishu's.
		await addTopLevels(eng, ['Two', 'Three']);
		const topCap = await h.runError(engOp('create', { menuItems: { item: [linkItem('Four')] } }));
		expect(topCap.error.message).toBe(
			'Feishu error 232070: The number of chat_menu_top_level has reached the limit.',
		);
		expect(topCap.error.description).toContain('A chat can have at most 3 top-level menu items.');
		expect(topCap.requests.map((c) => c.code)).toEqual([232070]);
		expect(await menuOf(eng)).toHaveLength(3);
	});
});

describe('Menu → Update Item', () => {
	it('derives update_fields from the fields filled in', async () => {
		const { items, requests } = await h.run(
			engOp('updateItem', {
				menuItemId: docs,
				updateFields: { name: 'Documentation', nameEnUs: 'Documentation', nameZhCn: '文档' },
			}),
		);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'PATCH',
			path: `/open-apis/im/v1/chats/${eng}/menu_items/${docs}`,
			query: {},
		});
		expect(requests[0].body).toEqual({
			update_fields: ['NAME', 'I18N_NAME'],
			chat_menu_item: {
				name: 'Documentation',
				i18n_names: { zh_cn: '文档', en_us: 'Documentation' },
			},
		});
		expect(items[0].json).toEqual({
			chat_id: eng,
			menu_item_id: docs,
			update_fields: ['NAME', 'I18N_NAME'],
			chat_menu_item: {
				action_type: 'REDIRECT_LINK',
				name: 'Documentation',
				redirect_link: { common_url: 'https://example.com/docs' },
				i18n_names: { zh_cn: '文档', en_us: 'Documentation' },
			},
		});
		const [top] = await menuOf(eng);
		expect(top.children[0].chat_menu_item).toMatchObject({
			name: 'Documentation',
			i18n_names: { en_us: 'Documentation' },
		});
	});

	it('updates links and the icon', async () => {
		const { requests } = await h.run(
			engOp('updateItem', {
				menuItemId: docs,
				updateFields: {
					link: 'https://example.com/docs2',
					pcUrl: 'https://example.com/docs2?pc',
					iconKey: 'img_docs',
				},
			}),
		);
		expect(requests[0].body).toEqual({
			update_fields: ['ICON', 'REDIRECT_LINK'],
			chat_menu_item: {
				image_key: 'img_docs',
				redirect_link: {
					common_url: 'https://example.com/docs2',
					pc_url: 'https://example.com/docs2?pc',
				},
			},
		});
		const [top] = await menuOf(eng);
		expect(top.children[0].chat_menu_item).toMatchObject({
			image_key: 'img_docs',
			redirect_link: {
				common_url: 'https://example.com/docs2',
				pc_url: 'https://example.com/docs2?pc',
			},
		});
	});

	it('takes JSON: a bare item (update_fields derived) or { update_fields, chat_menu_item }', async () => {
		const bare = await h.run(
			engOp('updateItem', {
				menuItemId: links,
				defineBy: 'json',
				menuItemJson: '{ "name": "Shortcuts" }',
			}),
		);
		expect(bare.requests[0].body).toEqual({
			update_fields: ['NAME'],
			chat_menu_item: { name: 'Shortcuts' },
		});
		const explicit = {
			update_fields: ['NAME'],
			chat_menu_item: { name: 'Quick Links', image_key: 'ignored' },
		};
		const full = await h.run(
			engOp('updateItem', { menuItemId: links, defineBy: 'json', menuItemJson: explicit }),
		);
		expect(full.requests[0].body).toEqual(explicit);
		expect((await menuOf(eng))[0].chat_menu_item).toEqual({
			action_type: 'NONE',
			name: 'Quick Links',
		});
	});

	it('refuses empty updates and bad links locally; Feishu refuses a link on an item without one', async () => {
		const empty = await h.runError(engOp('updateItem', { menuItemId: docs, updateFields: {} }));
		expect(empty.error.message).toBe(
			'Nothing to update: fill in at least one of the name, translated names, icon or links',
		);
		const bad = await h.runError(
			engOp('updateItem', { menuItemId: docs, updateFields: { webUrl: 'example.com' } }),
		);
		expect(bad.error.message).toBe(
			'Update Fields: web_url must start with http:// or https:// (got "example.com")',
		);
		expect([...empty.requests, ...bad.requests]).toHaveLength(0);

		const remote = await h.runError(
			engOp('updateItem', { menuItemId: links, updateFields: { link: 'https://example.com' } }),
		);
		expect(remote.error.message).toMatch(/^Feishu error 232078: /);
		expect(remote.requests.map((c) => c.code)).toEqual([232078]);
	});
});

describe('Menu → Sort', () => {
	it('completes a partial order from the current menu', async () => {
		const [two, three] = await addTopLevels(eng, ['Two', 'Three']);
		const { items, requests } = await h.run(engOp('sort', { topLevelIds: [three] }));
		expect(requests.map((c) => `${c.method} ${c.path}`)).toEqual([
			`GET /open-apis/im/v1/chats/${eng}/menu_tree`,
			`POST /open-apis/im/v1/chats/${eng}/menu_tree/sort`,
		]);
		expect(requests[1].body).toEqual({ chat_menu_top_level_ids: [three, links, two] });
		expect(items[0].json.chat_id).toBe(eng);
		const tops = (items[0].json.menu_tree as { chat_menu_top_levels: Top[] }).chat_menu_top_levels;
		expect(tops.map((t) => t.chat_menu_top_level_id)).toEqual([three, links, two]);
		expect((await menuOf(eng)).map((t) => t.chat_menu_top_level_id)).toEqual([three, links, two]);
	});

	it('sends the ids as given when completion is off: the exact set works, a partial set gets 232072', async () => {
		const [two, three] = await addTopLevels(eng, ['Two', 'Three']);
		const exact = await h.run(
			engOp('sort', { topLevelIds: `${two},${three},${links}`, completeOrder: false }),
		);
		expect(exact.requests).toHaveLength(1);
		expect(exact.requests[0].body).toEqual({ chat_menu_top_level_ids: [two, three, links] });
		expect((await menuOf(eng)).map((t) => t.chat_menu_top_level_id)).toEqual([two, three, links]);

		const partial = await h.runError(engOp('sort', { topLevelIds: [three], completeOrder: false }));
		expect(partial.error.message).toBe(
			"Feishu error 232072: Sort chat_menu_top_level's param is invalid.",
		);
		expect(partial.error.description).toContain(
			'To sort menus, list exactly the IDs of all existing top-level items.',
		);
		expect(partial.requests.map((c) => c.code)).toEqual([232072]);
	});

	it('names unknown or second-level ids before sending', async () => {
		const { error, requests } = await h.runError(engOp('sort', { topLevelIds: [docs] }));
		expect(error.message).toBe(`Not top-level menu items of this chat: ${docs}`);
		expect(error.description).toContain(`${links} (Links)`);
		expect(requests.map((c) => c.method)).toEqual(['GET']);
	});
});

describe('Menu → Get', () => {
	it('outputs the tree with chat_id', async () => {
		const { items, requests } = await h.run(engOp('get'));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'GET',
			path: `/open-apis/im/v1/chats/${eng}/menu_tree`,
			query: {},
		});
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			chat_id: eng,
			menu_tree: { chat_menu_top_levels: await menuOf(eng) },
		});
	});

	it('flattens to one item per menu item with level, position and parent', async () => {
		const { items, json } = await h.run(engOp('get', { flatten: true }));
		expect(json).toEqual([
			{
				chat_id: eng,
				menu_item_id: links,
				level: 1,
				position: 1,
				name: 'Links',
				action_type: 'NONE',
				sub_item_count: 2,
			},
			{
				chat_id: eng,
				menu_item_id: docs,
				level: 2,
				position: 1,
				parent_id: links,
				name: 'Docs',
				action_type: 'REDIRECT_LINK',
				redirect_link: { common_url: 'https://example.com/docs' },
			},
			expect.objectContaining({ level: 2, position: 2, parent_id: links, name: 'Status' }),
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		const empty = await h.run(launchOp('get', { flatten: true }));
		expect(empty.items).toEqual([]);
	});
});

describe('Menu → Delete', () => {
	it('deletes top-level items with a DELETE body and outputs what remains', async () => {
		const [two] = await addTopLevels(eng, ['Two']);
		const { items, requests } = await h.run(engOp('delete', { topLevelIds: [links] }));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'DELETE',
			path: `/open-apis/im/v1/chats/${eng}/menu_tree`,
			query: {},
			body: { chat_menu_top_level_ids: [links] },
		});
		expect(items[0].json).toMatchObject({ chat_id: eng, deleted_ids: [links] });
		const remaining = (items[0].json.menu_tree as { chat_menu_top_levels: Top[] })
			.chat_menu_top_levels;
		expect(remaining.map((t) => t.chat_menu_top_level_id)).toEqual([two]);
		expect((await menuOf(eng)).map((t) => t.chat_menu_top_level_id)).toEqual([two]);
	});

	it('Delete All reads the ids first; on an empty menu it does not call DELETE', async () => {
		const [two, three] = await addTopLevels(eng, ['Two', 'Three']);
		const { items, requests } = await h.run(engOp('delete', { deleteAll: true }));
		expect(requests.map((c) => c.method)).toEqual(['GET', 'DELETE']);
		expect(requests[1].body).toEqual({ chat_menu_top_level_ids: [links, two, three] });
		expect(items[0].json).toMatchObject({
			chat_id: eng,
			deleted_ids: [links, two, three],
			menu_tree: { chat_menu_top_levels: [] },
		});
		expect(await menuOf(eng)).toEqual([]);

		const again = await h.run(engOp('delete', { deleteAll: true }));
		expect(again.requests.map((c) => c.method)).toEqual(['GET']);
		expect(again.items[0].json).toMatchObject({ chat_id: eng, deleted_ids: [] });
	});
});

describe('Menu errors, tenant-only, continue-on-fail', () => {
	it('refuses the user token up front for every menu operation', async () => {
		for (const operation of ['create', 'updateItem', 'sort', 'get', 'delete']) {
			const { error, requests } = await h.runError(
				engOp(operation, { authentication: 'userToken', menuItemId: docs, topLevelIds: [links] }),
			);
			expect(error.message).toMatch(/^Feishu only allows ".+" with the app's tenant token$/);
			expect(error.description).toBe(
				'Set Authentication to "App (Tenant Token)" for this operation.',
			);
			expect(requests).toHaveLength(0);
		}
		const { error } = await h.runError(engOp('get', { authentication: 'userToken' }));
		expect(error.message).toBe(
			'Feishu only allows "Get the menu of a chat" with the app\'s tenant token',
		);
	});

	it('fails with 232055 where only owner and managers may manage menus, and 232008 in a p2p chat', async () => {
		const allHands = await h.runError(
			menu('create', h.chatId('All Hands'), { menuItems: { item: [linkItem('X')] } }),
		);
		expect(allHands.error.message).toBe(
			'Feishu error 232055: The operator does not have chat tab, chat menu, chat widget manage permission',
		);
		expect(allHands.error.description).toContain('Make the bot a manager.');
		const p2p = await h.runError(menu('get', h.chatId('')));
		expect(p2p.error.message).toMatch(/^Feishu error 232008: /);
	});

	it('continues on fail with error items paired to their input items', async () => {
		const names = ['One', 'x'.repeat(130), 'Two'];
		const { items, requests } = await h.run(
			(i) => launchOp('create', { menuItems: { item: [linkItem(names[i])] } }),
			{
				items: names.map((name) => ({ json: { name } })),
				continueOnFail: true,
			},
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.chat_id).toBe(launch);
		expect(items[1].json.error).toBe(
			`Menu item 1 ("${names[1]}"): the name must be 1 to 120 characters (got 130)`,
		);
		expect(items[2].json.chat_id).toBe(launch);
		expect(requests.map((c) => c.code)).toEqual([0, 0]);

		// A Feishu error in the middle: the third item would exceed the cap of 3.
		const more = await h.run(
			(i) => launchOp('create', { menuItems: { item: [linkItem(`More${i}`)] } }),
			{
				items: [{ json: {} }, { json: {} }],
				continueOnFail: true,
			},
		);
		expect(more.json[0].chat_id).toBe(launch);
		expect(more.json[1]).toMatchObject({
			code: 232070,
			error: 'Feishu error 232070: The number of chat_menu_top_level has reached the limit.',
		});
		expect(more.items[1].pairedItem).toEqual({ item: 1 });
		expect((await menuOf(launch)).map((t) => t.chat_menu_item.name)).toEqual([
			'One',
			'Two',
			'More0',
		]);
	});
});

describe('Menu pickers', () => {
	it('lists every item for Update Item and the top-level items for Sort/Delete', async () => {
		const items = await h.loadOptions('getMenuItems', engOp('updateItem'));
		expect(items).toEqual([
			{ name: 'Links', value: links, description: undefined },
			{ name: 'Links › Docs', value: docs, description: 'https://example.com/docs' },
			expect.objectContaining({ name: 'Links › Status' }),
		]);
		const tops = await h.loadOptions('getTopLevelMenuItems', engOp('sort'));
		expect(tops).toEqual([{ name: 'Links', value: links, description: '2 sub-items' }]);
	});
});
