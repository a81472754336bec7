import { jsonParse, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { feishuApiRequestWithEnvelope } from '../../../shared/transport';
import type { OperationDefinition } from '../types';
import { parseApiPath } from './path';

const withBody = { show: { method: ['DELETE', 'PATCH', 'POST', 'PUT'] } };

function fail(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
) {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** A JSON parameter as an object: n8n hands over a string, or an object when set by expression. */
function jsonObject(
	context: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): IDataObject | undefined {
	if (value === undefined || value === null) return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		if (value.trim() === '') return undefined;
		try {
			parsed = jsonParse(value);
		} catch {
			throw fail(context, itemIndex, `${label} is not valid JSON`);
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw fail(context, itemIndex, `${label} must be a JSON object, e.g. {"page_size": 50}`);
	}
	return parsed as IDataObject;
}

function queryParameters(context: IExecuteFunctions, itemIndex: number): IDataObject {
	if (context.getNodeParameter('specifyQuery', itemIndex) === 'json') {
		return (
			jsonObject(
				context,
				itemIndex,
				context.getNodeParameter('queryJson', itemIndex, ''),
				'Query (JSON)',
			) ?? {}
		);
	}
	const collection = context.getNodeParameter('queryParameters', itemIndex, {}) as {
		parameters?: Array<{ name: string; value: string }>;
	};
	const pairs = collection.parameters ?? [];
	const qs: IDataObject = {};
	for (const { name, value } of pairs) if (name) qs[name] = value;
	return qs;
}

export const request: OperationDefinition = {
	value: 'request',
	name: 'Make a Request',
	action: 'Make a Feishu API request',
	description:
		"Call any Feishu / Lark Open API endpoint under /open-apis/ with this node's credential, for APIs the node does not cover",
	properties: [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: [
				{ name: 'DELETE', value: 'DELETE' },
				{ name: 'GET', value: 'GET' },
				{ name: 'PATCH', value: 'PATCH' },
				{ name: 'POST', value: 'POST' },
				{ name: 'PUT', value: 'PUT' },
			],
			default: 'GET',
			description: 'HTTP method of the Feishu API',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. /open-apis/im/v1/chats/oc_a0553eda9014c201e6969b478895c230/members',
			description:
				'Path of the API under /open-apis/ (the prefix may be left out). The host comes from the credential.',
		},
		{
			displayName: 'Specify Query',
			name: 'specifyQuery',
			type: 'options',
			options: [
				{ name: 'Using Fields Below', value: 'keypair' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'keypair',
			description: 'How to enter the query parameters',
		},
		{
			displayName: 'Query Parameters',
			name: 'queryParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Parameter',
			default: {},
			displayOptions: { show: { specifyQuery: ['keypair'] } },
			options: [
				{
					name: 'parameters',
					displayName: 'Parameter',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '' },
					],
				},
			],
		},
		{
			displayName: 'Query (JSON)',
			name: 'queryJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { specifyQuery: ['json'] } },
			description:
				'Query parameters as a JSON object, e.g. {"user_id_type": "open_id", "page_size": 50}',
		},
		{
			displayName: 'Body (JSON)',
			name: 'body',
			type: 'json',
			default: '',
			displayOptions: withBody,
			description: 'Request body as a JSON object. Leave empty to send no body.',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Full Response',
					name: 'fullResponse',
					type: 'boolean',
					default: false,
					description:
						"Whether to return Feishu's envelope {code, msg, data} instead of only data. Failed calls always raise an error with Feishu's code and message.",
				},
				{
					displayName: 'Retry Safely',
					name: 'idempotent',
					type: 'boolean',
					default: false,
					description:
						"Whether this call may be sent again after a network error or a 5xx answer (GET always may). Turn on only for calls that do no harm when repeated, e.g. a create carrying Feishu's uuid.",
				},
			],
		},
	],
	async execute(itemIndex) {
		const method = this.getNodeParameter('method', itemIndex) as IHttpRequestMethods;
		const parsed = parseApiPath(String(this.getNodeParameter('path', itemIndex)));
		if (typeof parsed === 'string') {
			throw fail(this, itemIndex, `Invalid path: ${parsed}`, 'Example: /open-apis/im/v1/chats');
		}
		const qs = { ...parsed.qs, ...queryParameters(this, itemIndex) };
		const body =
			method === 'GET'
				? undefined
				: jsonObject(this, itemIndex, this.getNodeParameter('body', itemIndex, ''), 'Body (JSON)');
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

		const { envelope, logId } = await feishuApiRequestWithEnvelope.call(this, {
			method,
			path: parsed.path,
			qs: Object.keys(qs).length > 0 ? qs : undefined,
			body,
			idempotent: method === 'GET' || options.idempotent === true,
			itemIndex,
		});
		// Failed calls never get here: the transport turns every non-zero code into an error.
		if (options.fullResponse === true) return { ...envelope, log_id: logId ?? '' };
		return (envelope.data ?? {}) as IDataObject;
	},
};
