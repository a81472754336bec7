import { announcement } from './announcement';
import { chat } from './chat';
import { customApi } from './custom';
import { member } from './member';
import { menu } from './menu';
import { tab } from './tab';
import type { ResourceDefinition } from './types';

/** Every resource of the node, in the order the editor lists them. */
export const resources: ResourceDefinition[] = [
	chat,
	member,
	announcement,
	tab,
	menu,
	customApi,
].filter((resource) => resource.operations.length > 0);
