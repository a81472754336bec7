/**
 * Writes (#5 create children, #6 batch_update, #7 batch_delete). Every write goes through `edit`: edit right,
 * the per-announcement throttle, revision_id (base version; the server rebases, 1770021 when > 1000 behind),
 * client_token (echoed or generated; a repeat returns the first answer without applying again), an all-or-nothing
 * apply on a fork, then one new revision (+1) per call.
 */
import { randomUUID } from 'node:crypto';
import type { Call } from '../../api';
import { docxError } from '../../errors';
import { createChildren, MAX_TEXT_CHARS, textSize } from '../../docx/create';
import { commitEdit } from '../../docx/lifecycle';
import { Block, mustKeepAChild, GRID, TABLE, VIEW } from '../../docx/model';
import type { DocxTree } from '../../docx/tree';
import { batchUpdate } from '../../docx/update';
import { touch } from '../common';
import { announcementChat, requireEditRight, throttleEdit } from './guard';
import { revisionParam, userIdTypeParam } from './query';

function edit(
	c: Call,
	endpoint: string,
	apply: (fork: DocxTree) => Record<string, unknown>,
): unknown {
	const chat = announcementChat(c);
	requireEditRight(c, chat);
	const a = chat.announcement;
	const token = c.req.query.client_token || undefined;
	const key = `${endpoint}|${token}`;
	if (token && a.blocks.replays.has(key)) return a.blocks.replays.get(key);
	throttleEdit(c, chat);
	revisionParam(c, chat); // validated; edits are rebased onto the latest revision
	const fork = a.blocks.fork();
	const out = apply(fork);
	if (textSize(fork.preorder()) > MAX_TEXT_CHARS) throw docxError(1770033);
	const revision = commitEdit(a, fork, c.caller, c.emu.clock.now());
	touch(c, chat);
	const data = { ...out, revision_id: revision, client_token: token ?? randomUUID() };
	if (token) a.blocks.replays.set(key, data);
	return data;
}

export function createBlockChildren(c: Call): unknown {
	userIdTypeParam(c);
	const blockId = c.req.params.block_id;
	return edit(c, `create|${blockId}`, (fork) => ({
		children: createChildren(fork, blockId, c.body, {
			store: c.emu.store,
			userToken: c.caller.kind === 'user',
		}),
	}));
}

export function batchUpdateBlocks(c: Call): unknown {
	userIdTypeParam(c);
	return edit(c, 'batch_update', (fork) => ({ blocks: batchUpdate(fork, c.body, c.emu.store) }));
}

const intAtLeast = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;

export function batchDeleteChildren(c: Call): unknown {
	const blockId = c.req.params.block_id;
	return edit(c, `batch_delete|${blockId}`, (fork) => {
		const parent = fork.get(blockId);
		if (!parent) throw docxError(1770002);
		const { start_index: start, end_index: end } = c.body;
		if (!intAtLeast(start, 0))
			throw docxError(1770001, {
				field: 'start_index',
				value: start ?? '',
				description: 'start_index >= 0',
			});
		if (!intAtLeast(end, 1))
			throw docxError(1770001, {
				field: 'end_index',
				value: end ?? '',
				description: 'end_index >= 1',
			});
		const count = fork.childIds(blockId).length;
		if (start >= end || end > count)
			throw docxError(1770001, {
				field: 'end_index',
				value: end,
				description: `need start_index < end_index <= ${count} (children of the block)`,
			});
		// Table cells and grid columns change only through batch_update; a View's file goes with the View.
		if ([TABLE, GRID, VIEW].includes((parent as Block).block_type)) throw docxError(1770031);
		if (mustKeepAChild(parent.block_type) && end - start >= count) throw docxError(1770031);
		fork.unlinkRange(blockId, start, end);
		return {};
	});
}
