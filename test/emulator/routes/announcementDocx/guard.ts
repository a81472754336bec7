/**
 * Checks every docx announcement endpoint shares (announcement-docx.md §3.2, §3.3, §12 item 3): chat exists
 * (1770002, HTTP 404), tenant (1772002), external (1772004), membership (1772003), format (1772006 on a legacy chat
 * except for basic info) and the edit right for writes (1772005 or 1770032/403, see config).
 */
import type { Call } from '../../api';
import { ApiError, docxError } from '../../errors';
import type { Chat } from '../../state';
import { isMember } from '../../state';
import { adminOrCreator } from '../common';

/** The chat behind :chat_id that the caller may read; `anyFormat` lets basic info answer for doc chats too. */
export function announcementChat(c: Call, anyFormat = false): Chat {
	const chat = c.emu.store.chats.get(c.req.params.chat_id);
	if (!chat || chat.status === 'dissolved') throw docxError(1770002);
	if (chat.tenant_key !== c.emu.store.tenantKey) throw docxError(1772002);
	if (chat.external) throw docxError(1772004);
	if (!isMember(chat, c.caller)) throw docxError(1772003);
	// p2p chats have no announcement; the real code is undocumented (emulator choice: 1772001).
	if (chat.chat_mode !== 'group') throw docxError(1772001);
	if (!anyFormat && chat.announcement.type !== 'docx') throw docxError(1772006);
	return chat;
}

/** §3.3: with "only owner and managers edit group info", only they (or the creating bot with operate_as_owner) edit. */
export function canEdit(c: Call, chat: Chat): boolean {
	return chat.settings.edit_permission !== 'only_owner' || adminOrCreator(c, chat);
}

export function requireEditRight(c: Call, chat: Chat): void {
	if (canEdit(c, chat)) return;
	const code = c.emu.config.announcementNoEditCode === 1770032 ? 1770032 : 1772005;
	throw docxError(code);
}

/** Per-announcement edit throttle (§3.5): more than N edits within one second -> HTTP 429. */
export function throttleEdit(c: Call, chat: Chat): void {
	const limit = c.emu.config.announcementEditsPerSecond;
	if (!(limit > 0)) return;
	const tree = chat.announcement.blocks;
	const now = Date.now();
	tree.editTimes = tree.editTimes.filter((t) => now - t < 1000);
	if (tree.editTimes.length >= limit) {
		const reset = Math.max(1, Math.ceil((1000 - (now - tree.editTimes[0])) / 1000));
		// The body code of this 429 is undocumented; 99991400 is the platform's rate-limit code.
		throw new ApiError(99991400, undefined, 429, {
			headers: { 'x-ogw-ratelimit-limit': String(limit), 'x-ogw-ratelimit-reset': String(reset) },
		});
	}
	tree.editTimes.push(now);
}
