/**
 * Control API for announcements (registered by ../control.ts):
 *   GET /__emulator/chats/:chat_id/announcement  -> format, revision, legacy content, docx blocks and plain text
 *   PUT /__emulator/chats/:chat_id/announcement  {type:"doc"|"docx", paragraphs?: string[], blocks?: [create-shape]}
 *       -> a fresh announcement of that format (content replaced), optionally filled, as the chat owner.
 */
import type { Emulator } from '../emulator';
import { ApiError } from '../errors';
import type { Answer, Req, Router } from '../http';
import type { Chat } from '../state';
import { docxPlainText, resetAnnouncement, seedDocxBlocks } from './lifecycle';

type Handler = (emu: Emulator, req: Req) => Answer | Promise<Answer>;

const json = (body: unknown, status = 200): Answer => ({ status, body });

export function announcementState(chat: Chat): Record<string, unknown> {
	const a = chat.announcement;
	return {
		chat_id: chat.chat_id,
		announcement_type: a.type,
		revision: a.revision,
		create_time: Math.floor(a.createTime / 1000),
		update_time: Math.floor(a.updateTime / 1000),
		owner: a.owner,
		modifier: a.modifier,
		doc: a.type === 'doc' ? a.doc : undefined,
		blocks: a.type === 'docx' ? a.blocks.preorder() : undefined,
		text: a.type === 'docx' ? docxPlainText(a) : undefined,
	};
}

function paragraphBlocks(paragraphs: string[]): unknown[] {
	return paragraphs.map((p) => ({
		block_type: 2,
		text: { elements: [{ text_run: { content: p } }] },
	}));
}

function legacyParagraphs(paragraphs: string[]): unknown[] {
	return paragraphs.map((p) => ({
		type: 'paragraph',
		paragraph: { elements: [{ type: 'textRun', textRun: { text: p, style: {} } }], style: {} },
	}));
}

function setAnnouncement(emu: Emulator, req: Req): Answer {
	const chat = emu.store.chats.get(req.params.chat_id);
	if (!chat) return json({ ok: false, error: 'no such chat' }, 404);
	if (req.bodyError) return json({ ok: false, error: 'invalid JSON: ' + req.bodyError }, 400);
	const b = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, any>;
	const type = b.type ?? chat.announcement.type;
	if (type !== 'doc' && type !== 'docx')
		return json({ ok: false, error: 'type must be doc or docx' }, 400);
	const paragraphs = b.paragraphs ?? [];
	if (!Array.isArray(paragraphs) || paragraphs.some((p: unknown) => typeof p !== 'string'))
		return json({ ok: false, error: 'paragraphs must be a string array' }, 400);
	if (b.blocks !== undefined && (type !== 'docx' || !Array.isArray(b.blocks)))
		return json(
			{ ok: false, error: 'blocks (an array of create-shape blocks) need type docx' },
			400,
		);
	const a = chat.announcement;
	const now = emu.clock.now();
	resetAnnouncement(a, type, now);
	try {
		const blocks = [...paragraphBlocks(type === 'docx' ? paragraphs : []), ...(b.blocks ?? [])];
		// Chunks of 50, like the API; each chunk is one revision.
		for (let i = 0; i < blocks.length; i += 50)
			seedDocxBlocks(emu.store, a, blocks.slice(i, i + 50), now);
	} catch (e) {
		resetAnnouncement(a, type, now);
		if (e instanceof ApiError) return json({ ok: false, error: e.message, code: e.code }, 400);
		throw e;
	}
	if (type === 'doc' && paragraphs.length) {
		a.doc.blocks = legacyParagraphs(paragraphs);
		a.revision += 1;
	}
	return json({ ok: true, announcement: announcementState(chat) });
}

export function registerAnnouncementControl(routes: Router<Handler>): void {
	routes.add('GET', '/__emulator/chats/:chat_id/announcement', (emu, req) => {
		const chat = emu.store.chats.get(req.params.chat_id);
		return chat ? json(announcementState(chat)) : json({ ok: false, error: 'no such chat' }, 404);
	});
	routes.add('PUT', '/__emulator/chats/:chat_id/announcement', setAnnouncement);
}
