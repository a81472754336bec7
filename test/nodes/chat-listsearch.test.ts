/** The Chat picker (listSearch searchChats): list without a filter, search with one, pagination token. */
import { FeishuGroup } from '../../nodes/FeishuGroup/FeishuGroup.node';
import { searchChats } from '../../nodes/FeishuGroup/methods/listSearch';
import { loadOptionsContext } from '../helpers/n8nContext';
import { setUpEmulatorHarness } from '../helpers/emulatorHarness';

const h = setUpEmulatorHarness({ resetEach: false });

const context = () =>
	loadOptionsContext(new FeishuGroup(), { resource: 'chat', operation: 'get' }, h.store);

describe('listSearch searchChats', () => {
	beforeEach(async () => h.reset());

	it('is registered on the node', () => {
		expect(new FeishuGroup().methods.listSearch.searchChats).toBe(searchChats);
	});

	it('without a filter lists the chats the bot is in (GET /chats)', async () => {
		const result = await searchChats.call(context());
		expect(result.results).toEqual(
			['Engineering', 'Product Launch', 'Public Square', 'All Hands', 'Ops Alerts'].map((name) => ({
				name,
				value: h.chatId(name),
			})),
		);
		expect(result.paginationToken).toBeUndefined();
		const [request] = await h.requests();
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/open-apis/im/v1/chats');
		expect(request.query).toEqual({ page_size: '100' });
	});

	it('with a filter searches by name, public chats included (GET /chats/search)', async () => {
		const result = await searchChats.call(context(), '  Open ');
		expect(result.results).toEqual([{ name: 'Open Lounge', value: h.chatId('Open Lounge') }]);
		const [request] = await h.requests();
		expect(request.path).toBe('/open-apis/im/v1/chats/search');
		expect(request.query).toEqual({ page_size: '100', query: 'Open' });
	});

	it("passes Feishu's page_token through as the pagination token, with and without a filter", async () => {
		await h.reset({ chats: Array.from({ length: 130 }, (_, i) => ({ name: `Bulk ${i}` })) });

		const first = await searchChats.call(context());
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await searchChats.call(context(), undefined, first.paginationToken);
		expect(second.results).toHaveLength(35);
		expect(second.paginationToken).toBeUndefined();
		expect(second.results.at(-1)).toEqual({ name: 'Bulk 129', value: h.chatId('Bulk 129') });
		let requests = await h.requests();
		expect(requests.map((r) => r.query.page_token)).toEqual([undefined, first.paginationToken]);

		await h.mark();
		const firstSearch = await searchChats.call(context(), 'Bulk');
		expect(firstSearch.results).toHaveLength(100);
		const nextSearch = await searchChats.call(context(), 'Bulk', firstSearch.paginationToken);
		expect(nextSearch.results).toHaveLength(30);
		expect(nextSearch.paginationToken).toBeUndefined();
		requests = await h.requests();
		expect(requests.map((r) => [r.path, r.query.query, r.query.page_token])).toEqual([
			['/open-apis/im/v1/chats/search', 'Bulk', undefined],
			['/open-apis/im/v1/chats/search', 'Bulk', firstSearch.paginationToken],
		]);
	});

	it('shows a chat without a name by its ID', async () => {
		await h.reset({ chats: [{ name: '' }] });
		const result = await searchChats.call(context());
		const unnamed = result.results.find((r) => !h.chats[r.name as string]);
		expect(unnamed).toBeDefined();
		expect(unnamed!.name).toBe(unnamed!.value);
		expect(unnamed!.value).toMatch(/^oc_/);
	});
});
