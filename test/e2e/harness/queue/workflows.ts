/**
 * Workflows for the queue-mode suite and benchmark, built in code (ids and webhook ids fixed so the emulator
 * and the database queries can name them).
 */
import { EMULATOR_DEFAULTS } from '../../../emulator';
import { feishuApiCredential, type CredentialJson, type WorkflowJson } from '../fixtures';
import { PACKAGE_NAME } from '../pkg';

export const TRIGGER_NODE = 'Feishu Group Trigger';
export const DEDUPE_NODE = 'Remove Duplicates';
export const QUEUE_CRED = { id: 'queueE2eCred0001', name: 'Feishu emulator (queue e2e)' };

function triggerNode(id: string, webhookId: string, connection: 'callback' | 'longConnection') {
	return {
		id: `${id}-trigger`,
		name: TRIGGER_NODE,
		type: `${PACKAGE_NAME}.feishuGroupTrigger`,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { connection, events: ['*'], chatIds: '', options: {} },
		credentials: { feishuApi: QUEUE_CRED },
	};
}

/**
 * n8n's Remove Duplicates node, "Remove Items Processed in Previous Executions" on the event id: its store is
 * n8n's database, shared by every process of a queue-mode n8n (README "Scaling out").
 */
export function removeDuplicatesNode(id: string) {
	return {
		id: `${id}-dedupe`,
		name: DEDUPE_NODE,
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		position: [220, 0],
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: '={{ $json.eventId }}',
			options: {},
		},
	};
}

/** Trigger alone, or trigger → Remove Duplicates on the event id. */
export function triggerWorkflow(
	id: string,
	webhookId: string,
	connection: 'callback' | 'longConnection',
	{ removeDuplicates = false }: { removeDuplicates?: boolean } = {},
): WorkflowJson {
	const nodes: WorkflowJson['nodes'] = [triggerNode(id, webhookId, connection)];
	const connections: WorkflowJson['connections'] = {};
	if (removeDuplicates) {
		nodes.push(removeDuplicatesNode(id));
		connections[TRIGGER_NODE] = { main: [[{ node: DEDUPE_NODE, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: `Queue e2e ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes,
	};
}

/** Manual Trigger → 200 items (Set + Split Out, n8n's own nodes) → Feishu Group Chat → Get per item. */
export function chatGetItemsWorkflow(id: string, chatId: string, count: number): WorkflowJson {
	return {
		id,
		name: `Queue e2e ${id} (Chat → Get × ${count})`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			'Manual Trigger': { main: [[{ node: 'Make Items', type: 'main', index: 0 }]] },
			'Make Items': { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Get Chat', type: 'main', index: 0 }]] },
		},
		nodes: [
			{
				id: `${id}-manual`,
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: `${id}-set`,
				name: 'Make Items',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{
								id: 'n',
								name: 'n',
								value: `={{ Array.from({ length: ${count} }, (_, i) => i) }}`,
								type: 'array',
							},
						],
					},
					options: {},
				},
			},
			{
				id: `${id}-split`,
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'n', options: {} },
			},
			{
				id: `${id}-get`,
				name: 'Get Chat',
				type: `${PACKAGE_NAME}.feishuGroup`,
				typeVersion: 1,
				position: [660, 0],
				parameters: {
					authentication: 'tenantToken',
					resource: 'chat',
					operation: 'get',
					chatId: { __rl: true, mode: 'id', value: chatId },
					userIdType: 'open_id',
					simplify: true,
				},
				credentials: { feishuApi: QUEUE_CRED },
			},
		],
	};
}

export const GATE_NODES = { claim: 'Claim Event Id', first: 'First Delivery Only', event: 'Event' };
export const REDIS_CRED = { id: 'queueE2eRedis001', name: 'Redis (event ids)' };
/** Feishu redelivers for about 7.2 h (15 s, 5 min, 1 h, 6 h): keep a claimed id for a day. */
export const GATE_TTL_SECONDS = 86_400;

/**
 * The README's exactly-once setup for HTTP callbacks in queue mode, after any event source (`from` is the node the
 * event item comes from; `eventId` an expression for its id):
 * Redis "Increment" on `feishu-event:<workflow id>:<event id>` (atomic INCR, with a TTL) → Filter "value is 1" →
 * Set that takes the event item back. Only the first execution that claims an id goes on, whichever process or
 * worker runs it; each workflow claims its own ids.
 */
export function eventIdGateNodes(id: string, from: string, eventId: string) {
	const key = `=feishu-event:{{ $workflow.id }}:{{ ${eventId} }}`;
	return {
		nodes: [
			{
				id: `${id}-claim`,
				name: GATE_NODES.claim,
				type: 'n8n-nodes-base.redis',
				typeVersion: 1,
				position: [220, 0],
				parameters: { operation: 'incr', key, expire: true, ttl: GATE_TTL_SECONDS },
				credentials: { redis: REDIS_CRED },
			},
			{
				id: `${id}-first`,
				name: GATE_NODES.first,
				type: 'n8n-nodes-base.filter',
				typeVersion: 2.2,
				position: [440, 0],
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: `${id}-is-first`,
								leftValue: '={{ Object.values($json)[0] }}',
								rightValue: 1,
								operator: { type: 'number', operation: 'equals' },
							},
						],
						combinator: 'and',
					},
					options: {},
				},
			},
			{
				id: `${id}-event`,
				name: GATE_NODES.event,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [660, 0],
				parameters: {
					mode: 'raw',
					jsonOutput: `={{ JSON.stringify($('${from}').item.json) }}`,
					options: {},
				},
			},
		],
		connections: {
			[from]: { main: [[{ node: GATE_NODES.claim, type: 'main', index: 0 }]] },
			[GATE_NODES.claim]: { main: [[{ node: GATE_NODES.first, type: 'main', index: 0 }]] },
			[GATE_NODES.first]: { main: [[{ node: GATE_NODES.event, type: 'main', index: 0 }]] },
		},
	};
}

/** Feishu Group Trigger (callback) → the event id gate. */
export function gatedTriggerWorkflow(id: string, webhookId: string): WorkflowJson {
	const gate = eventIdGateNodes(id, TRIGGER_NODE, '$json.eventId');
	return {
		id,
		name: `Queue e2e ${id} (callback, event id gate)`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: gate.connections,
		nodes: [triggerNode(id, webhookId, 'callback'), ...gate.nodes],
	};
}

/** The Redis credential for the gate (database 1: the queue itself uses database 0). */
export function redisCredential(port: number, database = 1): CredentialJson {
	return {
		...REDIS_CRED,
		type: 'redis',
		data: { host: '127.0.0.1', port, database, password: '', user: '', ssl: false },
	};
}

/**
 * The credentials of a cluster against the emulator (QueueClusterOptions.credentials): Redis for the gate and the
 * emulator's app as QUEUE_CRED, with the callback keys the caller signs with.
 */
export function queueCredentials(
	emulatorUrl: string,
	keys: { verificationToken: string; encryptKey: string },
): (services: { redisPort: number }) => CredentialJson[] {
	return ({ redisPort }) => [
		redisCredential(redisPort),
		feishuApiCredential({
			...QUEUE_CRED,
			baseUrl: emulatorUrl,
			appId: EMULATOR_DEFAULTS.appId,
			appSecret: EMULATOR_DEFAULTS.appSecret,
			...keys,
		}),
	];
}

/**
 * n8n's own Webhook node (POST, answers at once; Feishu's plain JSON, no encryption) → the same event id gate on
 * the body's event id: the exactly-once setup built from n8n's own nodes only, to compare with (bench).
 */
export function n8nWebhookWorkflow(
	id: string,
	webhookId: string,
	webhookPath: string,
): WorkflowJson {
	// 2.0 events carry header.event_id, 1.0 events (p2p_chat_create) a uuid.
	const gate = eventIdGateNodes(id, 'Webhook', '$json.body.header?.event_id ?? $json.body.uuid');
	return {
		id,
		name: `Queue e2e ${id} (n8n Webhook, event id gate)`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: gate.connections,
		nodes: [
			{
				id: `${id}-webhook`,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', path: webhookPath, options: {} },
			},
			...gate.nodes,
		],
	};
}
