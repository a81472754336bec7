import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/**
 * Input helpers for operations that take a complex shape (tabs, menu trees, announcement edits)
 * either from a structured editor or as raw JSON.
 */

/** "Define By": the structured editor or raw JSON (sent as written; Feishu validates it). */
export function defineByField(jsonHint: string): INodeProperties {
	return {
		displayName: 'Define By',
		name: 'defineBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Fields', value: 'fields', description: 'Fill in a form; checked before sending' },
			{ name: 'JSON', value: 'json', description: jsonHint },
		],
		default: 'fields',
	};
}

/** A JSON parameter: n8n gives a string when typed in, an object or array when an expression returns one. */
export function readJsonParameter(
	context: IExecuteFunctions,
	name: string,
	itemIndex: number,
	label = name,
): unknown {
	const raw = context.getNodeParameter(name, itemIndex) as unknown;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') {
		throw new NodeOperationError(context.getNode(), `${label} is empty`, {
			itemIndex,
		});
	}
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		throw new NodeOperationError(context.getNode(), `${label} is not valid JSON`, {
			itemIndex,
			description: (error as Error).message,
		});
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Feishu accepts only absolute http(s) links for tabs and menus. */
export function isHttpUrl(value: string): boolean {
	return /^https?:\/\/\S+$/i.test(value.trim());
}

/** Length as Feishu counts it: characters, not UTF-16 units (an emoji counts once). */
export function charLength(value: string): number {
	return [...value].length;
}

/** Copies the entries whose value is neither undefined nor an empty string. */
export function compact<T extends object>(value: T): Partial<T> {
	const out: Partial<T> = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry !== undefined && entry !== '') (out as Record<string, unknown>)[key] = entry;
	}
	return out;
}
