import type { IDataObject } from 'n8n-workflow';

import { readDocxBlocks } from './docxBlocks';
import { readLegacyContent } from './legacyDoc';

/** Feishu gives unix seconds (strings in the legacy API); people and agents read ISO dates better. */
function isoTime(value: unknown): string | undefined {
	const seconds = Number(value);
	if (value === undefined || value === '' || !Number.isFinite(seconds)) return undefined;
	return new Date(seconds * 1000).toISOString();
}

/** Dates and who owns / last changed the announcement, from either API's fields. */
function peopleAndTimes(source: IDataObject, simple: IDataObject): IDataObject {
	const created = isoTime(source.create_time);
	const updated = isoTime(source.update_time);
	if (created) simple.created_at = created;
	if (updated) simple.updated_at = updated;
	for (const key of ['owner_id', 'owner_id_type', 'modifier_id', 'modifier_id_type']) {
		if (source[key] !== undefined) simple[key] = source[key];
	}
	return simple;
}

/**
 * A legacy (doc-format) announcement: title and text as plain strings, the paragraphs, the parsed
 * document, the revision (a string, needed by Update) and dates.
 */
export function simplifyAnnouncement(announcement: IDataObject): IDataObject {
	const read = readLegacyContent(announcement.content);
	const simple: IDataObject = {
		chat_id: announcement.chat_id,
		format: 'doc',
		revision: announcement.revision,
		title: read.title,
		text: read.text,
		paragraphs: read.paragraphs as unknown as IDataObject[],
		content_parsed: read.doc ?? null,
	};
	return peopleAndTimes(announcement, simple);
}

/** A docx announcement: text, paragraphs, the revision (a number) and dates, from basic info and blocks. */
export function simplifyDocxAnnouncement(
	chatId: string,
	info: IDataObject,
	blocks: IDataObject[],
): IDataObject {
	const read = readDocxBlocks(blocks, chatId);
	const simple: IDataObject = {
		chat_id: chatId,
		format: 'docx',
		revision: info.revision_id,
		title: read.title,
		text: read.text,
		paragraphs: read.paragraphs as unknown as IDataObject[],
	};
	return peopleAndTimes(info, simple);
}
