import { createHash } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { automaticIdempotencyKey } from '../chat/idempotency';

/**
 * The `client_token` of a docx announcement write, in the UUIDv4 form Feishu asks for. It is
 * derived like Create Chat's key (execution, node, run, item and the request itself), so a resend
 * by the transport or by n8n's Retry On Fail carries the same token and Feishu does not apply the
 * edit twice; another execution, loop pass, item or step gets another token.
 */
export function announcementClientToken(
	context: IExecuteFunctions,
	itemIndex: number,
	step: IDataObject,
): string {
	const key = automaticIdempotencyKey(context, itemIndex, step);
	const hex = createHash('sha256').update(key).digest('hex');
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return [
		hex.slice(0, 8),
		hex.slice(8, 12),
		`4${hex.slice(13, 16)}`,
		`${variant}${hex.slice(17, 20)}`,
		hex.slice(20, 32),
	].join('-');
}
