/**
 * The n8n editor in a real browser (headless Chromium driven by playwright-core): log in, add the Feishu Group
 * node, see every resource's operations, pick a chat from the searchable list the emulator serves, run the node
 * and see its output; add the trigger and see its webhook URL; open an example workflow. It takes the
 * screenshots the README shows (written to docs/images/ only with E2E_UPDATE_SCREENSHOTS=1).
 *
 * Chromium: CHROMIUM_PATH, else the build shipped in the @sparticuz/chromium devDependency (no system package,
 * no download: it unpacks its own binary into the temp folder on first use). Selectors are n8n's own
 * data-test-id attributes (n8n 2.41), plus the visible labels of our node.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { type Browser, chromium, type Locator, type Page, selectors } from 'playwright-core';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { type RunningEmulator, startEmulator } from '../emulator';
import {
	E2E_OWNER,
	EmulatorControl,
	emulatorCredential,
	REPO_ROOT,
	useN8n,
	type WorkflowJson,
} from './harness';

/**
 * CHROMIUM_PATH, else @sparticuz/chromium's binary. That package is ESM-only, which Jest's CommonJS
 * runtime cannot import, so a plain Node process asks it for the path (it unpacks the binary once).
 */
function chromiumPath(): string {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	const script =
		"import chromium from '@sparticuz/chromium'; process.stdout.write(await chromium.executablePath());";
	return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	}).trim();
}
const CHROMIUM = chromiumPath();
/**
 * Screenshots go to a temporary folder, so a test run leaves the work tree as it was (each run shows a new
 * port and webhook id); E2E_UPDATE_SCREENSHOTS=1 writes the README's images in docs/images instead.
 */
const SHOTS =
	process.env.E2E_SCREENSHOT_DIR ??
	(process.env.E2E_UPDATE_SCREENSHOTS === '1'
		? path.join(REPO_ROOT, 'docs/images')
		: path.join(os.tmpdir(), 'feishu-e2e-screenshots'));
const EXAMPLES = ['hr-onboarding', 'stale-chat-cleanup', 'welcome-on-join'].map((name) => ({
	name,
	wf: JSON.parse(
		readFileSync(path.join(REPO_ROOT, 'examples', `${name}.json`), 'utf8'),
	) as WorkflowJson,
}));
/** A seeded chat our bot is in (test/emulator/README.md). */
const CHAT = 'Product Launch';

/** Resource display names and, per resource, its operation names, read from the node's description. */
function expectedOperations(): Array<{ resource: string; operations: string[] }> {
	const props = new FeishuGroup().description.properties;
	const resource = props.find((p) => p.name === 'resource')!;
	return (resource.options as INodePropertyOptions[]).map((r) => {
		const selector = props.find(
			(p: INodeProperties) =>
				p.name === 'operation' &&
				(p.displayOptions?.show?.resource as string[] | undefined)?.includes(r.value as string),
		)!;
		return {
			resource: r.name,
			operations: (selector.options as INodePropertyOptions[]).map((o) => o.name),
		};
	});
}

let emu: RunningEmulator;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	if (!existsSync(CHROMIUM))
		throw new Error(
			`Chromium not found at ${CHROMIUM}: run npm install (@sparticuz/chromium), or set CHROMIUM_PATH`,
		);
	emu = await startEmulator({ port: 0 });
});

const suite = useN8n(() => ({
	line: 'n8n2',
	credentials: [emulatorCredential(emu.url)],
	workflows: EXAMPLES.map((e) => e.wf),
}));

beforeAll(async () => {
	selectors.setTestIdAttribute('data-test-id');
	browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	page.setDefaultTimeout(15_000);
	mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
	await browser?.close();
	await emu?.close();
});

/** A browser step: on failure the page's screenshot and HTML go to the temp dir for a look. */
function step(name: string, fn: () => Promise<void>, timeoutMs = 60_000): void {
	suite.test(
		name,
		async () => {
			try {
				await fn();
			} catch (e) {
				const base = path.join(os.tmpdir(), `feishu-browser-${name.replace(/\W+/g, '-')}`);
				await page.screenshot({ path: `${base}.png` }).catch(() => undefined);
				writeFileSync(`${base}.html`, await page.content().catch(() => ''));
				process.stderr.write(
					`[browser] failed step "${name}": page saved as ${base}.png / .html\n`,
				);
				throw e;
			}
		},
		timeoutMs,
	);
}

async function shot(file: string): Promise<void> {
	await page.waitForTimeout(400); // let dropdowns and panels finish their fade-in
	await page.screenshot({ path: path.join(SHOTS, file) });
}

/** Options of the open n8n select (the dropdown is teleported to <body>; only the open one is visible). */
const openOptions = (): Locator =>
	page.getByTestId('parameter-input-item').filter({ visible: true });

async function optionNames(): Promise<string[]> {
	await openOptions().first().waitFor();
	return (await openOptions().locator('.option-headline').allTextContents()).map((t) => t.trim());
}

/** Opens the select of a parameter and chooses an option by its exact label. */
async function choose(parameter: string, option: string): Promise<void> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	const exact = new RegExp(`^\\s*${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
	await openOptions()
		.filter({ has: page.locator('.option-headline', { hasText: exact }) })
		.click();
	await expectValue(parameter, option);
	// The list closes with an animation; a select opened before it is gone would list both.
	await openOptions().first().waitFor({ state: 'hidden' });
}

/** Retries `read` until it returns `expected` (deep equality), then asserts it, for a readable failure. */
async function eventually<T>(
	read: () => Promise<T>,
	expected: T,
	timeoutMs = 15_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let value = await read().catch(() => undefined as T);
	while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
		await page.waitForTimeout(200);
		value = await read().catch(() => undefined as T);
	}
	expect(value).toEqual(expected);
}

/** The value an n8n select shows (its input's value). */
const selectValue = (testId: string) =>
	page.getByTestId(testId).locator('input').first().inputValue();

async function expectValue(parameter: string, value: string): Promise<void> {
	await eventually(() => selectValue(`parameter-input-${parameter}`), value);
}

/** In the node creator's panel of our package: expands a category (Actions / Triggers) when it is collapsed. */
async function openCreatorItem(label: string, category: 'Actions' | 'Triggers'): Promise<void> {
	const item = page.getByTestId('node-creator-item-name').getByText(label, { exact: true });
	if (!(await item.first().isVisible())) {
		await page.getByTestId('node-creator-category-item').filter({ hasText: category }).click();
	}
	await item.first().click();
}

step('logs in with the owner the harness created', async () => {
	await page.goto(`${suite.n8n.baseUrl}/signin`);
	await page.getByTestId('signin-form').waitFor();
	await page.locator('input[type=email]').fill(E2E_OWNER.email);
	await page.locator('input[type=password]').fill(E2E_OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/home\//);
});

step('finds the Feishu Group node in the node panel, with its actions', async () => {
	await page.goto(`${suite.n8n.baseUrl}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Feishu');
	await page
		.getByTestId('node-creator-item-name')
		.getByText('Feishu Group', { exact: true })
		.first()
		.click();
	await page.getByTestId('node-creator-category-item').filter({ hasText: 'Actions (' }).click();
	await page
		.getByTestId('node-creator-item-name')
		.getByText('Get a chat', { exact: true })
		.waitFor();
	await shot('node-creator.png');
	await page.getByTestId('node-creator-item-name').getByText('Get a chat', { exact: true }).click();
	await page.getByTestId('ndv').waitFor();
	await expectValue('resource', 'Chat');
	await expectValue('operation', 'Get');
	// The only Feishu credential is picked automatically.
	await eventually(() => selectValue('node-credentials-select'), 'Feishu emulator');
	await shot('node-panel.png');
});

step('lists every operation of every resource', async () => {
	const seen: Record<string, string[]> = {};
	for (const { resource } of expectedOperations()) {
		await choose('resource', resource);
		await page.getByTestId('parameter-input-operation').click();
		// n8n itself adds "Custom API Call" to nodes whose credential can authenticate HTTP requests.
		seen[resource] = (await optionNames()).filter((name) => name !== 'Custom API Call');
		if (resource === 'Member') await shot('operations.png');
		await page.keyboard.press('Escape');
		await openOptions().first().waitFor({ state: 'hidden' });
	}
	const expected = Object.fromEntries(expectedOperations().map((r) => [r.resource, r.operations]));
	expect(seen).toEqual(expected);
	// 30 group APIs as 30 operations, plus Announcement's Append, Replace and Batch Update (issue 13)
	// next to the original Update.
	expect(Object.values(seen).flat()).toHaveLength(34);
});

step('picks a chat from the searchable list and runs the node', async () => {
	await choose('resource', 'Chat');
	await choose('operation', 'Get');
	const locator = page.getByTestId('resource-locator-chatId');
	await locator.getByTestId('rlc-input').click();
	const items = page.getByTestId('rlc-item').filter({ visible: true });
	await items.first().waitFor();
	const all = (await items.allTextContents()).map((t) => t.trim());
	const expected = (await new EmulatorControl(emu.url).chats()).filter(
		(c) => c.bot_in_chat && c.chat_mode === 'group',
	);
	expect(all.sort()).toEqual(expected.map((c) => c.name).sort());
	await page.getByTestId('rlc-search').fill('launch');
	await eventually(async () => (await items.allTextContents()).map((t) => t.trim()), [CHAT]);
	await shot('chat-picker.png');
	await items.first().click();
	await eventually(async () => await locator.getByTestId('rlc-input').inputValue(), CHAT);

	await page.getByTestId('node-execute-button').click();
	await page.getByTestId('node-run-status-success').waitFor();
	const output = page.getByTestId('output-panel');
	await output.getByText(CHAT, { exact: true }).first().waitFor();
	const chatId = expected.find((c) => c.name === CHAT)!.chat_id;
	await output.getByText(chatId).first().waitFor();
	await shot('node-output.png');
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
});

step('adds the trigger and shows its webhook URL', async () => {
	await page.getByTestId('node-creator-plus-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Feishu Group Trigger');
	await page
		.getByTestId('node-creator-item-name')
		.getByText('Feishu Group', { exact: true })
		.first()
		.click();
	await openCreatorItem('On user added to chat', 'Triggers');
	await page.getByTestId('ndv').waitFor();
	await expectValue('connection', 'HTTP Callback');
	const urls = page.getByText('Webhook URLs').first();
	await urls.click();
	const url = page
		.getByTestId('ndv')
		.getByText(new RegExp(`^${suite.n8n.baseUrl}/webhook(-test)?/[0-9a-f-]{36}/webhook$`));
	await url.first().waitFor();
	await shot('trigger-webhook-url.png');
	await page.getByTestId('ndv-close-button').click();
});

step('renders the Announcement fields and runs an Append from the editor', async () => {
	// A new workflow, so the node is the first one: after the trigger, running it would wait for an event.
	await page.goto(`${suite.n8n.baseUrl}/workflow/new`);
	await page.getByTestId('canvas-add-button').click();
	await page.getByTestId('node-creator-search-bar').fill('Feishu Group');
	await page
		.getByTestId('node-creator-item-name')
		.getByText('Feishu Group', { exact: true })
		.first()
		.click();
	await openCreatorItem('Append to a chat announcement', 'Actions');
	await page.getByTestId('ndv').waitFor();
	await expectValue('resource', 'Announcement');
	await expectValue('operation', 'Append');
	await expectValue('defineBy', 'Fields');
	const ndv = page.getByTestId('ndv');
	// The paragraph form: one row to start with, its fields shown for the kind "Text".
	for (const label of [
		'Paragraphs',
		'Kind',
		'Text',
		'Link URL',
		'Mention User IDs',
		'Bold',
		'Italic',
	])
		await ndv.getByText(label, { exact: true }).first().waitFor();
	await expectValue('kind', 'Text');
	await choose('kind', 'Heading');
	await ndv.getByText('Heading Level', { exact: true }).first().waitFor();
	await page
		.getByTestId('parameter-input-text')
		.locator('textarea, input')
		.first()
		.fill('Hello from the editor');

	const locator = page.getByTestId('resource-locator-chatId');
	await locator.getByTestId('rlc-input').click();
	const items = page.getByTestId('rlc-item').filter({ visible: true });
	await page.getByTestId('rlc-search').fill('launch');
	await eventually(async () => (await items.allTextContents()).map((t) => t.trim()), [CHAT]);
	await items.first().click();
	await eventually(async () => await locator.getByTestId('rlc-input').inputValue(), CHAT);

	await page.getByTestId('node-execute-button').click();
	await page.getByTestId('node-run-status-success').waitFor();
	await page.getByTestId('output-panel').getByText('docx', { exact: true }).first().waitFor();
	// The emulator holds the new heading in the chat's docx announcement.
	const chatId = (await new EmulatorControl(emu.url).chats()).find((c) => c.name === CHAT)!.chat_id;
	const response = await fetch(`${emu.url}/__emulator/chats/${chatId}/announcement`);
	const announcement = (await response.json()) as {
		announcement_type: string;
		text: string[];
		blocks: Array<{ block_type: number }>;
	};
	expect(announcement.announcement_type).toBe('docx');
	expect(announcement.text).toEqual(['Hello from the editor']);
	expect(announcement.blocks.map((b) => b.block_type)).toEqual([1, 3]);
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
});

step('opens the example workflows', async () => {
	for (const { name, wf } of EXAMPLES) {
		await page.goto(`${suite.n8n.baseUrl}/workflow/${wf.id}`);
		await page.getByTestId('canvas-wrapper').waitFor();
		for (const node of wf.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')) {
			await page
				.getByTestId('canvas-wrapper')
				.getByText(node.name, { exact: true })
				.first()
				.waitFor();
		}
		await page.getByTestId('zoom-to-fit').click();
		await page.waitForTimeout(500); // the zoom animates
		await shot(`example-${name}.png`);
	}
});

// After the runs above the credential holds a tenant token: the Test button (run by Save) must still
// check the App Secret as typed in the form, not the stored token.
step(
	"the credential's Test button checks a newly typed App Secret, also with a stored token",
	async () => {
		const credential = emulatorCredential(emu.url);
		await page.goto(`${suite.n8n.baseUrl}/home/credentials/${credential.id}`);
		const dialog = page.getByTestId('credential-edit-dialog');
		await dialog.waitFor();
		// The editor tests the saved credential when the dialog opens; typing before that result is in
		// would be overwritten when the form reloads.
		await dialog.getByText('Connection tested successfully').first().waitFor();
		const secret = dialog.getByTestId('parameter-input-appSecret').locator('input').first();
		await secret.fill('a-secret-typed-wrong');
		const save = page.getByTestId('credential-save-button');
		await eventually(async () => (await save.textContent())?.trim(), 'Save');
		await save.click();
		await dialog
			.getByText(/Couldn.t connect with these settings/)
			.first()
			.waitFor();
		await dialog.getByText('More details', { exact: true }).first().click();
		await page
			.getByText(/The App Secret is wrong \(Feishu code 10014: app secret invalid\)/)
			.first()
			.waitFor({ timeout: 30_000 });
		await shot('credential-wrong-secret.png');
		await secret.fill(credential.data.appSecret as string);
		await eventually(async () => (await save.textContent())?.trim(), 'Save');
		await save.click();
		await page.getByText('Connection tested successfully').first().waitFor({ timeout: 30_000 });
		await page.keyboard.press('Escape');
	},
);
