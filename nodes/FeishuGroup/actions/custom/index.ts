import type { ResourceDefinition } from '../types';
import { request } from './request.operation';

/** Any Feishu Open API call with the node's credential, for endpoints the node does not cover. */
export const customApi: ResourceDefinition = {
	value: 'customApi',
	name: 'Custom API Call',
	defaultOperation: 'request',
	operations: [request],
};
