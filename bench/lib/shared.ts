/** Lazily started resources shared by several measures (one emulator process, one real n8n), stopped in reverse order. */
import type { SharedResources } from './types';

export class Shared implements SharedResources {
	private readonly values = new Map<string, Promise<unknown>>();
	private readonly stops: Array<() => Promise<void>> = [];

	get<T>(key: string, start: () => Promise<T>, stop: (value: T) => Promise<void>): Promise<T> {
		let value = this.values.get(key) as Promise<T> | undefined;
		if (!value) {
			value = start();
			this.values.set(key, value);
			value.then(
				(v) => this.stops.push(() => stop(v)),
				() => this.values.delete(key),
			);
		}
		return value;
	}

	async stopAll(): Promise<void> {
		for (const stop of this.stops.reverse()) {
			try {
				await stop();
			} catch (error) {
				process.stderr.write(
					`[bench] stopping a shared resource failed: ${(error as Error).message}\n`,
				);
			}
		}
		this.stops.length = 0;
		this.values.clear();
	}
}
