/**
 * Hand-written codec for Feishu's long-connection frames (proto2 `pbbp2.Frame` / `pbbp2.Header`,
 * events.md §3.4), so the package needs no protobuf runtime. uint64 fields are BigInt, so ids round-trip
 * exactly (the official Node SDK loses precision above 2^53).
 */

export interface FrameHeader {
	key: string;
	value: string;
}

export interface Frame {
	seqId: bigint;
	logId: bigint;
	service: number;
	/** 0 = control (ping/pong), 1 = data (event/card). */
	method: number;
	headers: FrameHeader[];
	payloadEncoding?: string;
	payloadType?: string;
	payload?: Uint8Array;
	logIdNew?: string;
}

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

class Writer {
	private readonly chunks: number[] = [];

	varint(value: bigint): void {
		// Negative int32 values are written as their 64-bit two's complement (10 bytes), as protobuf does.
		let v = BigInt.asUintN(64, value);
		while (v >= 0x80n) {
			this.chunks.push(Number(v & 0x7fn) | 0x80);
			v >>= 7n;
		}
		this.chunks.push(Number(v));
	}

	tag(field: number, wireType: number): void {
		this.varint(BigInt((field << 3) | wireType));
	}

	bytes(field: number, data: Uint8Array): void {
		this.tag(field, LENGTH_DELIMITED);
		this.varint(BigInt(data.length));
		for (const b of data) this.chunks.push(b);
	}

	string(field: number, value: string): void {
		this.bytes(field, encoder.encode(value));
	}

	finish(): Uint8Array {
		return Uint8Array.from(this.chunks);
	}
}

function encodeHeader(header: FrameHeader): Uint8Array {
	const w = new Writer();
	w.string(1, header.key);
	w.string(2, header.value);
	return w.finish();
}

/** Encodes in field order; the four required fields are always written, even when 0. */
export function encodeFrame(frame: Frame): Uint8Array {
	const w = new Writer();
	w.tag(1, VARINT);
	w.varint(frame.seqId);
	w.tag(2, VARINT);
	w.varint(frame.logId);
	w.tag(3, VARINT);
	w.varint(BigInt(Math.trunc(frame.service)));
	w.tag(4, VARINT);
	w.varint(BigInt(Math.trunc(frame.method)));
	for (const header of frame.headers) w.bytes(5, encodeHeader(header));
	if (frame.payloadEncoding !== undefined) w.string(6, frame.payloadEncoding);
	if (frame.payloadType !== undefined) w.string(7, frame.payloadType);
	if (frame.payload !== undefined) w.bytes(8, frame.payload);
	if (frame.logIdNew !== undefined) w.string(9, frame.logIdNew);
	return w.finish();
}

class Reader {
	pos = 0;

	constructor(
		private readonly buf: Uint8Array,
		private readonly end = buf.length,
	) {}

	get done(): boolean {
		return this.pos >= this.end;
	}

	varint(): bigint {
		let result = 0n;
		let shift = 0n;
		for (let i = 0; i < 10; i++) {
			if (this.pos >= this.end) throw new Error('frame truncated inside a varint');
			const b = this.buf[this.pos++];
			result |= BigInt(b & 0x7f) << shift;
			if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
			shift += 7n;
		}
		throw new Error('varint longer than 10 bytes');
	}

	bytes(): Uint8Array {
		const length = Number(this.varint());
		if (this.pos + length > this.end) throw new Error('frame truncated inside a field');
		const out = this.buf.subarray(this.pos, this.pos + length);
		this.pos += length;
		return out;
	}

	skip(wireType: number): void {
		if (wireType === VARINT) this.varint();
		else if (wireType === FIXED64) this.pos += 8;
		else if (wireType === LENGTH_DELIMITED) this.bytes();
		else if (wireType === FIXED32) this.pos += 4;
		else throw new Error(`unsupported wire type ${wireType}`);
		if (this.pos > this.end) throw new Error('frame truncated');
	}
}

function int32(value: bigint): number {
	return Number(BigInt.asIntN(32, value));
}

function decodeHeader(data: Uint8Array): FrameHeader {
	const r = new Reader(data);
	const header: FrameHeader = { key: '', value: '' };
	while (!r.done) {
		const tag = Number(r.varint());
		const field = tag >>> 3;
		const wireType = tag & 7;
		if (field === 1 && wireType === LENGTH_DELIMITED) header.key = decoder.decode(r.bytes());
		else if (field === 2 && wireType === LENGTH_DELIMITED) header.value = decoder.decode(r.bytes());
		else r.skip(wireType);
	}
	return header;
}

/**
 * Decodes a binary message. Unknown fields are skipped; missing required fields read as 0 (lenient,
 * where the SDK throws), so one odd frame cannot break the connection.
 */
export function decodeFrame(data: Uint8Array): Frame {
	const r = new Reader(data);
	const frame: Frame = { seqId: 0n, logId: 0n, service: 0, method: 0, headers: [] };
	while (!r.done) {
		const tag = Number(r.varint());
		const field = tag >>> 3;
		const wireType = tag & 7;
		if (wireType === VARINT && field >= 1 && field <= 4) {
			const value = r.varint();
			if (field === 1) frame.seqId = value;
			else if (field === 2) frame.logId = value;
			else if (field === 3) frame.service = int32(value);
			else frame.method = int32(value);
		} else if (wireType === LENGTH_DELIMITED && field >= 5 && field <= 9) {
			const bytes = r.bytes();
			if (field === 5) frame.headers.push(decodeHeader(bytes));
			else if (field === 6) frame.payloadEncoding = decoder.decode(bytes);
			else if (field === 7) frame.payloadType = decoder.decode(bytes);
			else if (field === 8) frame.payload = Uint8Array.from(bytes);
			else frame.logIdNew = decoder.decode(bytes);
		} else {
			r.skip(wireType);
		}
	}
	return frame;
}

export function headerValue(frame: Frame, key: string): string | undefined {
	return frame.headers.find((h) => h.key === key)?.value;
}
