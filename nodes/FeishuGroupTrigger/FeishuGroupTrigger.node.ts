import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type ITriggerFunctions,
	type ITriggerResponse,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { assertCallbackCanAuthenticate } from './callback/activation';
import { triggerProperties } from './description';
import { startTrigger } from './trigger';
import { handleWebhook } from './webhook';

const isLongConnection = '$parameter["connection"] === "longConnection"';

export class FeishuGroupTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Feishu Group Trigger',
		name: 'feishuGroupTrigger',
		icon: { light: 'file:../../icons/feishu.svg', dark: 'file:../../icons/feishu.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["connection"] === "longConnection" ? "Long connection" : "HTTP callback"}}',
		description: 'Starts the workflow on Feishu / Lark chat and member events',
		defaults: { name: 'Feishu Group Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'feishuApi', required: true }],
		// One node, two transports. In long-connection mode the webhook resolves to no HTTP method, so n8n
		// registers no URL and "Listen for test event" runs trigger() instead of waiting for a call.
		webhooks: [
			{
				name: 'default',
				httpMethod: `={{${isLongConnection} ? "" : "POST"}}`,
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: `={{${isLongConnection}}}`,
			},
		],
		eventTriggerDescription: 'Waiting for a Feishu event',
		activationMessage: 'Feishu events will now start this workflow.',
		properties: triggerProperties,
	};

	// Feishu has no API to register a callback URL: the user pastes it into the developer console.
	// Registration only checks that callbacks can be authenticated (a throw stops the activation).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertCallbackCanAuthenticate(this);
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertCallbackCanAuthenticate(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook.call(this);
	}

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		return await startTrigger.call(this);
	}
}
