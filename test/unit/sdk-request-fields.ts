/**
 * The request fields of Feishu's IM v1 endpoints as the official SDK (@larksuiteoapi/node-sdk, a
 * devDependency) types them: every query (`params`) and body (`data`) field of a method, nested
 * objects and arrays of objects walked down to their leaves, with the string values of enums.
 */
import { readFileSync } from 'fs';
import * as ts from 'typescript';

const TYPINGS = require.resolve('@larksuiteoapi/node-sdk/types/index.d.ts');

export type SdkKind = 'string' | 'number' | 'boolean' | 'string[]' | 'other';

export interface SdkField {
	/** `query.…` or `body.…`; array levels leave no mark (`body.chat_tabs.tab_name`). */
	path: string;
	kind: SdkKind;
	/** Values of a string-literal union (Feishu's enum), if the SDK types one. */
	enumValues?: string[];
}

/**
 * The `im: { … }` member of the SDK client class, cut out of the 17 MB typings (the rollup output
 * indents class members by 4 spaces), so parsing takes milliseconds instead of seconds.
 */
function imTypeLiteral(): ts.TypeLiteralNode {
	const text = readFileSync(TYPINGS, 'utf8');
	const start = text.indexOf('\n    im: {\n');
	if (start < 0) throw new Error(`no "im" member in ${TYPINGS}`);
	const next = /\n {4}[A-Za-z_$][\w$]*\??: /g;
	next.lastIndex = start + 1;
	const end = next.exec(text)?.index;
	if (end === undefined) throw new Error('cannot find the end of the "im" member');
	const source = `type Im = ${text
		.slice(start + '\n    im: '.length, end)
		.trim()
		.replace(/;$/, '')};`;
	const file = ts.createSourceFile('im.d.ts', source, ts.ScriptTarget.Latest, true);
	const alias = file.statements[0];
	if (!alias || !ts.isTypeAliasDeclaration(alias) || !ts.isTypeLiteralNode(alias.type))
		throw new Error('the "im" member did not parse as a type literal');
	return alias.type;
}

function memberType(literal: ts.TypeLiteralNode, name: string): ts.TypeNode | undefined {
	for (const member of literal.members) {
		if (ts.isPropertySignature(member) && member.name.getText() === name) return member.type;
	}
	return undefined;
}

function stringLiterals(type: ts.TypeNode): string[] | undefined {
	if (!ts.isUnionTypeNode(type)) return undefined;
	const values: string[] = [];
	for (const part of type.types) {
		if (!ts.isLiteralTypeNode(part) || !ts.isStringLiteral(part.literal)) return undefined;
		values.push(part.literal.text);
	}
	return values;
}

/** Element type of `Array<T>` or `T[]`, else undefined. */
function arrayElement(type: ts.TypeNode): ts.TypeNode | undefined {
	if (ts.isArrayTypeNode(type)) return type.elementType;
	if (ts.isTypeReferenceNode(type) && type.typeName.getText() === 'Array')
		return type.typeArguments?.[0];
	return undefined;
}

function collect(type: ts.TypeNode, path: string, out: SdkField[]): void {
	const element = arrayElement(type);
	if (element) {
		if (ts.isTypeLiteralNode(element)) return collect(element, path, out);
		const values = stringLiterals(element);
		const isString = element.kind === ts.SyntaxKind.StringKeyword || values !== undefined;
		out.push({ path, kind: isString ? 'string[]' : 'other', enumValues: values });
		return;
	}
	if (ts.isTypeLiteralNode(type)) {
		for (const member of type.members) {
			if (ts.isPropertySignature(member) && member.type)
				collect(member.type, `${path}.${member.name.getText()}`, out);
		}
		return;
	}
	const values = stringLiterals(type);
	if (values) return void out.push({ path, kind: 'string', enumValues: values });
	const kinds: Partial<Record<ts.SyntaxKind, SdkKind>> = {
		[ts.SyntaxKind.StringKeyword]: 'string',
		[ts.SyntaxKind.NumberKeyword]: 'number',
		[ts.SyntaxKind.BooleanKeyword]: 'boolean',
	};
	out.push({ path, kind: kinds[type.kind] ?? 'other' });
}

let im: ts.TypeLiteralNode | undefined;

/** The query and body fields of `client.im.v1.<resource>.<method>`, in SDK order. */
export function sdkRequestFields(resource: string, method: string): SdkField[] {
	im ??= imTypeLiteral();
	const v1 = memberType(im, 'v1');
	const group = v1 && ts.isTypeLiteralNode(v1) ? memberType(v1, resource) : undefined;
	const fn = group && ts.isTypeLiteralNode(group) ? memberType(group, method) : undefined;
	if (!fn || !ts.isFunctionTypeNode(fn)) throw new Error(`SDK has no im.v1.${resource}.${method}`);
	const payload = fn.parameters[0]?.type;
	const out: SdkField[] = [];
	if (!payload || !ts.isTypeLiteralNode(payload)) return out;
	for (const [key, prefix] of [
		['params', 'query'],
		['data', 'body'],
	] as const) {
		const part = memberType(payload, key);
		if (part) collect(part, prefix, out);
	}
	return out;
}
