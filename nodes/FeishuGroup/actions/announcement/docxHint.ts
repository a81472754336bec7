/** Feishu's code for "this chat's announcement is the newer docx format". */
export const DOCX_ANNOUNCEMENT_CODE = 232097;

/**
 * What to do with this chat's docx announcement, spelled out with its id: the docx announcement
 * API (whose page block id is the chat id) through the node's Custom API Call.
 */
export function docxAnnouncementNote(chatId: string): string {
	const base = `/open-apis/docx/v1/chats/${chatId}/announcement`;
	return (
		'This chat has the newer document (docx) announcement, which Announcement → Get / Update cannot handle. ' +
		'Use Resource "Custom API Call" with the docx announcement API instead: ' +
		`read the text with GET ${base}/blocks; add a paragraph with POST ${base}/blocks/${chatId}/children ` +
		'and the body {"children":[{"block_type":2,"text":{"elements":[{"text_run":{"content":"Hello"}}]}}]}.'
	);
}
