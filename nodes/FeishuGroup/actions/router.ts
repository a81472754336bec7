import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { getAuthentication } from '../../shared/transport';
import { resources } from './resources';
import type { OperationDefinition } from './types';

function findOperation(resource: string, operation: string): OperationDefinition | undefined {
	return resources.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}

/** What a failed item outputs under Continue On Fail: the message plus Feishu's code and log id. */
function errorItem(
	error: Error & { description?: string | null; context?: IDataObject },
): IDataObject {
	const item: IDataObject = { error: error.message };
	if (error.description) item.description = error.description;
	const feishu = error.context?.feishu as IDataObject | undefined;
	if (feishu) Object.assign(item, feishu);
	// Member → Add's per-id outcome (unusable, removed again, still added, not sent).
	const idReport = error.context?.idReport as IDataObject | undefined;
	if (idReport) Object.assign(item, idReport);
	return item;
}

/** Keeps n8n's own errors (they carry Feishu's details); wraps anything else with the item index. */
function asNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

/** Runs the selected operation once per input item, with continue-on-fail and paired items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const definition = findOperation(resource, operation);
	if (!definition) {
		throw new NodeOperationError(
			this.getNode(),
			`Unknown operation "${operation}" of resource "${resource}"`,
		);
	}

	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			if (definition.tenantOnly && getAuthentication(this) === 'userToken') {
				throw new NodeOperationError(
					this.getNode(),
					`Feishu only allows "${definition.action}" with the app's tenant token`,
					{
						itemIndex,
						description: 'Set Authentication to "App (Tenant Token)" for this operation.',
					},
				);
			}
			const result = await definition.execute.call(this, itemIndex);
			returnData.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(result), {
					itemData: { item: itemIndex },
				}),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				returnData.push({ json: errorItem(error), pairedItem: { item: itemIndex } });
				continue;
			}
			throw asNodeError(this.getNode(), error, itemIndex);
		}
	}
	return [returnData];
}
