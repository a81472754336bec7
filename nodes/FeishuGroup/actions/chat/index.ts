import type { ResourceDefinition } from '../types';
import { get } from './get.operation';

export const chat: ResourceDefinition = {
	value: 'chat',
	name: 'Chat',
	operations: [get],
};
