import { sleep } from 'n8n-workflow';

/**
 * Waits up to `ms`, in short sleeps, returning early once `stop()` is true. Package code may not use
 * timers directly and n8n-workflow 2.x has no abortable sleep, so this is how loops end promptly on close.
 */
export async function pause(ms: number, stop: () => boolean, stepMs = 250): Promise<void> {
	const end = Date.now() + Math.max(0, ms);
	while (!stop()) {
		const left = end - Date.now();
		if (left <= 0) return;
		await sleep(Math.min(left, stepMs));
	}
}
