import { createHash } from 'crypto';

/**
 * Longest id (or dedupe key) kept as is. Feishu's event ids are 32 hex characters; anything longer is
 * stored as its SHA-256, so a sender cannot make the duplicate stores hold megabytes per entry.
 */
export const MAX_ID_CHARS = 128;

/**
 * The id to store: the id itself while it is short and on one line, else a fixed-length digest of it
 * (which still tells equal ids apart from different ones).
 */
export function boundedId(id: string, maxChars = MAX_ID_CHARS): string {
	if (id.length <= maxChars && !id.includes('\n')) return id;
	return `sha256:${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}
