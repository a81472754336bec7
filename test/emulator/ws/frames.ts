/** pbbp2.Frame codec (events.md §3.4) built with protobufjs (installed with the SDK): the referee-side codec. */
import * as protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
	nested: {
		pbbp2: {
			nested: {
				Header: {
					fields: {
						key: { rule: 'required', type: 'string', id: 1 },
						value: { rule: 'required', type: 'string', id: 2 },
					},
				},
				Frame: {
					fields: {
						SeqID: { rule: 'required', type: 'uint64', id: 1 },
						LogID: { rule: 'required', type: 'uint64', id: 2 },
						service: { rule: 'required', type: 'int32', id: 3 },
						method: { rule: 'required', type: 'int32', id: 4 },
						headers: { rule: 'repeated', type: 'Header', id: 5 },
						payload_encoding: { type: 'string', id: 6 },
						payload_type: { type: 'string', id: 7 },
						payload: { type: 'bytes', id: 8 },
						LogIDNew: { type: 'string', id: 9 },
					},
				},
			},
		},
	},
});
const FrameType = root.lookupType('pbbp2.Frame');

export const FRAME_CONTROL = 0;
export const FRAME_DATA = 1;

export interface Frame {
	SeqID: number;
	LogID: number;
	service: number;
	method: number;
	headers: Array<{ key: string; value: string }>;
	payload_encoding?: string;
	payload_type?: string;
	payload?: Uint8Array;
	LogIDNew?: string;
}

export function encodeFrame(f: Frame): Buffer {
	return Buffer.from(FrameType.encode(FrameType.fromObject(f)).finish());
}

/** Throws on malformed frames (missing required fields, bad wire data). */
export function decodeFrame(buf: Uint8Array): Frame {
	const msg = FrameType.decode(buf);
	const o = FrameType.toObject(msg, {
		longs: Number,
		bytes: Buffer,
		defaults: false,
		arrays: true,
	}) as Frame;
	o.headers ??= [];
	return o;
}

export function header(f: Frame, key: string): string | undefined {
	return f.headers.find((h) => h.key === key)?.value;
}
