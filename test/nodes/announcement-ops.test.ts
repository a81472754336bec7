/**
 * Announcement resource on legacy (doc-format) announcements against the emulator: Get (raw and
 * simplified), the original Update editor (fields and raw JSON, automatic revision read), Append,
 * Replace and Batch Update in their legacy form, apps with only the im:chat scope, and the error
 * paths (stale revision, no permission, bot not in chat). docx chats: announcement-docx.test.ts.
 */
import type { Json } from '../helpers/emulatorHarness';
import { numberedItems, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';
import { calls, form, NEW, OLD } from './announcementKit';

const h = setUpEmulatorHarness();
const announcement = chatOperation('announcement');

const appendEdit = (text: string, extra: Record<string, unknown> = {}) => ({
	edits: { edit: [{ type: 'append', text, ...extra }] },
});

describe('Announcement → Get (legacy)', () => {
	it('simplified: format from basic info, then the legacy content as text, paragraphs, revision and ISO dates', async () => {
		const chatId = h.chatId('Engineering'); // seeded: title "Team rules", one paragraph "Be kind.", revision 3
		const { json, requests } = await h.run(announcement('get', chatId));
		expect(calls(requests)).toEqual([`GET ${NEW(chatId)}`, `GET ${OLD(chatId)}`]);
		expect(requests[1]).toMatchObject({ query: { user_id_type: 'open_id' }, code: 0 });
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			format: 'doc',
			revision: '3',
			title: 'Team rules',
			text: 'Be kind.',
			paragraphs: [
				{ kind: 'text', text: 'Be kind.', elements: [{ type: 'text', text: 'Be kind.' }] },
			],
			owner_id: h.users[0].open_id,
			owner_id_type: 'open_id',
			created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(json[0].content_parsed).toMatchObject({ body: { blocks: [expect.any(Object)] } });
		expect(json[0].content).toBeUndefined();
	});

	it('raw: Feishu fields with the content as a JSON string, user ids of the chosen type', async () => {
		const chatId = h.chatId('Engineering');
		const { json, requests } = await h.run(
			announcement('get', chatId, { simplify: false, userIdType: 'union_id' }),
		);
		expect(requests.map((r) => r.query)).toEqual([
			{ user_id_type: 'union_id' },
			{ user_id_type: 'union_id' },
		]);
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			announcement_type: 'doc',
			revision: '3',
			content: expect.any(String),
			create_time: expect.stringMatching(/^\d+$/),
			update_time: expect.stringMatching(/^\d+$/),
			owner_id: h.users[0].union_id,
			owner_id_type: 'union_id',
			modifier_id: h.users[0].union_id,
		});
		expect(JSON.parse(json[0].content as string)).toMatchObject({ title: 'Team rules' });
	});
});

describe('Announcement → Update (fields)', () => {
	it('reads the current revision first when Revision is empty, then PATCHes legacy-doc requests', async () => {
		const chatId = h.chatId('Engineering');
		const { json, requests } = await h.run(
			announcement('update', chatId, appendEdit('First line\n\nSecond line')),
		);
		expect(requests.map((r) => [r.method, r.path])).toEqual([
			['GET', `/open-apis/im/v1/chats/${chatId}/announcement`],
			['PATCH', `/open-apis/im/v1/chats/${chatId}/announcement`],
		]);
		const body = requests[1].body;
		expect(body.revision).toBe('3');
		expect(body.requests).toHaveLength(1);
		expect(typeof body.requests[0]).toBe('string');
		const request = JSON.parse(body.requests[0]);
		expect(request).toEqual({
			requestType: 'InsertBlocksRequestType',
			insertBlocksRequest: {
				payload: expect.any(String),
				location: { zoneId: '0', index: 0, endOfZone: true },
			},
		});
		expect(JSON.parse(request.insertBlocksRequest.payload)).toEqual({
			blocks: [
				{
					type: 'paragraph',
					paragraph: {
						elements: [{ type: 'textRun', textRun: { text: 'First line', style: {} } }],
						style: {},
					},
				},
				{
					type: 'paragraph',
					paragraph: {
						elements: [{ type: 'textRun', textRun: { text: 'Second line', style: {} } }],
						style: {},
					},
				},
			],
		});
		expect(json).toEqual([
			{ chat_id: chatId, success: true, revision: '3', revision_read: true, request_count: 1 },
		]);

		const after = await h.run(announcement('get', chatId));
		expect(after.json[0]).toMatchObject({
			revision: '4',
			text: 'Be kind.\nFirst line\nSecond line',
		});
		expect((await h.chatState(chatId)).announcement.revision).toBe(4);
	});

	it('uses a given revision without the extra GET; bold, link, prepend and title edits in order', async () => {
		const chatId = h.chatId('Engineering');
		const { json, requests } = await h.run(
			announcement('update', chatId, {
				revision: '3',
				edits: {
					edit: [
						{ type: 'setTitle', text: 'House rules' },
						{ type: 'prepend', text: 'Read me first', bold: true },
						{ type: 'append', text: 'Handbook', linkUrl: 'https://example.com/a b?x=1' },
					],
				},
			}),
		);
		expect(requests.map((r) => r.method)).toEqual(['PATCH']);
		expect(requests[0].body.revision).toBe('3');
		const [title, prepend, append] = (requests[0].body.requests as string[]).map((r) =>
			JSON.parse(r),
		);
		expect(title).toEqual({
			requestType: 'UpdateTitleRequestType',
			updateTitleRequest: { payload: expect.any(String) },
		});
		expect(JSON.parse(title.updateTitleRequest.payload)).toEqual({
			elements: [{ type: 'textRun', textRun: { text: 'House rules', style: {} } }],
			style: {},
		});
		expect(prepend.insertBlocksRequest.location).toEqual({
			zoneId: '0',
			index: 0,
			startOfZone: true,
		});
		expect(
			JSON.parse(prepend.insertBlocksRequest.payload).blocks[0].paragraph.elements[0].textRun,
		).toEqual({
			text: 'Read me first',
			style: { bold: true },
		});
		expect(
			JSON.parse(append.insertBlocksRequest.payload).blocks[0].paragraph.elements[0].textRun,
		).toEqual({
			text: 'Handbook',
			style: { link: { url: encodeURIComponent('https://example.com/a b?x=1') } },
		});
		expect(json[0]).toMatchObject({ revision: '3', revision_read: false, request_count: 3 });

		const after = await h.run(announcement('get', chatId));
		expect(after.json[0].title).toBe('House rules');
		expect(after.json[0].revision).toBe('4');
		expect(after.json[0].text).toContain('Read me first');
		expect(after.json[0].text).toContain('Handbook');
	});

	it('refuses an update with no text before calling Feishu', async () => {
		const { error, requests } = await h.runError(
			announcement('update', h.chatId('Engineering'), appendEdit('  \n ')),
		);
		expect(error.message).toBe('Nothing to update');
		expect(requests).toHaveLength(0);
	});
});

describe('Announcement → Update (JSON)', () => {
	it('JSON-encodes request objects (and object payloads) and passes strings through', async () => {
		const chatId = h.chatId('Engineering');
		const asString = JSON.stringify({
			requestType: 'InsertBlocksRequestType',
			insertBlocksRequest: {
				payload: JSON.stringify({
					blocks: [
						{
							type: 'paragraph',
							paragraph: { elements: [{ type: 'textRun', textRun: { text: 'from a string' } }] },
						},
					],
				}),
				location: { zoneId: '0', index: 0, endOfZone: true },
			},
		});
		const asObject = {
			requestType: 'InsertBlocksRequestType',
			insertBlocksRequest: {
				payload: {
					blocks: [
						{
							type: 'paragraph',
							paragraph: { elements: [{ type: 'textRun', textRun: { text: 'from an object' } }] },
						},
					],
				},
				location: { zoneId: '0', index: 0, endOfZone: true },
			},
		};
		const { json, requests } = await h.run(
			announcement('update', chatId, {
				defineBy: 'json',
				revision: '3',
				requestsJson: JSON.stringify([asString, asObject]),
			}),
		);
		const sent = requests[0].body.requests as string[];
		expect(sent.every((r) => typeof r === 'string')).toBe(true);
		expect(JSON.parse(sent[0])).toEqual(JSON.parse(asString));
		const second = JSON.parse(sent[1]);
		expect(typeof second.insertBlocksRequest.payload).toBe('string');
		expect(JSON.parse(second.insertBlocksRequest.payload)).toEqual(
			asObject.insertBlocksRequest.payload,
		);
		expect(json[0]).toMatchObject({ success: true, request_count: 2 });
		const after = await h.run(announcement('get', chatId));
		expect(after.json[0].text).toBe('Be kind.\nfrom a string\nfrom an object');
	});

	it('accepts an array value from an expression and the default example', async () => {
		const chatId = h.chatId('Engineering');
		const fromArray = await h.run(
			announcement('update', chatId, {
				defineBy: 'json',
				requestsJson: [
					{
						requestType: 'UpdateTitleRequestType',
						updateTitleRequest: {
							payload: { elements: [{ type: 'textRun', textRun: { text: 'T' } }] },
						},
					},
				],
			}),
		);
		expect(fromArray.requests.map((r) => r.method)).toEqual(['GET', 'PATCH']);
		const example = await h.run(announcement('update', chatId, { defineBy: 'json' }));
		expect(example.json[0]).toMatchObject({ success: true, revision: '4', request_count: 1 });
		expect((await h.run(announcement('get', chatId))).json[0].text).toBe('Be kind.\nHello');
	});

	it('a range delete, even with a given revision, is refused by Feishu with what to do instead (not "stale revision")', async () => {
		const chatId = h.chatId('Engineering');
		const { error } = await h.runError(
			announcement('update', chatId, {
				defineBy: 'json',
				revision: '3',
				requestsJson: [
					{
						requestType: 'DeleteContentRangeRequestType',
						deleteContentRangeRequest: { deleteRange: { zoneId: '0', startIndex: 1, endIndex: 9 } },
					},
				],
			}),
		);
		expect(error.message).toMatch(/^Feishu error 232018: .*checkDeleteContentRange fail/);
		expect(error.description).toContain(
			'Feishu does not accept DeleteContentRangeRequestType on legacy (doc-format) announcements, so nothing was changed.',
		);
		expect(error.description).not.toContain('may be stale');
		expect((await h.chatState(chatId)).announcement.revision).toBe(3);
	});

	it('explains invalid JSON without calling Feishu', async () => {
		const chatId = h.chatId('Engineering');
		const broken = await h.runError(
			announcement('update', chatId, { defineBy: 'json', requestsJson: '[{"requestType": ' }),
		);
		expect(broken.error.message).toMatch(/^Requests \(JSON\) is not valid JSON: /);
		expect(broken.error.description).toContain('Give an array of request objects');
		expect(broken.requests).toHaveLength(0);
		const noType = await h.runError(
			announcement('update', chatId, { defineBy: 'json', requestsJson: '[{"x": 1}]' }),
		);
		expect(noType.error.message).toBe(
			'Request 1 has no "requestType" (e.g. "InsertBlocksRequestType")',
		);
		const badString = await h.runError(
			announcement('update', chatId, { defineBy: 'json', requestsJson: '["not json"]' }),
		);
		expect(badString.error.message).toBe(
			'Request 1 is a string but not a JSON-encoded request object',
		);
	});
});

describe('Announcement errors', () => {
	it('232097 for raw legacy requests on a docx chat says what to use instead (Update JSON, Batch Update)', async () => {
		const chatId = h.chatId('Ops Alerts');
		const update = await h.runError(announcement('update', chatId, { defineBy: 'json' }));
		expect(calls(update.requests)).toEqual([`GET ${OLD(chatId)}`]);
		expect(update.error.message).toBe(
			'Feishu error 232097: Unable to operate docx type chat announcement.',
		);
		expect(update.error.description).toContain(
			`Chat ${chatId} has the newer document (docx) announcement, which legacy edit requests cannot change. Use Announcement → Append or Replace (they work on both formats), or Batch Update with Request Format "Docx"`,
		);
		expect(update.error.description).toContain(`Request: GET ${OLD(chatId)}`);

		const batch = await h.runError(
			announcement('batchUpdate', chatId, { requestFormat: 'doc', revision: '1' }),
		);
		expect(batch.requests.map((r) => r.method)).toEqual(['PATCH']);
		expect(batch.error.message).toMatch(/^Feishu error 232097/);
		expect(batch.error.description).toContain('Batch Update with Request Format "Docx"');
	});

	it('1772006 for docx requests on a legacy chat says what to use instead', async () => {
		const chatId = h.chatId('Engineering');
		const { error, requests } = await h.runError(
			announcement('batchUpdate', chatId, {
				requestFormat: 'docx',
				docxRequests: JSON.stringify([
					{
						block_id: chatId,
						update_text_elements: { elements: [{ text_run: { content: 'x' } }] },
					},
				]),
			}),
		);
		expect(calls(requests)).toEqual([`PATCH ${NEW(chatId)}/blocks/batch_update`]);
		expect(error.message).toBe('Feishu error 1772006: announcement type is not supported');
		expect(error.description).toContain(
			`Chat ${chatId} still has a legacy (doc-format) announcement, which the docx announcement API cannot read or edit.`,
		);
		expect(error.description).toContain('Batch Update with Request Format "Legacy Doc"');
	});

	it('a revision newer than the document is refused with a hint to leave Revision empty', async () => {
		const chatId = h.chatId('Engineering');
		const { error } = await h.runError(
			announcement('update', chatId, { revision: '999', ...appendEdit('x') }),
		);
		expect(error.message).toBe(
			'Feishu error 232001: Your request contains an invalid request parameter.',
		);
		expect(error.description).toContain(
			'Revision 999 may be stale or invalid: leave Revision empty to use the current one.',
		);
		expect(error.description).toContain('Field revision = 999: invalid revision');
		expect((await h.chatState(chatId)).announcement.revision).toBe(3);
	});

	it('a revision more than 100 behind is refused (232018)', async () => {
		const chatId = h.chatId('Public Square');
		await h.control('PUT', `/__emulator/chats/${chatId}/announcement`, { type: 'doc' }); // revision 0
		// 101 updates (each reads the current revision itself) put revision 0 more than 100 behind.
		const many = await h.run(() => announcement('update', chatId, appendEdit('tick')), {
			items: numberedItems(101),
		});
		expect(many.json.map((j) => j.revision)).toEqual(
			Array.from({ length: 101 }, (_, i) => String(i)),
		);
		expect((await h.chatState(chatId)).announcement.revision).toBe(101);
		const { error } = await h.runError(
			announcement('update', chatId, { revision: '0', ...appendEdit('late') }),
		);
		expect(error.message).toMatch(/^Feishu error 232018: /);
		expect(error.description).toContain('Revision 0 may be stale or invalid');
		expect(error.description).toContain('check the revision and the request format');
	});

	it('232002: only owner and managers may edit when the chat says so', async () => {
		const { error } = await h.runError(
			announcement('update', h.chatId('All Hands'), appendEdit('x')),
		);
		expect(error.message).toBe(
			'Feishu error 232002: No Permission: Only chat owner or admin can edit chat information in the current situation.',
		);
		expect(error.description).toContain('Make the bot a manager');
	});

	it('232011 with Continue On Fail: error item paired, the other item still updated', async () => {
		const chats = [h.chatId('Secret Board'), h.chatId('Engineering')];
		const { items } = await h.run(
			(i) => announcement('update', chats[i], appendEdit(`item ${i}`)),
			{
				items: numberedItems(2),
				continueOnFail: true,
			},
		);
		expect(items).toHaveLength(2);
		expect(items[0]).toMatchObject({
			pairedItem: { item: 0 },
			json: { code: 232011, error: 'Feishu error 232011: Operator can NOT be out of the chat.' },
		});
		expect(items[1]).toMatchObject({
			pairedItem: { item: 1 },
			json: { chat_id: chats[1], success: true },
		});
		expect((await h.chatState(chats[1])).announcement.revision).toBe(4);
	});
});

/** The legacy blocks the emulator holds for a chat. */
async function legacyBlocks(chatId: string): Promise<Json[]> {
	return (await h.chatState(chatId)).announcement.doc.blocks as Json[];
}

/** A legacy chat with an empty announcement at revision 0. */
async function emptyLegacyChat(): Promise<string> {
	const chatId = h.chatId('Public Square');
	await h.control('PUT', `/__emulator/chats/${chatId}/announcement`, { type: 'doc' });
	return chatId;
}

describe('Announcement → Append (legacy)', () => {
	it('form: basic info, the current revision, then one PATCH inserting the blocks at the end', async () => {
		const chatId = h.chatId('Engineering');
		const user = h.users[3].open_id;
		const { json, requests } = await h.run(
			announcement(
				'append',
				chatId,
				form(
					{ kind: 'heading', headingLevel: 2, text: 'Links' },
					{ kind: 'bullet', text: 'Handbook', linkUrl: 'https://example.com/h', bold: true },
					{ kind: 'text', text: 'Ask', mentionUserIds: user },
				),
			),
		);
		expect(calls(requests)).toEqual([
			`GET ${NEW(chatId)}`,
			`GET ${OLD(chatId)}`,
			`PATCH ${OLD(chatId)}`,
		]);
		expect(requests[2].body.revision).toBe('3');
		const request = JSON.parse(requests[2].body.requests[0]);
		expect(request.insertBlocksRequest.location).toEqual({
			zoneId: '0',
			index: 0,
			endOfZone: true,
		});
		const blocks = JSON.parse(request.insertBlocksRequest.payload).blocks;
		expect(blocks[0].paragraph.style).toEqual({ headingLevel: 2 });
		expect(blocks[1].paragraph).toEqual({
			elements: [
				{
					type: 'textRun',
					textRun: {
						text: 'Handbook',
						style: { bold: true, link: { url: encodeURIComponent('https://example.com/h') } },
					},
				},
			],
			style: { list: { type: 'bullet', indentLevel: 1 } },
		});
		expect(blocks[2].paragraph.elements[2]).toEqual({ type: 'person', person: { openId: user } });
		expect(json[0]).toEqual({ chat_id: chatId, format: 'doc', added: 3, based_on_revision: '3' });

		const after = await h.run(announcement('get', chatId));
		expect(after.json[0]).toMatchObject({
			revision: '4',
			text: `Be kind.\nLinks\n- Handbook\nAsk @${user}`,
		});
		expect((after.json[0].paragraphs as Json[]).map((p) => p.kind)).toEqual([
			'text',
			'heading',
			'bullet',
			'text',
		]);
	});

	it('raw legacy blocks are sent as written; docx blocks are refused for a legacy chat', async () => {
		const chatId = h.chatId('Engineering');
		const block = {
			type: 'paragraph',
			paragraph: {
				elements: [{ type: 'textRun', textRun: { text: 'Raw', style: {} } }],
				style: {},
			},
		};
		await h.run(announcement('append', chatId, { defineBy: 'json', blocksJson: [block] }));
		expect((await legacyBlocks(chatId)).slice(-1)).toEqual([block]);

		const { error, requests } = await h.runError(
			announcement('append', chatId, { defineBy: 'json' }), // the default example: docx blocks
		);
		expect(error.message).toBe(
			"This chat's announcement is legacy (doc), but Blocks (JSON) holds docx blocks",
		);
		expect(requests.map((r) => r.method)).toEqual(['GET']);
	});
});

describe('Announcement → Replace (legacy)', () => {
	it('content without locations cannot be replaced: a clear error, nothing changed', async () => {
		const chatId = h.chatId('Engineering');
		const { error, requests } = await h.runError(
			announcement('replace', chatId, form({ text: 'New rules' })),
		);
		expect(error.message).toBe('Replace is not possible on this legacy (doc-format) announcement');
		expect(error.description).toContain('its content does not say where each paragraph is');
		expect(error.description).toContain('Nothing was changed. Instead: use Append');
		expect(error.description).toContain('If Replace Is Impossible to "Append Instead"');
		expect(calls(requests)).toEqual([`GET ${NEW(chatId)}`, `GET ${OLD(chatId)}`]);
		expect((await h.chatState(chatId)).announcement.revision).toBe(3);
	});

	it('opting in appends instead and says so', async () => {
		const chatId = h.chatId('Engineering');
		const { json, requests } = await h.run(
			announcement('replace', chatId, {
				...form({ text: 'New rules' }),
				options: { onLegacyImpossible: 'append' },
			}),
		);
		expect(requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH']);
		expect(json[0]).toMatchObject({
			format: 'doc',
			replaced: false,
			appended: true,
			added: 1,
			based_on_revision: '3',
			reason: expect.stringContaining('cannot replace this announcement'),
		});
		expect((await h.run(announcement('get', chatId))).json[0].text).toBe('Be kind.\nNew rules');
	});

	it('an empty legacy announcement is simply written', async () => {
		const chatId = await emptyLegacyChat();
		const { json, requests } = await h.run(
			announcement('replace', chatId, form({ kind: 'todo', text: 'One\nTwo' })),
		);
		expect(requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH']);
		expect(requests[2].body.requests).toHaveLength(1);
		expect(json[0]).toMatchObject({
			format: 'doc',
			replaced: true,
			added: 2,
			based_on_revision: '0',
		});
		expect((await h.run(announcement('get', chatId))).json[0].text).toBe('[ ] One\n[ ] Two');
	});

	it("with locations: delete and insert in one PATCH; Feishu's refusal explains and changes nothing", async () => {
		const chatId = await emptyLegacyChat();
		const located = (text: string, start: number) => ({
			type: 'paragraph',
			paragraph: {
				elements: [{ type: 'textRun', textRun: { text } }],
				loc: { zoneId: '0', startIndex: start, endIndex: start + text.length + 1 },
			},
		});
		await h.run(
			announcement('append', chatId, {
				defineBy: 'json',
				blocksJson: [located('Old one', 1), located('Old two', 9)],
			}),
		);
		// No fault injected: the emulator refuses range deletes on announcements as Feishu reportedly does.
		const { error, requests } = await h.runError(
			announcement('replace', chatId, form({ text: 'New' })),
		);
		expect(requests.map((r) => r.status)).toEqual([200, 200, 400]);
		const sent = (requests[2].body.requests as string[]).map((r) => JSON.parse(r));
		expect(sent.map((r) => r.requestType)).toEqual([
			'DeleteContentRangeRequestType',
			'InsertBlocksRequestType',
		]);
		expect(sent[0].deleteContentRangeRequest).toEqual({
			deleteRange: { zoneId: '0', startIndex: 1, endIndex: 17 },
		});
		expect(error.message).toBe('Replace is not possible on this legacy (doc-format) announcement');
		expect(error.description).toContain(
			'Feishu refused to delete the content of this legacy (doc-format) announcement (error 232018',
		);
		expect(error.description).toContain('checkDeleteContentRange fail');
		expect(error.description).toContain('Nothing was changed.');
		expect((await h.run(announcement('get', chatId))).json[0].text).toBe('Old one\nOld two');
	});
});

describe('Announcement → Batch Update (legacy)', () => {
	it('sends legacy requests like Update JSON, reading the revision when none is given', async () => {
		const chatId = h.chatId('Engineering');
		const { json, requests } = await h.run(
			announcement('batchUpdate', chatId, { requestFormat: 'doc' }),
		);
		expect(calls(requests)).toEqual([`GET ${OLD(chatId)}`, `PATCH ${OLD(chatId)}`]);
		expect(json[0]).toEqual({
			chat_id: chatId,
			format: 'doc',
			based_on_revision: '3',
			request_count: 1,
		});
		expect((await h.run(announcement('get', chatId))).json[0].text).toBe('Be kind.\nHello');
	});
});

describe('apps with only the im:chat scope', () => {
	beforeEach(async () => h.control('PUT', '/__emulator/app', { scopes: ['im:chat'] }));

	it('legacy chats keep working: basic info is refused, the legacy API answers', async () => {
		const chatId = h.chatId('Engineering');
		const get = await h.run(announcement('get', chatId));
		expect(get.requests.map((r) => [r.path, r.code])).toEqual([
			[NEW(chatId), 99991672],
			[OLD(chatId), 0],
		]);
		expect(get.json[0]).toMatchObject({ format: 'doc', text: 'Be kind.' });
		const append = await h.run(announcement('append', chatId, form({ text: 'Still works' })));
		expect(append.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'PATCH']);
		expect(append.json[0]).toMatchObject({ format: 'doc', added: 1 });
	});

	it('docx chats: the error names the announcement scopes and says im:chat is not enough', async () => {
		const chatId = h.chatId('Ops Alerts');
		const get = await h.runError(announcement('get', chatId));
		expect(get.requests.map((r) => [r.path, r.code])).toEqual([
			[NEW(chatId), 99991672],
			[OLD(chatId), 232097],
		]);
		expect(get.error.message).toMatch(/^Feishu error 99991672/);
		expect(get.error.description).toContain(
			'grant im:chat.announcement:read in the developer console',
		);
		expect(get.error.description).toContain('The broad im:chat scope is not enough');
		expect(get.error.description).toContain('Scopes (any one): im:chat.announcement:read');

		const append = await h.runError(announcement('append', chatId, form({ text: 'x' })));
		expect(append.error.description).toContain('im:chat.announcement:write_only (to edit)');
		expect(append.requests.map((r) => r.method)).toEqual(['GET', 'GET']);
	});

	it('with the read scope only, a docx write names the write scope', async () => {
		await h.control('PUT', '/__emulator/app', { scopes: ['im:chat', 'im:chat.announcement:read'] });
		const chatId = h.chatId('Ops Alerts');
		const { error, requests } = await h.runError(
			announcement('append', chatId, form({ text: 'x' })),
		);
		expect(requests.map((r) => [r.method, r.code])).toEqual([
			['GET', 0],
			['POST', 99991672],
		]);
		expect(error.description).toContain('Scopes (any one): im:chat.announcement:write_only');
	});
});

describe('docx access errors', () => {
	it('1772003 bot not in the chat, 1772005 only owner/managers edit; Continue On Fail pairs items', async () => {
		const owner = h.users[0].open_id;
		await h.reset({
			chats: [
				{ name: 'Botless', owner, members: [owner], bots: [], announcement: 'docx' },
				{
					name: 'Locked',
					owner,
					members: [owner],
					settings: { edit_permission: 'only_owner' },
					announcement: 'docx',
				},
			],
		});
		const chats = [h.chatId('Botless'), h.chatId('Locked'), h.chatId('Product Launch')];
		const { items } = await h.run(
			(i) => announcement('append', chats[i], form({ text: `item ${i}` })),
			{ items: numberedItems(3), continueOnFail: true },
		);
		expect(items[0]).toMatchObject({
			pairedItem: { item: 0 },
			json: {
				code: 1772003,
				error: 'Feishu error 1772003: Operator can NOT be out of the chat.',
				description: expect.stringContaining("Add the app's bot to the chat first"),
			},
		});
		expect(items[1]).toMatchObject({
			pairedItem: { item: 1 },
			json: { code: 1772005, description: expect.stringContaining('Make the bot a manager') },
		});
		expect(items[2]).toMatchObject({ pairedItem: { item: 2 }, json: { format: 'docx', added: 1 } });
	});
});
