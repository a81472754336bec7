import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** One Feishu group API as a node operation: its options entry, its fields and what it does per item. */
export interface OperationDefinition {
	/** Parameter value; fixed once released (saved workflows refer to it). */
	value: string;
	name: string;
	/** Shown in the nodes panel and to AI agents ("Get a chat"). */
	action: string;
	description: string;
	/** Fields of this operation; the resource adds the displayOptions that show them. */
	properties: INodeProperties[];
	/** Feishu accepts only a tenant_access_token for this API. */
	tenantOnly?: boolean;
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	/**
	 * The operation a new node starts with. Fixed once released: n8n does not save parameters left
	 * at their default, so saved workflows that never changed the operation run this one.
	 */
	defaultOperation: string;
	operations: OperationDefinition[];
}
