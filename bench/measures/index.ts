/** Every measure, in the order `npm run bench` runs them (in-process ones first, then one real n8n for the rest). */
import type { Measure } from '../lib/types';
import { dedupeMemory } from './dedupeMemory';
import { economy } from './economy';
import { economyN8n } from './economyN8n';
import { emulatorCeiling } from './emulatorCeiling';
import { longConnection } from './longConnection';
import { queueMode } from './queueMode';
import { throughput } from './throughput';
import { triggerCore } from './triggerCore';
import { webhookCpu } from './webhookCpu';
import { webhookLatency } from './webhookLatency';

export const MEASURES: Measure[] = [
	emulatorCeiling,
	economy,
	triggerCore,
	dedupeMemory,
	longConnection,
	economyN8n,
	throughput,
	webhookCpu,
	webhookLatency,
	queueMode,
];
