import { chatIdLocator } from '../../descriptions/common';
import { memberIdsField, memberIdTypeOption } from '../../descriptions/members';
import type { OperationDefinition } from '../types';
import { changeManagers } from './managers';

export const addManagers: OperationDefinition = {
	value: 'addManagers',
	name: 'Add Managers',
	action: 'Add managers to a chat',
	description:
		'Make chat members managers (owner only; at most 10 managers, 20 in very large chats); outputs the current managers',
	properties: [
		chatIdLocator,
		memberIdsField({
			name: 'managerIds',
			displayName: 'Manager IDs',
			action: 'make managers (they must already be members of the chat)',
			perCall: 'at most 50 users or 5 bots per request',
		}),
		memberIdTypeOption,
	],
	async execute(itemIndex) {
		return await changeManagers(this, itemIndex, 'add_managers');
	},
};
