import {
	chatIdLocator,
	limitOption,
	returnAllOption,
	simplifyOption,
} from '../../descriptions/common';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { listTabs } from './api';
import { simplifyTab } from './simplify';

export const getAll: OperationDefinition = {
	value: 'getAll',
	name: 'Get Many',
	action: 'Get many tabs of a chat',
	description:
		'List the tabs of a chat in display order (message tab first), one item per tab with its ID, name, type and link',
	properties: [chatIdLocator, returnAllOption, limitOption, simplifyOption],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const tabs = await listTabs.call(this, chatId, itemIndex);
		// Feishu returns every tab at once, so Return All / Limit is applied here.
		const wanted = this.getNodeParameter('returnAll', itemIndex)
			? tabs
			: tabs.slice(0, this.getNodeParameter('limit', itemIndex) as number);
		const simplify = this.getNodeParameter('simplify', itemIndex) as boolean;
		return wanted.map((tab) => (simplify ? simplifyTab(tab, chatId) : { chat_id: chatId, ...tab }));
	},
};
