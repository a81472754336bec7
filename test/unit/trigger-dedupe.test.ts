import { ObservableObject } from 'n8n-workflow';
import { boundedId } from '../../nodes/FeishuGroupTrigger/boundedId';
import {
	SeenEvents,
	sharedSeenEvents,
	resetSharedSeenEvents,
} from '../../nodes/FeishuGroupTrigger/dedupe';
import {
	checkAndPersist,
	PERSISTED_CAPACITY,
	PERSISTED_KEY,
	SAVE_EVERY_MS,
	storedIds,
} from '../../nodes/FeishuGroupTrigger/persistedSeen';
import type { IDataObject } from 'n8n-workflow';

const HOUR = 3600_000;

describe('trigger dedupe: in-memory store', () => {
	it('recognises an id within the window and forgets it after', () => {
		let now = 1_000_000;
		const seen = new SeenEvents(10, 72 * HOUR, () => now);
		expect(seen.checkAndRecord('a', 8 * HOUR)).toBe(true);
		now += 7.2 * HOUR;
		expect(seen.checkAndRecord('a', 8 * HOUR)).toBe(false);
		now += 1 * HOUR; // 8.2 h after first sight
		expect(seen.checkAndRecord('a', 8 * HOUR)).toBe(true);
	});

	it('covers the whole Feishu retry schedule (+15 s, +5 min, +1 h, +6 h)', () => {
		let now = 0;
		const seen = new SeenEvents(10, 72 * HOUR, () => now);
		expect(seen.checkAndRecord('e', 8 * HOUR)).toBe(true);
		for (const delay of [15_000, 300_000, HOUR, 6 * HOUR]) {
			now += delay;
			expect(seen.checkAndRecord('e', 8 * HOUR)).toBe(false);
		}
	});

	it('is bounded: capacity evicts the oldest, retention expires old entries', () => {
		let now = 0;
		const seen = new SeenEvents(3, 10 * HOUR, () => now);
		for (const id of ['a', 'b', 'c', 'd']) {
			seen.checkAndRecord(id);
			now += 1;
		}
		expect(seen.size).toBe(3);
		expect(seen.has('a')).toBe(false);
		expect(seen.has('d')).toBe(true);
		now += 11 * HOUR;
		seen.checkAndRecord('z');
		expect(seen.size).toBe(1);
	});

	it('handles 100k ids quickly', () => {
		const seen = new SeenEvents(100_000);
		const start = Date.now();
		for (let i = 0; i < 200_000; i++) seen.checkAndRecord(`id-${i}`);
		expect(seen.size).toBe(100_000);
		expect(seen.checkAndRecord('id-199999')).toBe(false);
		expect(seen.checkAndRecord('id-0')).toBe(true);
		expect(Date.now() - start).toBeLessThan(2000);
	});

	it('re-recording an id after its window keeps it until the new entry expires', () => {
		let now = 0;
		const seen = new SeenEvents(100, 10 * HOUR, () => now);
		seen.checkAndRecord('k', HOUR);
		now += 2 * HOUR;
		expect(seen.checkAndRecord('k', HOUR)).toBe(true); // window passed: a new delivery
		now += 9 * HOUR; // the first entry expires now, the second one must survive
		expect(seen.has('k')).toBe(true);
		expect(seen.checkAndRecord('k', 10 * HOUR)).toBe(false);
	});

	it('forget lets a redelivery through', () => {
		const seen = new SeenEvents();
		seen.checkAndRecord('x');
		seen.forget('x');
		expect(seen.checkAndRecord('x')).toBe(true);
	});

	it('shares one store per app id', () => {
		resetSharedSeenEvents();
		expect(sharedSeenEvents('cli_a')).toBe(sharedSeenEvents('cli_a'));
		expect(sharedSeenEvents('cli_a')).not.toBe(sharedSeenEvents('cli_b'));
	});
});

describe('trigger dedupe: workflow static data', () => {
	const WF = 'wf|node|live';
	const W8 = 8 * HOUR;
	const t0 = 1_700_000_000_000;
	/** As n8n hands static data to a webhook request: a fresh copy of what was saved last. */
	const reload = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;
	const ids = (data: IDataObject) => storedIds(data[PERSISTED_KEY]).map(([id]) => id);

	beforeEach(() => resetSharedSeenEvents());

	it('records an id with its time and honours the window, also after a restart', () => {
		const data: IDataObject = {};
		expect(checkAndPersist(data, WF, 'e1', W8, t0)).toBe(true);
		expect(checkAndPersist(data, WF, 'e1', W8, t0 + 7 * HOUR)).toBe(false);
		resetSharedSeenEvents(); // restart: only the saved copy is left
		expect(checkAndPersist(reload(data), WF, 'e1', W8, t0 + HOUR)).toBe(false);
		resetSharedSeenEvents();
		expect(checkAndPersist(reload(data), WF, 'e1', W8, t0 + 9 * HOUR)).toBe(true);
	});

	it('keeps the PERSISTED_CAPACITY newest ids, cuts overflow in batches and drops expired ones', () => {
		const data: IDataObject = {};
		let i = 0;
		const add = (n: number) => {
			for (const end = i + n; i < end; i++) checkAndPersist(data, WF, `e${i}`, W8, t0 + i * 1000);
		};
		add(PERSISTED_CAPACITY);
		expect(ids(data)).toHaveLength(PERSISTED_CAPACITY);
		add(128);
		expect(ids(data)).toHaveLength(PERSISTED_CAPACITY + 128);
		add(1);
		expect(ids(data)).toHaveLength(PERSISTED_CAPACITY);
		expect(ids(data)[0]).toBe('e129');
		expect(ids(data).at(-1)).toBe(`e${i - 1}`);
		expect(checkAndPersist(reload(data), WF, 'e129', W8, t0 + i * 1000)).toBe(false);
		checkAndPersist(data, WF, 'late', W8, t0 + 20 * HOUR);
		expect(ids(data)).toEqual(['late']);
	});

	it('an expired id seen again is recorded anew, once', () => {
		const data: IDataObject = {};
		checkAndPersist(data, WF, 'a', HOUR, 0);
		checkAndPersist(data, WF, 'b', HOUR, 1000);
		expect(checkAndPersist(data, WF, 'a', HOUR, 2 * HOUR)).toBe(true);
		expect(ids(data)).toEqual(['a']);
		expect(checkAndPersist(data, WF, 'a', HOUR, 2 * HOUR + 1000)).toBe(false);
	});

	it('concurrent webhook calls each load the same old copy; the last save still holds every id', () => {
		const db: IDataObject = {};
		checkAndPersist(db, WF, 'old', W8, t0);
		const copies = ['a', 'b', 'c'].map(() => reload(db));
		copies.forEach((copy, i) =>
			expect(checkAndPersist(copy, WF, `e${i}`, W8, t0 + (i + 1) * SAVE_EVERY_MS)).toBe(true),
		);
		expect(ids(copies[2])).toEqual(['old', 'e0', 'e1', 'e2']);
		// A stale copy of our own is not a reason to forget what came after it.
		expect(checkAndPersist(reload(copies[0]), WF, 'e2', W8, t0 + 5 * SAVE_EVERY_MS)).toBe(false);
		// Other consumers are not mixed in.
		const other: IDataObject = {};
		checkAndPersist(other, 'wf2|node|live', 'x', W8, t0);
		expect(ids(other)).toEqual(['x']);
	});

	it('writes at most once per SAVE_EVERY_MS; the next write carries the ids in between', () => {
		const data = ObservableObject.create({}) as IDataObject & { __dataChanged: boolean };
		checkAndPersist(data, WF, 'a', W8, t0);
		expect(data.__dataChanged).toBe(true);
		data.__dataChanged = false;
		// A burst: recognised at once (in this process), but not written on every event.
		expect(checkAndPersist(data, WF, 'b', W8, t0 + 10)).toBe(true);
		expect(checkAndPersist(data, WF, 'c', W8, t0 + 20)).toBe(true);
		expect(checkAndPersist(data, WF, 'b', W8, t0 + 30)).toBe(false);
		expect(data.__dataChanged).toBe(false);
		expect(ids(data)).toEqual(['a']);
		checkAndPersist(data, WF, 'd', W8, t0 + SAVE_EVERY_MS);
		expect(data.__dataChanged).toBe(true);
		expect(ids(data)).toEqual(['a', 'b', 'c', 'd']);
	});

	it('merges a copy written elsewhere (another process, before a restart) with what it knows', () => {
		const mine: IDataObject = {};
		checkAndPersist(mine, WF, 'm1', W8, t0);
		const saved = reload(mine);
		resetSharedSeenEvents();
		const elsewhere: IDataObject = {};
		checkAndPersist(elsewhere, WF, 'x1', W8, t0 + 1000);
		// This process now knows x1; the loaded copy brings m1 from the earlier writer.
		expect(checkAndPersist(saved, WF, 'm1', W8, t0 + 2000)).toBe(false);
		expect(checkAndPersist(saved, WF, 'n1', W8, t0 + 3000)).toBe(true);
		expect(ids(saved)).toEqual(['m1', 'x1', 'n1']);
	});

	it('after a restart, a saved copy n8n keeps handing back is taken in once and never hides newer ids', () => {
		const before: IDataObject = {};
		checkAndPersist(before, WF, 'old', W8, t0);
		const saved = reload(before);
		resetSharedSeenEvents();
		// n8n skips later webhook saves, so every call gets the same old copy back.
		for (let i = 0; i < 5; i++) {
			const call = reload(saved);
			expect(checkAndPersist(call, WF, `new${i}`, W8, t0 + (i + 1) * SAVE_EVERY_MS)).toBe(true);
			expect(checkAndPersist(reload(saved), WF, 'old', W8, t0 + (i + 1) * SAVE_EVERY_MS)).toBe(
				false,
			);
			expect(ids(call)).toEqual(['old', ...Array.from({ length: i + 1 }, (_, j) => `new${j}`)]);
		}
		expect(checkAndPersist(reload(saved), WF, 'new0', W8, t0 + 9 * SAVE_EVERY_MS)).toBe(false);
	});

	it('reads the v1 object format ({ id: seconds }) of earlier versions', () => {
		const data: IDataObject = { [PERSISTED_KEY]: { v1a: t0 / 1000, v1b: t0 / 1000 + 1 } };
		expect(checkAndPersist(data, WF, 'v1b', W8, t0 + HOUR)).toBe(false);
		expect(checkAndPersist(data, WF, 'new', W8, t0 + HOUR)).toBe(true);
		expect(typeof data[PERSISTED_KEY]).toBe('string');
		expect(ids(data)).toEqual(['v1a', 'v1b', 'new']);
	});

	it('ignores stored values it cannot read; keeps an id with a line break as its digest', () => {
		const data: IDataObject = { [PERSISTED_KEY]: 'garbage' };
		expect(checkAndPersist(data, WF, 'a', W8, t0)).toBe(true);
		expect(ids(data)).toEqual(['a']);
		expect(checkAndPersist(data, WF, 'bad\nid', W8, t0 + SAVE_EVERY_MS)).toBe(true);
		expect(ids(data)).toEqual(['a', boundedId('bad\nid')]);
		expect(checkAndPersist(data, WF, 'bad\nid', W8, t0 + 2 * SAVE_EVERY_MS)).toBe(false);
	});

	it("marks n8n's observable static data as changed on every save", () => {
		const data = ObservableObject.create({}) as IDataObject & { __dataChanged: boolean };
		checkAndPersist(data, WF, 'a', HOUR, 0);
		expect(data.__dataChanged).toBe(true);
		data.__dataChanged = false;
		checkAndPersist(data, WF, 'b', HOUR, 1000);
		expect(data.__dataChanged).toBe(true);
		data.__dataChanged = false;
		expect(checkAndPersist(data, WF, 'b', HOUR, 2000)).toBe(false);
		expect(data.__dataChanged).toBe(false);
		expect(ids(data)).toEqual(['a', 'b']);
	});
});
