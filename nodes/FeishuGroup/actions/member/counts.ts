import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Node version from which the id-list operations use the clearer count names (and Add reports by default). */
export const ID_LIST_V2 = 1.1;

export function nodeVersion(context: IExecuteFunctions): number {
	return Number(context.getNode().typeVersion ?? 1);
}

/**
 * How many distinct IDs were given and how many API requests they took. Version 1 named these
 * `requested_count` / `request_count`, which read alike; saved workflows on version 1 keep them.
 */
export function idCounts(
	context: IExecuteFunctions,
	idCount: number,
	callCount: number,
): IDataObject {
	return nodeVersion(context) >= ID_LIST_V2
		? { id_count: idCount, api_call_count: callCount }
		: { requested_count: idCount, request_count: callCount };
}
