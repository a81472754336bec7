/** CPU time of a process tree from /proc (Linux), to compare how much work n8n does per event. */
import { readdirSync, readFileSync } from 'fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function stat(pid: number): { ppid: number; cpuMs: number } | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the ")" that closes the command name: state ppid … utime(14) stime(15).
		const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return { ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS };
	} catch {
		return undefined; // gone
	}
}

function pids(): number[] {
	return readdirSync('/proc')
		.filter((d) => /^\d+$/.test(d))
		.map(Number);
}

/** The n8n server process of a user folder (its environment names the folder). */
export function findN8nPid(userFolder: string): number | undefined {
	for (const pid of pids()) {
		try {
			const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
			if (env.includes(`N8N_USER_FOLDER=${userFolder}`) && /n8n\/bin\/n8n\0start/.test(cmd))
				return pid;
		} catch {
			// Not readable or gone.
		}
	}
	return undefined;
}

/** CPU milliseconds used so far by pid and all its descendants (task runners). */
export function treeCpuMs(root: number): number {
	const all = pids().map((pid) => ({ pid, s: stat(pid) }));
	const inTree = new Set([root]);
	let grew = true;
	while (grew) {
		grew = false;
		for (const { pid, s } of all) {
			if (s && !inTree.has(pid) && inTree.has(s.ppid)) {
				inTree.add(pid);
				grew = true;
			}
		}
	}
	return all.filter((x) => inTree.has(x.pid)).reduce((sum, x) => sum + (x.s?.cpuMs ?? 0), 0);
}
