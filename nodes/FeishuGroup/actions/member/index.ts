import type { ResourceDefinition } from '../types';
import { add } from './add.operation';
import { addManagers } from './addManagers.operation';
import { getAll } from './getAll.operation';
import { isInChat } from './isInChat.operation';
import { join } from './join.operation';
import { remove } from './remove.operation';
import { removeManagers } from './removeManagers.operation';

export const member: ResourceDefinition = {
	value: 'member',
	name: 'Member',
	defaultOperation: 'add',
	operations: [add, remove, getAll, isInChat, join, addManagers, removeManagers],
};
