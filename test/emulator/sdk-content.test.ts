/** The official SDK drives announcement, tab and menu endpoints (19-30) against the emulator. */
import { failure, setUpSeededKit } from './testkit';

const { kit, ids } = setUpSeededKit();

test('announcement: get, patch with revision (appends blocks), docx chats refused', async () => {
	const client = kit.client();
	const chat_id = ids.Engineering;
	const a = await client.im.v1.chatAnnouncement.get({ path: { chat_id } });
	expect(a.data!.revision).toBe('3');
	expect(JSON.parse(a.data!.content!).title).toBe('Team rules');
	expect(a.data!.create_time).toMatch(/^\d{10}$/);
	const insert = JSON.stringify({
		requestType: 'InsertBlocksRequestType',
		insertBlocksRequest: {
			payload: JSON.stringify({
				blocks: [
					{
						type: 'paragraph',
						paragraph: { elements: [{ type: 'textRun', textRun: { text: 'Ship it' } }] },
					},
				],
			}),
			location: { zoneId: '0', index: 0, endOfZone: true },
		},
	});
	await client.im.v1.chatAnnouncement.patch({
		path: { chat_id },
		data: { revision: '3', requests: [insert] },
	});
	const b = await client.im.v1.chatAnnouncement.get({ path: { chat_id } });
	expect(b.data!.revision).toBe('4');
	expect(JSON.parse(b.data!.content!).body.blocks).toHaveLength(2);
	expect(b.data!.modifier_id_type).toBe('app_id');
	expect(b.data!.modifier_id).toBe('cli_9e5f1b2a3c4d5e6f');
	expect(
		(
			await failure(
				client.im.v1.chatAnnouncement.patch({
					path: { chat_id },
					data: { requests: [insert] } as any,
				}),
			)
		).body.code,
	).toBe(232001);
	expect(
		(
			await failure(
				client.im.v1.chatAnnouncement.patch({
					path: { chat_id },
					data: { revision: '4', requests: ['not json'] },
				}),
			)
		).body.code,
	).toBe(232018);
	expect(
		(await failure(client.im.v1.chatAnnouncement.get({ path: { chat_id: ids['Ops Alerts'] } })))
			.body.code,
	).toBe(232097);
	// All Hands: edit_permission only_owner and the bot is a plain member
	expect(
		(
			await failure(
				client.im.v1.chatAnnouncement.patch({
					path: { chat_id: ids['All Hands'] },
					data: { revision: '0', requests: [insert] },
				}),
			)
		).body.code,
	).toBe(232002);
});

test('tabs: create, update, sort (message tab stays first), list, delete, 20-tab cap', async () => {
	const client = kit.client();
	const chat_id = ids['Product Launch'];
	const c = await client.im.v1.chatTab.create({
		path: { chat_id },
		data: {
			chat_tabs: [
				{ tab_name: 'Docs', tab_type: 'url', tab_content: { url: 'https://example.com/a' } },
				{
					tab_name: 'Spec',
					tab_type: 'doc',
					tab_content: { doc: 'https://example.feishu.cn/docx/abc' },
				},
			],
		},
	});
	expect(c.msg).toBe('ok');
	const tabs = c.data!.chat_tabs!;
	expect(tabs.map((t) => t.tab_type)).toEqual(['message', 'url', 'doc']);
	expect(tabs[1].tab_id).toMatch(/^\d{19}$/);
	const u = await client.im.v1.chatTab.updateTabs({
		path: { chat_id },
		data: {
			chat_tabs: [
				{
					tab_id: tabs[1].tab_id,
					tab_type: 'url',
					tab_name: 'Docs 2',
					tab_content: { url: 'https://example.com/b' },
				},
			],
		},
	});
	expect(u.data!.chat_tabs![1]).toEqual(
		expect.objectContaining({ tab_name: 'Docs 2', tab_content: { url: 'https://example.com/b' } }),
	);
	const s = await client.im.v1.chatTab.sortTabs({
		path: { chat_id },
		data: { tab_ids: [tabs[2].tab_id!, tabs[0].tab_id!, tabs[1].tab_id!] },
	});
	expect(s.data!.chat_tabs!.map((t) => t.tab_id)).toEqual([
		tabs[0].tab_id,
		tabs[2].tab_id,
		tabs[1].tab_id,
	]);
	expect(
		(
			await failure(
				client.im.v1.chatTab.sortTabs({ path: { chat_id }, data: { tab_ids: [tabs[1].tab_id!] } }),
			)
		).body.code,
	).toBe(232001);
	const l = await client.im.v1.chatTab.listTabs({ path: { chat_id } });
	expect(l.data!.chat_tabs).toHaveLength(3);
	expect(
		(
			await failure(
				client.im.v1.chatTab.deleteTabs({
					path: { chat_id },
					data: { tab_ids: [tabs[0].tab_id!] },
				}),
			)
		).body.code,
	).toBe(232049);
	const d = await client.im.v1.chatTab.deleteTabs({
		path: { chat_id },
		data: { tab_ids: [tabs[1].tab_id!] },
	});
	expect(d.data!.chat_tabs!.map((t) => t.tab_id)).toEqual([tabs[0].tab_id, tabs[2].tab_id]);
	const more = Array.from({ length: 19 }, (_, i) => ({
		tab_name: `T${i}`,
		tab_type: 'url' as const,
		tab_content: { url: `https://example.com/${i}` },
	}));
	await client.im.v1.chatTab.create({ path: { chat_id }, data: { chat_tabs: more } });
	const cap = await failure(
		client.im.v1.chatTab.create({ path: { chat_id }, data: { chat_tabs: [more[0]] } }),
	);
	expect(cap.body.code).toBe(232046);
	expect(
		(
			await failure(
				client.im.v1.chatTab.create({
					path: { chat_id: ids.Engineering },
					data: { chat_tabs: [{ tab_type: 'url', tab_content: { url: 'ftp://x' } }] },
				}),
			)
		).body.code,
	).toBe(232048);
	expect(
		(
			await failure(
				client.im.v1.chatTab.create({
					path: { chat_id: ids.Engineering },
					data: {
						chat_tabs: [
							{ tab_type: 'url', tab_name: 'x'.repeat(61), tab_content: { url: 'https://x' } },
						],
					},
				}),
			)
		).body.code,
	).toBe(232047);
});

test('menus: create (append), patch item, sort, get, delete, 3x5 cap', async () => {
	const client = kit.client();
	const chat_id = ids['Product Launch'];
	const item = (name: string) => ({
		action_type: 'REDIRECT_LINK' as const,
		name,
		redirect_link: { common_url: `https://example.com/${name}` },
	});
	const c = await client.im.v1.chatMenuTree.create({
		path: { chat_id },
		data: {
			menu_tree: {
				chat_menu_top_levels: [
					{
						chat_menu_item: { action_type: 'NONE', name: 'Help' },
						children: [{ chat_menu_item: item('faq') }, { chat_menu_item: item('contact') }],
					},
					{ chat_menu_item: item('home') },
				],
			},
		},
	});
	const tops = c.data!.menu_tree!.chat_menu_top_levels!;
	expect(tops).toHaveLength(2);
	expect(tops[0].chat_menu_top_level_id).toMatch(/^\d{19}$/);
	const childId = tops[0].children![0].chat_menu_second_level_id!;
	const p = await client.im.v1.chatMenuItem.patch({
		path: { chat_id, menu_item_id: childId },
		data: { update_fields: ['NAME'], chat_menu_item: { name: 'FAQ!' } },
	});
	expect(p.data!.chat_menu_item!.name).toBe('FAQ!');
	expect(p.data!.chat_menu_item!.redirect_link!.common_url).toBe('https://example.com/faq');
	const ids2 = [tops[1].chat_menu_top_level_id!, tops[0].chat_menu_top_level_id!];
	const s = await client.im.v1.chatMenuTree.sort({
		path: { chat_id },
		data: { chat_menu_top_level_ids: ids2 },
	});
	expect(s.data!.menu_tree!.chat_menu_top_levels!.map((t) => t.chat_menu_top_level_id)).toEqual(
		ids2,
	);
	expect(
		(
			await failure(
				client.im.v1.chatMenuTree.sort({
					path: { chat_id },
					data: { chat_menu_top_level_ids: [ids2[0]] },
				}),
			)
		).body.code,
	).toBe(232072);
	const g = await client.im.v1.chatMenuTree.get({ path: { chat_id } });
	expect(g.data!.menu_tree!.chat_menu_top_levels![1].children![0].chat_menu_item!.name).toBe(
		'FAQ!',
	);
	await client.im.v1.chatMenuTree.create({
		path: { chat_id },
		data: { menu_tree: { chat_menu_top_levels: [{ chat_menu_item: item('third') }] } },
	});
	const cap = await failure(
		client.im.v1.chatMenuTree.create({
			path: { chat_id },
			data: { menu_tree: { chat_menu_top_levels: [{ chat_menu_item: item('fourth') }] } },
		}),
	);
	expect(cap.body.code).toBe(232070);
	const d = await client.im.v1.chatMenuTree.delete({
		path: { chat_id },
		data: { chat_menu_top_level_ids: [ids2[0]] },
	});
	expect(d.data!.menu_tree!.chat_menu_top_levels).toHaveLength(2);
	const six = Array.from({ length: 6 }, (_, i) => ({ chat_menu_item: item('c' + i) }));
	const kids = await failure(
		client.im.v1.chatMenuTree.create({
			path: { chat_id },
			data: {
				menu_tree: {
					chat_menu_top_levels: [
						{ chat_menu_item: { action_type: 'NONE', name: 'x' }, children: six },
					],
				},
			},
		}),
	);
	expect(kids.body.code).toBe(232071);
	const bad = await failure(
		client.im.v1.chatMenuTree.create({
			path: { chat_id },
			data: {
				menu_tree: {
					chat_menu_top_levels: [
						{
							chat_menu_item: {
								action_type: 'REDIRECT_LINK',
								name: 'x',
								redirect_link: { common_url: 'ftp://x' },
							},
						},
					],
				},
			},
		}),
	);
	expect(bad.body.code).toBe(232078);
	const empty = await client.im.v1.chatMenuTree.get({ path: { chat_id: ids['Public Square'] } });
	expect(empty.data!.menu_tree!.chat_menu_top_levels).toEqual([]);
});
