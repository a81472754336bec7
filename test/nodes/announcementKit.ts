/** Shared by the Announcement node suites (announcement-*.test.ts). */
import type { LoggedRequest } from '../helpers/emulatorHarness';

/** The docx (upgraded) announcement endpoint of a chat. */
export const NEW = (chatId: string) => `/open-apis/docx/v1/chats/${chatId}/announcement`;
/** The legacy (doc-format) announcement endpoint of a chat. */
export const OLD = (chatId: string) => `/open-apis/im/v1/chats/${chatId}/announcement`;

/** The calls a run made, as "METHOD path". */
export const calls = (requests: LoggedRequest[]) => requests.map((r) => `${r.method} ${r.path}`);

/** Append/Replace parameters for the paragraph form, one row per paragraph. */
export const form = (...rows: Array<Record<string, unknown>>) => ({
	defineBy: 'fields',
	paragraphs: { paragraph: rows },
});
