import { chat } from './chat';
import type { ResourceDefinition } from './types';

/** Every resource of the node, in the order the editor lists them. */
export const resources: ResourceDefinition[] = [chat];
