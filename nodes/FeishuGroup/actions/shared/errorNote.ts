import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

/**
 * Puts a note in front of an error's description (shown under the message in n8n) and makes sure
 * it is an n8n error carrying the item index. Used where an operation knows more than the
 * transport (e.g. that earlier chunks of an id list were already applied).
 */
export function withNote(
	node: INode,
	error: unknown,
	note: string,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const nodeError =
		error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(node, error as Error, { itemIndex });
	if (note)
		nodeError.description = nodeError.description ? `${note}\n${nodeError.description}` : note;
	return nodeError;
}

/** The Feishu code of an error from the transport, if it is one. */
export function feishuCode(error: unknown): number | undefined {
	const feishu = (error as { context?: { feishu?: { code?: unknown } } }).context?.feishu;
	return typeof feishu?.code === 'number' ? feishu.code : undefined;
}
