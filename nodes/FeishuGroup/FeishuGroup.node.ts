import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { resourceProperties } from './actions/resource';
import { resources } from './actions/resources';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';

const authentication: INodeProperties = {
	displayName: 'Authentication',
	name: 'authentication',
	type: 'options',
	options: [
		{
			name: 'App (Tenant Token)',
			value: 'tenantToken',
			description: "Act as the app's bot. Works for every operation.",
		},
		{
			name: 'User (OAuth2)',
			value: 'userToken',
			description:
				'Act as the signed-in user. Not accepted by Create Chat and the Menu operations.',
		},
	],
	default: 'tenantToken',
};

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resources.map((r) => ({ name: r.name, value: r.value })),
	default: 'chat',
};

export class FeishuGroup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu Group',
		name: 'feishuGroup',
		icon: { light: 'file:../../icons/feishu.svg', dark: 'file:../../icons/feishu.dark.svg' },
		group: ['transform'],
		// 1.1: Member → Add reports unusable IDs by default, and the id-list operations output
		// id_count / api_call_count instead of the look-alike requested_count / request_count.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage Feishu / Lark group chats: chats, members, managers, announcements, tabs and menus',
		defaults: { name: 'Feishu Group' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'feishuApi',
				required: true,
				displayOptions: { show: { authentication: ['tenantToken'] } },
			},
			{
				name: 'feishuOAuth2Api',
				required: true,
				displayOptions: { show: { authentication: ['userToken'] } },
			},
		],
		properties: [authentication, resource, ...resources.flatMap(resourceProperties)],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
