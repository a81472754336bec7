import type { ResourceDefinition } from '../types';
import { create } from './create.operation';
import { deleteTabs } from './delete.operation';
import { getAll } from './getAll.operation';
import { sort } from './sort.operation';
import { update } from './update.operation';

export const tab: ResourceDefinition = {
	value: 'tab',
	name: 'Tab',
	defaultOperation: 'create',
	operations: [create, update, sort, getAll, deleteTabs],
};
