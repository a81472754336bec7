import type { IExecuteFunctions } from 'n8n-workflow';

/** The chat ID of the `chatId` resource locator (list or pasted ID). */
export function getChatId(context: IExecuteFunctions, itemIndex: number): string {
	const value = context.getNodeParameter('chatId', itemIndex, '', { extractValue: true }) as string;
	return String(value).trim();
}

/** Encodes one path segment supplied by the user (chat id, menu item id …). */
export function segment(value: string): string {
	return encodeURIComponent(value);
}
