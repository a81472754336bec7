import type { ResourceDefinition } from '../types';
import { create } from './create.operation';
import { deleteMenu } from './delete.operation';
import { get } from './get.operation';
import { sort } from './sort.operation';
import { updateItem } from './updateItem.operation';

export const menu: ResourceDefinition = {
	value: 'menu',
	name: 'Menu',
	defaultOperation: 'create',
	operations: [create, updateItem, sort, get, deleteMenu],
};
