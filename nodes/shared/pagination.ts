import type { IDataObject } from 'n8n-workflow';

import { feishuApiRequest } from './transport';
import type { FeishuContext, FeishuRequest } from './transport';

export interface PageOptions {
	returnAll: boolean;
	/** Items wanted when not returning all. */
	limit?: number;
	/** Largest page Feishu allows for this endpoint. */
	maxPageSize?: number;
	/** Key of the array in `data`. */
	itemsKey?: string;
}

/**
 * Follows `page_token` until Feishu says `has_more: false` (Return All) or enough items are in
 * (Limit). Return All asks for the largest page; Limit asks only for what is still missing. Feishu
 * may return fewer or more items than asked on a page (members), so only `has_more` ends the loop.
 */
export async function feishuApiRequestAllItems(
	this: FeishuContext,
	request: FeishuRequest,
	options: PageOptions,
): Promise<IDataObject[]> {
	const maxPageSize = options.maxPageSize ?? 100;
	const itemsKey = options.itemsKey ?? 'items';
	const limit = options.returnAll ? Infinity : Math.max(1, options.limit ?? 50);
	const collected: IDataObject[] = [];
	let pageToken: string | undefined;

	do {
		const pageSize = Math.min(maxPageSize, limit - collected.length);
		const qs: IDataObject = { ...request.qs, page_size: pageSize };
		if (pageToken) qs.page_token = pageToken;
		const data = await feishuApiRequest.call(this, { ...request, qs, idempotent: true });
		const items = (data[itemsKey] as IDataObject[] | undefined) ?? [];
		collected.push(...items);
		pageToken =
			data.has_more === true && typeof data.page_token === 'string' ? data.page_token : undefined;
	} while (pageToken && collected.length < limit);

	return options.returnAll ? collected : collected.slice(0, limit);
}
