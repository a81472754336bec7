import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationDefinition, ResourceDefinition } from './types';

function operationOption(op: OperationDefinition): INodePropertyOptions {
	return { name: op.name, value: op.value, action: op.action, description: op.description };
}

/** The operation selector and the fields of every operation of one resource, each shown only for it. */
export function resourceProperties(resource: ResourceDefinition): INodeProperties[] {
	const operations = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
	// The options are generated from the operation files, so the linter cannot see the first one;
	// the default is that first (alphabetical) operation.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operations.map(operationOption),
		default: operations[0].value,
	};
	const fields = resource.operations.flatMap((op) =>
		op.properties.map((property) => ({
			...property,
			displayOptions: {
				...property.displayOptions,
				show: {
					resource: [resource.value],
					operation: [op.value],
					...property.displayOptions?.show,
				},
			},
		})),
	);
	return [selector, ...fields];
}
