/**
 * One docx announcement: the block tree (root block id = chat_id), its revision snapshots, the client_token replay
 * cache and the recent edit times for the per-announcement throttle. Serialises (JSON) as the pre-order block list.
 */
import { createHash } from 'node:crypto';
import type { Block } from './model';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Revisions more than this far behind the latest answer 1770021 (§3.4), so older snapshots are dropped. */
export const MAX_REVISION_LAG = 1000;

const clone = <T>(v: T): T => structuredClone(v);

export class DocxTree {
	private blocks = new Map<string, Block>();
	private idCounter = 0;
	/** revision -> pre-order snapshot of the tree after that revision. */
	private history = new Map<number, Block[]>();
	/** "<endpoint> <client_token>" -> the data of the first successful answer. */
	readonly replays = new Map<string, unknown>();
	/** Times (ms) of recent edit attempts, for the 3-edits-per-second throttle. */
	editTimes: number[] = [];

	constructor(readonly rootId: string) {
		this.blocks.set(rootId, {
			block_id: rootId,
			parent_id: '',
			block_type: 1,
			page: {
				elements: [
					{
						text_run: {
							content: '',
							text_element_style: {
								bold: false,
								inline_code: false,
								italic: false,
								strikethrough: false,
								underline: false,
							},
						},
					},
				],
				style: { align: 1 },
			},
		});
	}

	/** 27 characters of [A-Za-z0-9], deterministic per tree so runs are reproducible after a reset. */
	newId(): string {
		for (;;) {
			this.idCounter += 1;
			const h = createHash('sha256').update(`${this.rootId}:block:${this.idCounter}`).digest();
			let s = '';
			for (let i = 0; i < 27; i++) s += ALPHABET[h[i] % ALPHABET.length];
			// A restored tree restarts the counter: never hand out an id that is already in use.
			if (!this.blocks.has(s)) return s;
		}
	}

	/** Rebuilds a tree from its JSON form (the pre-order list), e.g. from a saved state file. */
	static fromBlocks(rootId: string, list: unknown): DocxTree {
		const tree = new DocxTree(rootId);
		if (!Array.isArray(list)) return tree;
		const blocks = list.filter(
			(b): b is Block => !!b && typeof b === 'object' && typeof (b as Block).block_id === 'string',
		);
		if (blocks.some((b) => b.block_id === rootId))
			tree.blocks = new Map(blocks.map((b) => [b.block_id, b]));
		return tree;
	}

	get(id: string): Block | undefined {
		return this.blocks.get(id);
	}

	has(id: string): boolean {
		return this.blocks.has(id);
	}

	get size(): number {
		return this.blocks.size;
	}

	childIds(id: string): string[] {
		return this.blocks.get(id)?.children ?? [];
	}

	/** Adds a block that is already complete (id, parent, payload); children ids are linked separately. */
	put(block: Block): void {
		this.blocks.set(block.block_id, block);
	}

	/** Links child ids into the parent's children at index (-1 = end). */
	link(parentId: string, ids: string[], index: number): void {
		const parent = this.blocks.get(parentId) as Block;
		const list = [...(parent.children ?? [])];
		list.splice(index < 0 ? list.length : index, 0, ...ids);
		parent.children = list;
	}

	/** Removes children [start, end) of a parent with their subtrees; returns the removed top ids. */
	unlinkRange(parentId: string, start: number, end: number): string[] {
		const parent = this.blocks.get(parentId) as Block;
		const list = [...(parent.children ?? [])];
		const removed = list.splice(start, end - start);
		if (list.length) parent.children = list;
		else delete parent.children;
		for (const id of removed) this.dropSubtree(id);
		return removed;
	}

	private dropSubtree(id: string): void {
		for (const c of this.childIds(id)) this.dropSubtree(c);
		this.blocks.delete(id);
	}

	/** Pre-order (depth-first) list, root first — the order of "list blocks". */
	preorder(): Block[] {
		const out: Block[] = [];
		const walk = (id: string) => {
			const b = this.blocks.get(id);
			if (!b) return;
			out.push(b);
			for (const c of b.children ?? []) walk(c);
		};
		walk(this.rootId);
		return out;
	}

	depthOf(id: string): number {
		let d = 0;
		for (let b = this.blocks.get(id); b && b.parent_id; b = this.blocks.get(b.parent_id)) d++;
		return d;
	}

	/** A working copy for all-or-nothing edits (history, replays and edit times stay shared). */
	fork(): DocxTree {
		const copy = Object.create(DocxTree.prototype) as DocxTree;
		Object.assign(copy, this);
		copy.blocks = new Map([...this.blocks].map(([k, v]) => [k, clone(v)]));
		return copy;
	}

	/** Takes over the blocks and id counter of a fork after a successful edit. */
	adopt(fork: DocxTree): void {
		this.blocks = fork.blocks;
		this.idCounter = fork.idCounter;
	}

	/** Records the tree as it is after `revision`; keeps only the last MAX_REVISION_LAG + 1 snapshots. */
	snapshot(revision: number): void {
		this.history.set(revision, clone(this.preorder()));
		const oldest = revision - MAX_REVISION_LAG;
		for (const r of this.history.keys()) if (r < oldest) this.history.delete(r);
	}

	/** A read-only view of the tree at a recorded revision (undefined when not recorded). */
	viewAt(revision: number): TreeView | undefined {
		const list = this.history.get(revision);
		return list ? new TreeView(list) : undefined;
	}

	/** Empties the tree back to a fresh page block (format switches and control resets). */
	clear(): void {
		this.blocks = new DocxTree(this.rootId).blocks;
		this.history.clear();
		this.replays.clear();
		this.editTimes = [];
	}

	toJSON(): Block[] {
		return this.preorder();
	}
}

/** Reads over one revision's snapshot: the same questions the live tree answers, without mutation. */
export class TreeView {
	private readonly byId: Map<string, Block>;
	constructor(private readonly list: Block[]) {
		this.byId = new Map(list.map((b) => [b.block_id, b]));
	}
	get(id: string): Block | undefined {
		return this.byId.get(id);
	}
	preorder(): Block[] {
		return this.list;
	}
	children(id: string): Block[] {
		return (this.byId.get(id)?.children ?? []).map((c) => this.byId.get(c) as Block);
	}
}
