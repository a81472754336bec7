/** Shared helpers of the SDK-driven docx announcement suites (sdk-announcement*.test.ts). */
import type { Kit, lark } from './testkit';

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

type CreateChildrenData = NonNullable<
	Parameters<lark.Client['docx']['v1']['chatAnnouncementBlockChildren']['create']>[0]
>['data'];
/** What the SDK's create-children call takes as `children`. */
type NewBlocks = NonNullable<CreateChildrenData>['children'];

/** A fresh docx chat with `children` appended to its page in one call: the client, the chat id, the created blocks. */
export async function chatWithBlocks(kit: Kit, children: NewBlocks) {
	const client = kit.client();
	const chat_id = await createdChat(kit);
	const r = await client.docx.v1.chatAnnouncementBlockChildren.create({
		path: { chat_id, block_id: chat_id },
		data: { children },
	});
	return { client, chat_id, blocks: r.data!.children! };
}
