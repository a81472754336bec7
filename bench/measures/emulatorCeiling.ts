/**
 * Emulator ceiling (issue 4: a simple read sustains ≥ 2,000 requests/s): GET chat in a tight keep-alive loop
 * against the emulator in its own process, compared with a bare node:http server answering the same bytes.
 */
import { startTsServer } from '../lib/child';
import { EmulatorControl, emulatorProcess, readableChats, tenantToken } from '../lib/emulator';
import { closedLoop, type LoadResult } from '../lib/load';
import { percentile } from '../lib/stats';
import { higherIsBetter, type Measure } from '../lib/types';

const CONCURRENCY = 16;
const DURATION_MS = 4000;
const GOAL = 2000;

export const describeLoad = (label: string, r: LoadResult) =>
	`${label}: ${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.errors} errors, p50 ${percentile(r.latenciesMs, 50).toFixed(2)} ms, p99 ${percentile(r.latenciesMs, 99).toFixed(2)} ms${r.firstError ? `, first error ${r.firstError}` : ''}`;

/** Requests/s of GET chat on the emulator at `url` (shared with the throughput measure). */
export async function emulatorChatGetCeiling(
	url: string,
	durationMs = DURATION_MS,
	concurrency = CONCURRENCY,
): Promise<{ result: LoadResult; body: string; chatUrl: string; headers: Record<string, string> }> {
	const control = new EmulatorControl(url);
	const [chatId] = await readableChats(control);
	const headers = { Authorization: `Bearer ${await tenantToken(url)}` };
	const chatUrl = `${url}/open-apis/im/v1/chats/${chatId}`;
	const body = await (await fetch(chatUrl, { headers })).text();
	const result = await closedLoop({ url: chatUrl, headers, concurrency, durationMs });
	return { result, body, chatUrl, headers };
}

export const emulatorCeiling: Measure = {
	name: 'emulator',
	title: 'Emulator ceiling: GET chat requests/s vs a bare node:http server',
	tags: ['emulator', 'ceiling'],
	estimateSeconds: 15,
	async run(ctx) {
		const emu = await emulatorProcess(ctx);
		await new EmulatorControl(emu.url).reset();
		const { result: emulator, body } = await emulatorChatGetCeiling(emu.url);
		const bare = await startTsServer(
			'bench/children/bareServer.ts',
			[body],
			/listening on (http:\/\/\S+)/,
		);
		let baseline: LoadResult;
		try {
			baseline = await closedLoop({
				url: bare.url,
				concurrency: CONCURRENCY,
				durationMs: DURATION_MS,
			});
		} finally {
			await bare.stop();
		}
		return {
			status: 'ok',
			rows: [
				higherIsBetter({
					figure: 'Emulator: GET chat (simple read)',
					value: emulator.perSecond,
					unit: 'req/s',
					baseline: baseline.perSecond,
					baselineLabel: 'bare node:http, same body',
					goal: `≥ ${GOAL} req/s`,
					met: emulator.perSecond >= GOAL && emulator.errors === 0,
				}),
			],
			notes: [
				`Closed loop, ${CONCURRENCY} keep-alive connections, ${DURATION_MS / 1000} s each, server and load generator in separate processes (${body.length}-byte answer).`,
				describeLoad('emulator', emulator),
				describeLoad('bare node:http', baseline),
			],
		};
	},
};
