/**
 * Announcement resource against the emulator: Get (raw and simplified), Update with the
 * structured editor and with raw JSON, the automatic revision read, and the error paths
 * (stale revision, docx announcement 232097, no permission, bot not in chat).
 */
import { numberedItems, setUpEmulatorHarness } from '../helpers/emulatorHarness';
import { chatOperation } from '../helpers/nodeParameters';

const h = setUpEmulatorHarness();
const announcement = chatOperation('announcement');

const appendEdit = (text: string, extra: Record<string, unknown> = {}) => ({
	edits: { edit: [{ type: 'append', text, ...extra }] },
});

describe('Announcement → Get', () => {
	it('simplified: plain title and text, parsed content, revision and ISO dates', async () => {
		const chatId = h.chatId('Engineering'); // seeded: title "Team rules", one paragraph "Be kind.", revision 3
		const { json, requests } = await h.run(announcement('get', chatId));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'GET',
			path: `/open-apis/im/v1/chats/${chatId}/announcement`,
			query: { user_id_type: 'open_id' },
			code: 0,
		});
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({
			chat_id: chatId,
			revision: '3',
			title: 'Team rules',
			text: 'Be kind.',
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
		expect(requests[0].query).toEqual({ user_id_type: 'union_id' });
		expect(json[0]).toMatchObject({
			chat_id: chatId,
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
	it('232097: a docx announcement says what it means and what to do (Get and Update)', async () => {
		const chatId = h.chatId('Ops Alerts');
		const get = await h.runError(announcement('get', chatId));
		expect(get.error.message).toBe(
			'Feishu error 232097: Unable to operate docx type chat announcement.',
		);
		expect(get.error.description).toContain(
			'This chat uses the new document (docx) announcement, which the legacy announcement API cannot read or edit. Use a Custom API Call to /open-apis/docx/v1/chats/{chat_id}/announcement instead.',
		);
		expect(get.error.description).toContain(
			`Request: GET /open-apis/im/v1/chats/${chatId}/announcement`,
		);

		// What to do, spelled out for this chat: the docx API through Custom API Call.
		expect(get.error.description).toContain(
			'Use Resource "Custom API Call" with the docx announcement API',
		);
		expect(get.error.description).toContain(
			`GET /open-apis/docx/v1/chats/${chatId}/announcement/blocks`,
		);
		expect(get.error.description).toContain(
			`POST /open-apis/docx/v1/chats/${chatId}/announcement/blocks/${chatId}/children`,
		);

		// With Revision empty the revision read already fails: same message, same advice, no PATCH.
		const auto = await h.runError(announcement('update', chatId, appendEdit('x')));
		expect(auto.requests.map((r) => r.method)).toEqual(['GET']);
		expect(auto.error.message).toBe(
			'Feishu error 232097: Unable to operate docx type chat announcement.',
		);
		expect(auto.error.description).toContain(
			`/open-apis/docx/v1/chats/${chatId}/announcement/blocks`,
		);

		const update = await h.runError(
			announcement('update', chatId, { revision: '1', ...appendEdit('x') }),
		);
		expect(update.error.message).toBe(
			'Feishu error 232097: Unable to operate docx type chat announcement.',
		);
		expect(update.error.description).toContain('new document (docx) announcement');
		expect(update.error.description).toContain(
			`/open-apis/docx/v1/chats/${chatId}/announcement/blocks`,
		);
		expect(update.error.description).toContain(
			`Request: PATCH /open-apis/im/v1/chats/${chatId}/announcement`,
		);
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
		const chatId = h.chatId('Product Launch'); // announcement at revision 0;
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
