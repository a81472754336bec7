import type { INodeExecutionData } from 'n8n-workflow';

/**
 * In HTTP callback mode a test run ("Listen for test event") starts with webhook(); n8n then runs the
 * node's trigger() in manual mode, which has no access to the webhook's output. webhook() leaves the
 * items here and trigger() picks them up. Both happen in the same process, moments apart.
 */
const stash = new Map<string, { items: INodeExecutionData[][]; at: number }>();
const MAX_AGE_MS = 5 * 60_000;

function key(workflowId: string | undefined, nodeName: string): string {
	return `${workflowId ?? ''}|${nodeName}`;
}

export function stashTestItems(
	workflowId: string | undefined,
	nodeName: string,
	items: INodeExecutionData[][],
): void {
	const now = Date.now();
	for (const [k, entry] of stash) if (now - entry.at > MAX_AGE_MS) stash.delete(k);
	stash.set(key(workflowId, nodeName), { items, at: now });
}

export function takeTestItems(
	workflowId: string | undefined,
	nodeName: string,
): INodeExecutionData[][] | undefined {
	const k = key(workflowId, nodeName);
	const entry = stash.get(k);
	stash.delete(k);
	return entry && Date.now() - entry.at <= MAX_AGE_MS ? entry.items : undefined;
}
