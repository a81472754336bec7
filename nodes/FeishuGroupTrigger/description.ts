import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_WINDOW_HOURS, MAX_WINDOW_HOURS, MIN_WINDOW_HOURS } from './dedupe';
import { ALL_EVENTS, eventOptions } from './events';
import {
	DEFAULT_REPLAY_WINDOW_MINUTES,
	MAX_REPLAY_WINDOW_MINUTES,
	MIN_REPLAY_WINDOW_MINUTES,
} from './settings';

const showForCallback = { show: { connection: ['callback'] } };
const showForLongConnection = { show: { connection: ['longConnection'] } };

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Connection',
		name: 'connection',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'HTTP Callback',
				value: 'callback',
				description: "Feishu posts each event to this node's URL. Needs a URL Feishu can reach.",
			},
			{
				name: 'Long Connection (No Public URL Needed)',
				value: 'longConnection',
				description:
					'Keeps a WebSocket from n8n to Feishu open and receives events through it. Self-built apps only; needs Node.js 22 or newer.',
			},
		],
		default: 'callback',
	},
	{
		displayName:
			'In the Feishu / Lark developer console open Events & Callbacks → Event Configuration, choose "Send events to developer server" and paste this node\'s Production URL (the Test URL while you listen for a test event). Copy the Verification Token (required: without it the workflow cannot be activated) and the Encrypt Key (recommended: requests are then encrypted and signed) from Encryption Strategy into the credential; anything forged is refused. Finally add the events below to the subscription.',
		name: 'callbackNotice',
		type: 'notice',
		default: '',
		displayOptions: showForCallback,
	},
	{
		displayName:
			'In the Feishu developer console open Events & Callbacks → Event Configuration, choose "Receive events through persistent connection" and add the events below. Feishu only saves this mode while a client is connected, so activate the workflow (or listen for a test event) first. Workflows using the same App ID and App Secret share one connection; it opens about 5 seconds after the last of them was activated.',
		name: 'longConnectionNotice',
		type: 'notice',
		default: '',
		displayOptions: showForLongConnection,
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: eventOptions,
		default: [ALL_EVENTS],
		description:
			'Which events start the workflow. They must also be subscribed in the developer console.',
	},
	{
		displayName: 'Chat IDs',
		name: 'chatIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. oc_5ad11d72b830411d72b836c20bab3f1f, oc_0e3c7f5a8b9d4c2e1f6a7b8c9d0e1f2a',
		description:
			'Only start for events of these chats (comma-separated chat IDs, or an array from an expression). Leave empty for all chats.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Duplicate Window (Hours)',
				name: 'duplicateWindowHours',
				type: 'number',
				typeOptions: { minValue: MIN_WINDOW_HOURS, maxValue: MAX_WINDOW_HOURS },
				default: DEFAULT_WINDOW_HOURS,
				description:
					'How long an event ID is remembered so that redeliveries do not start the workflow again. Feishu redelivers for up to about 7 hours.',
			},
			{
				displayName: 'Exclude Raw Payload',
				name: 'excludeRawPayload',
				type: 'boolean',
				default: false,
				description:
					'Whether to leave out the original event under "raw" and output only the simplified fields',
			},
			{
				displayName: 'Replay Window (Minutes)',
				name: 'replayWindowMinutes',
				type: 'number',
				typeOptions: { minValue: MIN_REPLAY_WINDOW_MINUTES, maxValue: MAX_REPLAY_WINDOW_MINUTES },
				default: DEFAULT_REPLAY_WINDOW_MINUTES,
				displayOptions: { show: { '/connection': ['callback'] } },
				description:
					"HTTP callback with an Encrypt Key: signed requests whose timestamp is further than this from n8n's clock are refused, so a captured request cannot be sent again later. Widen it only if n8n's clock is off.",
			},
		],
	},
];
