/**
 * `npm run emulator [-- --port N --host H --log --demo --state FILE]`: prints one line with the base URL; Ctrl-C /
 * SIGTERM stops it. --demo adds the chats the example workflows act on; --state keeps the tenant in FILE across
 * restarts.
 */
import { DEMO_FIXTURE } from './demo';
import { EMULATOR_DEFAULTS, startEmulator } from './index';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	if (i >= 0) return process.argv[i + 1];
	const eq = process.argv.find((a) => a.startsWith(`--${name}=`));
	return eq ? eq.slice(name.length + 3) : undefined;
}

async function main(): Promise<void> {
	const portArg = arg('port') ?? process.env.FEISHU_EMULATOR_PORT;
	const port = portArg !== undefined ? Number(portArg) : EMULATOR_DEFAULTS.port;
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`invalid --port ${portArg}`);
	const emu = await startEmulator({
		port,
		host: arg('host') ?? '127.0.0.1',
		log: process.argv.includes('--log'),
		fixture: process.argv.includes('--demo') ? DEMO_FIXTURE : undefined,
		stateFile: arg('state'),
	});
	if (emu.stateProblem)
		console.error(`Feishu emulator: saved state not used (${emu.stateProblem})`);
	console.log(`Feishu emulator listening on ${emu.url}`);
	const stop = () => {
		void emu.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(`Feishu emulator failed to start: ${(e as Error).message}`);
	process.exit(1);
});
