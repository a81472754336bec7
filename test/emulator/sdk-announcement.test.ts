/**
 * The official SDK drives the 7 upgraded (docx) announcement endpoints (`client.docx.v1.chatAnnouncement*`)
 * against the emulator: formats (doc/docx), reading the block tree, editing, client_token and revisions.
 * Structure rules: sdk-announcement-structure.test.ts; scopes, rights and throttles: sdk-announcement-access.test.ts.
 */
import { chatWithBlocks, createdChat, FALSE_STYLE, noThrottle, para, run } from './announcementKit';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from './index';
import { EMULATOR_DEFAULTS, failure, lark, setUpSeededKit, SILENT } from './testkit';

const { kit, ids, users } = setUpSeededKit();

describe('formats', () => {
	test('chats created through the API get a docx announcement; the seed keeps legacy doc chats', async () => {
		const client = kit.client();
		const chat_id = await createdChat(kit);
		const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(info.code).toBe(0);
		expect(info.data).toEqual({
			revision_id: 1,
			create_time: expect.any(Number),
			update_time: expect.any(Number),
			owner_id: expect.stringMatching(/^ou_/),
			owner_id_type: 'open_id',
			modifier_id: expect.stringMatching(/^ou_/),
			modifier_id_type: 'open_id',
			announcement_type: 'docx',
		});
		// The legacy endpoints refuse a docx announcement.
		const legacy = await failure(client.im.v1.chatAnnouncement.get({ path: { chat_id } }));
		expect([legacy.status, legacy.body.code]).toEqual([400, 232097]);

		const eng = await client.docx.v1.chatAnnouncement.get({
			path: { chat_id: ids.Engineering },
			params: { user_id_type: 'user_id' },
		});
		expect(eng.data).toMatchObject({
			announcement_type: 'doc',
			revision_id: 3,
			owner_id: users[0].user_id,
			owner_id_type: 'user_id',
		});
		for (const [name, type] of [
			['Engineering', 'doc'],
			['Product Launch', 'docx'],
			['Public Square', 'docx'],
			['All Hands', 'doc'],
			['Ops Alerts', 'docx'],
		]) {
			const r = await client.docx.chatAnnouncement.get({ path: { chat_id: ids[name] } });
			expect([name, r.data!.announcement_type]).toEqual([name, type]);
		}
	});

	test('the legacy PATCH refuses a range delete (232018 checkDeleteContentRange fail) and applies nothing', async () => {
		const client = kit.client();
		const chat_id = ids.Engineering;
		const before = await client.im.v1.chatAnnouncement.get({ path: { chat_id } });
		const insert = JSON.stringify({
			requestType: 'InsertBlocksRequestType',
			insertBlocksRequest: {
				payload: JSON.stringify({ blocks: [] }),
				location: { zoneId: '0', index: 0, endOfZone: true },
			},
		});
		const remove = JSON.stringify({
			requestType: 'DeleteContentRangeRequestType',
			deleteContentRangeRequest: { deleteRange: { zoneId: '0', startIndex: 1, endIndex: 5 } },
		});
		const refused = await failure(
			client.im.v1.chatAnnouncement.patch({
				path: { chat_id },
				data: { revision: before.data!.revision!, requests: [insert, remove] },
			}),
		);
		expect([refused.status, refused.body.code, refused.body.msg]).toEqual([
			400,
			232018,
			'Updating announcement failed: checkDeleteContentRange fail',
		]);
		const after = await client.im.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(after.data).toEqual(before.data);
	});

	test('a legacy chat answers 1772006 on every block endpoint (not on basic info)', async () => {
		const client = kit.client();
		const chat_id = ids.Engineering;
		const calls: Array<Promise<unknown>> = [
			client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } }),
			client.docx.v1.chatAnnouncementBlock.get({ path: { chat_id, block_id: chat_id } }),
			client.docx.v1.chatAnnouncementBlockChildren.get({ path: { chat_id, block_id: chat_id } }),
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para('x')] },
			}),
			client.docx.v1.chatAnnouncementBlock.batchUpdate({
				path: { chat_id },
				data: { requests: [{ block_id: chat_id, update_text_elements: { elements: [run('x')] } }] },
			}),
			client.docx.v1.chatAnnouncementBlockChildren.batchDelete({
				path: { chat_id, block_id: chat_id },
				data: { start_index: 0, end_index: 1 },
			}),
		];
		for (const call of calls) {
			const f = await failure(call);
			expect([f.status, f.body.code, f.body.msg]).toEqual([
				400,
				1772006,
				'announcement type is not supported',
			]);
			expect(f.body.error.log_id).toBe(f.headers['x-tt-logid']);
		}
	});

	test('the control API switches a chat between doc and docx and shows the content', async () => {
		const client = kit.client();
		const chat_id = ids.Engineering;
		const set = await kit.ctl('PUT', `/chats/${chat_id}/announcement`, {
			type: 'docx',
			paragraphs: ['One', 'Two'],
		});
		expect(set.ok).toBe(true);
		expect(set.announcement).toMatchObject({
			announcement_type: 'docx',
			revision: 2,
			text: ['One', 'Two'],
		});
		const list = await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } });
		expect(list.data!.items!.map((b) => b.block_type)).toEqual([1, 2, 2]);
		expect(
			(await failure(client.im.v1.chatAnnouncement.get({ path: { chat_id } }))).body.code,
		).toBe(232097);

		await kit.ctl('PUT', `/chats/${chat_id}/announcement`, { type: 'doc', paragraphs: ['Legacy'] });
		const legacy = await client.im.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(legacy.data!.revision).toBe('1');
		expect(
			JSON.parse(legacy.data!.content!).body.blocks[0].paragraph.elements[0].textRun.text,
		).toBe('Legacy');
		const state = await kit.ctl('GET', `/chats/${chat_id}/announcement`);
		expect(state).toMatchObject({ announcement_type: 'doc', revision: 1 });
		expect((await kit.ctl('PUT', `/chats/${chat_id}/announcement`, { type: 'pdf' })).ok).toBe(
			false,
		);
	});

	test('fixtures choose the format per chat (default docx, like every new chat)', async () => {
		const r = await kit.ctl('POST', '/reset', {
			replaceChats: true,
			chats: [
				{ name: 'Old', announcement: 'doc' },
				{ name: 'New' },
				{ name: 'Flag', docxAnnouncement: false },
				{ name: 'Filled', announcementBlocks: [para('Hello')] },
			],
		});
		const client = kit.client();
		const types = [];
		for (const chat_id of r.chat_ids) {
			const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
			types.push([info.data!.announcement_type, info.data!.revision_id]);
		}
		expect(types).toEqual([
			['doc', 0],
			['docx', 1],
			['doc', 0],
			['docx', 2],
		]);
	});
});

describe('reading the block tree', () => {
	test('list is the pre-order traversal with the page block (id = chat_id) first, normalised', async () => {
		const client = kit.client();
		const chat_id = ids['Ops Alerts'];
		const r = await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } });
		expect(r.data!.has_more).toBe(false);
		expect(r.data!.page_token).toBeUndefined();
		const items = r.data!.items!;
		expect(items[0]).toEqual({
			block_id: chat_id,
			parent_id: '',
			block_type: 1,
			children: items.slice(1).map((b) => b.block_id),
			page: {
				elements: [{ text_run: { content: '', text_element_style: FALSE_STYLE } }],
				style: { align: 1 },
			},
		});
		expect(items.map((b) => b.block_type)).toEqual([1, 3, 2, 12, 12, 13, 22, 17]);
		for (const b of items.slice(1)) {
			expect(b.block_id).toMatch(/^[A-Za-z0-9]{27}$/);
			expect(b.parent_id).toBe(chat_id);
		}
		expect(items[1].heading1!.style).toEqual({ align: 1, folded: false });
		expect(items[7].todo!.style).toEqual({ align: 1, folded: false, done: false });
		const text = items[2].text!.elements;
		expect(text[1]).toEqual({
			text_run: { content: 'P1', text_element_style: { ...FALSE_STYLE, bold: true } },
		});
		expect(text[3].text_run!.text_element_style!.link).toEqual({
			url: 'https%3A%2F%2Fexample.com%2Frunbook',
		});
		expect(text[5]).toEqual({
			mention_user: { user_id: users[0].open_id, text_element_style: FALSE_STYLE },
		});
		expect(items[6].divider).toEqual({});
	});

	test('paging: page_size, opaque page_token only while has_more, SDK iterator', async () => {
		const client = kit.client();
		const chat_id = ids['Ops Alerts'];
		const all = (await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } })).data!
			.items!;
		const seen: string[] = [];
		let page_token: string | undefined;
		let pages = 0;
		do {
			const r = await client.docx.v1.chatAnnouncementBlock.list({
				path: { chat_id },
				params: { page_size: 3, page_token },
			});
			pages++;
			seen.push(...r.data!.items!.map((b) => b.block_id!));
			page_token = r.data!.page_token;
			expect(Boolean(page_token)).toBe(r.data!.has_more);
		} while (page_token);
		expect(pages).toBe(3);
		expect(seen).toEqual(all.map((b) => b.block_id));

		const iterated: string[] = [];
		for await (const page of await client.docx.v1.chatAnnouncementBlock.listWithIterator({
			path: { chat_id },
			params: { page_size: 2 },
		}))
			iterated.push(...(page?.items ?? []).map((b) => b.block_id!));
		expect(iterated).toEqual(seen);

		for (const params of [
			{ page_size: 0 },
			{ page_size: 501 },
			{ page_token: 'garbage' },
		] as const) {
			const f = await failure(
				client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id }, params }),
			);
			expect([f.status, f.body.code]).toEqual([400, 1770001]);
			expect(f.body.error.field_violations[0].field).toBe(Object.keys(params)[0]);
		}
	});

	test('get one block and list a block’s direct children (paged, no iterator)', async () => {
		const client = kit.client();
		const chat_id = ids['Ops Alerts'];
		const root = await client.docx.v1.chatAnnouncementBlock.get({
			path: { chat_id, block_id: chat_id },
		});
		expect(root.data!.block!.block_type).toBe(1);
		const kids = root.data!.block!.children!;
		expect(kids).toHaveLength(7);
		const one = await client.docx.v1.chatAnnouncementBlock.get({
			path: { chat_id, block_id: kids[0] },
		});
		expect(one.data!.block!.heading1!.elements[0].text_run!.content).toBe('On-call rules');

		const p1 = await client.docx.v1.chatAnnouncementBlockChildren.get({
			path: { chat_id, block_id: chat_id },
			params: { page_size: 5 },
		});
		expect(p1.data!.items!.map((b) => b.block_id)).toEqual(kids.slice(0, 5));
		expect(p1.data!.has_more).toBe(true);
		const p2 = await client.docx.v1.chatAnnouncementBlockChildren.get({
			path: { chat_id, block_id: chat_id },
			params: { page_size: 5, page_token: p1.data!.page_token },
		});
		expect(p2.data!.items!.map((b) => b.block_id)).toEqual(kids.slice(5));
		expect(p2.data!.has_more).toBe(false);
		const leaf = await client.docx.v1.chatAnnouncementBlockChildren.get({
			path: { chat_id, block_id: kids[0] },
		});
		expect(leaf.data).toEqual({ items: [], has_more: false });

		for (const call of [
			client.docx.v1.chatAnnouncementBlock.get({
				path: { chat_id, block_id: 'doxcnNoSuchBlock000000000000' },
			}),
			client.docx.v1.chatAnnouncementBlockChildren.get({ path: { chat_id, block_id: 'nope' } }),
		]) {
			const f = await failure(call);
			expect([f.status, f.body.code]).toEqual([404, 1770002]);
		}
	});
});

describe('editing', () => {
	beforeEach(() => noThrottle(kit));

	test('create children: append (default), insert at index, revision +1, client_token echoed or generated', async () => {
		const client = kit.client();
		const chat_id = await createdChat(kit);
		const a = await client.docx.v1.chatAnnouncementBlockChildren.create({
			path: { chat_id, block_id: chat_id },
			params: { revision_id: -1 },
			data: { children: [para('First'), para('Third')] },
		});
		expect(a.data!.revision_id).toBe(2);
		expect(a.data!.client_token).toMatch(
			/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
		);
		expect(
			a.data!.children!.map((b) => [b.parent_id, b.text!.elements[0].text_run!.content]),
		).toEqual([
			[chat_id, 'First'],
			[chat_id, 'Third'],
		]);
		expect(a.data!.children![0].text!.style).toEqual({ align: 1, folded: false });
		const b = await client.docx.v1.chatAnnouncementBlockChildren.create({
			path: { chat_id, block_id: chat_id },
			params: { client_token: 'a5e0e7a4-4c9b-4a57-9b2b-2f3f1bb9a001' },
			data: { children: [para('Second')], index: 1 },
		});
		expect(b.data!.revision_id).toBe(3);
		expect(b.data!.client_token).toBe('a5e0e7a4-4c9b-4a57-9b2b-2f3f1bb9a001');
		const state = await kit.ctl('GET', `/chats/${chat_id}/announcement`);
		expect(state.text).toEqual(['First', 'Second', 'Third']);
		const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(info.data!.revision_id).toBe(3);
		expect(info.data!.modifier_id).toBe(info.data!.owner_id);
	});

	test('a repeated client_token returns the first answer and applies nothing', async () => {
		const client = kit.client();
		const chat_id = await createdChat(kit);
		const call = () =>
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				params: { client_token: '9f7c2b7e-6a0e-4b8e-9c55-0d8f4e1a2b3c' },
				data: { children: [para('Once')] },
			});
		const first = await call();
		const again = await call();
		expect(again.data).toEqual(first.data);
		expect((await kit.ctl('GET', `/chats/${chat_id}/announcement`)).text).toEqual(['Once']);
	});

	test('batch_update replaces elements and styles; batch_delete removes a half-open range', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [
			para('a'),
			para('b'),
			{ block_type: 17, todo: { elements: [run('c')] } },
			{ block_type: 14, code: { elements: [run('x = 1')], style: { language: 49 } } },
		]);
		const [a, b, todo, code] = blocks.map((x) => x.block_id!);
		expect(blocks[3].code!.style).toEqual({
			align: 1,
			folded: false,
			language: 49,
			wrap: false,
		});
		const u = await client.docx.v1.chatAnnouncementBlock.batchUpdate({
			path: { chat_id },
			data: {
				requests: [
					{ block_id: a, update_text_elements: { elements: [run('A', { italic: true })] } },
					{ block_id: b, update_text_style: { style: { align: 2 }, fields: [1] } },
					{ block_id: todo, update_text_style: { style: { done: true }, fields: [2] } },
					{
						block_id: code,
						update_text: { elements: [run('y = 2')], style: { wrap: true }, fields: [5] },
					},
				],
			},
		});
		expect(u.data!.revision_id).toBe(3);
		expect(u.data!.blocks!.map((x) => x.block_id)).toEqual([a, b, todo, code]);
		expect(u.data!.blocks![0].text!.elements).toEqual([
			{ text_run: { content: 'A', text_element_style: { ...FALSE_STYLE, italic: true } } },
		]);
		expect(u.data!.blocks![1].text!.style!.align).toBe(2);
		expect(u.data!.blocks![2].todo!.style!.done).toBe(true);
		expect(u.data!.blocks![3].code!.style).toMatchObject({ wrap: true, language: 49 });

		const d = await client.docx.v1.chatAnnouncementBlockChildren.batchDelete({
			path: { chat_id, block_id: chat_id },
			params: { client_token: 'b1a1d1e1-0000-4000-8000-000000000001' },
			data: { start_index: 1, end_index: 3 },
		});
		expect(d.data).toEqual({
			revision_id: 4,
			client_token: 'b1a1d1e1-0000-4000-8000-000000000001',
		});
		const root = await client.docx.v1.chatAnnouncementBlock.get({
			path: { chat_id, block_id: chat_id },
		});
		expect(root.data!.block!.children).toEqual([a, code]);
		const gone = await failure(
			client.docx.v1.chatAnnouncementBlock.get({ path: { chat_id, block_id: b } }),
		);
		expect(gone.status).toBe(404);
		// The page may be emptied.
		await client.docx.v1.chatAnnouncementBlockChildren.batchDelete({
			path: { chat_id, block_id: chat_id },
			data: { start_index: 0, end_index: 2 },
		});
		const empty = await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } });
		expect(empty.data!.items).toHaveLength(1);
		expect(empty.data!.items![0].children).toBeUndefined();
	});
});

describe('revisions', () => {
	beforeEach(() => noThrottle(kit));

	test('reads at an older revision_id see that version; 0 / future -> 1770001; > 1000 behind -> 1770021', async () => {
		const client = kit.client();
		const chat_id = await createdChat(kit);
		const add = (s: string) =>
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para(s)] },
			});
		await add('one');
		await add('two');
		const at2 = await client.docx.v1.chatAnnouncementBlock.list({
			path: { chat_id },
			params: { revision_id: 2 },
		});
		expect(at2.data!.items).toHaveLength(2);
		const latest = await client.docx.v1.chatAnnouncementBlock.list({
			path: { chat_id },
			params: { revision_id: -1 },
		});
		expect(latest.data!.items).toHaveLength(3);
		for (const revision_id of [0, 4, -2]) {
			const f = await failure(
				client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id }, params: { revision_id } }),
			);
			expect([revision_id, f.body.code]).toEqual([revision_id, 1770001]);
		}
		// A write based on an older revision is rebased onto the latest.
		const based = await client.docx.v1.chatAnnouncementBlockChildren.create({
			path: { chat_id, block_id: chat_id },
			params: { revision_id: 1 },
			data: { children: [para('three')] },
		});
		expect(based.data!.revision_id).toBe(4);
		expect((await kit.ctl('GET', `/chats/${chat_id}/announcement`)).text).toEqual([
			'one',
			'two',
			'three',
		]);
	});

	test('a write whose revision_id is more than 1000 behind answers 1770021', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [para('0')]);
		const id = blocks[0].block_id!;
		for (let i = 1; i <= 1000; i++)
			await client.docx.v1.chatAnnouncementBlock.batchUpdate({
				path: { chat_id },
				data: {
					requests: [{ block_id: id, update_text_elements: { elements: [run(String(i))] } }],
				},
			});
		const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(info.data!.revision_id).toBe(1002);
		const ok = await client.docx.v1.chatAnnouncementBlock.get({
			path: { chat_id, block_id: id },
			params: { revision_id: 2 },
		});
		expect(ok.data!.block!.text!.elements[0].text_run!.content).toBe('0');
		const f = await failure(
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				params: { revision_id: 1 },
				data: { children: [para('late')] },
			}),
		);
		expect([f.status, f.body.code, f.body.msg]).toEqual([400, 1770021, 'too old document']);
	}, 60_000);
});

describe('saved state', () => {
	test('a docx announcement survives an emulator restart with a state file (blocks, format, revision)', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'feishu-emu-docx-'));
		const file = path.join(dir, 'state.json');
		const client = (url: string) =>
			new lark.Client({
				appId: EMULATOR_DEFAULTS.appId,
				appSecret: EMULATOR_DEFAULTS.appSecret,
				domain: url,
				logger: SILENT,
				loggerLevel: lark.LoggerLevel.error,
			});
		const first = await startEmulator({ port: 0, stateFile: file });
		let chat_id: string;
		let kept: string[];
		try {
			const c1 = client(first.url);
			chat_id = (await c1.im.v1.chat.create({ data: { name: 'Saved' } })).data!.chat_id!;
			const made = await c1.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para('kept 1'), para('kept 2')] },
			});
			kept = made.data!.children!.map((b) => b.block_id!);
		} finally {
			await first.close();
		}
		const second = await startEmulator({ port: 0, stateFile: file });
		try {
			expect(second.restored).toBe(true);
			const c2 = client(second.url);
			const info = await c2.docx.v1.chatAnnouncement.get({ path: { chat_id } });
			expect(info.data).toMatchObject({ announcement_type: 'docx', revision_id: 2 });
			const engineering = await c2.docx.v1.chatAnnouncement.get({
				path: { chat_id: 'oc_6f327b844ccac1ebe4ef09096220865d' },
			});
			expect(engineering.data!.announcement_type).toBe('doc');
			const more = await c2.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para('after restart')] },
			});
			expect(kept).not.toContain(more.data!.children![0].block_id);
			const list = await c2.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } });
			expect(list.data!.items!.slice(1).map((b) => b.text!.elements[0].text_run!.content)).toEqual([
				'kept 1',
				'kept 2',
				'after restart',
			]);
		} finally {
			await second.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
