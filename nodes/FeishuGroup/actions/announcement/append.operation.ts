import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { createTopLevelBlocks } from './docxWrite';
import { detectFormat, legacyUnlessDocx } from './format';
import { appendLegacyBlocks } from './legacyWrite';
import { blocksForFormat, contentFields, readWriteInput } from './writeInput';

export const append: OperationDefinition = {
	value: 'append',
	name: 'Append',
	action: 'Append to a chat announcement',
	description:
		"Add paragraphs at the end of a chat's announcement, whatever its format (docx or legacy): text, headings, list items, to-dos, quotes, code, dividers, with links, bold/italic and @mentions, or raw blocks as JSON",
	properties: [chatIdLocator, ...contentFields()],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const input = readWriteInput(this, itemIndex);
		const probe = await detectFormat(this, chatId, itemIndex);

		if (probe.format === 'docx') {
			const blocks = blocksForFormat(this, itemIndex, input, 'docx');
			const result = await createTopLevelBlocks(this, chatId, itemIndex, blocks, {
				step: 'append',
			});
			return {
				chat_id: chatId,
				format: 'docx',
				added: blocks.length,
				revision: result.revision,
				block_ids: result.block_ids,
			};
		}

		const blocks = blocksForFormat(this, itemIndex, input, 'doc');
		const result = await legacyUnlessDocx(this, probe, itemIndex, 'write', async () =>
			appendLegacyBlocks(this, chatId, itemIndex, blocks),
		);
		return { chat_id: chatId, format: 'doc', added: blocks.length, ...result };
	},
};
