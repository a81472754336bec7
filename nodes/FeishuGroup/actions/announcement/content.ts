import type { IDataObject } from 'n8n-workflow';

/**
 * Helpers for the legacy-doc JSON of an announcement:
 * `{ title: { elements: [...] }, body: { blocks: [...] } }`, where text lives in
 * `{ type: 'textRun', textRun: { text } }` elements.
 */

export function parseContent(content: unknown): IDataObject | undefined {
	if (content && typeof content === 'object') return content as IDataObject;
	if (typeof content !== 'string' || content.trim() === '') return undefined;
	try {
		const parsed = JSON.parse(content) as unknown;
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** All textRun texts below a node, in document order. */
function texts(node: unknown, out: string[]): string[] {
	if (Array.isArray(node)) {
		for (const child of node) texts(child, out);
	} else if (node && typeof node === 'object') {
		const object = node as IDataObject;
		const run = object.textRun as IDataObject | undefined;
		if (run && typeof run.text === 'string') out.push(run.text);
		for (const [key, value] of Object.entries(object)) {
			if (key !== 'textRun' && typeof value === 'object') texts(value, out);
		}
	}
	return out;
}

/** The title as plain text; a title given as a JSON string or as plain text is accepted too. */
export function titleText(doc: IDataObject): string {
	const title = typeof doc.title === 'string' ? (parseContent(doc.title) ?? doc.title) : doc.title;
	if (typeof title === 'string') return title;
	return texts(title, []).join('');
}
