import type { IDataObject } from 'n8n-workflow';

/**
 * A caller of the emulator's control API (/__emulator/…, see test/emulator/README.md) for an emulator
 * whose URL is known once it runs; a refused call throws with the status and the answer.
 */
export function emulatorControl(
	url: () => string,
): (method: string, path: string, body?: unknown) => Promise<IDataObject> {
	return async (method, path, body) => {
		const res = await fetch(`${url()}/__emulator${path}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = (await res.json()) as IDataObject;
		if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	};
}
