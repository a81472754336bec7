import type { ResourceDefinition } from '../types';
import { append } from './append.operation';
import { batchUpdate } from './batchUpdate.operation';
import { get } from './get.operation';
import { replace } from './replace.operation';
import { update } from './update.operation';

export const announcement: ResourceDefinition = {
	value: 'announcement',
	name: 'Announcement',
	// Saved workflows that never changed the operation run Get (the first one in version 1).
	defaultOperation: 'get',
	operations: [get, append, replace, batchUpdate, update],
};
