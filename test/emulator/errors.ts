/** Feishu error codes, their English messages (rest-api.md §3.2) and the error body builder. */

export const MESSAGES: Record<number, string> = {
	9499: 'Bad Request',
	10003: 'invalid param',
	10014: 'app secret invalid',
	99991201: 'Not Found: the requested path does not exist.',
	99991301: 'Method Not Allowed: the HTTP method does not match the API.',
	99991400: 'request trigger frequency limit',
	99991661: 'Missing access token for authorization. Please make a request with token attached.',
	99991663: 'Invalid access token for authorization. Please make a request with token attached.',
	99991668: 'Invalid access token for authorization. Please make a request with token attached.',
	99991672: 'Access denied. One of the following scopes is required: [{scopes}].',
	99991679:
		'Unauthorized. You do not have permission to perform the requested operation on the resource. Please request user re-authorization and try again. required one of these privileges under the user identity: [{scopes}].',
	99991500: 'internal server error (emulator fault)',
	99992351: 'these open ids not existed: {ids}',
	99992360: 'The request you send is not a valid {user_id} or not exists, {ids}',
	99992364: 'these union ids not existed: {ids}',
	99992402: 'field validation failed',
	230111: 'Action unavailable as the message will self-destruct soon.',
	232001: 'Your request contains an invalid request parameter.',
	232002:
		'No Permission: Only chat owner or admin can edit chat information in the current situation.',
	232003: 'Chat announcement can NOT be found in chat information.',
	232004: 'Such an app does NOT exist.',
	232006: 'Your request specifies a chat_id which is invalid.',
	232007: 'Your request specifies a chat_id or user_id which is invalid.',
	232008: 'Your request specifies a chat whose type is NOT supported currently.',
	232009: 'Your request specifies a chat which has already been dissolved.',
	232010: 'Operator and chat can NOT be in different tenants.',
	232011: 'Operator can NOT be out of the chat.',
	232012: 'New chat owner can NOT be out of the chat.',
	232013: 'You have reached the limit of maximum number of members a chat can have.',
	232014:
		'The token used in the request does NOT have the permissions necessary to complete the request.',
	232015: 'Your request specifies a member_id_type which is NOT supported.',
	232016: 'Non-chat-owner or Non-chat-admin can only edit certain parts.',
	232017:
		'No Permission: If the operator is NOT owner or creator with the scope, the operator can NOT complete the request.',
	232018: 'Updating announcement failed.',
	232019: 'The request has been rate limited.',
	232020: 'Name can NOT be less than two characters for public chats.',
	232021: 'Bot can NOT be found.',
	232022: 'User has already resigned.',
	232025: 'Bot ability is not activated.',
	232026: 'This name is already used in an existing public chat.',
	232027: 'There are no valid members in the ID list specified in your request.',
	232030: 'Your request specifies a user_id which is invalid.',
	232035: 'Your request specifies an owner_id which is invalid.',
	232038: 'The operator is not chat owner, no permission to complete the request.',
	232040: 'The chat managers has reached the limit of maximum number.',
	232042: "Public group chat's name should not be empty.",
	232043: 'Your request contains unavailable ids.',
	232046: 'The number of chat tabs has reached the limit.',
	232047: 'The length of the tab name reaches the limit.',
	232048: 'The chat tab content is illegal.',
	232049: 'Only doc/url tabs can be updated or deleted.',
	232050: 'Operate chat tab unsupported chat type.',
	232055: 'The operator does not have chat tab, chat menu, chat widget manage permission',
	232064: 'The operator is not a group owner or administrator, no permission to share chat link.',
	232068: 'The group is being created, please wait a moment.',
	232069: 'current chat type unsupported to set public.',
	232070: 'The number of chat_menu_top_level has reached the limit.',
	232071: 'The number of chat_menu_second_level has reached the limit.',
	232072: "Sort chat_menu_top_level's param is invalid.",
	232073: 'The group menu is being modified, please try again later.',
	232075:
		'The public group needs to apply to join, and users or bots are not allowed to actively join the group.',
	232076: "Can't kick chat owner.",
	232078: 'The chat menu is illegal.',
	232090: 'Unsupported chat type.',
	232097: 'Unable to operate docx type chat announcement.',
	// Upgraded (docx) announcement endpoints, announcement-docx.md §5.
	1770001: 'invalid param',
	1770002: 'not found',
	1770003: 'resource deleted',
	1770004: 'too many blocks in document',
	1770005: 'too deep level in document',
	1770006: 'schema mismatch',
	1770007: 'too many children in block',
	1770010: 'too many table column',
	1770011: 'too many table cell',
	1770012: 'too many grid column',
	1770013: 'relation mismatch',
	1770014: 'parent children relation mismatch',
	1770019: 'repeated blockID in document',
	1770021: 'too old document',
	1770024: 'invalid operation',
	1770025: 'operation and block not match',
	1770026: 'row operation over range',
	1770027: 'column operation over range',
	1770028: 'block not support create children',
	1770029: 'block not support to create',
	1770030: 'invalid parent children relation',
	1770031: 'block not support to delete children',
	1770032: 'forbidden',
	1770033: 'raw content size exceed limited',
	1770034: 'operation count exceed limited',
	1770035: 'resource count exceed limit',
	1770038: 'resource not found',
	1770041: 'open schema mismatch',
	1771001: 'server internal error',
	1771005: 'system under maintenance',
	1772001: 'Chat announcement can NOT be found in chat information.',
	1772002: 'Operator and chat can NOT be in different tenants.',
	1772003: 'Operator can NOT be out of the chat.',
	1772004:
		'The operator or invited bots does NOT have the authority to manage external chats without the scope.',
	1772005:
		'No Permission: Only chat owner or admin can edit chat information in the current situation.',
	1772006: 'announcement type is not supported',
	1772025: 'Bot ability is not activated.',
	1772034: 'The app is unavailable or inactivated by the tenant.',
};

/** HTTP statuses of the docx announcement codes that are not 400 (announcement-docx.md §3.1, §5). */
const DOCX_STATUS: Record<number, number> = {
	1770002: 404,
	1770032: 403,
	1771001: 500,
	1771002: 500,
	1771003: 500,
	1771004: 500,
	1771005: 503,
	1771006: 500,
};

/** A docx announcement error with Feishu's HTTP status; `field` adds a field_violations entry. */
export function docxError(
	code: number,
	field?: { field: string; value: unknown; description: string },
): ApiError {
	const extra = field
		? {
				error: {
					field_violations: [
						{
							field: field.field,
							value: typeof field.value === 'string' ? field.value : JSON.stringify(field.value),
							description: field.description,
						},
					],
				},
			}
		: {};
	return new ApiError(code, undefined, DOCX_STATUS[code] ?? 400, extra);
}

/** Thrown by handlers; turned into Feishu's error body by the server. */
export class ApiError extends Error {
	constructor(
		readonly code: number,
		message?: string,
		readonly status = 400,
		readonly extra: {
			error?: Record<string, unknown>;
			data?: unknown;
			headers?: Record<string, string>;
		} = {},
	) {
		super(message ?? MESSAGES[code] ?? `error ${code}`);
	}
}

export const fail = (code: number, msg?: string, status = 400): never => {
	throw new ApiError(code, msg, status);
};

/** Standard Feishu error body: {code,msg,error:{log_id,troubleshooter,...}} (no data). */
export function errorBody(err: ApiError, logId: string): Record<string, unknown> {
	const body: Record<string, unknown> = {
		code: err.code,
		msg: err.message,
		error: {
			log_id: logId,
			troubleshooter: `排查建议查看（Troubleshooting suggestions）：https://open.feishu.cn/search?from=openapi&log_id=${logId}&code=${err.code}&method_id=emulator`,
			...(err.extra.error ?? {}),
		},
	};
	if (err.extra.data !== undefined) body.data = err.extra.data;
	return body;
}

export function scopeError(code: 99991672 | 99991679, scopes: string[], appId: string): ApiError {
	const list = scopes.join(', ');
	const msg = (MESSAGES[code] as string).replace('{scopes}', list);
	const q = scopes.join(',');
	return new ApiError(code, msg, 400, {
		error: {
			message: `Refer to: https://open.feishu.cn/app/${appId}/auth?q=${q}&op_from=openapi&token_type=${code === 99991672 ? 'tenant' : 'user'}`,
			permission_violations: scopes.map((s) => ({ type: 'action_scope_required', subject: s })),
			helps: [
				{
					url: `https://open.feishu.cn/app/${appId}/auth?q=${q}&op_from=openapi&token_type=${code === 99991672 ? 'tenant' : 'user'}`,
					description: `Learn more about scopes and how to add them: [${list}]`,
				},
			],
		},
	});
}
