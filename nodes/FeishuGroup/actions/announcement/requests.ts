import type { IDataObject } from 'n8n-workflow';

/**
 * Builders for the `requests` of PATCH /announcement: each element is a JSON *string* of a
 * legacy-doc edit request (the format of the old doc batch_update API).
 */

export interface EditFields {
	type?: string;
	text?: string;
	bold?: boolean;
	linkUrl?: string;
}

function textRun(text: string, edit: EditFields): IDataObject {
	const style: IDataObject = {};
	if (edit.bold) style.bold = true;
	// The legacy doc format expects link URLs percent-encoded.
	if (edit.linkUrl?.trim()) style.link = { url: encodeURIComponent(edit.linkUrl.trim()) };
	return { type: 'textRun', textRun: { text, style } };
}

/** One paragraph per non-empty line. */
function paragraphs(edit: EditFields): IDataObject[] {
	return String(edit.text ?? '')
		.split(/\r?\n/)
		.filter((line) => line.trim() !== '')
		.map((line) => ({
			type: 'paragraph',
			paragraph: { elements: [textRun(line, edit)], style: {} },
		}));
}

function insertBlocks(blocks: IDataObject[], atStart: boolean): IDataObject {
	return {
		requestType: 'InsertBlocksRequestType',
		insertBlocksRequest: {
			payload: JSON.stringify({ blocks }),
			location: atStart
				? { zoneId: '0', index: 0, startOfZone: true }
				: { zoneId: '0', index: 0, endOfZone: true },
		},
	};
}

function updateTitle(edit: EditFields): IDataObject {
	const title = String(edit.text ?? '').replace(/\r?\n/g, ' ');
	return {
		requestType: 'UpdateTitleRequestType',
		updateTitleRequest: {
			// A title has no link (the editor hides Link URL for it).
			payload: JSON.stringify({ elements: [textRun(title, { bold: edit.bold })], style: {} }),
		},
	};
}

/** The request objects for the structured editor's edits, in the order given; empty edits are skipped. */
export function requestsFromEdits(edits: EditFields[]): IDataObject[] {
	const requests: IDataObject[] = [];
	for (const edit of edits) {
		if (edit.type === 'setTitle') {
			if (String(edit.text ?? '').trim() !== '') requests.push(updateTitle(edit));
			continue;
		}
		const blocks = paragraphs(edit);
		if (blocks.length > 0) requests.push(insertBlocks(blocks, edit.type === 'prepend'));
	}
	return requests;
}

/** Feishu wants every `…Request.payload` as a JSON string; accept objects and encode them. */
function encodePayloads(request: IDataObject): IDataObject {
	const copy: IDataObject = { ...request };
	for (const [key, value] of Object.entries(copy)) {
		if (!key.endsWith('Request') || !value || typeof value !== 'object') continue;
		const inner = { ...(value as IDataObject) };
		if (inner.payload && typeof inner.payload === 'object')
			inner.payload = JSON.stringify(inner.payload);
		copy[key] = inner;
	}
	return copy;
}

/** The default of the legacy requests JSON: append one paragraph. */
export const LEGACY_REQUESTS_EXAMPLE = JSON.stringify(
	[
		{
			requestType: 'InsertBlocksRequestType',
			insertBlocksRequest: {
				payload: {
					blocks: [
						{
							type: 'paragraph',
							paragraph: { elements: [{ type: 'textRun', textRun: { text: 'Hello', style: {} } }] },
						},
					],
				},
				location: { zoneId: '0', index: 0, endOfZone: true },
			},
		},
	],
	null,
	2,
);

/** Turns a problem with the user's JSON into the error to throw (the caller adds node and item). */
export type InvalidJson = (message: string) => Error;

function parseJson(text: string): { value?: unknown; error?: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/**
 * The raw JSON alternative: an array (or a single request) of request objects or of JSON strings.
 * Objects are JSON-encoded; strings must already be a JSON-encoded request object.
 */
export function requestsFromJson(value: unknown, invalid: InvalidJson): string[] {
	let parsed = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return [];
		const result = parseJson(value);
		if (result.error !== undefined)
			throw invalid(`Requests (JSON) is not valid JSON: ${result.error}`);
		parsed = result.value;
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	return list.map((entry, index) => {
		let object = entry as unknown;
		if (typeof entry === 'string') {
			const result = parseJson(entry);
			if (result.error !== undefined) {
				throw invalid(`Request ${index + 1} is a string but not a JSON-encoded request object`);
			}
			object = result.value;
		}
		if (!object || typeof object !== 'object' || Array.isArray(object)) {
			throw invalid(`Request ${index + 1} must be an object with a "requestType"`);
		}
		if (typeof (object as IDataObject).requestType !== 'string') {
			throw invalid(`Request ${index + 1} has no "requestType" (e.g. "InsertBlocksRequestType")`);
		}
		return JSON.stringify(encodePayloads(object as IDataObject));
	});
}
