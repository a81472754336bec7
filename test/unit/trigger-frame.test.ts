import {
	decodeFrame,
	encodeFrame,
	headerValue,
	type Frame,
} from '../../nodes/FeishuGroupTrigger/longConnection/frame';
import { sdkDecode, sdkEncode, type SdkFrame } from './trigger-sdk';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

const PING_HEX = '08001000' + '18f6818010' + '2000' + '2a0c0a047479706512047069' + '6e67';
const DATA_HEX = [
	'0801 1002 18f6818010 2001',
	'2a0d 0a0474797065 12056576656e74',
	'2a10 0a0a6d6573736167655f6964 12026d31',
	'2a08 0a0373756d 120131',
	'2a08 0a03736571 120130',
	'2a0e 0a0874726163655f6964 12027431',
	'4207 7b2261223a317d',
]
	.join('')
	.replace(/\s+/g, '');

const ping: Frame = {
	seqId: 0n,
	logId: 0n,
	service: 33554678,
	method: 0,
	headers: [{ key: 'type', value: 'ping' }],
};

const data: Frame = {
	seqId: 1n,
	logId: 2n,
	service: 33554678,
	method: 1,
	headers: [
		{ key: 'type', value: 'event' },
		{ key: 'message_id', value: 'm1' },
		{ key: 'sum', value: '1' },
		{ key: 'seq', value: '0' },
		{ key: 'trace_id', value: 't1' },
	],
	payload: utf8('{"a":1}'),
};

function toSdk(frame: Frame): SdkFrame {
	return {
		SeqID: Number(frame.seqId),
		LogID: Number(frame.logId),
		service: frame.service,
		method: frame.method,
		headers: frame.headers,
		...(frame.payloadEncoding !== undefined && { payloadEncoding: frame.payloadEncoding }),
		...(frame.payloadType !== undefined && { payloadType: frame.payloadType }),
		...(frame.payload !== undefined && { payload: frame.payload }),
		...(frame.logIdNew !== undefined && { LogIDNew: frame.logIdNew }),
	};
}

describe('long-connection frame codec: events.md §3.4 vectors', () => {
	it('encodes the ping vector exactly', () => {
		expect(hex(encodeFrame(ping))).toBe(PING_HEX);
	});

	it('encodes the data-frame vector exactly', () => {
		expect(hex(encodeFrame(data))).toBe(DATA_HEX);
	});

	it('decodes both vectors', () => {
		expect(decodeFrame(Buffer.from(PING_HEX, 'hex'))).toEqual(ping);
		const decoded = decodeFrame(Buffer.from(DATA_HEX, 'hex'));
		expect(decoded).toEqual(data);
		expect(headerValue(decoded, 'message_id')).toBe('m1');
	});
});

describe('long-connection frame codec agrees with the SDK codec (pbbp2)', () => {
	const frames: Frame[] = [
		ping,
		data,
		{
			seqId: 9007199254740991n, // 2^53 - 1: the largest id the SDK can hold
			logId: 123456789012345n,
			service: 1,
			method: 1,
			headers: [
				{ key: 'type', value: 'event' },
				{ key: 'empty', value: '' },
				{ key: '中文', value: 'ünïcødé ✓' },
			],
			payloadEncoding: 'gzip',
			payloadType: 'json',
			payload: utf8(JSON.stringify({ schema: '2.0', text: 'x'.repeat(300) })),
			logIdNew: 'log-new-1',
		},
		{ seqId: 0n, logId: 0n, service: 0, method: 0, headers: [] },
		{ seqId: 5n, logId: 6n, service: -1, method: 1, headers: [], payload: new Uint8Array(0) },
	];

	it.each(frames.map((f, i) => [i, f] as const))(
		'frame %i: same bytes as the SDK encoder',
		(_i, frame) => {
			expect(hex(encodeFrame(frame))).toBe(hex(sdkEncode(toSdk(frame))));
		},
	);

	it.each(frames.map((f, i) => [i, f] as const))(
		'frame %i: the SDK reads what we write',
		(_i, frame) => {
			const back = sdkDecode(encodeFrame(frame));
			expect(Number(back.SeqID)).toBe(Number(frame.seqId));
			expect(Number(back.LogID)).toBe(Number(frame.logId));
			expect(back.service).toBe(frame.service);
			expect(back.method).toBe(frame.method);
			expect(back.headers.map((h) => ({ key: h.key, value: h.value }))).toEqual(frame.headers);
			if (frame.payload)
				expect(Buffer.from(back.payload!).equals(Buffer.from(frame.payload))).toBe(true);
			if (frame.logIdNew) expect(back.LogIDNew).toBe(frame.logIdNew);
			if (frame.payloadType) expect(back.payloadType).toBe(frame.payloadType);
		},
	);

	it.each(frames.map((f, i) => [i, f] as const))(
		'frame %i: we read what the SDK writes',
		(_i, frame) => {
			const decoded = decodeFrame(sdkEncode(toSdk(frame)));
			expect(decoded).toEqual(frame);
		},
	);

	it('round-trips uint64 ids beyond 2^53 exactly (the SDK cannot)', () => {
		const big: Frame = { ...data, seqId: 18446744073709551615n, logId: 7380000000000000001n };
		expect(decodeFrame(encodeFrame(big))).toEqual(big);
	});

	it('an ack built from a received frame is still readable by the SDK', () => {
		const received = decodeFrame(sdkEncode(toSdk(data)));
		const ack: Frame = {
			...received,
			headers: [...received.headers, { key: 'biz_rt', value: '3' }],
			payload: utf8('{"code":200}'),
		};
		const back = sdkDecode(encodeFrame(ack));
		expect(back.headers.at(-1)).toMatchObject({ key: 'biz_rt', value: '3' });
		expect(Buffer.from(back.payload!).toString()).toBe('{"code":200}');
	});

	it('skips unknown fields and tolerates missing required ones', () => {
		const extra = Buffer.concat([
			Buffer.from(encodeFrame(data)),
			Buffer.from([0x50, 0x96, 0x01]), // field 10 varint 150
			Buffer.from([0x5a, 0x02, 0x61, 0x62]), // field 11 bytes "ab"
			Buffer.from([0x65, 1, 2, 3, 4]), // field 12 fixed32
			Buffer.from([0x69, 1, 2, 3, 4, 5, 6, 7, 8]), // field 13 fixed64
		]);
		expect(decodeFrame(extra)).toEqual(data);
		expect(decodeFrame(Buffer.from('2a0c0a04747970651204706f6e67', 'hex'))).toEqual({
			seqId: 0n,
			logId: 0n,
			service: 0,
			method: 0,
			headers: [{ key: 'type', value: 'pong' }],
		});
	});

	it('refuses truncated frames', () => {
		const bytes = encodeFrame(data);
		expect(() => decodeFrame(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
	});
});
