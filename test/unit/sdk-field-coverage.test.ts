/**
 * Every request field Feishu's official SDK types for our 30 endpoints (query and body, nested ones
 * down to their leaves; pagination excluded) has a parameter in the node's UI that sets it: a form
 * parameter, not only a raw-JSON one, of a type that suits the field, and a dropdown offering only
 * Feishu's values where the SDK types an enum. A new SDK field, or a parameter renamed away, fails.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { ENDPOINTS, PAGINATION_FIELDS } from './sdk-field-map';
import type { EndpointMapping, FieldMapping } from './sdk-field-map';
import { sdkRequestFields } from './sdk-request-fields';
import type { SdkField, SdkKind } from './sdk-request-fields';

const properties = new FeishuGroup().description.properties;

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	return (
		(show?.resource as string[] | undefined)?.includes(resource) === true &&
		(show?.operation as string[] | undefined)?.includes(operation) === true
	);
}

/** The parameter at a dotted path in one operation's fields, or why there is none. */
function resolve(mapping: EndpointMapping, path: string): INodeProperties | string {
	const [first, ...rest] = path.split('.');
	let current = properties.find(
		(p) => p.name === first && shownFor(p, mapping.node.resource, mapping.node.operation),
	);
	if (!current) return `no parameter "${first}"`;
	for (let i = 0; i < rest.length; i++) {
		const segment = rest[i];
		if (current.type === 'collection') {
			const options = (current.options ?? []) as INodeProperties[];
			current = options.find((o) => o.name === segment);
		} else if (current.type === 'fixedCollection') {
			const group = (current.options ?? []).find((o) => o.name === segment) as
				| { values: INodeProperties[] }
				| undefined;
			const valueName = rest[++i];
			current = group?.values.find((v) => v.name === valueName);
		} else {
			return `"${current.name}" is a ${current.type} parameter and holds no "${segment}"`;
		}
		if (!current) return `nothing at "${path}"`;
	}
	return current;
}

/** Parameter types that can carry an SDK field of each kind. */
const SUITS: Record<SdkKind, string[]> = {
	string: ['string', 'options', 'resourceLocator'],
	number: ['number', 'options'],
	boolean: ['boolean', 'options'],
	'string[]': ['string', 'multiOptions'],
	other: [],
};

function problemsOf(
	mapping: EndpointMapping,
	field: SdkField,
	to: FieldMapping | undefined,
): string[] {
	if (to === undefined) return ['no parameter path in the node'];
	if (typeof to !== 'string' && 'notSettable' in to) return [];
	const path = typeof to === 'string' ? to : to.param;
	const parameter = resolve(mapping, path);
	if (typeof parameter === 'string') return [`${path}: ${parameter}`];
	if (parameter.type === 'json') return [`${path} is raw JSON, not a form field`];
	if (typeof to !== 'string' && 'derived' in to) return [];

	const problems: string[] = [];
	if (!SUITS[field.kind].includes(parameter.type))
		problems.push(`${path} is a ${parameter.type} parameter for a ${field.kind} field`);
	if (field.enumValues) {
		if (parameter.type !== 'options' && parameter.type !== 'multiOptions') {
			problems.push(`${path} should be a dropdown of ${field.enumValues.join(' | ')}`);
		} else if (!parameter.typeOptions?.loadOptionsMethod) {
			const translate = typeof to === 'string' ? undefined : to.values;
			for (const option of (parameter.options ?? []) as INodePropertyOptions[]) {
				const value = translate?.[String(option.value)] ?? String(option.value);
				if (!field.enumValues.includes(value))
					problems.push(`${path} offers "${option.value}", which Feishu does not accept`);
			}
		}
	}
	return problems;
}

describe('every request field of the official SDK is settable in the node', () => {
	it('maps the 30 endpoints of the node, each once', () => {
		expect(ENDPOINTS).toHaveLength(30);
		const operations = ENDPOINTS.map((e) => `${e.node.resource}.${e.node.operation}`);
		expect(new Set(operations).size).toBe(30);
		for (const e of ENDPOINTS) {
			const selector = properties.find(
				(p) =>
					p.name === 'operation' &&
					(p.displayOptions?.show?.resource as string[] | undefined)?.includes(e.node.resource),
			);
			const values = ((selector?.options ?? []) as INodePropertyOptions[]).map((o) => o.value);
			expect(values).toContain(e.node.operation);
		}
	});

	it.each(ENDPOINTS.map((e) => [`${e.sdk.resource}.${e.sdk.method}`, e] as const))(
		'im.v1.%s',
		(_name, mapping) => {
			const fields = sdkRequestFields(mapping.sdk.resource, mapping.sdk.method).filter(
				(f) => !PAGINATION_FIELDS.includes(f.path),
			);
			const problems = fields.flatMap((field) =>
				problemsOf(mapping, field, mapping.fields[field.path]).map(
					(problem) => `${field.path}: ${problem}`,
				),
			);
			// A mapping for a field the SDK no longer has is stale.
			const known = new Set(fields.map((f) => f.path));
			for (const path of Object.keys(mapping.fields))
				if (!known.has(path)) problems.push(`${path}: not in the SDK (stale mapping)`);
			expect(problems).toEqual([]);
		},
	);
});
