/**
 * Announcement operations on docx (upgraded) announcements against the emulator: Get, Append,
 * Replace, Batch Update and the old Update, with the request log checked (endpoints, order,
 * number of calls), on seeded chats and on a chat made by Chat → Create.
 */
import type { Json } from '../helpers/emulatorHarness';
import { numberedItems, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { nodeInExecution } from '../helpers/nodeInExecution';
import { chatOperation } from '../helpers/nodeParameters';
import { calls, form, NEW } from './announcementKit';

const h = setUpEmulatorHarness();
const announcement = chatOperation('announcement');

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The emulator's own view of a chat's announcement (format, revision, blocks, text). */
async function stateOf(chatId: string): Promise<Json> {
	const state = await h.control('GET', `/__emulator/chats/${chatId}/announcement`);
	// The emulator gives the text as one line per block.
	return { ...state, text: ((state.text as string[] | undefined) ?? []).join('\n') };
}

describe('Get (docx)', () => {
	it('reads a small announcement in 2 calls: basic info, then one page of blocks', async () => {
		const chatId = h.chatId('Ops Alerts');
		const { json, requests } = await h.run(announcement('get', chatId));
		expect(calls(requests)).toEqual([`GET ${NEW(chatId)}`, `GET ${NEW(chatId)}/blocks`]);
		expect(requests[1].query).toEqual({ user_id_type: 'open_id', page_size: '500' });
		const owner = h.users[0].open_id;
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			format: 'docx',
			revision: 2,
			title: '',
			text: [
				'On-call rules',
				`Page the on-call engineer for P1 alerts; see the runbook. Owner: @${owner}`,
				'- Acknowledge within 5 minutes',
				'- Post updates in this chat',
				'1. Write the incident report',
				'---',
				'[ ] Review alert thresholds',
			].join('\n'),
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			owner_id_type: 'open_id',
			modifier_id_type: 'open_id',
		});
		const paragraphs = json[0].paragraphs as Json[];
		expect(paragraphs.map((p) => p.kind)).toEqual([
			'heading',
			'text',
			'bullet',
			'bullet',
			'ordered',
			'divider',
			'todo',
		]);
		expect(paragraphs[0]).toMatchObject({ level: 1, text: 'On-call rules' });
		expect(paragraphs[1]).toMatchObject({
			mentions: [owner],
			links: ['https://example.com/runbook'],
			block_id: expect.stringMatching(/^[A-Za-z0-9]{27}$/),
		});
		expect(paragraphs[1].elements).toContainEqual({ type: 'text', text: 'P1', bold: true });
		expect(paragraphs[6]).toMatchObject({ done: false });
	});

	it('raw: basic info and every block, root page (id = chat id) first', async () => {
		const chatId = h.chatId('Ops Alerts');
		const { json } = await h.run(announcement('get', chatId, { simplify: false }));
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			announcement_type: 'docx',
			revision_id: 2,
			create_time: expect.any(Number),
			owner_id: expect.stringMatching(/^ou_/),
		});
		const blocks = json[0].blocks as Json[];
		expect(blocks).toHaveLength(8);
		expect(blocks[0]).toMatchObject({ block_id: chatId, block_type: 1, parent_id: '' });
		expect(blocks[0].children).toHaveLength(7);
	});

	it('follows page_token for more than 500 blocks (one call per page, not per block)', async () => {
		const chatId = h.chatId('Public Square');
		const lines = Array.from({ length: 520 }, (_, i) => `Line ${i + 1}`);
		await h.control('PUT', `/__emulator/chats/${chatId}/announcement`, {
			type: 'docx',
			paragraphs: lines,
		});
		const { json, requests } = await h.run(announcement('get', chatId));
		expect(calls(requests)).toEqual([
			`GET ${NEW(chatId)}`,
			`GET ${NEW(chatId)}/blocks`,
			`GET ${NEW(chatId)}/blocks`,
		]);
		expect(requests[2].query.page_token).toEqual(expect.any(String));
		expect(json[0].paragraphs).toHaveLength(520);
		expect(json[0].text).toBe(lines.join('\n'));
	});

	it('an empty announcement reads as no paragraphs', async () => {
		const { json } = await h.run(announcement('get', h.chatId('Product Launch')));
		expect(json[0]).toMatchObject({ format: 'docx', revision: 1, text: '', paragraphs: [] });
	});
});

describe('Append (docx)', () => {
	it('form: basic info, then one create call at the end with every kind, styles, link and mention', async () => {
		const chatId = h.chatId('Product Launch');
		const user = h.users[2].open_id;
		const { json, requests } = await h.run(
			announcement(
				'append',
				chatId,
				form(
					{ kind: 'heading', headingLevel: 2, text: 'Launch day' },
					{
						kind: 'text',
						text: 'Read the plan',
						bold: true,
						italic: true,
						linkUrl: 'https://example.com/plan?a=1&b=2',
						mentionUserIds: user,
					},
					{ kind: 'bullet', text: 'Ship\nCelebrate' },
					{ kind: 'ordered', text: 'First' },
					{ kind: 'todo', text: 'Tell the press', done: true },
					{ kind: 'quote', text: 'Move fast' },
					{ kind: 'code', text: 'npm publish' },
					{ kind: 'divider' },
				),
			),
		);
		expect(calls(requests)).toEqual([
			`GET ${NEW(chatId)}`,
			`POST ${NEW(chatId)}/blocks/${chatId}/children`,
		]);
		expect(requests[1].query).toEqual({
			revision_id: '-1',
			client_token: expect.stringMatching(UUID_V4),
		});
		const children = requests[1].body.children as Json[];
		expect(requests[1].body.index).toBe(-1);
		expect(children.map((c) => c.block_type)).toEqual([4, 2, 12, 12, 13, 17, 15, 14, 22]);
		expect(children[1]).toEqual({
			block_type: 2,
			text: {
				elements: [
					{
						text_run: {
							content: 'Read the plan',
							text_element_style: {
								bold: true,
								italic: true,
								link: { url: encodeURIComponent('https://example.com/plan?a=1&b=2') },
							},
						},
					},
					{ text_run: { content: ' ' } },
					{ mention_user: { user_id: user } },
				],
			},
		});
		expect(children[5].todo.style).toEqual({ done: true });
		expect(json[0]).toEqual({
			chat_id: chatId,
			format: 'docx',
			added: 9,
			revision: 2,
			block_ids: expect.arrayContaining([expect.stringMatching(/^[A-Za-z0-9]{27}$/)]),
		});
		expect(json[0].block_ids).toHaveLength(9);

		const state = await stateOf(chatId);
		expect(state.revision).toBe(2);
		expect(state.text).toContain(`Read the plan @${user}`);
		expect(state.text).toContain('Celebrate');

		// Reading it back gives the same kinds.
		const read = await h.run(announcement('get', chatId));
		expect((read.json[0].paragraphs as Json[]).map((p) => p.kind)).toEqual([
			'heading',
			'text',
			'bullet',
			'bullet',
			'ordered',
			'todo',
			'quote',
			'code',
			'divider',
		]);
		expect(read.json[0].paragraphs).toContainEqual(
			expect.objectContaining({
				kind: 'text',
				links: ['https://example.com/plan?a=1&b=2'],
				mentions: [user],
			}),
		);
	});

	it('sends more than 50 paragraphs in chunks of 50, paced under the 3 edits/s limit (no 429)', async () => {
		const chatId = h.chatId('Product Launch');
		const text = Array.from({ length: 170 }, (_, i) => `Item ${i + 1}`).join('\n');
		const { json, requests } = await h.run(
			announcement('append', chatId, form({ kind: 'bullet', text })),
		);
		const creates = requests.filter((r) => r.method === 'POST');
		expect(creates.map((r) => (r.body.children as Json[]).length)).toEqual([50, 50, 50, 20]);
		// The emulator answers a 4th edit within a second with HTTP 429: the pacer never let it happen.
		expect(requests.every((r) => r.status === 200)).toBe(true);
		expect(new Set(creates.map((r) => r.query.client_token)).size).toBe(4);
		expect(json[0]).toMatchObject({ added: 170, revision: 5 });
		expect((await stateOf(chatId)).text.split('\n')).toHaveLength(170);
	});

	it('raw docx blocks are sent as written', async () => {
		const chatId = h.chatId('Product Launch');
		const blocks = [
			{ block_type: 5, heading3: { elements: [{ text_run: { content: 'Raw heading' } }] } },
			{ block_type: 22, divider: {} },
		];
		const { requests } = await h.run(
			announcement('append', chatId, { defineBy: 'json', blocksJson: JSON.stringify(blocks) }),
		);
		expect(requests[1].body).toEqual({ children: blocks, index: -1 });
		expect((await stateOf(chatId)).text).toBe('Raw heading');
	});

	it('legacy blocks for a docx chat: a clear error after the format check, nothing written', async () => {
		const chatId = h.chatId('Product Launch');
		const { error, requests } = await h.runError(
			announcement('append', chatId, {
				defineBy: 'json',
				blocksJson: JSON.stringify([{ type: 'paragraph', paragraph: { elements: [] } }]),
			}),
		);
		expect(error.message).toBe(
			"This chat's announcement is docx, but Blocks (JSON) holds legacy (doc) blocks",
		);
		expect(error.description).toContain('Define By to Fields');
		expect(calls(requests)).toEqual([`GET ${NEW(chatId)}`]);
	});

	it('an empty form is refused before any call', async () => {
		const { error, requests } = await h.runError(
			announcement('append', h.chatId('Product Launch'), form({ kind: 'text', text: ' \n ' })),
		);
		expect(error.message).toBe('Nothing to write');
		expect(requests).toHaveLength(0);
	});
});

describe('Replace (docx)', () => {
	it('counts the top-level blocks, deletes [0, n), then creates the new ones', async () => {
		const chatId = h.chatId('Ops Alerts');
		const { json, requests } = await h.run(
			announcement('replace', chatId, form({ kind: 'text', text: 'All quiet.\nNo alerts today.' })),
		);
		expect(calls(requests)).toEqual([
			`GET ${NEW(chatId)}`,
			`GET ${NEW(chatId)}/blocks/${chatId}`,
			`DELETE ${NEW(chatId)}/blocks/${chatId}/children/batch_delete`,
			`POST ${NEW(chatId)}/blocks/${chatId}/children`,
		]);
		expect(requests[2].body).toEqual({ start_index: 0, end_index: 7 });
		expect(requests[2].query).toEqual({
			revision_id: '-1',
			client_token: expect.stringMatching(UUID_V4),
		});
		expect(requests[3].query.client_token).not.toBe(requests[2].query.client_token);
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			format: 'docx',
			replaced: true,
			removed: 7,
			added: 2,
			revision: 4,
		});
		const state = await stateOf(chatId);
		expect(state.text).toBe('All quiet.\nNo alerts today.');
		expect(state.blocks).toHaveLength(3);
	});

	it('an empty announcement needs no delete', async () => {
		const chatId = h.chatId('Product Launch');
		const { json, requests } = await h.run(
			announcement('replace', chatId, form({ kind: 'heading', text: 'Hello' })),
		);
		expect(calls(requests)).toEqual([
			`GET ${NEW(chatId)}`,
			`GET ${NEW(chatId)}/blocks/${chatId}`,
			`POST ${NEW(chatId)}/blocks/${chatId}/children`,
		]);
		expect(json[0]).toMatchObject({ removed: 0, added: 1, revision: 2 });
	});

	it('a failed create after the delete says the old content is gone and how to finish', async () => {
		const chatId = h.chatId('Ops Alerts');
		await h.control('POST', '/__emulator/faults', {
			path: `${NEW(chatId)}/blocks/*/children`,
			method: 'POST',
			kind: 'api_error',
			code: 1770001,
			status: 400,
		});
		const { error, requests } = await h.runError(
			announcement('replace', chatId, form({ kind: 'text', text: 'New' })),
		);
		expect(error.message).toMatch(/^Feishu error 1770001/);
		expect(error.description).toContain(
			'The 7 old top-level block(s) were already removed; run Replace again to write the new content.',
		);
		expect(requests.map((r) => r.method)).toEqual(['GET', 'GET', 'DELETE', 'POST']);
		expect((await stateOf(chatId)).blocks).toHaveLength(1);
		// Running it again finishes the job.
		await h.run(announcement('replace', chatId, form({ kind: 'text', text: 'New' })));
		expect((await stateOf(chatId)).text).toBe('New');
	});
});

describe('a chat made by Chat → Create (docx since 2025-05-27)', () => {
	it('Get, Append and Replace all work on it', async () => {
		const created = await h.run({ resource: 'chat', operation: 'create', name: 'Fresh Team' });
		const chatId = created.json[0].chat_id as string;
		expect((await stateOf(chatId)).announcement_type).toBe('docx');

		const empty = await h.run(announcement('get', chatId));
		expect(empty.json[0]).toMatchObject({ format: 'docx', revision: 1, text: '' });

		await h.run(announcement('append', chatId, form({ kind: 'text', text: 'Welcome!' })));
		await h.run(announcement('append', chatId, form({ kind: 'bullet', text: 'Rule one' })));
		expect((await h.run(announcement('get', chatId))).json[0].text).toBe('Welcome!\n- Rule one');

		await h.run(announcement('replace', chatId, form({ kind: 'todo', text: 'Fresh start' })));
		const after = await h.run(announcement('get', chatId));
		expect(after.json[0]).toMatchObject({ text: '[ ] Fresh start', revision: 5 });
	});
});

describe('Batch Update (docx)', () => {
	it('sends batch_update requests as written, with the given revision and a client_token', async () => {
		const chatId = h.chatId('Ops Alerts');
		const read = await h.run(announcement('get', chatId));
		const heading = (read.json[0].paragraphs as Json[])[0].block_id as string;
		const todo = (read.json[0].paragraphs as Json[])[6].block_id as string;
		const requestsJson = JSON.stringify([
			{
				block_id: heading,
				update_text_elements: { elements: [{ text_run: { content: 'Rules' } }] },
			},
			{ block_id: todo, update_text_style: { style: { done: true }, fields: [2] } },
		]);
		const { json, requests } = await h.run(
			announcement('batchUpdate', chatId, {
				requestFormat: 'docx',
				docxRequests: requestsJson,
				revisionId: 2,
			}),
		);
		expect(calls(requests)).toEqual([`PATCH ${NEW(chatId)}/blocks/batch_update`]);
		expect(requests[0].query).toEqual({
			revision_id: '2',
			client_token: expect.stringMatching(UUID_V4),
		});
		expect(requests[0].body).toEqual({ requests: JSON.parse(requestsJson) });
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			format: 'docx',
			revision: 3,
			request_count: 2,
		});
		expect(json[0].blocks).toHaveLength(2);
		const after = await h.run(announcement('get', chatId));
		expect(after.json[0].text).toMatch(/^Rules\n/);
		expect(after.json[0].text).toContain('[x] Review alert thresholds');
	});

	it('checks the requests before calling Feishu', async () => {
		const { error, requests } = await h.runError(
			announcement('batchUpdate', h.chatId('Ops Alerts'), {
				requestFormat: 'docx',
				docxRequests: '[{"update_text_elements": {}}]',
			}),
		);
		expect(error.message).toBe('Request 1 has no "block_id"');
		expect(requests).toHaveLength(0);
	});
});

describe('Update (the original editor) on a docx chat', () => {
	it('falls back to the docx API for its fields: title, append and prepend, in order', async () => {
		const chatId = h.chatId('Ops Alerts');
		const { json, requests } = await h.run(
			announcement('update', chatId, {
				defineBy: 'fields',
				edits: {
					edit: [
						{ type: 'setTitle', text: 'Ops' },
						{ type: 'append', text: 'Last line', linkUrl: 'https://example.com/x' },
						{ type: 'prepend', text: 'First line', bold: true },
					],
				},
			}),
		);
		expect(calls(requests)).toEqual([
			`GET /open-apis/im/v1/chats/${chatId}/announcement`,
			`PATCH ${NEW(chatId)}/blocks/batch_update`,
			`POST ${NEW(chatId)}/blocks/${chatId}/children`,
			`POST ${NEW(chatId)}/blocks/${chatId}/children`,
		]);
		expect(requests[0].code).toBe(232097);
		expect(requests[1].body.requests[0]).toMatchObject({
			block_id: chatId,
			update_text_elements: {},
		});
		expect(requests[2].body.index).toBe(-1);
		expect(requests[3].body.index).toBe(0);
		expect(json[0]).toEqual({
			chat_id: chatId,
			success: true,
			format: 'docx',
			revision: 5,
			request_count: 3,
		});
		const read = await h.run(announcement('get', chatId));
		expect(read.json[0].title).toBe('Ops');
		expect(read.json[0].text).toMatch(/^First line\nOn-call rules\n/);
		expect(read.json[0].text).toMatch(/\nLast line$/);
	});

	it('legacy JSON requests on a docx chat: 232097 with what to use instead', async () => {
		const chatId = h.chatId('Ops Alerts');
		const { error, requests } = await h.runError(
			announcement('update', chatId, { defineBy: 'json', revision: '1' }),
		);
		expect(error.message).toBe(
			'Feishu error 232097: Unable to operate docx type chat announcement.',
		);
		expect(error.description).toContain('Use Announcement → Append or Replace');
		expect(error.description).toContain('Batch Update with Request Format "Docx"');
		expect(requests.map((r) => r.method)).toEqual(['PATCH']);
	});
});

describe('retries and pacing', () => {
	it('HTTP 429 (edit throttle) is retried with the same client_token; the block is written once', async () => {
		const chatId = h.chatId('Product Launch');
		await h.control('POST', '/__emulator/faults', {
			path: `${NEW(chatId)}/blocks/*/children`,
			method: 'POST',
			kind: 'rate_limit',
			status: 429,
		});
		const { json, requests } = await h.run(announcement('append', chatId, form({ text: 'Once' })));
		const creates = requests.filter((r) => r.method === 'POST');
		expect(creates.map((r) => r.status)).toEqual([429, 200]);
		expect(creates[1].query.client_token).toBe(creates[0].query.client_token);
		expect(json[0]).toMatchObject({ added: 1, revision: 2 });
		expect((await stateOf(chatId)).text).toBe('Once');
	});

	// The emulator's faults answer before the handler runs; that a repeated token is replayed, not
	// applied again, is shown by the Retry On Fail test below.
	it('a 5xx is resent with the same client_token; the block is written once', async () => {
		const chatId = h.chatId('Product Launch');
		await h.control('POST', '/__emulator/faults', {
			path: `${NEW(chatId)}/blocks/*/children`,
			method: 'POST',
			kind: 'api_error',
			code: 1771001,
			status: 500,
		});
		const { requests } = await h.run(
			announcement('append', chatId, form({ text: 'Exactly once' })),
		);
		const creates = requests.filter((r) => r.method === 'POST');
		expect(creates.map((r) => r.status)).toEqual([500, 200]);
		expect(creates[1].query.client_token).toBe(creates[0].query.client_token);
		expect((await stateOf(chatId)).text).toBe('Exactly once');
	});

	it("n8n's Retry On Fail in the same execution reuses the client_token, so Feishu replays instead of duplicating", async () => {
		const chatId = h.chatId('Product Launch');
		const inExecution = nodeInExecution('exec-77');
		await h.run(announcement('append', chatId, form({ text: 'Only once' })), { node: inExecution });
		await h.run(announcement('append', chatId, form({ text: 'Only once' })), { node: inExecution });
		const log = (await h.requests()).filter((r) => r.method === 'POST');
		expect(log).toHaveLength(2);
		expect(log[1].query.client_token).toBe(log[0].query.client_token);
		expect((await stateOf(chatId)).text).toBe('Only once');
		// Another execution is another edit.
		await h.run(announcement('append', chatId, form({ text: 'Only once' })), {
			node: nodeInExecution('exec-78'),
		});
		expect((await stateOf(chatId)).text).toBe('Only once\nOnly once');
	});

	it('Replace run again by Retry On Fail in the same execution writes the content again, not a replayed no-op', async () => {
		const chatId = h.chatId('Ops Alerts');
		const inExecution = nodeInExecution('exec-90');
		const params = announcement('replace', chatId, form({ text: 'Only this' }));
		await h.run(params, { node: inExecution });
		// The retry deletes what the first attempt wrote; its create must not be answered from the
		// first attempt's client_token, or the announcement would end up empty.
		const { json } = await h.run(params, { node: inExecution });
		expect(json[0]).toMatchObject({ removed: 1, added: 1 });
		expect((await stateOf(chatId)).text).toBe('Only this');
	});

	it('several items on one announcement stay under 3 edits/s', async () => {
		const chatId = h.chatId('Product Launch');
		const { json, requests } = await h.run(
			(i) => announcement('append', chatId, form({ text: `Item ${i}` })),
			{ items: numberedItems(5) },
		);
		expect(json.map((j) => j.revision)).toEqual([2, 3, 4, 5, 6]);
		expect(requests.every((r) => r.status === 200)).toBe(true);
		expect((await stateOf(chatId)).text).toBe('Item 0\nItem 1\nItem 2\nItem 3\nItem 4');
	});
});
