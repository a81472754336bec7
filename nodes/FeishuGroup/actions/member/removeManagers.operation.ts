import { chatIdLocator } from '../../descriptions/common';
import { memberIdsField, memberIdTypeOption } from '../../descriptions/members';
import type { OperationDefinition } from '../types';
import { changeManagers } from './managers';

export const removeManagers: OperationDefinition = {
	value: 'removeManagers',
	name: 'Remove Managers',
	action: 'Remove managers from a chat',
	description:
		'Take the manager role away from users or bots (owner only; they stay members); outputs the current managers',
	properties: [
		chatIdLocator,
		memberIdsField({
			name: 'managerIds',
			displayName: 'Manager IDs',
			action: 'remove from the managers',
			perCall: 'at most 50 users or 5 bots per request',
		}),
		memberIdTypeOption,
	],
	async execute(itemIndex) {
		return await changeManagers(this, itemIndex, 'delete_managers');
	},
};
