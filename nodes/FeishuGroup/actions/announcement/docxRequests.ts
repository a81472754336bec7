import type { IDataObject } from 'n8n-workflow';

import type { InvalidInput } from './form';

/**
 * The raw docx path: batch_update requests, each `{ "block_id": …, "<operation>": { … } }`
 * (update_text_elements, update_text_style, insert_table_row, replace_image …), sent as written.
 */

export const DOCX_REQUESTS_EXAMPLE = JSON.stringify(
	[
		{
			block_id: 'block ID from Get (Simplify off)',
			update_text_elements: { elements: [{ text_run: { content: 'New text' } }] },
		},
	],
	null,
	2,
);

/** Parses the requests: an array, one request, or the API body `{ "requests": [...] }`. */
export function parseDocxRequests(value: unknown, invalid: InvalidInput): IDataObject[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') throw invalid('Requests (JSON) is empty');
		try {
			parsed = JSON.parse(value) as unknown;
		} catch (error) {
			throw invalid(`Requests (JSON) is not valid JSON: ${(error as Error).message}`);
		}
	}
	if (parsed && typeof parsed === 'object' && Array.isArray((parsed as IDataObject).requests))
		parsed = (parsed as IDataObject).requests;
	const list = Array.isArray(parsed) ? parsed : [parsed];
	const hint =
		'Each request names a block and one operation, e.g. {"block_id":"doxcn…","update_text_elements":{"elements":[{"text_run":{"content":"Hi"}}]}}. Block IDs come from Get with Simplify off.';
	if (list.length === 0) throw invalid('Requests (JSON) holds no requests', hint);
	return list.map((entry, index) => {
		if (!entry || typeof entry !== 'object' || Array.isArray(entry))
			throw invalid(`Request ${index + 1} is not an object`, hint);
		const request = entry as IDataObject;
		if (typeof request.block_id !== 'string' || request.block_id.trim() === '')
			throw invalid(`Request ${index + 1} has no "block_id"`, hint);
		if (Object.keys(request).filter((key) => key !== 'block_id').length === 0)
			throw invalid(`Request ${index + 1} has no operation besides "block_id"`, hint);
		return request;
	});
}
