import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/** The error part of Feishu's `{code, msg, error}` envelope (both `log_id` and the older `logid` spelling). */
export interface FeishuErrorDetail {
	log_id?: string;
	logid?: string;
	troubleshooter?: string;
	message?: string;
	permission_violations?: Array<{ scope?: string; subject?: string; type?: string; url?: string }>;
	field_violations?: Array<{ field?: string; value?: string; description?: string }>;
	helps?: Array<{ url?: string; description?: string }>;
}

export interface FeishuErrorBody {
	code: number;
	msg?: string;
	error?: FeishuErrorDetail;
}

/** Codes meaning "the access token is missing, invalid or expired": refresh once, then retry. */
export const TOKEN_ERROR_CODES = new Set([
	99991661, 99991663, 99991664, 99991665, 99991668, 99991671, 99991677,
]);

/** Platform and chat-level throttling: the request was not processed, so waiting and resending is safe. */
export const RATE_LIMIT_CODES = new Set([99991400, 232019]);

/** What to do about the chat errors people meet most often. */
const HINTS: Record<number, string> = {
	232001:
		'A parameter is invalid. Check the fields listed below, the ID type, and that Page Size is at most 100.',
	232002:
		'Only the chat owner or managers may change this chat now (its edit permission is "only owner"). Make the bot a manager or use an owner\'s user token.',
	232003: 'The chat has no announcement document yet, or it is damaged.',
	232006:
		'The chat ID is invalid or the chat does not exist. Chat IDs look like oc_…; pick the chat from the list to be sure.',
	232007:
		'The chat ID or a member ID is invalid. Check the Member ID Type matches the IDs you passed.',
	232008:
		'This operation is not supported for this kind of chat (e.g. Join only works for public chats, menus only for group chats).',
	232009: 'The chat has been disbanded.',
	232010:
		'The chat belongs to another tenant (organisation); the app can only manage chats of its own tenant.',
	232011:
		"The bot (or the user behind the token) is not a member of this chat. Add the app's bot to the chat first, or use Member → Join for a public chat.",
	232012: 'The new owner must already be a member of the chat. Add them with Member → Add first.',
	232013: 'The chat has reached its maximum number of members.',
	232014:
		'The caller lacks the permission for this action in this chat (e.g. removing others needs the owner or a manager).',
	232016:
		'Members who are not owner or manager may only change the name, avatar, description and i18n names.',
	232017:
		"Only the chat owner (or the bot that created the chat, with the im:chat:operate_as_owner scope) may do this. Transfer ownership to the bot or use the owner's user token.",
	232018: 'The announcement update was refused: check the revision and the request format.',
	232019:
		'Feishu is throttling changes to this chat. Run member changes for one chat one after another, not in parallel.',
	232020: 'Public chats need a name of at least two characters.',
	232024:
		"The users are outside the app's availability range, or the operator cannot collaborate with them. Widen the app's availability in the admin console.",
	232025:
		'The app\'s bot ability is off. Enable "Bot" under App Capabilities in the developer console and publish a new version.',
	232026: 'Another public chat already uses this name.',
	232027: 'None of the IDs in the list is a valid member. Check the Member ID Type.',
	232033:
		'Managing external chats needs the external-chat scope for the app and every invited bot.',
	232034:
		'The app is not installed or has been disabled in this tenant. Ask an admin to enable it.',
	232035: 'The new owner ID is invalid. Check the ID type.',
	232038:
		"Only the chat owner may add or remove managers. Transfer ownership to the bot, or use the owner's user token.",
	232040: 'The chat already has the maximum number of managers (10, or 20 in very large chats).',
	232042: 'A public chat must have a name.',
	232043: 'Some IDs in the list cannot be used (resigned, invisible to the app or unknown).',
	232046: 'The chat already has 20 custom tabs; delete one first.',
	232047: 'The tab name is too long (at most 60 characters).',
	232048: 'The tab content is invalid: URL and document tabs need an http(s) link.',
	232049: 'Only URL and document tabs can be updated or deleted.',
	232055:
		'Only the owner and managers may manage tabs and menus in this chat. Make the bot a manager.',
	232064: 'Sharing is restricted to the owner and managers in this chat. Make the bot a manager.',
	232070: 'A chat can have at most 3 top-level menu items.',
	232071: 'A top-level menu item can have at most 5 sub-items.',
	232072: 'To sort menus, list exactly the IDs of all existing top-level items.',
	232073: 'Someone else is changing the menu right now; try again in a moment.',
	232075: 'This public chat requires approval to join, so a bot or user cannot join it directly.',
	232076: 'The chat owner cannot be removed. Transfer ownership first.',
	232097:
		'This chat uses the newer document (docx) announcement, which the legacy announcement API cannot read or edit. Announcement → Get, Append and Replace handle both formats; for raw edits use Announcement → Batch Update with Request Format "Docx" (the /open-apis/docx/v1/chats/{chat_id}/announcement API).',
	// The docx (upgraded) announcement API.
	1770001:
		'A parameter or block is invalid (see the fields below): check block types and payloads, that link URLs are percent-encoded, and that indexes lie within the number of blocks.',
	1770002: 'The chat or block does not exist, or the chat has been disbanded.',
	1770004: 'The announcement would have too many blocks. Remove some content first.',
	1770005: 'The blocks are nested too deeply.',
	1770007: 'A block would have too many children.',
	1770021: 'The revision is more than 1000 versions behind the latest. Use -1 (the latest).',
	1770024:
		'This edit is not allowed: links only on text runs, no mentions in code blocks or the title, no unsupported elements.',
	1770025: 'The operation does not fit the block type (e.g. a table operation on a text block).',
	1770028: 'The parent block cannot hold children.',
	1770029:
		'This block type cannot be created through the API (e.g. page, table cell, grid column).',
	1770032:
		'No permission: the bot or user may not edit this announcement (make it a manager, or let all members edit group info), or may not see a user or document the content refers to.',
	1770033: 'The announcement text would exceed 10,485,760 characters.',
	1770035: 'Too many mentions, files, images or other resources in one request. Split it.',
	1770041: 'These blocks cannot be nested this way (e.g. a table inside a table cell).',
	1771001: 'Feishu had an internal error, also after retrying. Try again later.',
	1771005: 'Feishu is under maintenance. Try again later.',
	1772001: "Feishu could not find the chat's announcement right now. Try again later.",
	1772002:
		'The chat belongs to another tenant (organisation); the app can only manage chats of its own tenant.',
	1772003:
		"The bot (or the user behind the token) is not a member of this chat. Add the app's bot to the chat first, or use Member → Join for a public chat.",
	1772004: 'Announcements of external chats cannot be read or edited through the API.',
	1772005:
		"Only the chat owner or managers may edit the announcement now (the chat lets only them edit group info). Make the bot a manager, or use an owner's user token.",
	1772006:
		'This chat still has a legacy (doc-format) announcement, which the docx announcement API cannot read or edit. Announcement → Get, Append and Replace handle both formats; for raw edits use Announcement → Batch Update with Request Format "Legacy Doc".',
	1772025:
		'The app\'s bot ability is off. Enable "Bot" under App Capabilities in the developer console and publish a new version.',
	1772034:
		'The app is not installed or has been disabled in this tenant. Ask an admin to enable it.',
	99991400:
		"Feishu's rate limit was still exceeded after waiting and retrying. Lower the number of items per run or add a Wait node between batches.",
	99991661: 'No access token was sent. Check the credential.',
	99991663:
		'The tenant access token was rejected even after renewing it. Check the App ID / App Secret and that the app is enabled.',
	99991668:
		'The user access token is invalid, expired, or this API does not accept user tokens. Reconnect the OAuth2 credential, or switch Authentication to App.',
	99991672:
		'The app lacks the scope this API needs. Grant one of the scopes below in the developer console (Permissions & Scopes) and publish a new version.',
	99991677:
		'The user access token has expired and could not be refreshed. Reconnect the OAuth2 credential.',
	99991679:
		"The user has not granted the scope this API needs. Add it to the OAuth2 credential's scopes and reconnect.",
	99992351:
		'Some open_ids do not exist, or belong to another app. open_ids are per app: use the IDs your own app sees, or switch to union_id.',
	99992360: 'Some user_ids do not exist in this tenant.',
	99992361: 'The open_id belongs to another app. Use the IDs your own app sees, or union_id.',
	99992364: 'Some union_ids do not exist or belong to another tenant.',
};

export interface FeishuErrorContext {
	httpStatus?: number;
	/** Value of the X-Tt-Logid response header. */
	headerLogId?: string;
	method: string;
	path: string;
	/** Scopes any one of which the endpoint accepts, shown when Feishu reports a missing scope. */
	scopes?: string[];
	itemIndex?: number;
}

function scopesToGrant(body: FeishuErrorBody, fallback: string[] | undefined): string[] {
	const fromFeishu = (body.error?.permission_violations ?? [])
		.map((v) => v.scope ?? v.subject)
		.filter((s): s is string => typeof s === 'string' && s.length > 0);
	return fromFeishu.length > 0 ? fromFeishu : (fallback ?? []);
}

/** Builds the description shown under the error in n8n: what to do, scopes, field problems, log id. */
export function describeFeishuError(body: FeishuErrorBody, context: FeishuErrorContext): string {
	const lines: string[] = [];
	const hint = HINTS[body.code];
	if (hint) lines.push(hint);
	if (body.code === 99991672 || body.code === 99991679) {
		const scopes = scopesToGrant(body, context.scopes);
		if (scopes.length > 0) lines.push(`Scopes (any one): ${scopes.join(', ')}`);
	}
	for (const violation of body.error?.field_violations ?? []) {
		lines.push(
			`Field ${violation.field ?? '?'}${violation.value !== undefined ? ` = ${violation.value}` : ''}: ${violation.description ?? 'invalid'}`,
		);
	}
	for (const help of body.error?.helps ?? []) {
		if (help.url) lines.push(`${help.description ?? 'Help'}: ${help.url}`);
	}
	const logId = body.error?.log_id ?? body.error?.logid ?? context.headerLogId;
	if (logId) lines.push(`Log ID: ${logId} (quote it to Feishu support)`);
	if (body.error?.troubleshooter) lines.push(body.error.troubleshooter);
	lines.push(`Request: ${context.method} ${context.path}`);
	return lines.join('\n');
}

/** Turns a non-zero Feishu envelope into an n8n error that names the code, the message and what to do. */
export function feishuApiError(node: INode, body: FeishuErrorBody, context: FeishuErrorContext) {
	const error = new NodeApiError(node, body as unknown as JsonObject, {
		message: `Feishu error ${body.code}: ${body.msg ?? 'unknown error'}`,
		description: describeFeishuError(body, context),
		httpCode: context.httpStatus !== undefined ? String(context.httpStatus) : undefined,
		itemIndex: context.itemIndex,
	});
	// Machine-readable details for Continue On Fail items and for expressions in error workflows.
	error.context.feishu = {
		code: body.code,
		msg: body.msg ?? '',
		logId: body.error?.log_id ?? body.error?.logid ?? context.headerLogId ?? '',
	};
	return error;
}

/** Is this parsed response body a Feishu envelope? */
export function isFeishuEnvelope(body: unknown): body is FeishuErrorBody & { data?: unknown } {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as { code?: unknown }).code === 'number'
	);
}
