/*
 * What of n8n's log npm start shows in the terminal: errors, one line each. n8n writes JSON lines
 * (N8N_LOG_FORMAT=json) to its log file; everything stays there, the terminal gets the error messages only, with
 * stack traces and raw console output left in the file and a repeated message shown once.
 *
 * Left out as noise of a machine without internet: n8n's own look-ups of its services (api.n8n.io and friends).
 */
'use strict';

const OFFLINE_NOISE = /\b(api|license|telemetry|ph|enterprise|internal)\.n8n\.(io|cloud)\b/i;
const MAX_CHARS = 240;
// n8n also logs a failed node's error under its bare class name; the lines with the message say more.
const BARE_ERROR_CLASS = /^[A-Z][A-Za-z]*Error$/;

/** A filter over chunks of the log file; keeps a partial last line and the messages already shown. */
function createLogFilter() {
	let partial = '';
	const shown = new Set();
	return function feed(chunk) {
		const text = partial + chunk;
		const lines = text.split('\n');
		partial = lines.pop();
		const out = [];
		for (const line of lines) {
			if (!line.startsWith('{')) continue;
			let entry;
			try {
				entry = JSON.parse(line);
			} catch {
				continue;
			}
			if (entry.level !== 'error') continue;
			const first = String(entry.message ?? '')
				.split('\n')[0]
				.trim();
			// The whole line: "A system task run failed" names api.n8n.io only in its metadata.
			if (!first || BARE_ERROR_CLASS.test(first) || OFFLINE_NOISE.test(line) || shown.has(first))
				continue;
			shown.add(first);
			out.push(first.length > MAX_CHARS ? `${first.slice(0, MAX_CHARS - 1)}…` : first);
		}
		return out;
	};
}

module.exports = { createLogFilter };
