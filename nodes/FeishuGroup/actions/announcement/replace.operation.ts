import type { IDataObject } from 'n8n-workflow';

import { chatIdLocator } from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { replaceDocxBlocks } from './docxWrite';
import { detectFormat, legacyUnlessDocx } from './format';
import { appendLegacyBlocks, legacyReplaceError, replaceLegacyBlocks } from './legacyWrite';
import { blocksForFormat, contentFields, readWriteInput } from './writeInput';

export const replace: OperationDefinition = {
	value: 'replace',
	name: 'Replace',
	action: 'Replace a chat announcement',
	description:
		"Make a chat's announcement exactly the given paragraphs: on docx announcements the old blocks are removed and the new ones written; legacy (doc-format) announcements usually cannot be replaced through the API, and the error says what to do instead",
	properties: [
		chatIdLocator,
		...contentFields(),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'If Replace Is Impossible',
					name: 'onLegacyImpossible',
					type: 'options',
					options: [
						{
							name: 'Fail With Explanation',
							value: 'fail',
							description: 'Stop with an error that says why and what to do instead',
						},
						{
							name: 'Append Instead',
							value: 'append',
							description:
								'Add the paragraphs at the end and keep the old content (the output says replaced: false)',
						},
					],
					default: 'fail',
					description:
						"What to do when a legacy (doc-format) announcement cannot be replaced (Feishu's legacy API has no way to clear it)",
				},
			],
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const input = readWriteInput(this, itemIndex);
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const probe = await detectFormat(this, chatId, itemIndex);

		if (probe.format === 'docx') {
			const blocks = blocksForFormat(this, itemIndex, input, 'docx');
			const result = await replaceDocxBlocks(
				this,
				chatId,
				itemIndex,
				blocks,
				probe.info?.revision_id,
			);
			return {
				chat_id: chatId,
				format: 'docx',
				replaced: true,
				removed: result.removed,
				added: blocks.length,
				revision: result.revision,
				block_ids: result.block_ids,
			};
		}

		const blocks = blocksForFormat(this, itemIndex, input, 'doc');
		return await legacyUnlessDocx(this, probe, itemIndex, 'write', async () => {
			const result = await replaceLegacyBlocks(this, chatId, itemIndex, blocks);
			if (result.replaced)
				return { chat_id: chatId, format: 'doc', ...result, added: blocks.length };
			if (options.onLegacyImpossible !== 'append')
				throw legacyReplaceError(this, itemIndex, result);
			const appended = await appendLegacyBlocks(this, chatId, itemIndex, blocks, result.revision);
			return {
				chat_id: chatId,
				format: 'doc',
				replaced: false,
				appended: true,
				added: blocks.length,
				reason: result.explanation,
				...appended,
			};
		});
	},
};
