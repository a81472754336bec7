/** Public entry of the Feishu emulator (contract in notes/BRIEF.md). */
import type { AddressInfo } from 'node:net';
import { Emulator } from './emulator';
import { attachStateFile } from './persist';
import type { Fixture } from './seed';
import { createEmulatorServer } from './server';

export const EMULATOR_DEFAULTS = {
	appId: 'cli_9e5f1b2a3c4d5e6f',
	appSecret: 'emulator-app-secret',
	verificationToken: 'emulator-verification-token',
	port: 3999,
};

export interface EmulatorOptions {
	port?: number /* 0 = free */;
	host?: string /* 127.0.0.1 */;
	appId?: string;
	appSecret?: string /* else env FEISHU_APP_ID / FEISHU_APP_SECRET, else defaults */;
	tokenTtlSeconds?: number /* 7200 */;
	log?: boolean;
	/** Seed additions, also restored by a reset without a fixture (e.g. DEMO_FIXTURE from ./demo). */
	fixture?: Fixture;
	/** Keep the tenant in this JSON file: loaded at start, saved after every change (see persist.ts). */
	stateFile?: string;
}

export interface RunningEmulator {
	url: string /* http://127.0.0.1:PORT */;
	port: number;
	/** With stateFile: whether the saved state was loaded, and why not when the file was unusable. */
	restored?: boolean;
	stateProblem?: string;
	close(): Promise<void>;
}

export type { Fixture, ChatFixture } from './seed';
export type { AppConfig } from './config';

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
	const host = opts.host ?? '127.0.0.1';
	const emu = new Emulator({
		appId: opts.appId ?? process.env.FEISHU_APP_ID ?? EMULATOR_DEFAULTS.appId,
		appSecret: opts.appSecret ?? process.env.FEISHU_APP_SECRET ?? EMULATOR_DEFAULTS.appSecret,
		verificationToken: EMULATOR_DEFAULTS.verificationToken,
		tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200,
		log: !!opts.log,
		fixture: opts.fixture,
	});
	const state = opts.stateFile ? attachStateFile(emu, opts.stateFile) : undefined;
	const { server, hub } = createEmulatorServer(emu);
	if (state) {
		// Any call but a read of the control API may change the tenant (tokens, chats, config): save soon after.
		server.on('request', (req, res) =>
			res.once('finish', () => {
				if (!(req.method === 'GET' && req.url?.startsWith('/__emulator/'))) state.schedule();
			}),
		);
	}
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? EMULATOR_DEFAULTS.port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const urlHost =
		host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const url = `http://${urlHost}:${port}`;
	emu.baseUrl = url;
	// Listening on one named address (e.g. a LAN IP) makes that name a legitimate Host; wildcards add nothing.
	if (!['0.0.0.0', '::', ''].includes(host)) emu.controlHosts = [host.toLowerCase()];
	return {
		url,
		port,
		restored: state?.restored,
		stateProblem: state?.problem,
		close: () =>
			new Promise<void>((resolve) => {
				state?.flush();
				emu.events.stop();
				hub.close();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
