import type { ChatTab } from './api';

/**
 * The full order Feishu's sort_tabs requires: the message tab first (Feishu keeps it there), then
 * the tabs the user listed in their order, then every other tab in its current order.
 */
export function completeTabOrder(requested: string[], current: ChatTab[]): string[] {
	const ids = current.map((tab) => String(tab.tab_id));
	const messageIds = current
		.filter((tab) => tab.tab_type === 'message')
		.map((tab) => String(tab.tab_id));
	const listed = requested.filter((id) => !messageIds.includes(id));
	const rest = ids.filter((id) => !messageIds.includes(id) && !listed.includes(id));
	return [...messageIds, ...listed, ...rest];
}

/** Requested ids that are not tabs of the chat. */
export function unknownTabIds(requested: string[], current: ChatTab[]): string[] {
	const ids = new Set(current.map((tab) => String(tab.tab_id)));
	return requested.filter((id) => !ids.has(id));
}
