import type { ResourceDefinition } from '../types';

export const announcement: ResourceDefinition = {
	value: 'announcement',
	name: 'Announcement',
	operations: [],
};
