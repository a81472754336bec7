/** Every measure, in the order `npm run bench` runs them (cheap in-process ones first, real n8n last). */
import type { Measure } from '../lib/types';
import { economy } from './economy';

export const MEASURES: Measure[] = [economy];
