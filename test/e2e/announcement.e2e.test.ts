/**
 * Announcement → Get / Append / Replace inside a real n8n 2.x, on the two formats users meet:
 * - a chat made by Chat → Create in the same run (docx, as every chat created since 2025-05-27);
 * - a seeded legacy (doc-format) chat.
 * Each test checks the emulator's announcement afterwards, not only the node outputs.
 */
import { type RunningEmulator, startEmulator } from '../emulator';
import {
	EmulatorControl,
	emulatorCredential,
	executionError,
	http,
	nodeOutput,
	useN8n,
	type WorkflowJson,
} from './harness';

const CREDENTIALS = { feishuApi: { id: 'feishuE2eCred001', name: 'Feishu emulator' } };
const DOCX_WF = 'e2eAnnDocxWf0001';
const LEGACY_WF = 'e2eAnnLegacyWf01';
const LEGACY_CHAT = 'Engineering';

const chatLocator = (value: string) => ({ __rl: true, mode: 'id', value });
const paragraphs = (...rows: Array<Record<string, unknown>>) => ({
	defineBy: 'fields',
	paragraphs: { paragraph: rows },
});

/** A Manual Trigger followed by Feishu Group nodes in a row. */
function chain(id: string, steps: Array<{ name: string; parameters: Record<string, unknown> }>) {
	const names = ['Manual Trigger', ...steps.map((s) => s.name)];
	const connections: WorkflowJson['connections'] = {};
	names.slice(0, -1).forEach((name, i) => {
		connections[name] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	});
	return {
		id,
		name: `E2E: announcement ${id}`,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		connections,
		nodes: [
			{
				id: `${id}-0`,
				name: 'Manual Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			...steps.map((step, i) => ({
				id: `${id}-${i + 1}`,
				name: step.name,
				type: 'n8n-nodes-feishu-group.feishuGroup',
				typeVersion: 1.1,
				position: [220 * (i + 1), 0],
				parameters: { authentication: 'tenantToken', ...step.parameters },
				credentials: CREDENTIALS,
			})),
		],
	} as unknown as WorkflowJson;
}

const fromCreated = chatLocator("={{ $('Create Chat').item.json.chat_id }}");

function docxWorkflow(): WorkflowJson {
	return chain(DOCX_WF, [
		{
			name: 'Create Chat',
			parameters: {
				resource: 'chat',
				operation: 'create',
				name: 'E2E announcement chat',
				chatType: 'private',
				userIdType: 'open_id',
				userIds: '',
			},
		},
		{
			name: 'Append',
			parameters: {
				resource: 'announcement',
				operation: 'append',
				chatId: fromCreated,
				...paragraphs(
					{ kind: 'heading', headingLevel: 1, text: 'Welcome' },
					{ kind: 'text', text: 'First draft' },
				),
			},
		},
		{
			name: 'Replace',
			parameters: {
				resource: 'announcement',
				operation: 'replace',
				chatId: fromCreated,
				...paragraphs(
					{ kind: 'text', text: 'Only this' },
					{ kind: 'bullet', text: 'And this item' },
				),
			},
		},
		{
			name: 'Get',
			parameters: { resource: 'announcement', operation: 'get', chatId: fromCreated },
		},
	]);
}

function legacyWorkflow(chatId: string): WorkflowJson {
	return chain(LEGACY_WF, [
		{
			name: 'Append',
			parameters: {
				resource: 'announcement',
				operation: 'append',
				chatId: chatLocator(chatId),
				...paragraphs({ kind: 'text', text: 'Added from n8n' }),
			},
		},
		{
			name: 'Get',
			parameters: { resource: 'announcement', operation: 'get', chatId: chatLocator(chatId) },
		},
	]);
}

let emu: RunningEmulator;
let control: EmulatorControl;
let legacyChatId: string;

/** The emulator's own view of a chat's announcement. */
async function announcementState(chatId: string) {
	const res = await http<{ announcement_type: string; text?: string[] }>(
		`${emu.url}/__emulator/chats/${chatId}/announcement`,
	);
	expect(res.status).toBe(200);
	return res.json;
}

beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
	control = new EmulatorControl(emu.url);
	legacyChatId = (await control.chatWithBot(LEGACY_CHAT)).chat_id;
});
afterAll(() => emu?.close());

const suite = useN8n(() => ({
	line: 'n8n2',
	credentials: [emulatorCredential(emu.url)],
	workflows: [docxWorkflow(), legacyWorkflow(legacyChatId)],
}));

suite.test('on a chat Chat → Create just made (docx): Append, Replace, Get', async (n8n) => {
	const ex = await n8n.runWorkflow(DOCX_WF);
	for (const node of ['Create Chat', 'Append', 'Replace', 'Get'])
		expect(executionError(ex, node)).toBeUndefined();
	const chatId = nodeOutput(ex, 'Create Chat')[0].chat_id as string;

	const [got] = nodeOutput(ex, 'Get');
	expect(got).toMatchObject({
		chat_id: chatId,
		format: 'docx',
		text: 'Only this\n- And this item',
	});

	const state = await announcementState(chatId);
	expect(state.announcement_type).toBe('docx');
	expect(state.text).toEqual(['Only this', 'And this item']);
});

suite.test('on a legacy (doc-format) chat: Append, then Get reads it back', async (n8n) => {
	const ex = await n8n.runWorkflow(LEGACY_WF);
	expect(executionError(ex, 'Append')).toBeUndefined();
	expect(executionError(ex, 'Get')).toBeUndefined();

	const [got] = nodeOutput(ex, 'Get');
	expect(got).toMatchObject({ chat_id: legacyChatId, format: 'doc' });
	expect(String(got.text).split('\n').pop()).toBe('Added from n8n');

	const state = await announcementState(legacyChatId);
	expect(state.announcement_type).toBe('doc');
});
