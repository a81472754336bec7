import { sleep } from 'n8n-workflow';

/**
 * Feishu allows at most 3 edits per second to one announcement (create, batch_update and
 * batch_delete together) and answers more with HTTP 429. The pacer runs the edits of one
 * announcement one after another (as Feishu advises) and starts an edit only when the edit
 * `perWindow` places back finished at least a window ago. Finish times are used, not start times:
 * Feishu sees an edit somewhere between the two, so only the finish time is a safe lower bound.
 * Callers in the same process (several items, several executions) share one pacer.
 */
export class EditPacer {
	private readonly finished = new Map<string, number[]>();
	private readonly queues = new Map<string, Promise<void>>();

	constructor(
		private readonly perWindow = 3,
		private readonly windowMs = 1000,
		private readonly now: () => number = () => Date.now(),
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/** Runs one edit of this announcement when the limit allows it. */
	async run<T>(key: string, edit: () => Promise<T>): Promise<T> {
		const previous = this.queues.get(key) ?? Promise.resolve();
		let release = () => {};
		const gate = new Promise<void>((resolve) => (release = resolve));
		const mine = previous.then(async () => await gate);
		this.queues.set(key, mine);
		await previous;
		try {
			const recent = this.recent(key);
			if (recent.length >= this.perWindow) {
				const readyAt = recent[recent.length - this.perWindow] + this.windowMs;
				const delay = readyAt - this.now();
				if (delay > 0) await this.wait(delay);
			}
			return await edit();
		} finally {
			this.finished.set(key, [...this.recent(key), this.now()]);
			release();
			if (this.queues.get(key) === mine) this.queues.delete(key);
		}
	}

	/** Finish times that still count; forgets other announcements' old ones so the map stays small. */
	private recent(key: string): number[] {
		const since = this.now() - this.windowMs;
		for (const [other, times] of this.finished) {
			const kept = times.filter((time) => time > since);
			if (kept.length === 0) this.finished.delete(other);
			else if (kept.length !== times.length) this.finished.set(other, kept);
		}
		return this.finished.get(key) ?? [];
	}
}

/** The pacer for announcement edits of this process. */
export const announcementEditPacer = new EditPacer();
