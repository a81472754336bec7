/**
 * The official SDK (devDependency) as referee: its AESCipher, EventDispatcher and the generated
 * protobuf codec pbbp2 (not exported, but registered in protobufjs' shared root when the SDK loads).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import path from 'path';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const sdk: any = require('@larksuiteoapi/node-sdk');

const sdkDir = path.dirname(require.resolve('@larksuiteoapi/node-sdk/package.json'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const protobuf: any = require(require.resolve('protobufjs/minimal', { paths: [sdkDir] }));

export interface SdkFrame {
	SeqID: number;
	LogID: number;
	service: number;
	method: number;
	headers: Array<{ key: string; value: string }>;
	payloadEncoding?: string;
	payloadType?: string;
	payload?: Uint8Array;
	LogIDNew?: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const pbbp2: any = protobuf.roots.default.pbbp2;
if (!pbbp2?.Frame) throw new Error('SDK protobuf codec pbbp2.Frame not found');

export function sdkEncode(frame: SdkFrame): Uint8Array {
	return pbbp2.Frame.encode(frame).finish();
}

export function sdkDecode(bytes: Uint8Array): SdkFrame {
	return pbbp2.Frame.decode(bytes) as SdkFrame;
}

/** A quiet logger for SDK objects. */
export const quietLogger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
