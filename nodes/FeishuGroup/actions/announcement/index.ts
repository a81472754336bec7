import type { ResourceDefinition } from '../types';
import { get } from './get.operation';
import { update } from './update.operation';

export const announcement: ResourceDefinition = {
	value: 'announcement',
	name: 'Announcement',
	operations: [get, update],
};
