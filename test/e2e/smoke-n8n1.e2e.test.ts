/** Smoke test on n8n 1.x: the package loads there too, Chat → Get works, one trigger event works. */
import { walkingSkeleton } from './skeleton.shared';

walkingSkeleton('n8n1');
