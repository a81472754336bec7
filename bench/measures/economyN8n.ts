/** Request economy in a real n8n (e2e harness): the same scenarios and counts as the in-process measure. */
import { runEconomy, type EconomyRunner } from '../lib/economy';
import { benchN8n, harness, type BenchN8n } from '../lib/n8n';
import type { Measure } from '../lib/types';
import { FEISHU_NODE, WF } from '../lib/workflows';

function n8nRunner(b: BenchN8n): EconomyRunner {
	const run = async (id: string) => {
		const ex = await b.n8n.runWorkflow(id, { timeoutMs: 180_000 });
		if (ex.status !== 'success')
			throw new Error(
				`execution ${ex.id} ${ex.status}: ${JSON.stringify(ex.data?.resultData.error ?? {}).slice(0, 300)}`,
			);
		return harness().nodeOutput(ex, FEISHU_NODE);
	};
	return {
		// The workflows were built with the fixture's ids (bench/lib/n8n.ts), so the arguments only document intent.
		chatGet: async () => (await run(WF.chatGet)).length,
		listMembers: async (_chat, returnAll) =>
			(await run(returnAll ? WF.membersAll : WF.membersLimit)).length,
		addMembers: async () => (await run(WF.membersAdd))[0] as Record<string, unknown>,
	};
}

export const economyN8n: Measure = {
	name: 'economy-n8n',
	title: 'Request economy in a real n8n (e2e harness, n8n 2.x)',
	tags: ['economy', 'n8n'],
	estimateSeconds: 40,
	async run(ctx) {
		const b = await benchN8n(ctx);
		const notes: string[] = [
			`n8n ${b.n8n.version}; workflows run as the editor's "Execute workflow" does.`,
		];
		const rows = await runEconomy(n8nRunner(b), b.control, b.fixture, notes);
		return { status: rows.length ? 'ok' : 'failed', rows, notes };
	},
};
