import type { INodeProperties } from 'n8n-workflow';

/** Platform choice shared by both credentials: Feishu (China), Lark (international) or a custom base URL. */
export const platformProperties: INodeProperties[] = [
	{
		displayName: 'Platform',
		name: 'platform',
		type: 'options',
		options: [
			{ name: 'Feishu (open.feishu.cn)', value: 'feishu' },
			{ name: 'Lark (open.larksuite.com)', value: 'lark' },
			{ name: 'Custom Base URL', value: 'custom' },
		],
		default: 'feishu',
		description: 'Feishu for tenants in China, Lark for international tenants',
	},
	{
		displayName: 'Base URL',
		name: 'baseUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://feishu-proxy.example.com',
		description:
			'Host of a private deployment, a proxy or the local Feishu emulator, without /open-apis. Must be https://; http:// is accepted only for this machine (localhost, 127.0.0.1), e.g. the emulator.',
		displayOptions: { show: { platform: ['custom'] } },
	},
];
