/**
 * The official SDK drives docx announcement structure against the emulator: side effects of grid/table/file/callout
 * creation, the parent/child rules and their 1770xxx errors, batch_update operations and batch_delete rules.
 */
import { chatWithBlocks, noThrottle, para, run } from './announcementKit';
import { failure, setUpSeededKit } from './testkit';

const { kit, ids, users } = setUpSeededKit();

describe('structure: side effects and parent/child rules', () => {
	beforeEach(() => noThrottle(kit));

	test('grid -> columns with one empty text each; table -> cells (row-major); file -> a View wrapping it', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [
			{ block_type: 24, grid: { column_size: 3 } },
			{ block_type: 31, table: { property: { row_size: 2, column_size: 2 } } },
			{ block_type: 23, file: { view_type: 2 } },
			{ block_type: 19, callout: { background_color: 5 } },
		]);
		const [grid, tbl, view, callout] = blocks;
		expect(grid.children).toHaveLength(3);
		expect(tbl.table!.cells).toEqual(tbl.children);
		expect(tbl.table!.property).toMatchObject({ row_size: 2, column_size: 2 });
		expect(view.block_type).toBe(33);
		expect(callout.children).toHaveLength(1);
		const items = (await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } })).data!
			.items!;
		const byId = new Map(items.map((b) => [b.block_id, b]));
		for (const col of grid.children!) {
			const c = byId.get(col)!;
			expect(c.block_type).toBe(25);
			expect(byId.get(c.children![0])!.block_type).toBe(2);
		}
		expect(grid.children!.map((c) => byId.get(c)!.grid_column!.width_ratio)).toEqual([33, 33, 34]);
		expect(tbl.children!.map((c) => byId.get(c)!.block_type)).toEqual([32, 32, 32, 32]);
		const file = byId.get(view.children![0])!;
		expect([file.block_type, file.parent_id, view.view!.view_type]).toEqual([23, view.block_id, 2]);
		// Pre-order: each container is followed by its subtree.
		expect(items.map((b) => b.block_type)).toEqual([
			1, 24, 25, 2, 25, 2, 25, 2, 31, 32, 2, 32, 2, 32, 2, 32, 2, 33, 23, 19, 2,
		]);
		// Text into a table cell and a grid column.
		const cellText = await client.docx.v1.chatAnnouncementBlockChildren.create({
			path: { chat_id, block_id: tbl.children![0] },
			data: { children: [para('in a cell')] },
		});
		expect(cellText.data!.children![0].parent_id).toBe(tbl.children![0]);
	});

	test('create errors: 1770028, 1770029, 1770041, 1770024, 1770032, 1770035, 1770001', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [
			{ block_type: 22, divider: {} },
			{ block_type: 31, table: { property: { row_size: 1, column_size: 1 } } },
			{ block_type: 19, callout: {} },
		]);
		const [divider, tbl, callout] = blocks;
		const create = (block_id: string, children: unknown[], index?: number) =>
			failure(
				client.docx.v1.chatAnnouncementBlockChildren.create({
					path: { chat_id, block_id },
					data: { children: children as any, index },
				}),
			);
		const cases: Array<[Promise<{ status: number; body: any }>, number, number]> = [
			[create(divider.block_id!, [para('x')]), 400, 1770028],
			[create(chat_id, [{ block_type: 1, page: { elements: [run('x')] } }]), 400, 1770029],
			[create(chat_id, [{ block_type: 32, table_cell: {} }]), 400, 1770029],
			[
				create(tbl.children![0], [
					{ block_type: 31, table: { property: { row_size: 1, column_size: 1 } } },
				]),
				400,
				1770041,
			],
			[create(callout.block_id!, [{ block_type: 22, divider: {} }]), 400, 1770041],
			[
				create(chat_id, [
					{
						block_type: 2,
						text: {
							elements: [
								{
									mention_user: {
										user_id: users[0].open_id,
										text_element_style: { link: { url: 'https%3A%2F%2Fa.b' } },
									},
								},
							],
						},
					},
				]),
				400,
				1770024,
			],
			[create(chat_id, [{ block_type: 2, text: { elements: [{ undefined: {} }] } }]), 400, 1770024],
			[
				create(chat_id, [
					{ block_type: 14, code: { elements: [{ mention_user: { user_id: users[0].open_id } }] } },
				]),
				400,
				1770024,
			],
			[
				create(chat_id, [
					{ block_type: 2, text: { elements: [{ mention_user: { user_id: 'ou_nobody' } }] } },
				]),
				403,
				1770032,
			],
			[
				create(chat_id, [
					{ block_type: 2, text: { elements: [{ mention_user: { user_id: users[37].open_id } }] } },
				]),
				403,
				1770032,
			],
			[
				create(
					chat_id,
					Array.from({ length: 6 }, () => ({ block_type: 30, sheet: {} })),
				),
				400,
				1770035,
			],
			[create(chat_id, []), 400, 1770001],
			[
				create(
					chat_id,
					Array.from({ length: 51 }, () => para('x')),
				),
				400,
				1770001,
			],
			[create(chat_id, [para('x')], 4), 400, 1770001],
			[create(chat_id, [para('x')], -2), 400, 1770001],
			[
				create(chat_id, [
					{
						block_type: 2,
						text: { elements: [run('x', { link: { url: 'https://raw.example' } })] },
					},
				]),
				400,
				1770001,
			],
			[create(chat_id, [{ block_type: 2 }]), 400, 1770001],
			[create(chat_id, [{ block_type: 2, text: { elements: [] } }]), 400, 1770001],
			[create(chat_id, [{ block_type: 12345, text: {} }]), 400, 1770001],
			[create(chat_id, [{ block_type: 24, grid: { column_size: 6 } }]), 400, 1770001],
			[
				create(chat_id, [
					{ block_type: 31, table: { property: { row_size: 1, column_size: 101 } } },
				]),
				400,
				1770010,
			],
			[
				create(chat_id, [
					{ block_type: 31, table: { property: { row_size: 50, column_size: 41 } } },
				]),
				400,
				1770011,
			],
			[create('doxcnMissing', [para('x')]), 404, 1770002],
		];
		for (const [i, [p, status, code]] of cases.entries()) {
			const f = await p;
			expect([i, f.status, f.body.code]).toEqual([i, status, code]);
		}
		// Nothing of the failed calls was applied.
		const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(info.data!.revision_id).toBe(2);
	});

	test('batch_update: tables, grids, merges; atomic on error; 1770025 and 1770001', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [
			{ block_type: 31, table: { property: { row_size: 2, column_size: 2 } } },
			{ block_type: 24, grid: { column_size: 2 } },
			para('p'),
			{ block_type: 27, image: {} },
		]);
		const [tbl, grid, p, image] = blocks.map((b) => b.block_id!);
		const update = (requests: unknown[]) =>
			client.docx.v1.chatAnnouncementBlock.batchUpdate({
				path: { chat_id },
				data: { requests: requests as any },
			});
		const r = await update([
			{ block_id: tbl, insert_table_row: { row_index: -1 } },
			{ block_id: grid, insert_grid_column: { column_index: 1 } },
			{ block_id: image, replace_image: { token: 'boxcnImageToken', width: 200 } },
		]);
		const [t, g, img] = r.data!.blocks!;
		expect(t.table!.property!.row_size).toBe(3);
		expect(t.children).toHaveLength(6);
		expect(g.children).toHaveLength(3);
		expect(g.grid!.column_size).toBe(3);
		expect(img.image).toMatchObject({ token: 'boxcnImageToken', width: 200 });

		const m = await update([
			{
				block_id: tbl,
				merge_table_cells: {
					row_start_index: 0,
					row_end_index: 2,
					column_start_index: 0,
					column_end_index: 1,
				},
			},
		]);
		expect(m.data!.blocks![0].table!.property!.merge_info![0]).toEqual({
			row_span: 2,
			col_span: 1,
		});
		await update([
			{ block_id: tbl, delete_table_columns: { column_start_index: 1, column_end_index: 2 } },
		]);
		const after = await client.docx.v1.chatAnnouncementBlock.get({
			path: { chat_id, block_id: tbl },
		});
		expect(after.data!.block!.table!.property).toMatchObject({ row_size: 3, column_size: 1 });
		expect(after.data!.block!.children).toHaveLength(3);

		const before = (await client.docx.v1.chatAnnouncement.get({ path: { chat_id } })).data!
			.revision_id;
		const cases: Array<[unknown[], number]> = [
			[
				[
					{ block_id: p, update_text_elements: { elements: [run('changed')] } },
					{ block_id: p, update_text_style: { style: { align: 2 }, fields: [1] } },
				],
				1770001,
			],
			[
				[
					{ block_id: p, update_text_elements: { elements: [run('changed')] } },
					{ block_id: tbl, update_text_elements: { elements: [run('x')] } },
				],
				1770025,
			],
			[[{ block_id: p, insert_table_row: { row_index: 0 } }], 1770025],
			[[{ block_id: p, update_text_style: { style: { done: true }, fields: [2] } }], 1770025],
			[[{ block_id: p }], 1770001],
			[
				[
					{
						block_id: p,
						update_text_elements: { elements: [run('a')] },
						update_text_style: { style: {}, fields: [1] },
					},
				],
				1770001,
			],
			[
				Array.from({ length: 201 }, () => ({
					block_id: p,
					update_text_elements: { elements: [run('a')] },
				})),
				1770001,
			],
			[[{ block_id: tbl, delete_table_rows: { row_start_index: 0, row_end_index: 3 } }], 1770024],
			[[{ block_id: tbl, insert_table_row: { row_index: 9 } }], 1770026],
			[
				[{ block_id: tbl, delete_table_columns: { column_start_index: 0, column_end_index: 2 } }],
				1770027,
			],
			[[{ block_id: grid, delete_grid_column: { column_index: 5 } }], 1770027],
			[[{ block_id: grid, insert_grid_column: { column_index: 0 } }], 1770001],
			[[{ block_id: grid, update_grid_column_width_ratio: { width_ratios: [50, 50] } }], 1770001],
			[
				[
					{
						block_id: p,
						update_text_elements: {
							elements: [
								{
									mention_doc: {
										token: 'doxcnX',
										obj_type: 22,
										url: 'https%3A%2F%2Fx.feishu.cn%2Fdocx%2FdoxcnX',
										text_element_style: { link: { url: 'https%3A%2F%2Fa' } },
									},
								},
							],
						},
					},
				],
				1770024,
			],
		];
		for (const [i, [requests, code]] of cases.entries()) {
			const f = await failure(update(requests));
			expect([i, f.status, f.body.code]).toEqual([i, 400, code]);
		}
		const unknown = await failure(
			update([{ block_id: 'doxcnGone', update_text_elements: { elements: [run('x')] } }]),
		);
		expect([unknown.status, unknown.body.code]).toEqual([404, 1770002]);
		// All-or-nothing: the valid first request of a failing call was not applied.
		const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(info.data!.revision_id).toBe(before);
		const text = await client.docx.v1.chatAnnouncementBlock.get({ path: { chat_id, block_id: p } });
		expect(text.data!.block!.text!.elements[0].text_run!.content).toBe('p');

		const g2 = await update([
			{ block_id: grid, update_grid_column_width_ratio: { width_ratios: [20, 30, 50] } },
		]);
		expect(g2.data!.blocks![0].children).toHaveLength(3);
		const cols = await client.docx.v1.chatAnnouncementBlockChildren.get({
			path: { chat_id, block_id: grid },
		});
		expect(cols.data!.items!.map((c) => c.grid_column!.width_ratio)).toEqual([20, 30, 50]);
	});

	test('batch_delete rules: containers keep a child (1770031), ranges (1770001), subtree goes too', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [
			{ block_type: 19, callout: {} },
			{ block_type: 24, grid: { column_size: 2 } },
			para('x'),
		]);
		const [callout, grid] = blocks.map((b) => b.block_id!);
		const del = (block_id: string, start_index: number, end_index: number) =>
			failure(
				client.docx.v1.chatAnnouncementBlockChildren.batchDelete({
					path: { chat_id, block_id },
					data: { start_index, end_index },
				}),
			);
		for (const [i, [p, code]] of (
			[
				[del(callout, 0, 1), 1770031],
				[del(grid, 0, 1), 1770031],
				[del(chat_id, 1, 1), 1770001],
				[del(chat_id, 0, 4), 1770001],
				[del(chat_id, -1, 1), 1770001],
			] as Array<[Promise<{ status: number; body: any }>, number]>
		).entries()) {
			const f = await p;
			expect([i, f.body.code]).toEqual([i, code]);
		}
		// A raw DELETE with a JSON body and the documented content type.
		const token = await kit.tenantToken();
		const raw = await kit.http(
			'DELETE',
			`/open-apis/docx/v1/chats/${chat_id}/announcement/blocks/${chat_id}/children/batch_delete?revision_id=-1`,
			{
				token,
				body: { start_index: 0, end_index: 2 },
				headers: { 'Content-Type': 'application/json; charset=utf-8' },
			},
		);
		expect([raw.status, raw.body.code]).toEqual([200, 0]);
		const list = await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } });
		expect(list.data!.items!.map((b) => b.block_type)).toEqual([1, 2]);
	});
});

describe('SDK shapes the docs do not mention', () => {
	beforeEach(() => noThrottle(kit));

	test('create ignores block ids (the response shape),  refuses nested children, takes table merge_info', async () => {
		const { client, chat_id, blocks } = await chatWithBlocks(kit, [
			{
				block_id: 'mine',
				parent_id: 'x',
				block_type: 2,
				text: { elements: [run('ids ignored')] },
			} as any,
			{
				block_type: 31,
				table: {
					property: {
						row_size: 2,
						column_size: 2,
						merge_info: [
							{ row_span: 1, col_span: 2 },
							{ row_span: 1, col_span: 1 },
							{ row_span: 1, col_span: 1 },
							{ row_span: 1, col_span: 1 },
						],
					},
				},
			},
		]);
		const [text, tbl] = blocks;
		expect(text.block_id).not.toBe('mine');
		expect(text.parent_id).toBe(chat_id);
		expect(tbl.table!.property!.merge_info![0]).toEqual({ row_span: 1, col_span: 2 });
		const nested = await failure(
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: {
					children: [{ block_type: 2, text: { elements: [run('x')] }, children: ['a'] } as any],
				},
			}),
		);
		expect(nested.body.code).toBe(1770001);
		const idType = await failure(
			client.docx.v1.chatAnnouncement.get({
				path: { chat_id },
				params: { user_id_type: 'email' as any },
			}),
		);
		expect([idType.status, idType.body.code]).toEqual([400, 1770001]);
	});

	test('a user token reads with union_id owner ids; bot owners answer with the bot’s own ids', async () => {
		const chat_id = ids['Public Square']; // owner user 2, docx
		const token = (await kit.userToken(users[3].open_id)).access_token;
		const r = await kit.http(
			'GET',
			`/open-apis/docx/v1/chats/${chat_id}/announcement?user_id_type=union_id`,
			{
				token,
			},
		);
		expect(r.body.data).toMatchObject({
			owner_id: users[2].union_id,
			owner_id_type: 'union_id',
			announcement_type: 'docx',
		});
		const bots = await kit.ctl('GET', '/users');
		const ours = bots.bots.find((b: { app_id: string }) => b.app_id === bots.app_id);
		const launch = await kit
			.client()
			.docx.v1.chatAnnouncement.get({ path: { chat_id: ids['Product Launch'] } });
		expect([launch.data!.owner_id, launch.data!.owner_id_type]).toEqual([ours.open_id, 'open_id']);
	});
});
