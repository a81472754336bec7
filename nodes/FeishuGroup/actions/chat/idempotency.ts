import { createHash, randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** Feishu's limit on the `uuid` query parameter of Create Chat. */
export const MAX_UUID_LENGTH = 50;

function executionId(context: IExecuteFunctions): string | undefined {
	try {
		const id = context.getExecutionId();
		return id ? String(id) : undefined;
	} catch {
		return undefined;
	}
}

/** Which run of the node this is within the execution (loops run a node several times). */
function runIndex(context: IExecuteFunctions, itemIndex: number): number {
	try {
		const proxy = context.getWorkflowDataProxy(itemIndex);
		return Number(proxy.$runIndex ?? proxy.$thisRunIndex ?? 0);
	} catch {
		return 0;
	}
}

/**
 * The automatic `uuid` for Create Chat: a hash of the execution, node, run, item and the request
 * itself. A retried item (Retry On Fail, or the transport resending after a network error) sends
 * the same key, so Feishu returns the chat it already created instead of making a second one;
 * another execution, loop pass or item gets a new key. Without an execution id (some test and
 * preview contexts) the key is random: resends within this call are still de-duplicated.
 */
export function automaticIdempotencyKey(
	context: IExecuteFunctions,
	itemIndex: number,
	request: IDataObject,
): string {
	const execution = executionId(context);
	if (!execution) return `n8n-${randomUUID().replace(/-/g, '')}`;
	const parts = [
		execution,
		context.getNode().id ?? context.getNode().name,
		String(runIndex(context, itemIndex)),
		String(itemIndex),
		JSON.stringify(request),
	];
	return `n8n-${createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40)}`;
}
