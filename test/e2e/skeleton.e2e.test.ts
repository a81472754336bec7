/** Walking skeleton on n8n 2.x (the line `npm start` uses): package, Chat → Get, trigger by HTTP callback. */
import { walkingSkeleton } from './skeleton.shared';

walkingSkeleton('n8n2', { harnessWebhook: true });
