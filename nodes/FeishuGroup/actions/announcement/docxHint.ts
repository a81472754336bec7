/** Feishu's code for "this chat's announcement is the newer docx format" (legacy endpoints). */
export const DOCX_ANNOUNCEMENT_CODE = 232097;

/** Feishu's code for "this chat's announcement is the legacy doc format" (docx endpoints). */
export const LEGACY_ANNOUNCEMENT_CODE = 1772006;

/** Feishu's codes for a scope the app (99991672) or the user (99991679) has not been granted. */
export const MISSING_SCOPE_CODES = [99991672, 99991679];

/** For legacy edit requests sent to a docx announcement: what to use instead. */
export function docxAnnouncementNote(chatId: string): string {
	return (
		`Chat ${chatId} has the newer document (docx) announcement, which legacy edit requests cannot change. ` +
		'Use Announcement → Append or Replace (they work on both formats), or Batch Update with Request Format "Docx" ' +
		`(batch_update requests for /open-apis/docx/v1/chats/${chatId}/announcement/blocks/batch_update).`
	);
}

/** For docx requests sent to a legacy announcement: what to use instead. */
export function legacyAnnouncementNote(chatId: string): string {
	return (
		`Chat ${chatId} still has a legacy (doc-format) announcement, which the docx announcement API cannot read or edit. ` +
		'Use Announcement → Get, Append or Replace (they work on both formats), or Batch Update with Request Format "Legacy Doc".'
	);
}

/** For a docx announcement the app cannot reach because it lacks the announcement scopes. */
export function missingDocxScopeNote(access: 'read' | 'write'): string {
	const scopes =
		access === 'read'
			? 'im:chat.announcement:read'
			: 'im:chat.announcement:read (to find the format) and im:chat.announcement:write_only (to edit)';
	return (
		`This chat has the newer document (docx) announcement. Its API accepts only the announcement scopes: grant ${scopes} ` +
		'in the developer console and publish a new version. The broad im:chat scope is not enough for docx announcements.'
	);
}

/**
 * For a legacy PATCH whose DeleteContentRangeRequestType Feishu refused (232018 "checkDeleteContentRange
 * fail", reported for announcements): the legacy API cannot delete announcement content at all.
 */
export function legacyDeleteRefusedNote(error: unknown): string {
	if (!String((error as Error | undefined)?.message ?? '').includes('checkDeleteContentRange'))
		return '';
	return (
		'Feishu does not accept DeleteContentRangeRequestType on legacy (doc-format) announcements, so nothing was changed. ' +
		'Add content with InsertBlocksRequestType (or Announcement → Append), or clear the announcement in the Feishu app.'
	);
}
