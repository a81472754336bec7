/** Request economy in-process: the node's execute() in test/helpers/n8nContext.ts against an in-process emulator. */
import { EMULATOR_DEFAULTS } from '../../test/emulator';
import { CredentialStore, emulatorCredential, runNode } from '../../test/helpers/n8nContext';
import { EmulatorControl, inProcessEmulator } from '../lib/emulator';
import { loadFeishuGroup } from '../lib/nodes';
import { prepareFixture, runEconomy, type EconomyRunner } from '../lib/economy';
import type { Measure } from '../lib/types';

const locator = (id: string) => ({ __rl: true, mode: 'id', value: id });

function inProcessRunner(store: CredentialStore): EconomyRunner {
	const FeishuGroup = loadFeishuGroup();
	const node = new FeishuGroup();
	return {
		async chatGet(chatIds) {
			const { output } = await runNode(node, {
				store,
				items: chatIds.map((id) => ({ json: { id } })),
				parameters: (i) => ({ resource: 'chat', operation: 'get', chatId: locator(chatIds[i]) }),
			});
			return output[0].length;
		},
		async listMembers(chatId, returnAll, limit) {
			const { output } = await runNode(node, {
				store,
				parameters: {
					resource: 'member',
					operation: 'getAll',
					chatId: locator(chatId),
					returnAll,
					limit,
				},
			});
			return output[0].length;
		},
		async addMembers(chatId, openIds) {
			const { output } = await runNode(node, {
				store,
				parameters: {
					resource: 'member',
					operation: 'add',
					chatId: locator(chatId),
					memberIds: openIds.join(','),
					// Report unusable ids: the all-or-nothing choices first read the member list.
					options: { succeedType: 1 },
				},
			});
			return output[0][0].json as Record<string, unknown>;
		},
	};
}

export const economy: Measure = {
	name: 'economy',
	title: 'Request economy, in-process (test/helpers/n8nContext.ts)',
	tags: ['economy', 'inprocess'],
	estimateSeconds: 15,
	async run(ctx) {
		const emu = await inProcessEmulator(ctx);
		const control = new EmulatorControl(emu.url);
		const fx = await prepareFixture(control);
		// One credential store for the whole measure: n8n keeps the pre-authenticated token between executions.
		const store = new CredentialStore({
			feishuApi: emulatorCredential(emu.url, EMULATOR_DEFAULTS.appId, EMULATOR_DEFAULTS.appSecret),
		});
		const notes: string[] = [];
		const rows = await runEconomy(inProcessRunner(store), control, fx, notes);
		return { status: rows.length ? 'ok' : 'failed', rows, notes };
	},
};
