/**
 * The official SDK meets the docx announcement access rules in the emulator: scopes (im:chat alone is not enough),
 * chat errors, owner/manager-only edit rights and the per-announcement and app-level rate limits.
 */
import { createdChat, para } from './announcementKit';
import { failure, setUpSeededKit } from './testkit';

const { kit, ids, users } = setUpSeededKit();

describe('access: scopes, membership, edit rights, throttle', () => {
	test('im:chat alone does not open the docx endpoints; each side needs its own announcement scope', async () => {
		await kit.ctl('PUT', '/app', { scopes: ['im:chat', 'im:chat:readonly'] });
		const client = kit.client();
		const chat_id = ids['Ops Alerts'];
		const read = await failure(client.docx.v1.chatAnnouncement.get({ path: { chat_id } }));
		expect([read.status, read.body.code]).toEqual([400, 99991672]);
		expect(read.body.msg).toContain('im:chat.announcement:read');
		expect(read.body.msg).not.toContain('im:chat,');
		const write = await failure(
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para('x')] },
			}),
		);
		expect(write.body.code).toBe(99991672);
		expect(write.body.error.permission_violations).toEqual([
			{ type: 'action_scope_required', subject: 'im:chat.announcement:write_only' },
		]);
		// The legacy endpoints still take im:chat.
		expect(
			(await client.im.v1.chatAnnouncement.get({ path: { chat_id: ids.Engineering } })).code,
		).toBe(0);

		await kit.ctl('PUT', '/app', { scopes: ['im:chat.announcement:read'] });
		expect(
			(await kit.client().docx.v1.chatAnnouncementBlock.list({ path: { chat_id } })).code,
		).toBe(0);
		const w = await failure(
			kit.client().docx.v1.chatAnnouncementBlockChildren.batchDelete({
				path: { chat_id, block_id: chat_id },
				data: { start_index: 0, end_index: 1 },
			}),
		);
		expect(w.body.code).toBe(99991672);
	});

	test('chat errors: 1770002 (404) unknown or dissolved, 1772003 outsider, 1772025 bot off, p2p', async () => {
		const client = kit.client();
		const unknown = await failure(
			client.docx.v1.chatAnnouncement.get({
				path: { chat_id: 'oc_00000000000000000000000000000000' },
			}),
		);
		expect([unknown.status, unknown.body.code, unknown.body.msg]).toEqual([
			404,
			1770002,
			'not found',
		]);
		await kit.ctl('PUT', `/chats/${ids['Secret Board']}/announcement`, { type: 'docx' });
		const outsider = await failure(
			client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id: ids['Secret Board'] } }),
		);
		expect([outsider.status, outsider.body.code]).toEqual([400, 1772003]);
		const p2p = await failure(client.docx.v1.chatAnnouncement.get({ path: { chat_id: ids.p2p } }));
		expect(p2p.body.code).toBe(1772001);
		await client.im.v1.chat.delete({ path: { chat_id: ids['Product Launch'] } });
		const gone = await failure(
			client.docx.v1.chatAnnouncement.get({ path: { chat_id: ids['Product Launch'] } }),
		);
		expect([gone.status, gone.body.code]).toEqual([404, 1770002]);
		await kit.ctl('PUT', '/app', { botEnabled: false });
		const off = await failure(
			kit.client().docx.v1.chatAnnouncement.get({ path: { chat_id: ids['Ops Alerts'] } }),
		);
		expect(off.body.code).toBe(1772025);
	});

	test('edit rights: owner/manager-only chats refuse other members (1772005, or 1770032/403 by config)', async () => {
		const chat_id = ids['All Hands']; // edit_permission only_owner; owner user 0, managers 1-2; bot plain member
		await kit.ctl('PUT', `/chats/${chat_id}/announcement`, { type: 'docx', paragraphs: ['Rules'] });
		const client = kit.client();
		const write = () =>
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para('bot was here')] },
			});
		const f = await failure(write());
		expect([f.status, f.body.code]).toEqual([400, 1772005]);
		expect(f.body.msg).toBe(
			'No Permission: Only chat owner or admin can edit chat information in the current situation.',
		);
		// Reading is fine; reading an old revision needs the edit right.
		expect((await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } })).code).toBe(0);
		const old = await failure(
			client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id }, params: { revision_id: 1 } }),
		);
		expect([old.status, old.body.code]).toEqual([403, 1770032]);
		await kit.ctl('PUT', '/app', { announcementNoEditCode: 1770032 });
		const g = await failure(write());
		expect([g.status, g.body.code, g.body.msg]).toEqual([403, 1770032, 'forbidden']);

		// A manager (user token) may edit; the modifier becomes that user.
		const manager = await kit.userToken(users[1].open_id);
		const ok = await kit.http(
			'POST',
			`/open-apis/docx/v1/chats/${chat_id}/announcement/blocks/${chat_id}/children`,
			{
				token: manager.access_token,
				body: { children: [para('from a manager')] },
			},
		);
		expect([ok.status, ok.body.code, ok.body.data.revision_id]).toEqual([200, 0, 3]);
		const info = await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		expect(info.data!.modifier_id).toBe(users[1].open_id);
		// A plain member user may not.
		const member = await kit.userToken(users[5].open_id);
		const no = await kit.http(
			'DELETE',
			`/open-apis/docx/v1/chats/${chat_id}/announcement/blocks/${chat_id}/children/batch_delete`,
			{
				token: member.access_token,
				body: { start_index: 0, end_index: 1 },
			},
		);
		expect([no.status, no.body.code]).toEqual([403, 1770032]);
	});

	test('per-announcement throttle: a 4th edit within a second is HTTP 429 and applies nothing', async () => {
		const client = kit.client();
		const chat_id = await createdChat(kit);
		await client.docx.v1.chatAnnouncement.get({ path: { chat_id } });
		const add = (s: string) =>
			client.docx.v1.chatAnnouncementBlockChildren.create({
				path: { chat_id, block_id: chat_id },
				data: { children: [para(s)] },
			});
		// Sent together (the client already holds its token) so all four land within the same second.
		const results = await Promise.all(
			['1', '2', '3', '4'].map((s) =>
				add(s).then(
					() => ({ status: 200 }) as any,
					(e) => e.response,
				),
			),
		);
		expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
		const limited = results.find((r) => r.status === 429);
		expect(limited.data.code).toBe(99991400);
		expect(limited.headers['x-ogw-ratelimit-limit']).toBe('3');
		// Another announcement is not affected.
		const other = await createdChat(kit, 'Other');
		expect(
			(
				await client.docx.v1.chatAnnouncementBlockChildren.create({
					path: { chat_id: other, block_id: other },
					data: { children: [para('x')] },
				})
			).code,
		).toBe(0);
		// Reads are not edits; the refused edit left nothing behind.
		expect((await client.docx.v1.chatAnnouncementBlock.list({ path: { chat_id } })).code).toBe(0);
		const state = await kit.ctl('GET', `/chats/${chat_id}/announcement`);
		expect(state.text).toHaveLength(3);
		expect(state.revision).toBe(4);
		await new Promise((r) => setTimeout(r, 1050));
		expect((await add('5')).data!.revision_id).toBe(5);
	});

	test('the app-level limiter answers HTTP 400 + 99991400 on these endpoints', async () => {
		await kit.ctl('PUT', '/app', { rateLimitPerSecond: 1 });
		const client = kit.client();
		const chat_id = ids['Ops Alerts'];
		// Three calls at once: at least two share a one-second window, so at least one is refused.
		const answers = await Promise.all(
			[1, 2, 3].map(() =>
				client.docx.v1.chatAnnouncement.get({ path: { chat_id } }).then(
					() => undefined,
					(e) => e.response,
				),
			),
		);
		const refused = answers.filter(Boolean);
		expect(refused.length).toBeGreaterThan(0);
		for (const r of refused) expect([r.status, r.data.code]).toEqual([400, 99991400]);
	});
});
