/** The life of a server the queue harness spawns in its own process group (redis-server, postgres). */
import type { ChildProcess } from 'child_process';

/**
 * Ties a detached server to the test process: its whole group is killed if the test process exits first, so an
 * interrupted run leaves no server behind. Resolves when the server has exited.
 */
export function tieToTestProcess(proc: ChildProcess): Promise<void> {
	const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
	const kill = () => {
		try {
			process.kill(-proc.pid!, 'SIGKILL');
		} catch {
			// Gone already.
		}
	};
	process.once('exit', kill);
	proc.once('exit', () => process.removeListener('exit', kill));
	return exited;
}
