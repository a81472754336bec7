/** Empty blocks the server creates by itself: the blank text inside new grid columns, table cells and callouts. */
import { Block, TEXT } from './model';
import { normaliseStyle } from './text';
import type { DocxTree } from './tree';

export const EMPTY_ELEMENT_STYLE = () => ({
	bold: false,
	inline_code: false,
	italic: false,
	strikethrough: false,
	underline: false,
});

/** A stored text block with one empty text_run (not yet linked to its parent). */
export function emptyText(tree: DocxTree, parentId: string): Block {
	const b: Block = {
		block_id: tree.newId(),
		parent_id: parentId,
		block_type: TEXT,
		text: {
			elements: [{ text_run: { content: '', text_element_style: EMPTY_ELEMENT_STYLE() } }],
			style: normaliseStyle(TEXT, {}),
		},
	};
	tree.put(b);
	return b;
}

/** Gives a container one empty text child (grid columns, table cells, callouts must keep a child). */
export function fillWithEmptyText(tree: DocxTree, block: Block): void {
	block.children = [emptyText(tree, block.block_id).block_id];
}
