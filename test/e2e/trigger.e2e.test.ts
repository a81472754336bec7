/** The trigger suite (trigger.shared.ts) on n8n 2.41.1. */
import { triggerSuite } from './trigger.shared';

triggerSuite('n8n2');
