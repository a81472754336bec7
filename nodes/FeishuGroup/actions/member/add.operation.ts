import type { IDataObject } from 'n8n-workflow';

import { chatIdLocator } from '../../descriptions/common';
import { memberIdsField, memberIdTypeOption } from '../../descriptions/members';
import { getChatId } from '../params';
import type { OperationDefinition } from '../types';
import { readIdList } from '../shared/idLists';
import { addMembers, REPORT_UNUSABLE } from './addMembers';
import { ID_LIST_V2, idCounts, nodeVersion } from './counts';

export const add: OperationDefinition = {
	value: 'add',
	name: 'Add',
	action: 'Add members to a chat',
	description:
		'Add users and/or bots to a chat; outputs how many were added and lists the IDs that could not be',
	properties: [
		chatIdLocator,
		memberIdsField({
			name: 'memberIds',
			displayName: 'Member IDs',
			action: 'add',
			perCall: 'at most 50 users or 5 bots per request; a chat holds at most 15 bots',
		}),
		memberIdTypeOption,
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'If Some IDs Are Unusable',
					name: 'succeedType',
					type: 'options',
					// Feishu's succeed_type, applied to the whole list even when it takes several requests.
					options: [
						{
							name: 'Add Usable IDs, Report the Rest',
							value: 1,
							description:
								'Add every usable ID and succeed; unknown, malformed, invisible, inactive and resigned IDs are listed in the output (not_existed_id_list, invalid_id_list)',
						},
						{
							name: 'Fail on Unknown IDs (Feishu Default)',
							value: 0,
							description:
								'Add nobody and fail if any ID does not exist or is invisible to the app; resigned users are skipped and listed',
						},
						{
							name: 'Fail if Any ID Is Unusable',
							value: 2,
							description:
								'Add nobody and fail if any ID is unusable, resigned users included; the error lists every unusable ID with the reason',
						},
					],
					default: 1,
					description:
						'What happens when some IDs cannot be added. Node version 1 without this option fails on unknown IDs; from version 1.1 it adds the usable IDs and reports the rest. To add nobody, lists longer than one request (50 users / 5 bots) are checked request by request: if one is refused, the users the others added are removed again (the chat shows them joining and leaving; this needs a member read scope such as im:chat) and bots are only added once every user was accepted.',
				},
			],
		},
	],
	async execute(itemIndex) {
		const chatId = getChatId(this, itemIndex);
		const ids = readIdList(this, 'memberIds', itemIndex);
		const memberIdType = this.getNodeParameter('memberIdType', itemIndex) as string;
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const chosen = options.succeedType as number | undefined;
		// Version 1 left Feishu's default (fail on unknown IDs) when the option was not set.
		const reportByDefault = nodeVersion(this) >= ID_LIST_V2;
		const succeedType = chosen ?? (reportByDefault ? REPORT_UNUSABLE : 0);
		const { unusable, added, calls } = await addMembers(this, itemIndex, {
			chatId,
			ids,
			memberIdType,
			succeedType,
			sendSucceedType: chosen !== undefined || reportByDefault,
		});
		return {
			chat_id: chatId,
			invalid_id_list: [...unusable.invalid],
			not_existed_id_list: [...unusable.notExisted],
			pending_approval_id_list: [...unusable.pending],
			// Requests Feishu refused as a whole without naming ids (e.g. 232027: none usable).
			...(unusable.refusedWhole.length > 0
				? { refused_id_list: unusable.refusedWhole.flatMap((r) => r.ids) }
				: {}),
			added_count: added.length,
			...idCounts(this, ids.length, calls.length),
		};
	},
};
