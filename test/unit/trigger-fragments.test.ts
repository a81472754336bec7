import {
	DEFAULT_FRAGMENT_LIMITS,
	FragmentBuffer,
	type FragmentLimits,
} from '../../nodes/FeishuGroupTrigger/longConnection/fragments';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const limits = (over: Partial<FragmentLimits> = {}) => ({ ...DEFAULT_FRAGMENT_LIMITS, ...over });

describe('FragmentBuffer', () => {
	it('joins fragments in seq order whatever order they arrive in', () => {
		const buffer = new FragmentBuffer();
		expect(buffer.add({ messageId: 'm', sum: '3', seq: '2' }, bytes('c'))).toEqual({
			status: 'incomplete',
		});
		buffer.add({ messageId: 'm', sum: '3', seq: '0' }, bytes('a'));
		const done = buffer.add({ messageId: 'm', sum: '3', seq: '1' }, bytes('b'));
		expect(done.status === 'complete' && text(done.payload)).toBe('abc');
		expect(buffer.heldBytes).toBe(0);
		expect(buffer.heldMessages).toBe(0);
	});

	it('passes an unsplit payload through (sum and seq absent or 1/0)', () => {
		const buffer = new FragmentBuffer();
		const a = buffer.add({ messageId: 'm', sum: undefined, seq: undefined }, bytes('x'));
		const b = buffer.add({ messageId: 'n', sum: '1', seq: '0' }, bytes('y'));
		expect(a.status === 'complete' && text(a.payload)).toBe('x');
		expect(b.status === 'complete' && text(b.payload)).toBe('y');
	});

	it.each([
		['4294967295', '0', /4294967295 fragments announced, at most 256/],
		['0', '0', /invalid sum\/seq/],
		['2', '2', /invalid sum\/seq/],
		['1e3', '0', /invalid sum\/seq/],
		['-1', '0', /invalid sum\/seq/],
		['2', '0.5', /invalid sum\/seq/],
		['99999999999', '0', /invalid sum\/seq/],
	])('drops sum %s / seq %s without allocating for it', (sum, seq, reason) => {
		const buffer = new FragmentBuffer();
		const result = buffer.add({ messageId: 'm', sum, seq }, bytes('x'));
		expect(result).toEqual({ status: 'dropped', reason: expect.stringMatching(reason) });
		expect(buffer.heldMessages).toBe(0);
	});

	it('drops a split message whose message_id is too long to hold as a key', () => {
		const buffer = new FragmentBuffer(limits({ maxMessageIdChars: 8 }));
		expect(buffer.add({ messageId: 'm'.repeat(9), sum: '2', seq: '0' }, bytes('a'))).toEqual({
			status: 'dropped',
			reason: 'message_id of 9 characters, at most 8 accepted',
		});
		expect(buffer.heldMessages).toBe(0);
		expect(buffer.add({ messageId: 'm'.repeat(8), sum: '2', seq: '0' }, bytes('a')).status).toBe(
			'incomplete',
		);
	});

	it('drops a message whose fragments disagree about their count', () => {
		const buffer = new FragmentBuffer();
		buffer.add({ messageId: 'm', sum: '2', seq: '0' }, bytes('a'));
		expect(buffer.add({ messageId: 'm', sum: '3', seq: '1' }, bytes('b'))).toEqual({
			status: 'dropped',
			reason: 'fragments disagree about their count (2 and 3)',
		});
		expect(buffer.heldBytes).toBe(0);
	});

	it('drops a message larger than maxMessageBytes, split or not', () => {
		const buffer = new FragmentBuffer(limits({ maxMessageBytes: 4 }));
		expect(buffer.add({ messageId: 'a', sum: '1', seq: '0' }, bytes('12345')).status).toBe(
			'dropped',
		);
		buffer.add({ messageId: 'b', sum: '2', seq: '0' }, bytes('123'));
		expect(buffer.add({ messageId: 'b', sum: '2', seq: '1' }, bytes('45'))).toEqual({
			status: 'dropped',
			reason: 'message of 5 bytes, at most 4 accepted',
		});
		expect(buffer.heldBytes).toBe(0);
	});

	it('keeps the bytes of all incomplete messages within maxPendingBytes, evicting the oldest', () => {
		const evicted: string[] = [];
		const buffer = new FragmentBuffer(limits({ maxPendingBytes: 10 }), Date.now, (id) =>
			evicted.push(id),
		);
		for (let i = 0; i < 6; i++)
			buffer.add({ messageId: `m${i}`, sum: '2', seq: '0' }, bytes('1234'));
		expect(buffer.heldBytes).toBeLessThanOrEqual(10);
		expect(buffer.heldMessages).toBe(2);
		expect(evicted).toEqual(['m0', 'm1', 'm2', 'm3']);
		// The newest can still complete.
		const done = buffer.add({ messageId: 'm5', sum: '2', seq: '1' }, bytes('5'));
		expect(done.status === 'complete' && text(done.payload)).toBe('12345');
	});

	it('counts a resent fragment once', () => {
		const buffer = new FragmentBuffer();
		buffer.add({ messageId: 'm', sum: '2', seq: '0' }, bytes('aaaa'));
		buffer.add({ messageId: 'm', sum: '2', seq: '0' }, bytes('aaaa'));
		expect(buffer.heldBytes).toBe(4);
	});

	it('expires incomplete messages after ttlMs', () => {
		let now = 0;
		const evicted: string[] = [];
		const buffer = new FragmentBuffer(
			limits({ ttlMs: 100 }),
			() => now,
			(id, why) => evicted.push(`${id}: ${why}`),
		);
		buffer.add({ messageId: 'old', sum: '2', seq: '0' }, bytes('a'));
		now = 150;
		buffer.add({ messageId: 'new', sum: '2', seq: '0' }, bytes('b'));
		expect(evicted).toEqual(['old: expired before all its fragments arrived']);
		expect(buffer.heldMessages).toBe(1);
	});
});
