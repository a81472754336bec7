/** Public entry of the Feishu emulator (contract in notes/BRIEF.md). */
import type { AddressInfo } from 'node:net';
import { Emulator } from './emulator';
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
}

export interface RunningEmulator {
	url: string /* http://127.0.0.1:PORT */;
	port: number;
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
	});
	const { server, hub } = createEmulatorServer(emu);
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
	return {
		url,
		port,
		close: () =>
			new Promise<void>((resolve) => {
				emu.events.stop();
				hub.close();
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
