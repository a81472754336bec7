/**
 * Static checks of the example workflows in examples/: importable shape (fixed 16-character ids, connections
 * between existing nodes) and, for our two nodes, that every parameter the JSON sets is a real, visible
 * parameter of the selected resource/operation with a valid value. A renamed parameter or option in the node
 * would otherwise only surface when the end-to-end suite runs the examples in a real n8n.
 */
import { readdirSync, readFileSync } from 'fs';
import * as path from 'path';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { FeishuGroupTrigger } from '../../nodes/FeishuGroupTrigger/FeishuGroupTrigger.node';

const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');
const CREDENTIAL = { id: 'feishuE2eCred001', name: 'Feishu emulator' };

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhookId?: string;
}

interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }> | null> }>;
}

const files = readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) =>
	JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as Workflow;

const README = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

type Values = Record<string, unknown>;

/** Whether a property is shown for the given sibling values (n8n's displayOptions show/hide). */
function visible(property: INodeProperties, values: Values, defaults: Values): boolean {
	const current = (key: string) => (key in values ? values[key] : defaults[key]);
	const matches = (key: string, allowed: unknown[]) => {
		if (key.startsWith('@')) return true; // @version and friends: all our nodes are version 1
		const value = current(key.replace(/^\//, ''));
		return allowed.some((a) => JSON.stringify(a) === JSON.stringify(value));
	};
	const show = property.displayOptions?.show ?? {};
	const hide = property.displayOptions?.hide ?? {};
	return (
		Object.entries(show).every(([k, allowed]) => matches(k, allowed as unknown[])) &&
		!Object.entries(hide).some(([k, hidden]) => matches(k, hidden as unknown[]))
	);
}

function defaultsOf(properties: INodeProperties[]): Values {
	const out: Values = {};
	for (const p of properties) if (!(p.name in out)) out[p.name] = p.default;
	return out;
}

/** Checks `values` against `properties` (one level), recursing into collections; returns problems. */
function check(properties: INodeProperties[], values: Values, where: string): string[] {
	const problems: string[] = [];
	const defaults = defaultsOf(properties);
	for (const [key, value] of Object.entries(values)) {
		const property = properties.find((p) => p.name === key && visible(p, values, defaults));
		if (!property) {
			problems.push(`${where}: "${key}" is not a visible parameter here`);
			continue;
		}
		problems.push(...checkValue(property, value, `${where}.${key}`));
	}
	for (const property of properties) {
		if (!property.required || !visible(property, values, defaults)) continue;
		if (property.type === 'string' && !values[property.name] && !property.default) {
			problems.push(`${where}: required "${property.name}" is empty`);
		}
	}
	return problems;
}

function checkValue(property: INodeProperties, value: unknown, where: string): string[] {
	if (isExpression(value)) return [];
	switch (property.type) {
		case 'options': {
			const allowed = (property.options as INodePropertyOptions[]).map((o) => o.value);
			return allowed.includes(value as string)
				? []
				: [`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`];
		}
		case 'multiOptions': {
			const allowed = (property.options as INodePropertyOptions[]).map((o) => o.value);
			const bad = (value as unknown[]).filter((v) => !allowed.includes(v as string));
			return bad.length
				? [`${where}: ${JSON.stringify(bad)} not in ${JSON.stringify(allowed)}`]
				: [];
		}
		case 'boolean':
			return typeof value === 'boolean' ? [] : [`${where}: not a boolean`];
		case 'number':
			return typeof value === 'number' ? [] : [`${where}: not a number`];
		case 'string':
		case 'json':
			return typeof value === 'string' ? [] : [`${where}: not a string`];
		case 'resourceLocator': {
			const rl = value as { __rl?: boolean; mode?: string; value?: unknown };
			const modes = (property.modes ?? []).map((m) => m.name);
			if (rl?.__rl !== true || !modes.includes(rl.mode ?? '')) {
				return [`${where}: not a resource locator with a mode of ${JSON.stringify(modes)}`];
			}
			return rl.value ? [] : [`${where}: empty`];
		}
		case 'collection':
			return check(property.options as INodeProperties[], value as Values, where);
		case 'fixedCollection': {
			const groups = property.options as INodePropertyCollection[];
			const problems: string[] = [];
			for (const [groupName, rows] of Object.entries(value as Values)) {
				const group = groups.find((g) => g.name === groupName);
				if (!group) {
					problems.push(`${where}: unknown group "${groupName}"`);
					continue;
				}
				const list = Array.isArray(rows) ? rows : [rows];
				if (!Array.isArray(rows) && property.typeOptions?.multipleValues) {
					problems.push(`${where}.${groupName}: multiple values must be an array`);
				}
				list.forEach((row, i) =>
					problems.push(...check(group.values, row as Values, `${where}.${groupName}[${i}]`)),
				);
			}
			return problems;
		}
		default:
			return [];
	}
}

const NODE_PROPERTIES: Record<string, INodeProperties[]> = {
	'n8n-nodes-feishu-group.feishuGroup': new FeishuGroup().description.properties,
	'n8n-nodes-feishu-group.feishuGroupTrigger': new FeishuGroupTrigger().description.properties,
};

describe('example workflows', () => {
	it('are the three documented ones', () => {
		expect(files.sort()).toEqual([
			'hr-onboarding.json',
			'stale-chat-cleanup.json',
			'welcome-on-join.json',
		]);
	});

	describe.each(files)('%s', (file) => {
		const wf = load(file);

		it('has a fixed 16-character id, a name and unique node names and ids', () => {
			expect(wf.id).toMatch(/^[A-Za-z0-9]{16}$/);
			// One name per example: the file's, in n8n and in the README's heading for it.
			expect(wf.name).toBe(file.replace(/\.json$/, ''));
			expect(README).toContain(`\n### ${wf.name} — [\`examples/${file}\`](examples/${file})\n`);
			// …and as the title of its sticky note, the first thing seen on the canvas.
			const notes = wf.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
			expect(notes.map((n) => String(n.parameters.content).split('\n')[0])).toContain(
				`## ${wf.name}`,
			);
			const names = wf.nodes.map((n) => n.name);
			expect(new Set(names).size).toBe(names.length);
			expect(new Set(wf.nodes.map((n) => n.id)).size).toBe(names.length);
		});

		it('connects only existing nodes, and every working node is reachable', () => {
			const names = new Set(wf.nodes.map((n) => n.name));
			const targets = new Set<string>();
			for (const [from, outputs] of Object.entries(wf.connections)) {
				expect(names).toContain(from);
				for (const output of outputs.main) {
					for (const c of output ?? []) {
						expect(names).toContain(c.node);
						targets.add(c.node);
					}
				}
			}
			for (const node of wf.nodes) {
				const isTrigger = /trigger|webhook/i.test(node.type);
				if (node.type === 'n8n-nodes-base.stickyNote' || isTrigger) continue;
				expect({ node: node.name, reachable: targets.has(node.name) }).toEqual({
					node: node.name,
					reachable: true,
				});
			}
		});

		it('uses the Feishu credential that npm start and the e2e harness create', () => {
			const feishuNodes = wf.nodes.filter((n) => n.type in NODE_PROPERTIES);
			expect(feishuNodes.length).toBeGreaterThan(0);
			for (const node of feishuNodes) {
				expect(node.typeVersion).toBe(1);
				expect(node.credentials).toEqual({ feishuApi: CREDENTIAL });
			}
		});

		it('sets only real, visible parameters of our nodes, with valid values', () => {
			const problems = wf.nodes
				.filter((n) => n.type in NODE_PROPERTIES)
				.flatMap((n) => check(NODE_PROPERTIES[n.type], n.parameters, n.name));
			expect(problems).toEqual([]);
		});

		it('gives every webhook-based node a fixed webhookId', () => {
			for (const node of wf.nodes.filter((n) =>
				/webhook|formTrigger|feishuGroupTrigger/.test(n.type),
			)) {
				expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
			}
		});
	});
});
