import { chunk, mergeListFields, parseIdList, splitIdsForCalls } from '../../nodes/shared/chunk';
import { credentialBaseUrl } from '../../nodes/shared/baseUrl';

describe('id lists', () => {
	it('parses one id, separated strings and arrays, dropping blanks and duplicates', () => {
		expect(parseIdList('ou_1')).toEqual(['ou_1']);
		expect(parseIdList('ou_1, ou_2\nou_3;ou_1')).toEqual(['ou_1', 'ou_2', 'ou_3']);
		expect(parseIdList(['ou_1', ' ou_2 ', '', null])).toEqual(['ou_1', 'ou_2']);
		expect(parseIdList(undefined)).toEqual([]);
	});

	it('splits users by 50 and bots by 5', () => {
		const users = Array.from({ length: 120 }, (_, i) => `ou_${i}`);
		expect(splitIdsForCalls(users, 'open_id').map((c) => c.length)).toEqual([50, 50, 20]);
		const bots = Array.from({ length: 7 }, (_, i) => `cli_${i}`);
		expect(splitIdsForCalls(bots, 'app_id').map((c) => c.length)).toEqual([5, 2]);
		expect(chunk([], 50)).toEqual([]);
	});

	it('merges list fields of several answers without duplicates', () => {
		expect(
			mergeListFields(
				[{ invalid_id_list: ['a'], not_existed_id_list: ['x'] }, { invalid_id_list: ['b', 'a'] }],
				['invalid_id_list', 'not_existed_id_list', 'pending_approval_id_list'],
			),
		).toEqual({
			invalid_id_list: ['a', 'b'],
			not_existed_id_list: ['x'],
			pending_approval_id_list: [],
		});
	});
});

describe('base URL', () => {
	it('maps platforms to hosts and cleans custom URLs', () => {
		expect(credentialBaseUrl({ platform: 'feishu' })).toBe('https://open.feishu.cn');
		expect(credentialBaseUrl({ platform: 'lark' })).toBe('https://open.larksuite.com');
		expect(
			credentialBaseUrl({ platform: 'custom', baseUrl: ' http://127.0.0.1:3999/open-apis/ ' }),
		).toBe('http://127.0.0.1:3999');
		expect(credentialBaseUrl({})).toBe('https://open.feishu.cn');
	});
});
