import type { IExecuteFunctions, INodeType } from 'n8n-workflow';

import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';

/**
 * The Feishu Group node as n8n runs it inside an execution: n8n supplies an execution id and a run
 * index that the test model of the context does not have, and idempotency keys (Chat → Create,
 * announcement writes) are derived from them.
 */
export function nodeInExecution(executionId: string, runIndex = 0): INodeType {
	const node = new FeishuGroup();
	return {
		description: node.description,
		methods: node.methods,
		async execute(this: IExecuteFunctions) {
			const context = Object.create(this) as IExecuteFunctions;
			context.getExecutionId = () => executionId;
			context.getWorkflowDataProxy = (() => ({ $runIndex: runIndex })) as never;
			return await node.execute.call(context);
		},
	} as INodeType;
}
