import type { ResourceDefinition } from '../types';

export const member: ResourceDefinition = {
	value: 'member',
	name: 'Member',
	operations: [],
};
