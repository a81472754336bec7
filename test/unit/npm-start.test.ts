/**
 * npm start's summary and terminal: the exact production URLs of the examples' triggers (issue 17.6), and n8n's
 * log reduced to its error messages, one line each, without stack traces or offline noise (17.8).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const { triggerUrls } = require('../../scripts/lib/triggerUrls');
const { createLogFilter } = require('../../scripts/lib/n8nLogLines');

const example = (file: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../../examples', file), 'utf8'));

test('production URLs of the examples, as n8n serves them once published', () => {
	const base = 'http://localhost:5690/';
	expect(triggerUrls(example('welcome-on-join.json'), base)).toEqual([
		expect.objectContaining({
			kind: 'feishu',
			method: 'POST',
			url: 'http://localhost:5690/webhook/b8e4d2f1-6a3c-4b95-8d07-1e2f3a4b5c61/webhook',
		}),
	]);
	expect(triggerUrls(example('hr-onboarding.json'), base)).toEqual([
		expect.objectContaining({
			kind: 'webhook',
			method: 'POST',
			url: 'http://localhost:5690/webhook/feishu-hr-onboarding',
		}),
		expect.objectContaining({
			kind: 'form',
			url: 'http://localhost:5690/form/feishu-hr-onboarding-form',
		}),
	]);
	// Schedule and manual triggers have no URL.
	expect(triggerUrls(example('stale-chat-cleanup.json'), base)).toEqual([]);
	// A trigger on the long connection needs none either.
	const wf = example('welcome-on-join.json');
	for (const n of wf.nodes)
		if (n.type.endsWith('feishuGroupTrigger')) n.parameters.connection = 'longConnection';
	expect(triggerUrls(wf, base)).toEqual([]);
});

test("n8n's log: error messages only, first line, once; stack traces, other levels and offline noise stay in the file", () => {
	const feed = createLogFilter();
	const line = (level: string, message: string) =>
		JSON.stringify({ level, message, metadata: { timestamp: '2026-12-06T06:00:00.000Z' } }) + '\n';
	const chunk =
		line('info', 'Editor is now accessible via:') +
		line(
			'error',
			'Problem with execution 12: Feishu error 232011\n    at Object.execute (x.js:1:1)',
		) +
		'    at processTicksAndRejections (node:internal/process/task_queues:95:5)\n' +
		line('error', 'getaddrinfo ENOTFOUND api.n8n.io') +
		line('warn', 'Could not fetch community nodes') +
		JSON.stringify({
			level: 'error',
			message: 'A system task run failed',
			metadata: { error: { cause: { message: 'getaddrinfo ENOTFOUND api.n8n.io' } } },
		}) +
		'\n' +
		line('error', 'Problem with execution 12: Feishu error 232011') +
		line('error', 'NodeApiError') +
		line('error', 'Mismatching encryption keys. More information: https://docs.n8n.io/hosting/') +
		line('error', 'Workflow activation failed: ' + 'x'.repeat(400));
	// Split mid-line: the filter keeps the partial line for the next chunk.
	const cut = chunk.length - 20;
	const shown = [...feed(chunk.slice(0, cut)), ...feed(chunk.slice(cut))];
	expect(shown).toEqual([
		'Problem with execution 12: Feishu error 232011',
		'Mismatching encryption keys. More information: https://docs.n8n.io/hosting/',
		expect.stringMatching(/^Workflow activation failed: x+…$/),
	]);
	expect(shown[2].length).toBe(240);
});
