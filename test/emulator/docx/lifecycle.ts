/**
 * An announcement's life: a fresh one per chat (docx for today's chats, legacy doc for chats "made before
 * 2025-05-27"), a format switch (control API / fixtures), seeded docx content, and committing one docx edit.
 */
import type { Announcement, AnnouncementType, Principal, Store } from '../state';
import { createChildren } from './create';
import { DocxTree } from './tree';

/** A legacy announcement starts at revision 0 (as before); a docx one at revision_id 1 (§3.4). */
export const FIRST_REVISION: Record<AnnouncementType, number> = { doc: 0, docx: 1 };

export function newAnnouncement(
	chatId: string,
	type: AnnouncementType,
	owner: Principal,
	at: number,
): Announcement {
	const blocks = new DocxTree(chatId);
	const a: Announcement = {
		type,
		doc: { title: '', blocks: [], requests: [] },
		revision: FIRST_REVISION[type],
		createTime: at,
		updateTime: at,
		owner,
		modifier: owner,
		blocks,
	};
	if (type === 'docx') blocks.snapshot(a.revision);
	return a;
}

/**
 * Turns a saved announcement (JSON from a state file: blocks as a plain list; older files had `docx: boolean`
 * and no blocks) back into a live one. Revision history, client_token replays and edit times are not saved.
 */
export function reviveAnnouncement(chatId: string, raw: unknown): Announcement {
	const a = (raw ?? {}) as Partial<Announcement> & { docx?: boolean };
	const type: AnnouncementType = a.type ?? (a.docx ? 'docx' : 'doc');
	const revived: Announcement = {
		...newAnnouncement(chatId, type, a.owner ?? { kind: 'user', id: '' }, a.createTime ?? 0),
		doc: a.doc ?? { title: '', blocks: [], requests: [] },
		revision: typeof a.revision === 'number' ? a.revision : FIRST_REVISION[type],
		updateTime: a.updateTime ?? a.createTime ?? 0,
		modifier: a.modifier ?? a.owner ?? { kind: 'user', id: '' },
		blocks: DocxTree.fromBlocks(chatId, a.blocks),
	};
	if (type === 'docx') revived.blocks.snapshot(revived.revision);
	return revived;
}

/** Switches the format and empties the content (a new announcement of that format, same owner). */
export function resetAnnouncement(a: Announcement, type: AnnouncementType, at: number): void {
	a.type = type;
	a.doc = { title: '', blocks: [], requests: [] };
	a.blocks.clear();
	a.revision = FIRST_REVISION[type];
	a.createTime = at;
	a.updateTime = at;
	a.modifier = a.owner;
	if (type === 'docx') a.blocks.snapshot(a.revision);
}

/**
 * Adds top-level docx blocks (create shape) as one edit by the owner: one revision per call, as an API write.
 * Used by the seed and the control API; throws the same ApiErrors as the create endpoint.
 */
export function seedDocxBlocks(
	store: Store,
	a: Announcement,
	children: unknown[],
	at: number,
): void {
	const fork = a.blocks.fork();
	createChildren(fork, a.blocks.rootId, { children }, { store, userToken: false });
	commitEdit(a, fork, a.owner, at);
}

/** Commits a successful edit on a fork: new revision (+1), modifier, time and snapshot. */
export function commitEdit(a: Announcement, fork: DocxTree, by: Principal, at: number): number {
	a.blocks.adopt(fork);
	a.revision += 1;
	a.updateTime = at;
	a.modifier = by;
	a.blocks.snapshot(a.revision);
	return a.revision;
}

/** Plain text of a docx announcement: one line per text-bearing block below the page (for control/tests). */
export function docxPlainText(a: Announcement): string[] {
	const lines: string[] = [];
	for (const b of a.blocks.preorder().slice(1)) {
		for (const [k, v] of Object.entries(b)) {
			const els = (v as { elements?: Array<Record<string, any>> } | null)?.elements;
			if (k === 'block_id' || !Array.isArray(els)) continue;
			lines.push(
				els
					.map(
						(e) =>
							e.text_run?.content ??
							(e.mention_user ? `@${e.mention_user.user_id}` : undefined) ??
							e.mention_doc?.title ??
							(e.mention_doc ? decodeURIComponent(e.mention_doc.url) : undefined) ??
							e.equation?.content ??
							'',
					)
					.join(''),
			);
		}
	}
	return lines;
}
