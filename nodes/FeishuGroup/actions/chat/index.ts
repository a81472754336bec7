import type { ResourceDefinition } from '../types';
import { create } from './create.operation';
import { disband } from './disband.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { getModeration } from './getModeration.operation';
import { getShareLink } from './getShareLink.operation';
import { pinTopNotice } from './pinTopNotice.operation';
import { removeTopNotice } from './removeTopNotice.operation';
import { search } from './search.operation';
import { update } from './update.operation';
import { updateModeration } from './updateModeration.operation';

export const chat: ResourceDefinition = {
	value: 'chat',
	name: 'Chat',
	defaultOperation: 'create',
	operations: [
		create,
		get,
		getAll,
		search,
		getModeration,
		updateModeration,
		getShareLink,
		update,
		pinTopNotice,
		removeTopNotice,
		disband,
	],
};
