import { ObservableObject } from 'n8n-workflow';
import {
	persistedSeen,
	persistSeen,
	PERSISTED_CAPACITY,
	SeenEvents,
	sharedSeenEvents,
	resetSharedSeenEvents,
} from '../../nodes/FeishuGroupTrigger/dedupe';
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
	it('persists ids with their time and honours the window', () => {
		const data: IDataObject = {};
		const t0 = 1_700_000_000_000;
		expect(persistedSeen(data, 'e1', 8 * HOUR, t0)).toBe(false);
		persistSeen(data, 'e1', 8 * HOUR, t0);
		expect(persistedSeen(data, 'e1', 8 * HOUR, t0 + 7 * HOUR)).toBe(true);
		expect(persistedSeen(data, 'e1', 8 * HOUR, t0 + 9 * HOUR)).toBe(false);
		// JSON round trip, as through the database
		const reloaded = JSON.parse(JSON.stringify(data)) as IDataObject;
		expect(persistedSeen(reloaded, 'e1', 8 * HOUR, t0 + HOUR)).toBe(true);
	});

	it('keeps at most PERSISTED_CAPACITY newest ids and drops expired ones', () => {
		const data: IDataObject = {};
		const t0 = 1_700_000_000_000;
		for (let i = 0; i < PERSISTED_CAPACITY + 50; i++)
			persistSeen(data, `e${i}`, 8 * HOUR, t0 + i * 1000);
		const ids = Object.keys(data.feishuSeenEvents as IDataObject);
		expect(ids).toHaveLength(PERSISTED_CAPACITY);
		expect(ids).not.toContain('e0');
		expect(ids).toContain(`e${PERSISTED_CAPACITY + 49}`);
		persistSeen(data, 'late', 8 * HOUR, t0 + 20 * HOUR);
		expect(Object.keys(data.feishuSeenEvents as IDataObject)).toEqual(['late']);
	});

	it('concurrent webhook calls each load the same old static data; the last save still holds every id', () => {
		resetSharedSeenEvents();
		const db: IDataObject = {};
		const t0 = 1_700_000_000_000;
		const copies = ['a', 'b', 'c'].map(() => JSON.parse(JSON.stringify(db)) as IDataObject);
		copies.forEach((copy, i) => persistSeen(copy, `e${i}`, 8 * HOUR, t0 + i, 'wf|node|live'));
		const last = copies[2];
		for (const id of ['e0', 'e1', 'e2'])
			expect(persistedSeen(last, id, 8 * HOUR, t0 + 10)).toBe(true);
		// Other consumers are not mixed in.
		const other: IDataObject = {};
		persistSeen(other, 'x', 8 * HOUR, t0, 'wf2|node|live');
		expect(Object.keys(other.feishuSeenEvents as IDataObject)).toEqual(['x']);
	});

	it("marks n8n's observable static data as changed on every save, in place or rebuilt", () => {
		const data = ObservableObject.create({}) as IDataObject & { __dataChanged: boolean };
		persistSeen(data, 'a', HOUR, 0);
		expect(data.__dataChanged).toBe(true);
		data.__dataChanged = false;
		persistSeen(data, 'b', HOUR, 1000);
		expect(data.__dataChanged).toBe(true);
		expect(Object.keys(data.feishuSeenEvents as IDataObject)).toEqual(['a', 'b']);
		// Webhook calls rebuild (they merge concurrent copies) and assign a fresh object.
		const before = data.feishuSeenEvents;
		data.__dataChanged = false;
		persistSeen(data, 'c', HOUR, 2000, 'wf|node|live');
		expect(data.__dataChanged).toBe(true);
		expect(data.feishuSeenEvents).not.toBe(before);
	});

	it('adds in place when it gets its own object back, keeping the bound and the window', () => {
		const data: IDataObject = {};
		const t0 = 1_700_000_000_000;
		for (let i = 0; i < PERSISTED_CAPACITY + 10; i++)
			persistSeen(data, `e${i}`, 8 * HOUR, t0 + i * 1000);
		const ids = Object.keys(data.feishuSeenEvents as IDataObject);
		expect(ids).toHaveLength(PERSISTED_CAPACITY);
		expect(ids[0]).toBe('e10');
		expect(persistedSeen(data, `e${PERSISTED_CAPACITY + 9}`, 8 * HOUR, t0 + HOUR)).toBe(true);
		persistSeen(data, 'e500', 8 * HOUR, t0 + 2 * HOUR);
		expect(Object.keys(data.feishuSeenEvents as IDataObject).slice(-1)).toEqual(['e500']);
		persistSeen(data, 'late', 8 * HOUR, t0 + 20 * HOUR);
		expect(Object.keys(data.feishuSeenEvents as IDataObject)).toEqual(['late']);
		// After a JSON round trip (a restart) the object is not ours: rebuilt, same content rules.
		const reloaded = JSON.parse(JSON.stringify(data)) as IDataObject;
		persistSeen(reloaded, 'next', 8 * HOUR, t0 + 20 * HOUR + 1000);
		expect(Object.keys(reloaded.feishuSeenEvents as IDataObject)).toEqual(['late', 'next']);
	});
});
