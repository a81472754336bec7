/**
 * Legacy (doc) chat announcement: GET returns content + revision; PATCH applies the edit requests in a simple,
 * documented way (see README): InsertBlocksRequestType appends payload blocks, UpdateTitleRequestType sets the
 * title, DeleteContentRangeRequestType is refused (see below), anything else is recorded; every successful PATCH
 * bumps the revision by one. Chats whose announcement is
 * docx (every chat created through the API) answer 232097 here; see announcementDocx/ for their endpoints.
 */
import type { ApiSpec, Call } from '../api';
import { ApiError } from '../errors';
import { Chat } from '../state';
import {
	adminOrCreator,
	invalidParam,
	memberChat,
	principalOut,
	touch,
	userIdType,
} from './common';

const MAX_REVISION_LAG = 100;

function announcementChat(c: Call): Chat {
	const chat = memberChat(c);
	if (chat.announcement.type === 'docx') throw new ApiError(232097);
	return chat;
}

function getAnnouncement(c: Call): unknown {
	const type = userIdType(c);
	const chat = announcementChat(c);
	const a = chat.announcement;
	const idType = (p: Chat['owner']) => (p.kind === 'bot' ? 'app_id' : type);
	return {
		content: JSON.stringify({
			title: a.doc.title,
			body: { blocks: a.doc.blocks },
			emulator_requests: a.doc.requests,
		}),
		revision: String(a.revision),
		create_time: String(Math.floor(a.createTime / 1000)),
		update_time: String(Math.floor(a.updateTime / 1000)),
		owner_id_type: idType(a.owner),
		owner_id: principalOut(c, a.owner, type),
		modifier_id_type: idType(a.modifier),
		modifier_id: principalOut(c, a.modifier, type),
	};
}

function applyRequest(doc: Chat['announcement']['doc'], raw: string): void {
	let req: Record<string, any>;
	try {
		req = JSON.parse(raw);
	} catch {
		throw new ApiError(232018);
	}
	if (!req || typeof req !== 'object' || typeof req.requestType !== 'string')
		throw new ApiError(232018);
	if (req.requestType === 'InsertBlocksRequestType') {
		const payload = req.insertBlocksRequest?.payload;
		let blocks: unknown;
		try {
			blocks = typeof payload === 'string' ? JSON.parse(payload).blocks : undefined;
		} catch {
			throw new ApiError(232018);
		}
		if (!Array.isArray(blocks)) throw new ApiError(232018);
		doc.blocks.push(...blocks);
	} else if (req.requestType === 'DeleteContentRangeRequestType') {
		// The only evidence (a third-party report, announcement-docx.md §13) says the announcement PATCH refuses
		// range deletes this way; the whole PATCH then fails and nothing is applied.
		throw new ApiError(232018, 'Updating announcement failed: checkDeleteContentRange fail');
	} else if (req.requestType === 'UpdateTitleRequestType') {
		const payload = req.updateTitleRequest?.payload;
		doc.title = typeof payload === 'string' ? payload : JSON.stringify(payload ?? '');
	} else {
		doc.requests.push(req);
	}
}

function patchAnnouncement(c: Call): unknown {
	const chat = announcementChat(c);
	if (chat.settings.edit_permission === 'only_owner' && !adminOrCreator(c, chat))
		throw new ApiError(232002);
	const rev = c.body.revision;
	if (rev === undefined || rev === null || rev === '')
		throw invalidParam('revision', rev ?? '', 'revision is required');
	const n = Number(rev);
	const a = chat.announcement;
	if (!Number.isInteger(n) || n < 0 || n > a.revision)
		throw invalidParam('revision', String(rev), 'invalid revision');
	if (a.revision - n > MAX_REVISION_LAG)
		throw new ApiError(
			232018,
			'Updating announcement failed: revision is more than 100 behind the latest',
		);
	const requests = c.body.requests;
	if (
		requests !== undefined &&
		(!Array.isArray(requests) || requests.some((r) => typeof r !== 'string'))
	)
		throw new ApiError(232018);
	const doc = { title: a.doc.title, blocks: [...a.doc.blocks], requests: [...a.doc.requests] };
	for (const r of (requests as string[] | undefined) ?? []) applyRequest(doc, r);
	a.doc = doc;
	a.revision += 1;
	a.updateTime = c.emu.clock.now();
	a.modifier = c.caller;
	touch(c, chat);
	return {};
}

export const announcementRoutes: ApiSpec[] = [
	{
		method: 'PATCH',
		path: '/open-apis/im/v1/chats/:chat_id/announcement',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat.announcement:write_only'],
		handler: patchAnnouncement,
	},
	{
		method: 'GET',
		path: '/open-apis/im/v1/chats/:chat_id/announcement',
		tokens: 'TU',
		scopes: ['im:chat', 'im:chat.announcement:read', 'im:chat:readonly'],
		handler: getAnnouncement,
	},
];
