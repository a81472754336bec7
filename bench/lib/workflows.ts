/** The workflows the real-n8n measures import (built in code: their ids and parameters depend on the run). */
import { randomUUID } from 'crypto';

import type { CredentialJson, WorkflowJson } from '../../test/e2e/harness/fixtures';

export const WF = {
	chatGet: 'benchChatGet0001',
	throughput: 'benchThruGet0001',
	httpGet: 'benchHttpGet0001',
	httpCredGet: 'benchHttpCred001',
	lcHook: 'benchLcHook00001',
	membersAll: 'benchMembAll0001',
	membersLimit: 'benchMembLim0001',
	membersAdd: 'benchMembAdd0001',
	hook: 'benchHook0000001',
	plainHook: 'benchPlainHook01',
} as const;

export const FEISHU_NODE = 'Feishu Group';
const PKG = 'n8n-nodes-feishu-group';

type Node = WorkflowJson['nodes'][number];

const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const cred = (c: CredentialJson) => ({ feishuApi: { id: c.id, name: c.name } });

function chain(id: string, name: string, nodes: Node[]): WorkflowJson {
	const connections: Record<string, unknown> = {};
	nodes.forEach((n, i) => {
		n.id ??= randomUUID();
		n.position ??= [i * 220, 0];
		n.typeVersion ??= 1;
		if (i > 0)
			connections[nodes[i - 1].name] = { main: [[{ node: n.name, type: 'main', index: 0 }]] };
	});
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes,
		connections,
	};
}

const manual = (): Node => ({
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	parameters: {},
});

function feishu(c: CredentialJson, parameters: Record<string, unknown>): Node {
	return { name: FEISHU_NODE, type: `${PKG}.feishuGroup`, parameters, credentials: cred(c) };
}

/** Manual → Set (the chat ids as one array) → Split Out (one item per id `ids`). No Code node: no task runner needed. */
function itemsOf(chatIds: string[]): Node[] {
	return [
		manual(),
		{
			name: 'Ids',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [
						{ id: 'ids', name: 'ids', type: 'array', value: `={{ ${JSON.stringify(chatIds)} }}` },
					],
				},
				options: {},
			},
		},
		{
			name: 'Split',
			type: 'n8n-nodes-base.splitOut',
			parameters: { fieldToSplitOut: 'ids', options: {} },
		},
	];
}

/** One Chat → Get per chat id. */
export function chatGetWorkflow(id: string, c: CredentialJson, chatIds: string[]): WorkflowJson {
	return chain(id, `Bench: Chat → Get over ${chatIds.length} items`, [
		...itemsOf(chatIds),
		feishu(c, { resource: 'chat', operation: 'get', chatId: rl('={{ $json.ids }}') }),
	]);
}

export const HTTP_NODE = 'HTTP Request';

/** The same GET per chat id through n8n's own HTTP Request node with a fixed token: n8n's floor for one call per item. */
export function httpGetWorkflow(baseUrl: string, token: string, chatIds: string[]): WorkflowJson {
	return chain(WF.httpGet, `Bench: HTTP Request GET chat over ${chatIds.length} items`, [
		...itemsOf(chatIds),
		{
			name: HTTP_NODE,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				url: `={{ "${baseUrl}/open-apis/im/v1/chats/" + $json.ids }}`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${token}` }] },
				options: {},
			},
		},
	]);
}

/**
 * The same GETs through n8n's HTTP Request node authenticated with our feishuApi credential (predefined credential
 * type): n8n's credential path (pre-authentication check, the credential's `authenticate`) without our node's code.
 */
export function httpCredGetWorkflow(
	c: CredentialJson,
	baseUrl: string,
	chatIds: string[],
): WorkflowJson {
	return chain(
		WF.httpCredGet,
		`Bench: HTTP Request + Feishu credential over ${chatIds.length} items`,
		[
			...itemsOf(chatIds),
			{
				name: HTTP_NODE,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				parameters: {
					url: `={{ "${baseUrl}/open-apis/im/v1/chats/" + $json.ids }}`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'feishuApi',
					options: {},
				},
				credentials: cred(c),
			},
		],
	);
}

export function membersWorkflows(
	c: CredentialJson,
	bigChatId: string,
	limit: number,
	addTarget: string,
	newIds: string[],
): WorkflowJson[] {
	return [
		chain(WF.membersAll, 'Bench: Member → Get Many, Return All', [
			manual(),
			feishu(c, {
				resource: 'member',
				operation: 'getAll',
				chatId: rl(bigChatId),
				returnAll: true,
			}),
		]),
		chain(WF.membersLimit, 'Bench: Member → Get Many, Limit', [
			manual(),
			feishu(c, {
				resource: 'member',
				operation: 'getAll',
				chatId: rl(bigChatId),
				returnAll: false,
				limit,
			}),
		]),
		chain(WF.membersAdd, 'Bench: Member → Add many', [
			manual(),
			feishu(c, {
				resource: 'member',
				operation: 'add',
				chatId: rl(addTarget),
				memberIds: newIds.join(','),
				// Report unusable ids: the all-or-nothing choices first read the member list.
				options: { succeedType: 1 },
			}),
		]),
	];
}

/** HTTP Request node telling the bench's sink which event ran (eventIdExpression: the id, as an n8n expression). */
const report = (sinkUrl: string, eventIdExpression = '$json.eventId'): Node => ({
	name: 'Report',
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	parameters: {
		method: 'POST',
		url: sinkUrl,
		sendBody: true,
		specifyBody: 'json',
		jsonBody: `={{ JSON.stringify({ event_id: ${eventIdExpression} }) }}`,
		options: {},
	},
});

/** Feishu Group Trigger (long connection, all events) → the same report to the sink. */
export function lcHookWorkflow(c: CredentialJson, sinkUrl: string): WorkflowJson {
	return chain(WF.lcHook, 'Bench: Feishu Group Trigger (long connection) → sink', [
		{
			name: 'Feishu Trigger',
			type: `${PKG}.feishuGroupTrigger`,
			webhookId: randomUUID(),
			parameters: { connection: 'longConnection', events: ['*'], options: {} },
			credentials: cred(c),
		},
		report(sinkUrl),
	]);
}

/** Feishu Group Trigger (HTTP callback, all events) → HTTP Request telling the bench's sink which event ran. */
export function hookWorkflow(c: CredentialJson, webhookId: string, sinkUrl: string): WorkflowJson {
	return chain(WF.hook, 'Bench: Feishu Group Trigger → sink', [
		{
			name: 'Feishu Trigger',
			type: `${PKG}.feishuGroupTrigger`,
			webhookId,
			parameters: { connection: 'callback', events: ['*'], options: {} },
			credentials: cred(c),
		},
		report(sinkUrl),
	]);
}

export const PLAIN_HOOK_PATH = 'bench-plain-webhook';

/** The baseline: n8n's own Webhook node (answers on receipt, checks nothing) → the same HTTP Request to the sink. */
export function plainHookWorkflow(sinkUrl: string): WorkflowJson {
	return chain(WF.plainHook, "Bench: n8n's Webhook → sink", [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: {
				httpMethod: 'POST',
				path: PLAIN_HOOK_PATH,
				responseMode: 'onReceived',
				options: {},
			},
		},
		// It cannot decrypt the body; the bench's signed callbacks carry the event id in a header too.
		report(sinkUrl, '"plain-" + $json.headers["x-bench-event-id"]'),
	]);
}
