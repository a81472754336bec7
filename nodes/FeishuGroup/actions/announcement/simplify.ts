import type { IDataObject } from 'n8n-workflow';

import { bodyText, parseContent, titleText } from './content';

/** Feishu gives unix seconds as strings; people and agents read ISO dates better. */
function isoTime(value: unknown): string | undefined {
	const seconds = Number(value);
	if (value === undefined || value === '' || !Number.isFinite(seconds)) return undefined;
	return new Date(seconds * 1000).toISOString();
}

/** Title and text as plain strings, the parsed document, the revision (needed to update) and dates. */
export function simplifyAnnouncement(announcement: IDataObject): IDataObject {
	const doc = parseContent(announcement.content);
	const simple: IDataObject = {
		chat_id: announcement.chat_id,
		revision: announcement.revision,
		title: doc ? titleText(doc) : '',
		text: doc ? bodyText(doc) : '',
		content_parsed: doc ?? null,
	};
	const created = isoTime(announcement.create_time);
	const updated = isoTime(announcement.update_time);
	if (created) simple.created_at = created;
	if (updated) simple.updated_at = updated;
	for (const key of ['owner_id', 'owner_id_type', 'modifier_id', 'modifier_id_type']) {
		if (announcement[key] !== undefined) simple[key] = announcement[key];
	}
	return simple;
}
