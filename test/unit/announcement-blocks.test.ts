/**
 * The announcement block model ↔ paragraphs, without the emulator: docx blocks read into
 * paragraphs and written back, legacy doc content likewise, and the plain-text rendering.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	docxBlockFromParagraph,
	docxTitleElements,
	readDocxBlocks,
} from '../../nodes/FeishuGroup/actions/announcement/docxBlocks';
import {
	appendBlocksRequest,
	deleteRangeRequest,
	legacyBlocksFromParagraphs,
	legacyBodyRange,
	readLegacyContent,
} from '../../nodes/FeishuGroup/actions/announcement/legacyDoc';
import type { Paragraph } from '../../nodes/FeishuGroup/actions/announcement/model';
import {
	decodeLink,
	encodeLink,
	paragraphsText,
} from '../../nodes/FeishuGroup/actions/announcement/model';

const CHAT = 'oc_5ad11d72b830411d72b836c20a0b1c2d';
const style = {
	bold: false,
	inline_code: false,
	italic: false,
	strikethrough: false,
	underline: false,
};
const run = (content: string, extra: IDataObject = {}) => ({
	text_run: { content, text_element_style: { ...style, ...extra } },
});
const block = (id: string, type: number, key: string, payload: IDataObject, parent = CHAT) => ({
	block_id: id,
	parent_id: parent,
	block_type: type,
	[key]: payload,
});

/** A list answer as Feishu gives it: pre-order, root page first, styles filled in. */
const DOCX_ITEMS: IDataObject[] = [
	{
		block_id: CHAT,
		parent_id: '',
		block_type: 1,
		children: ['h1', 't1', 'b1', 'o1', 'o2', 'td', 'q1', 'c1', 'dv', 'co', 'im', 'un'],
		page: { elements: [run('')], style: { align: 1 } },
	},
	block('h1', 4, 'heading2', {
		elements: [run('House rules')],
		style: { align: 1, folded: false },
	}),
	block('t1', 2, 'text', {
		elements: [
			run('Read the '),
			run('handbook', { bold: true, link: { url: 'https%3A%2F%2Fexample.com%2Fhand%20book' } }),
			run(', ask '),
			{ mention_user: { user_id: 'ou_abc', text_element_style: style } },
			run(' and see '),
			{
				mention_doc: {
					token: 'doxcnX',
					obj_type: 22,
					url: 'https%3A%2F%2Fx.feishu.cn%2Fdocx%2FdoxcnX',
					title: 'Plan',
				},
			},
			{ equation: { content: 'E=mc^2\n' } },
			{ reminder: { create_user_id: 'ou_abc', expire_time: '1', notify_time: '1' } },
		],
		style: { align: 1, folded: false },
	}),
	block('b1', 12, 'bullet', { elements: [run('Be kind')] }),
	block('o1', 13, 'ordered', { elements: [run('First')] }),
	block('o2', 13, 'ordered', { elements: [run('Second')] }),
	block('td', 17, 'todo', { elements: [run('Sign the form')], style: { done: true } }),
	block('q1', 15, 'quote', { elements: [run('Quoted', { italic: true })] }),
	block('c1', 14, 'code', { elements: [run('npm test')], style: { language: 30, wrap: false } }),
	block('dv', 22, 'divider', {}),
	{ ...block('co', 19, 'callout', { background_color: 1 }), children: ['ct'] },
	block('ct', 2, 'text', { elements: [run('Inside a callout')] }, 'co'),
	block('im', 27, 'image', { token: 'img', width: 100, height: 100 }),
	block('un', 999, 'undefined', {}),
];

describe('docx blocks → paragraphs', () => {
	const read = readDocxBlocks(DOCX_ITEMS, CHAT);

	it('reads every kind, in order, skipping the page root and containers', () => {
		expect(read.title).toBe('');
		expect(read.paragraphs.map((p) => [p.kind, p.block_id])).toEqual([
			['heading', 'h1'],
			['text', 't1'],
			['bullet', 'b1'],
			['ordered', 'o1'],
			['ordered', 'o2'],
			['todo', 'td'],
			['quote', 'q1'],
			['code', 'c1'],
			['divider', 'dv'],
			['text', 'ct'],
			['other', 'im'],
			['other', 'un'],
		]);
		expect(read.paragraphs[0]).toMatchObject({ level: 2, text: 'House rules' });
		expect(read.paragraphs[5]).toMatchObject({ done: true, text: 'Sign the form' });
		expect(read.paragraphs[7]).toMatchObject({ language: 30 });
		expect(read.paragraphs[9]).toMatchObject({ depth: 1, text: 'Inside a callout' });
		expect(read.paragraphs[10]).toMatchObject({ block: 'image', text: '' });
		expect(read.paragraphs[11]).toMatchObject({ block: 'undefined' });
	});

	it('keeps mentions, links (decoded), documents, equations and styles', () => {
		const text = read.paragraphs[1];
		expect(text.text).toBe('Read the handbook, ask @ou_abc and see PlanE=mc^2');
		expect(text.mentions).toEqual(['ou_abc']);
		expect(text.links).toEqual([
			'https://example.com/hand book',
			'https://x.feishu.cn/docx/doxcnX',
		]);
		expect(text.elements[1]).toEqual({
			type: 'text',
			text: 'handbook',
			bold: true,
			link: 'https://example.com/hand book',
		});
		expect(text.elements[3]).toEqual({ type: 'mention', user_id: 'ou_abc', text: '@ou_abc' });
		expect(text.elements[5]).toMatchObject({
			type: 'doc',
			title: 'Plan',
			token: 'doxcnX',
			obj_type: 22,
		});
		expect(text.elements[6]).toEqual({ type: 'equation', text: 'E=mc^2' });
		expect(text.elements[7]).toEqual({ type: 'other', element: 'reminder', text: '' });
		expect(read.paragraphs[6].elements[0]).toEqual({ type: 'text', text: 'Quoted', italic: true });
	});

	it('renders readable text with list markers', () => {
		expect(read.text).toBe(
			[
				'House rules',
				'Read the handbook, ask @ou_abc and see PlanE=mc^2',
				'- Be kind',
				'1. First',
				'2. Second',
				'[x] Sign the form',
				'> Quoted',
				'npm test',
				'---',
				'  Inside a callout',
			].join('\n'),
		);
	});

	it('reads a page title, text in quote containers and table cells, and unknown text blocks', () => {
		const items = [
			{ block_id: CHAT, parent_id: '', block_type: 1, page: { elements: [run('Welcome')] } },
			{ ...block('qc', 34, 'quote_container', {}), children: ['qt'] },
			block('qt', 2, 'text', { elements: [run('said someone')] }, 'qc'),
			{
				...block('tb', 31, 'table', { property: { row_size: 1, column_size: 1 } }),
				children: ['cell'],
			},
			{ ...block('cell', 32, 'table_cell', {}, 'tb'), children: ['ctext'] },
			block('ctext', 2, 'text', { elements: [run('cell text')] }, 'cell'),
			block('sy', 49, 'source_synced', { elements: [run('synced')] }),
		];
		const result = readDocxBlocks(items, CHAT);
		expect(result.title).toBe('Welcome');
		expect(result.paragraphs).toEqual([
			expect.objectContaining({ kind: 'quote', text: 'said someone', depth: 1 }),
			expect.objectContaining({ kind: 'text', text: 'cell text', depth: 2 }),
			expect.objectContaining({ kind: 'text', text: 'synced', block: 'source_synced' }),
		]);
		expect(readDocxBlocks([], CHAT)).toEqual({ title: '', text: '', paragraphs: [] });
	});
});

describe('paragraphs → docx blocks', () => {
	const p = (paragraph: Partial<Paragraph>): Paragraph => ({
		kind: 'text',
		text: '',
		elements: [],
		...paragraph,
	});

	it('writes each kind with its block type and payload key', () => {
		const text = (t: string) => [{ type: 'text' as const, text: t }];
		expect(docxBlockFromParagraph(p({ elements: text('Hi') }))).toEqual({
			block_type: 2,
			text: { elements: [{ text_run: { content: 'Hi' } }] },
		});
		expect(docxBlockFromParagraph(p({ kind: 'heading', level: 3, elements: text('H') }))).toEqual({
			block_type: 5,
			heading3: { elements: [{ text_run: { content: 'H' } }] },
		});
		const types = (['bullet', 'ordered', 'code', 'quote', 'todo'] as const).map(
			(kind) => docxBlockFromParagraph(p({ kind, elements: text('x') })).block_type,
		);
		expect(types).toEqual([12, 13, 14, 15, 17]);
		expect(docxBlockFromParagraph(p({ kind: 'todo', done: true, elements: text('x') }))).toEqual({
			block_type: 17,
			todo: { elements: [{ text_run: { content: 'x' } }], style: { done: true } },
		});
		expect(docxBlockFromParagraph(p({ kind: 'divider' }))).toEqual({ block_type: 22, divider: {} });
		// Levels outside 1–9 are clamped; a paragraph without elements writes its text.
		expect(docxBlockFromParagraph(p({ kind: 'heading', level: 12, text: 'x' })).block_type).toBe(
			11,
		);
	});

	it('writes styles, percent-encoded links and mentions', () => {
		const block = docxBlockFromParagraph(
			p({
				elements: [
					{
						type: 'text',
						text: 'Handbook',
						bold: true,
						italic: true,
						link: 'https://example.com/a b?x=1',
					},
					{ type: 'text', text: ' ' },
					{ type: 'mention', user_id: 'ou_1', text: '@ou_1' },
				],
			}),
		);
		expect(block).toEqual({
			block_type: 2,
			text: {
				elements: [
					{
						text_run: {
							content: 'Handbook',
							text_element_style: {
								bold: true,
								italic: true,
								link: { url: 'https%3A%2F%2Fexample.com%2Fa%20b%3Fx%3D1' },
							},
						},
					},
					{ text_run: { content: ' ' } },
					{ mention_user: { user_id: 'ou_1' } },
				],
			},
		});
		expect(docxTitleElements('T', { bold: true })).toEqual([
			{ text_run: { content: 'T', text_element_style: { bold: true } } },
		]);
	});

	it('round-trips: what it writes reads back as the same paragraphs', () => {
		const read = readDocxBlocks(DOCX_ITEMS, CHAT).paragraphs.filter((x) => x.kind !== 'other');
		const written = read.map(docxBlockFromParagraph);
		const again = readDocxBlocks(
			[
				{ block_id: CHAT, parent_id: '', block_type: 1, page: { elements: [] } },
				...written.map((b, i) => ({ ...b, block_id: `n${i}`, parent_id: CHAT })),
			],
			CHAT,
		).paragraphs;
		const shape = (list: Paragraph[]) =>
			list.map(({ kind, text, level, done, mentions }) => ({ kind, text, level, done, mentions }));
		expect(shape(again)).toEqual(shape(read.map((x) => ({ ...x, depth: undefined }))));
	});
});

describe('links', () => {
	it('encodes once and decodes tolerantly', () => {
		expect(encodeLink(' https://a.b/c d ')).toBe('https%3A%2F%2Fa.b%2Fc%20d');
		expect(encodeLink('https%3A%2F%2Fa.b%2F')).toBe('https%3A%2F%2Fa.b%2F');
		expect(decodeLink('https%3A%2F%2Fa.b')).toBe('https://a.b');
		expect(decodeLink('100%')).toBe('100%');
	});
});

describe('legacy doc content ↔ paragraphs', () => {
	const content = JSON.stringify({
		title: { elements: [{ type: 'textRun', textRun: { text: 'Team rules' } }] },
		body: {
			blocks: [
				{
					type: 'paragraph',
					paragraph: {
						elements: [
							{ type: 'textRun', textRun: { text: 'Be ', style: {} } },
							{
								type: 'textRun',
								textRun: {
									text: 'kind',
									style: { bold: true, link: { url: 'https%3A%2F%2Fexample.com' } },
								},
							},
							{ type: 'person', person: { openId: 'ou_x' } },
						],
						style: {},
						loc: { zoneId: '0', startIndex: 1, endIndex: 9 },
					},
				},
				{
					type: 'paragraph',
					paragraph: {
						elements: [{ type: 'textRun', textRun: { text: 'Step' } }],
						style: { list: { type: 'number', indentLevel: 2, number: 1 } },
						loc: { zoneId: '0', startIndex: 9, endIndex: 14 },
					},
				},
				{
					type: 'paragraph',
					paragraph: {
						elements: [{ type: 'textRun', textRun: { text: 'Done' } }],
						style: { list: { type: 'checkedBox', indentLevel: 1 } },
						loc: { zoneId: '0', startIndex: 14, endIndex: 19 },
					},
				},
				{
					type: 'paragraph',
					paragraph: {
						elements: [{ type: 'textRun', textRun: { text: 'Title' } }],
						style: { headingLevel: 1 },
						loc: { zoneId: '0', startIndex: 19, endIndex: 25 },
					},
				},
				{
					type: 'horizontalLine',
					horizontalLine: { loc: { zoneId: '0', startIndex: 25, endIndex: 26 } },
				},
				{
					type: 'table',
					table: {
						rows: [
							{
								cells: [
									{
										body: {
											blocks: [
												{
													paragraph: { elements: [{ type: 'textRun', textRun: { text: 'cell' } }] },
												},
											],
										},
									},
								],
							},
						],
						loc: { zoneId: '0', startIndex: 26, endIndex: 40 },
					},
				},
			],
		},
	});

	it('reads kinds, styles, mentions and links defensively', () => {
		const read = readLegacyContent(content);
		expect(read.title).toBe('Team rules');
		expect(read.paragraphs.map((p) => p.kind)).toEqual([
			'text',
			'ordered',
			'todo',
			'heading',
			'divider',
			'other',
		]);
		expect(read.paragraphs[0]).toMatchObject({
			text: 'Be kind@ou_x',
			mentions: ['ou_x'],
			links: ['https://example.com'],
		});
		expect(read.paragraphs[1]).toMatchObject({ depth: 1 });
		expect(read.paragraphs[2]).toMatchObject({ done: true });
		expect(read.paragraphs[3]).toMatchObject({ level: 1 });
		expect(read.paragraphs[5]).toMatchObject({ block: 'table', text: 'cell' });
		expect(read.text).toBe('Be kind@ou_x\n  1. Step\n[x] Done\nTitle\n---\ncell');
		expect(readLegacyContent('')).toEqual({ title: '', text: '', paragraphs: [] });
		expect(readLegacyContent('not json').paragraphs).toEqual([]);
	});

	it('writes paragraphs as legacy blocks and the append request as nested JSON strings', () => {
		const blocks = legacyBlocksFromParagraphs([
			{ kind: 'heading', level: 2, text: 'H', elements: [{ type: 'text', text: 'H' }] },
			{ kind: 'ordered', text: 'a', elements: [{ type: 'text', text: 'a' }] },
			{ kind: 'ordered', text: 'b', elements: [{ type: 'text', text: 'b', link: 'https://x.y' }] },
			{
				kind: 'todo',
				done: false,
				text: 't',
				elements: [{ type: 'mention', user_id: 'ou_1', text: '@ou_1' }],
			},
			{ kind: 'divider', text: '', elements: [] },
			{ kind: 'quote', text: 'q', elements: [] },
		]);
		expect(blocks).toEqual([
			{
				type: 'paragraph',
				paragraph: {
					elements: [{ type: 'textRun', textRun: { text: 'H', style: {} } }],
					style: { headingLevel: 2 },
				},
			},
			{
				type: 'paragraph',
				paragraph: {
					elements: [{ type: 'textRun', textRun: { text: 'a', style: {} } }],
					style: { list: { type: 'number', indentLevel: 1, number: 1 } },
				},
			},
			{
				type: 'paragraph',
				paragraph: {
					elements: [
						{
							type: 'textRun',
							textRun: { text: 'b', style: { link: { url: 'https%3A%2F%2Fx.y' } } },
						},
					],
					style: { list: { type: 'number', indentLevel: 1, number: 2 } },
				},
			},
			{
				type: 'paragraph',
				paragraph: {
					elements: [{ type: 'person', person: { openId: 'ou_1' } }],
					style: { list: { type: 'checkBox', indentLevel: 1 } },
				},
			},
			{ type: 'horizontalLine', horizontalLine: {} },
			{
				type: 'paragraph',
				paragraph: {
					elements: [{ type: 'textRun', textRun: { text: 'q', style: {} } }],
					style: { quote: true },
				},
			},
		]);
		const request = JSON.parse(appendBlocksRequest(blocks.slice(0, 1)));
		expect(request.requestType).toBe('InsertBlocksRequestType');
		expect(request.insertBlocksRequest.location).toEqual({
			zoneId: '0',
			index: 0,
			endOfZone: true,
		});
		expect(JSON.parse(request.insertBlocksRequest.payload)).toEqual({ blocks: blocks.slice(0, 1) });
		// What it writes reads back as the same kinds.
		const back = readLegacyContent({ body: { blocks } }).paragraphs;
		expect(back.map((p) => p.kind)).toEqual([
			'heading',
			'ordered',
			'ordered',
			'todo',
			'divider',
			'quote',
		]);
	});

	it('finds the body range from loc, or says it cannot', () => {
		expect(legacyBodyRange(content)).toEqual({ empty: false, startIndex: 1, endIndex: 40 });
		expect(legacyBodyRange(JSON.stringify({ title: 'x', body: { blocks: [] } }))).toEqual({
			empty: true,
		});
		expect(legacyBodyRange('')).toEqual({ empty: true });
		const noLoc = { body: { blocks: [{ type: 'paragraph', paragraph: { elements: [] } }] } };
		expect(legacyBodyRange(JSON.stringify(noLoc))).toBeUndefined();
		const otherZone = {
			body: {
				blocks: [
					{ paragraph: { elements: [], loc: { zoneId: 'x1', startIndex: 0, endIndex: 3 } } },
				],
			},
		};
		expect(legacyBodyRange(otherZone)).toBeUndefined();
		expect(JSON.parse(deleteRangeRequest(1, 40))).toEqual({
			requestType: 'DeleteContentRangeRequestType',
			deleteContentRangeRequest: { deleteRange: { zoneId: '0', startIndex: 1, endIndex: 40 } },
		});
	});
});

describe('plain text', () => {
	it('numbers each run of ordered items from 1', () => {
		const item = (kind: Paragraph['kind'], text: string): Paragraph => ({
			kind,
			text,
			elements: [],
		});
		expect(
			paragraphsText([
				item('ordered', 'a'),
				item('ordered', 'b'),
				item('text', 'break'),
				item('ordered', 'c'),
				item('todo', 'open'),
				item('other', ''),
			]),
		).toBe('1. a\n2. b\nbreak\n1. c\n[ ] open');
	});
});
