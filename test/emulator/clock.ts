/** Controllable clock: real time plus an offset that tests can advance (PUT /__emulator/clock). */
export class Clock {
	private offsetMs = 0;
	now(): number {
		return Date.now() + this.offsetMs;
	}
	nowSeconds(): number {
		return Math.floor(this.now() / 1000);
	}
	advance(seconds: number): void {
		this.offsetMs += seconds * 1000;
	}
	reset(): void {
		this.offsetMs = 0;
	}
	get offsetSeconds(): number {
		return this.offsetMs / 1000;
	}
}
