/** The trigger suite (trigger.shared.ts) on n8n 1.123.81, without the test-URL case (another REST API there). */
import { triggerSuite } from './trigger.shared';

triggerSuite('n8n1');
