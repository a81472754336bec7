/** The machine a result was measured on (results from different machines are not comparable). */
import { readFileSync } from 'fs';
import { availableParallelism, cpus, totalmem } from 'os';

export interface Machine {
	nproc: number;
	cpu: string;
	node: string;
	memoryGb: number;
}

function cpuModel(): string {
	try {
		const line = readFileSync('/proc/cpuinfo', 'utf8')
			.split('\n')
			.find((l) => l.startsWith('model name'));
		if (line) return line.split(':')[1].trim();
	} catch {
		// Not Linux: fall back to os.cpus().
	}
	return cpus()[0]?.model ?? 'unknown';
}

export function machine(): Machine {
	return {
		nproc: availableParallelism(),
		cpu: cpuModel(),
		node: process.version,
		memoryGb: Math.round(totalmem() / 2 ** 30),
	};
}

export function describeMachine(m: Machine): string {
	return `${m.nproc} × ${m.cpu}, ${m.memoryGb} GB RAM, Node ${m.node}`;
}
