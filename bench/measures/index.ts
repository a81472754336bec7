/** Every measure, in the order `npm run bench` runs them (cheap in-process ones first, real n8n last). */
import type { Measure } from '../lib/types';
import { dedupeMemory } from './dedupeMemory';
import { economy } from './economy';
import { emulatorCeiling } from './emulatorCeiling';
import { longConnection } from './longConnection';
import { triggerCore } from './triggerCore';

export const MEASURES: Measure[] = [emulatorCeiling, economy, triggerCore, dedupeMemory, longConnection];
