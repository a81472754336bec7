/**
 * Reads: basic info (#1, both formats), list all blocks (#2, pre-order, paged), one block (#3) and a block's
 * direct children (#4, paged). Reads name a revision (-1 = latest); a historical one needs the edit right (§3.3).
 */
import type { Call } from '../../api';
import { docxError } from '../../errors';
import type { Block } from '../../docx/model';
import type { TreeView } from '../../docx/tree';
import type { Chat, Principal } from '../../state';
import { announcementChat, canEdit } from './guard';
import { encodeDocxPageToken, pageParams, revisionParam, userIdTypeParam } from './query';

/** Owner/modifier id in the requested id type; a bot answers with its own open_id/union_id (app id for user_id). */
function principalId(c: Call, p: Principal, type: string): string {
	if (p.kind === 'user') {
		const u = c.emu.store.byOpenId.get(p.id);
		return u ? c.emu.store.userIdOf(u, type) : p.id;
	}
	const bot = c.emu.store.bots.get(p.id);
	if (!bot || type === 'user_id') return p.id;
	return type === 'union_id' ? bot.union_id : bot.open_id;
}

export function getInfo(c: Call): unknown {
	const type = userIdTypeParam(c);
	const chat = announcementChat(c, true);
	const a = chat.announcement;
	return {
		revision_id: a.revision,
		create_time: Math.floor(a.createTime / 1000),
		update_time: Math.floor(a.updateTime / 1000),
		owner_id: principalId(c, a.owner, type),
		owner_id_type: type,
		modifier_id: principalId(c, a.modifier, type),
		modifier_id_type: type,
		announcement_type: a.type,
	};
}

/** The tree at the named (or page-token pinned) revision. */
function viewFor(c: Call, chat: Chat, pinned?: number): TreeView {
	const named = revisionParam(c, chat);
	const explicit =
		c.req.query.revision_id !== undefined &&
		c.req.query.revision_id !== '' &&
		c.req.query.revision_id !== '-1';
	let revision = named;
	if (pinned !== undefined) {
		if (explicit && pinned !== named)
			throw docxError(1770001, {
				field: 'page_token',
				value: c.req.query.page_token,
				description: 'page_token belongs to another revision',
			});
		revision = pinned;
	}
	if (revision !== chat.announcement.revision && !canEdit(c, chat)) throw docxError(1770032);
	const view = chat.announcement.blocks.viewAt(revision);
	if (!view) throw docxError(1770021);
	return view;
}

function paged(c: Call, scope: string, chat: Chat, all: (v: TreeView) => Block[] | undefined) {
	const p = pageParams(c, scope);
	const view = viewFor(c, chat, p.revision);
	const list = all(view);
	if (!list) throw docxError(1770002);
	const revision = p.revision ?? revisionParam(c, chat);
	const items = list.slice(p.offset, p.offset + p.size);
	const next = p.offset + items.length;
	return next < list.length
		? { items, has_more: true, page_token: encodeDocxPageToken(scope, revision, next) }
		: { items, has_more: false };
}

export function listBlocks(c: Call): unknown {
	userIdTypeParam(c);
	const chat = announcementChat(c);
	return paged(c, `list|${chat.chat_id}|${callerKey(c)}`, chat, (v) => v.preorder());
}

export function getBlock(c: Call): unknown {
	userIdTypeParam(c);
	const chat = announcementChat(c);
	const block = viewFor(c, chat).get(c.req.params.block_id);
	if (!block) throw docxError(1770002);
	return { block };
}

export function listChildren(c: Call): unknown {
	userIdTypeParam(c);
	const chat = announcementChat(c);
	const id = c.req.params.block_id;
	return paged(c, `children|${chat.chat_id}|${id}|${callerKey(c)}`, chat, (v) =>
		v.get(id) ? v.children(id) : undefined,
	);
}

const callerKey = (c: Call) => `${c.caller.kind}:${c.caller.id}`;
