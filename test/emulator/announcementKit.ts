/** Shared helpers of the SDK-driven docx announcement suites (sdk-announcement*.test.ts). */
import type { Kit } from './testkit';

export const run = (content: string, style?: Record<string, unknown>) => ({
	text_run: { content, ...(style ? { text_element_style: style } : {}) },
});

/** A create-shape text block (block_type 2) with one text_run. */
export const para = (content: string) => ({ block_type: 2, text: { elements: [run(content)] } });

/** The text_element_style every element comes back with (§12 item 10). */
export const FALSE_STYLE = {
	bold: false,
	inline_code: false,
	italic: false,
	strikethrough: false,
	underline: false,
};

/** Turns the per-announcement edit throttle off (it is on, 3 edits/s, by default) for tests not about it. */
export const noThrottle = (kit: Kit) => kit.ctl('PUT', '/app', { announcementEditsPerSecond: 0 });

/** A chat created through the API (so its announcement is docx); returns its id. */
export async function createdChat(kit: Kit, name = 'Fresh'): Promise<string> {
	const r = await kit.client().im.v1.chat.create({ data: { name } });
	return r.data!.chat_id!;
}
