/**
 * Announcement input checks without the emulator: the paragraph form, raw blocks and raw docx
 * requests, the per-announcement edit pacer and the client_token.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { announcementClientToken } from '../../nodes/FeishuGroup/actions/announcement/clientToken';
import { parseDocxRequests } from '../../nodes/FeishuGroup/actions/announcement/docxRequests';
import { paragraphsFromForm } from '../../nodes/FeishuGroup/actions/announcement/form';
import { EditPacer } from '../../nodes/FeishuGroup/actions/announcement/pacer';
import {
	formatMismatchMessage,
	parseRawBlocks,
} from '../../nodes/FeishuGroup/actions/announcement/rawBlocks';

const invalid = (message: string, description?: string) =>
	Object.assign(new Error(message), { description });

describe('paragraph form', () => {
	it('makes one paragraph per non-empty line, with styles, link and mentions after the last line', () => {
		const paragraphs = paragraphsFromForm(
			[
				{
					kind: 'bullet',
					text: 'One\n\n  \nTwo',
					bold: true,
					linkUrl: ' https://example.com ',
					mentionUserIds: 'ou_a, ou_b',
				},
			],
			invalid,
		);
		expect(paragraphs).toEqual([
			{
				kind: 'bullet',
				text: 'One',
				elements: [{ type: 'text', text: 'One', bold: true, link: 'https://example.com' }],
				links: ['https://example.com'],
			},
			{
				kind: 'bullet',
				text: 'Two @ou_a @ou_b',
				elements: [
					{ type: 'text', text: 'Two', bold: true, link: 'https://example.com' },
					{ type: 'text', text: ' ' },
					{ type: 'mention', user_id: 'ou_a', text: '@ou_a' },
					{ type: 'text', text: ' ' },
					{ type: 'mention', user_id: 'ou_b', text: '@ou_b' },
				],
				mentions: ['ou_a', 'ou_b'],
				links: ['https://example.com'],
			},
		]);
	});

	it('handles headings, to-dos, dividers, mention-only rows and skips empty rows', () => {
		const paragraphs = paragraphsFromForm(
			[
				{ kind: 'heading', text: 'Title', headingLevel: 14 },
				{ kind: 'todo', text: 'Do it', done: true, italic: true },
				{ kind: 'divider', text: 'ignored' },
				{ kind: 'text', text: '', mentionUserIds: ['ou_c'] },
				{ kind: 'text', text: '   ' },
			],
			invalid,
		);
		expect(paragraphs.map((p) => [p.kind, p.text])).toEqual([
			['heading', 'Title'],
			['todo', 'Do it'],
			['divider', ''],
			['text', '@ou_c'],
		]);
		expect(paragraphs[0].level).toBe(9);
		expect(paragraphs[1]).toMatchObject({ done: true, elements: [{ italic: true }] });
		expect(paragraphs[3].elements).toEqual([{ type: 'mention', user_id: 'ou_c', text: '@ou_c' }]);
	});

	it('refuses mentions in code and unknown kinds', () => {
		expect(() =>
			paragraphsFromForm([{ kind: 'code', text: 'x', mentionUserIds: 'ou_a' }], invalid),
		).toThrow('Paragraph 1: a Code paragraph cannot @mention users');
		expect(() => paragraphsFromForm([{ kind: 'title', text: 'x' }], invalid)).toThrow(
			'Paragraph 1 has an unknown kind "title"',
		);
	});
});

describe('raw blocks', () => {
	it('tells docx from legacy blocks and accepts the API envelopes', () => {
		const docx = [{ block_type: 2, text: { elements: [] } }];
		expect(parseRawBlocks(JSON.stringify(docx), invalid)).toEqual({ format: 'docx', blocks: docx });
		expect(parseRawBlocks({ children: docx }, invalid).format).toBe('docx');
		const legacy = { type: 'paragraph', paragraph: { elements: [] } };
		expect(parseRawBlocks(legacy, invalid)).toEqual({ format: 'doc', blocks: [legacy] });
		expect(parseRawBlocks({ blocks: [legacy] }, invalid).format).toBe('doc');
	});

	it('explains bad JSON, empty lists, unknown and mixed blocks', () => {
		expect(() => parseRawBlocks('[', invalid)).toThrow(/^Blocks \(JSON\) is not valid JSON: /);
		expect(() => parseRawBlocks('  ', invalid)).toThrow('Blocks (JSON) is empty');
		expect(() => parseRawBlocks('[]', invalid)).toThrow('Blocks (JSON) holds no blocks');
		expect(() => parseRawBlocks([{ x: 1 }], invalid)).toThrow(
			'Block 1 is neither a docx block (numeric "block_type") nor a legacy block ("type")',
		);
		expect(() => parseRawBlocks([1], invalid)).toThrow('Block 1 is not an object');
		expect(() => parseRawBlocks([{ block_type: 2 }, { type: 'paragraph' }], invalid)).toThrow(
			'Blocks (JSON) mixes docx and legacy blocks',
		);
		expect(formatMismatchMessage('doc', 'docx').message).toBe(
			"This chat's announcement is docx, but Blocks (JSON) holds legacy (doc) blocks",
		);
	});
});

describe('raw docx requests', () => {
	it('accepts an array, one request or the API body, and needs a block id and an operation', () => {
		const request = { block_id: 'b1', update_text_elements: { elements: [] } };
		expect(parseDocxRequests(JSON.stringify([request]), invalid)).toEqual([request]);
		expect(parseDocxRequests(request, invalid)).toEqual([request]);
		expect(parseDocxRequests({ requests: [request, request] }, invalid)).toHaveLength(2);
		expect(() => parseDocxRequests('{', invalid)).toThrow(/^Requests \(JSON\) is not valid JSON/);
		expect(() => parseDocxRequests([{ update_text_elements: {} }], invalid)).toThrow(
			'Request 1 has no "block_id"',
		);
		expect(() => parseDocxRequests([{ block_id: 'b' }], invalid)).toThrow(
			'Request 1 has no operation besides "block_id"',
		);
		expect(() => parseDocxRequests([], invalid)).toThrow('Requests (JSON) holds no requests');
	});
});

describe('edit pacer', () => {
	/** A pacer on a fake clock: waiting and editing move the clock, so start times can be read. */
	function fakePacer(editMs: number) {
		let now = 1_000;
		const waits: number[] = [];
		const pacer = new EditPacer(
			3,
			1000,
			() => now,
			async (ms) => {
				waits.push(ms);
				now += ms;
			},
		);
		const starts: Record<string, number[]> = {};
		const edit = async (key: string) =>
			await pacer.run(key, async () => {
				(starts[key] ??= []).push(now);
				now += editMs;
				return key;
			});
		return { pacer, waits, starts, edit, advance: (ms: number) => (now += ms) };
	}

	it('starts an edit only a second after the edit 3 places back finished', async () => {
		const { waits, starts, edit } = fakePacer(100);
		for (let i = 0; i < 7; i++) expect(await edit('oc_a')).toBe('oc_a');
		// Finishes: 1100, 1200, 1300 → the 4th starts at 2100, and so on.
		expect(starts.oc_a).toEqual([1000, 1100, 1200, 2100, 2200, 2300, 3200]);
		expect(waits).toEqual([800, 800]);
		const finishes = starts.oc_a.map((s) => s + 100);
		// Feishu sees an edit between its start and finish: no window can hold more than 3.
		for (const [i, start] of starts.oc_a.entries())
			if (i >= 3) expect(start - finishes[i - 3]).toBeGreaterThanOrEqual(1000);
	});

	it('keeps announcements apart and forgets old edits', async () => {
		const { waits, edit, advance } = fakePacer(10);
		for (let i = 0; i < 3; i++) await edit('oc_a');
		for (let i = 0; i < 3; i++) await edit('oc_b');
		expect(waits).toEqual([]);
		advance(1500);
		for (let i = 0; i < 3; i++) await edit('oc_a');
		expect(waits).toEqual([]);
	});

	it('runs concurrent edits of one announcement one after another', async () => {
		const pacer = new EditPacer(
			3,
			1000,
			() => 0,
			async () => {},
		);
		const order: string[] = [];
		const slow = (name: string, ticks: number) =>
			pacer.run('oc_a', async () => {
				order.push(`start ${name}`);
				for (let i = 0; i < ticks; i++) await Promise.resolve();
				order.push(`end ${name}`);
			});
		await Promise.all([slow('a', 5), slow('b', 1), slow('c', 1)]);
		expect(order).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
		// A failed edit does not block the next one.
		await expect(pacer.run('oc_a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
			'boom',
		);
		await expect(pacer.run('oc_a', async () => 'next')).resolves.toBe('next');
	});
});

describe('client_token', () => {
	function context(executionId?: string): IExecuteFunctions {
		return {
			getExecutionId: () => executionId,
			getNode: () => ({ id: 'node-1', name: 'Feishu Group' }),
			getWorkflowDataProxy: () => ({ $runIndex: 0 }),
		} as unknown as IExecuteFunctions;
	}

	it('is a UUIDv4, the same for a resend of the same step, different for another step', () => {
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		const a = announcementClientToken(context('42'), 0, { step: 'append:0', body: { x: 1 } });
		expect(a).toMatch(uuid);
		expect(announcementClientToken(context('42'), 0, { step: 'append:0', body: { x: 1 } })).toBe(a);
		expect(
			announcementClientToken(context('42'), 0, { step: 'append:1', body: { x: 1 } }),
		).not.toBe(a);
		expect(
			announcementClientToken(context('42'), 1, { step: 'append:0', body: { x: 1 } }),
		).not.toBe(a);
		expect(
			announcementClientToken(context('43'), 0, { step: 'append:0', body: { x: 1 } }),
		).not.toBe(a);
		// Without an execution id (manual previews in some contexts) each call gets a fresh token.
		const random = announcementClientToken(context(undefined), 0, { step: 'append:0' });
		expect(random).toMatch(uuid);
		expect(announcementClientToken(context(undefined), 0, { step: 'append:0' })).not.toBe(random);
	});
});
