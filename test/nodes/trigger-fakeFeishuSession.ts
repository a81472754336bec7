import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { activeHubs } from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { FakeFeishu, type FakeOptions } from './trigger-fakeFeishu';

/**
 * Gives every test of a file a fresh FakeFeishu (handed to `started`) and an empty in-memory
 * de-duplication; after each test it runs the leave/close functions the test pushed onto the returned
 * list (also after a failed test), stops the fake, and checks that no shared connection is left over.
 */
export function useFakeFeishu(
	options: () => FakeOptions,
	started: (fake: FakeFeishu) => void,
): Array<() => Promise<void>> {
	const leaves: Array<() => Promise<void>> = [];
	let fake: FakeFeishu | undefined;
	beforeEach(async () => {
		resetSharedSeenEvents();
		fake = new FakeFeishu(options());
		await fake.start();
		started(fake);
	});
	afterEach(async () => {
		// Leaving twice is harmless.
		await Promise.all(leaves.splice(0).map(async (leave) => await leave()));
		await fake?.stop();
		expect(activeHubs()).toEqual([]);
	});
	return leaves;
}
