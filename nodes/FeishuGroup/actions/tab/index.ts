import type { ResourceDefinition } from '../types';

export const tab: ResourceDefinition = {
	value: 'tab',
	name: 'Tab',
	operations: [],
};
