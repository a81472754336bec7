/**
 * Loads the node classes from source. `require('…/FeishuGroup.node')` would pick FeishuGroup.node.json (Node
 * tries .json before ts-node's .ts), so the .ts file is named explicitly.
 */
import * as path from 'path';

import type { FeishuGroup as FeishuGroupType } from '../../nodes/FeishuGroup/FeishuGroup.node';

const NODES = path.resolve(__dirname, '../../nodes');

export function loadFeishuGroup(): typeof FeishuGroupType {
	return (
		require(path.join(NODES, 'FeishuGroup/FeishuGroup.node.ts')) as {
			FeishuGroup: typeof FeishuGroupType;
		}
	).FeishuGroup;
}
