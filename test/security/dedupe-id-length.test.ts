/**
 * Issue 15, finding 9 (dedupe stores): the stores cap the length of the ids they keep, not only their
 * count, so a sender cannot make them hold megabytes per event; long ids are still told apart.
 */
import type { IDataObject } from 'n8n-workflow';

import { MAX_ID_CHARS } from '../../nodes/FeishuGroupTrigger/boundedId';
import { MAX_KEY_CHARS, SeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import {
	checkAndPersist,
	PERSISTED_KEY,
	resetPersistedIds,
	SAVE_EVERY_MS,
} from '../../nodes/FeishuGroupTrigger/persistedSeen';

const HOUR = 3600_000;
const hugeId = (n: number) => `${n}-${'x'.repeat(1_000_000)}`;

/** The keys a store holds (the Map is private; looked at here only to measure it). */
const heldKeys = (store: SeenEvents) => [
	...(store as unknown as { seen: Map<string, unknown> }).seen.keys(),
];

describe('finding 9: ids of any length cost a bounded amount of memory', () => {
	it('in-memory store: 50 one-megabyte ids are kept as short digests, and still deduplicated', () => {
		const store = new SeenEvents(1000, 8 * HOUR, () => 0);
		for (let i = 0; i < 50; i++)
			expect(store.checkAndRecord(`cb|wf|node|live|${hugeId(i)}`)).toBe(true);
		const keys = heldKeys(store);
		expect(keys).toHaveLength(50);
		expect(Math.max(...keys.map((k) => k.length))).toBeLessThanOrEqual(MAX_KEY_CHARS);
		// Same id again: a duplicate. A different id with the same first megabyte is not.
		expect(store.checkAndRecord(`cb|wf|node|live|${hugeId(7)}`)).toBe(false);
		expect(store.checkAndRecord(`cb|wf|node|live|${hugeId(7)}y`)).toBe(true);
		expect(store.has(`cb|wf|node|live|${hugeId(3)}`)).toBe(true);
		store.forget(`cb|wf|node|live|${hugeId(3)}`);
		expect(store.has(`cb|wf|node|live|${hugeId(3)}`)).toBe(false);
		// Ordinary ids are kept as they are.
		store.checkAndRecord('cb|wf|node|live|0f4d2b8c1a7e4f3b9c6d5e4f3a2b1c0d');
		expect(heldKeys(store)).toContain('cb|wf|node|live|0f4d2b8c1a7e4f3b9c6d5e4f3a2b1c0d');
	});

	it('static data: what n8n writes to its database stays small whatever the ids', () => {
		resetPersistedIds();
		const staticData: IDataObject = {};
		for (let i = 0; i < 20; i++) {
			expect(checkAndPersist(staticData, 'wf|n|live', hugeId(i), 8 * HOUR, i * SAVE_EVERY_MS)).toBe(
				true,
			);
		}
		const stored = String(staticData[PERSISTED_KEY]);
		expect(stored.length).toBeLessThan(20 * (MAX_ID_CHARS + 20) + 200);
		expect(checkAndPersist(staticData, 'wf|n|live', hugeId(5), 8 * HOUR, 21 * SAVE_EVERY_MS)).toBe(
			false,
		);
	});
});
