/** Node parameters as the n8n editor stores them, for building the runs of in-process tests. */

/** A resource-locator value as the editor stores a pasted ID. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Parameters of an operation on one chat, for resources whose operations all pick a Chat:
 * `const member = chatOperation('member'); member('add', chatId, { memberIds })`.
 */
export function chatOperation(resource: string) {
	return (operation: string, chatId: string, extra: Record<string, unknown> = {}) => ({
		resource,
		operation,
		chatId: byId(chatId),
		...extra,
	});
}
