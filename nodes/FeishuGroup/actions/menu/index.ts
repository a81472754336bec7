import type { ResourceDefinition } from '../types';

export const menu: ResourceDefinition = {
	value: 'menu',
	name: 'Menu',
	operations: [],
};
