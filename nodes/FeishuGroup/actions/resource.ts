import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { OperationDefinition, ResourceDefinition } from './types';

function operationOption(op: OperationDefinition): INodePropertyOptions {
	return { name: op.name, value: op.value, action: op.action, description: op.description };
}

/** The operation selector and the fields of every operation of one resource, each shown only for it. */
export function resourceProperties(resource: ResourceDefinition): INodeProperties[] {
	const operations = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
	const { defaultOperation } = resource;
	if (!operations.some((op) => op.value === defaultOperation)) {
		throw new Error(`Resource ${resource.value}: no operation "${defaultOperation}" to default to`);
	}
	const selector: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operations.map(operationOption),
		default: defaultOperation,
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
