/** Control API: reset with fixtures (big chat), request log, deliveries, app config round trip. */
import { Kit, startKit } from './testkit';

let kit: Kit;
beforeAll(async () => {
	kit = await startKit();
});
afterAll(() => kit.emu.close());

test('seed is deterministic and reset restores it', async () => {
	await kit.ctl('POST', '/reset');
	const a = await kit.ctl('GET', '/users');
	expect(a.users).toHaveLength(40);
	expect(a.users[0]).toEqual({
		open_id: expect.stringMatching(/^ou_[0-9a-f]{32}$/),
		union_id: expect.stringMatching(/^on_[0-9a-f]{32}$/),
		user_id: expect.any(String),
		name: 'Li Lei',
		resigned: false,
		tenant_key: '736588c9260f175c',
	});
	expect(a.users.filter((u: any) => u.resigned)).toHaveLength(2);
	const chats = await kit.ctl('GET', '/chats');
	expect(chats.chats.map((c: any) => c.name)).toEqual([
		'Engineering',
		'Product Launch',
		'Public Square',
		'Secret Board',
		'All Hands',
		'Ops Alerts',
		'Open Lounge',
		'',
	]);
	const client = kit.client();
	await client.im.v1.chat.update({
		path: { chat_id: chats.chats[1].chat_id },
		data: { name: 'Changed' },
	});
	await kit.ctl('POST', '/reset');
	const again = await kit.ctl('GET', '/chats');
	expect(again).toEqual(chats);
	expect((await kit.ctl('GET', '/users')).users).toEqual(a.users);
});

test('bigChat fixture: 10,000 members paginated by the SDK iterator', async () => {
	const t0 = Date.now();
	const r = await kit.ctl('POST', '/reset', { bigChat: { members: 10000 } });
	expect(Date.now() - t0).toBeLessThan(3000);
	const big = r.chat_ids[r.chat_ids.length - 1];
	const client = kit.client();
	let n = 0;
	let pages = 0;
	for await (const page of await client.im.v1.chatMembers.getWithIterator({
		path: { chat_id: big },
		params: { page_size: 100 },
	})) {
		n += page?.items?.length ?? 0;
		pages++;
	}
	expect(n).toBe(10000);
	expect(pages).toBe(100);
});

test('fixture chats and users', async () => {
	const r = await kit.ctl('POST', '/reset', {
		users: [{ name: 'Extra Person' }],
		chats: [
			{ name: 'Fixture Chat', chat_type: 'public', members: [], bots: ['cli_9e5f1b2a3c4d5e6f'] },
		],
		replaceChats: true,
	});
	expect(r.chat_ids).toHaveLength(1);
	const users = (await kit.ctl('GET', '/users')).users;
	expect(users[40].name).toBe('Extra Person');
	const list = await kit.client().im.v1.chat.list({});
	expect(list.data!.items!.map((c) => c.name)).toEqual(['Fixture Chat']);
});

test('request log records method, path, query, body, token kind, code, status; since and DELETE', async () => {
	await kit.ctl('POST', '/reset');
	const client = kit.client();
	const chats = await kit.chats();
	await client.im.v1.chatMembers.create({
		path: { chat_id: chats.Engineering },
		params: { succeed_type: 1 },
		data: { id_list: ['ou_x'] },
	});
	const log = await kit.ctl('GET', '/requests');
	const add = log.requests.find((r: any) => r.method === 'POST' && r.path.endsWith('/members'));
	expect(add).toEqual(
		expect.objectContaining({
			query: { succeed_type: '1' },
			body: { id_list: ['ou_x'] },
			code: 0,
			status: 200,
			token: { kind: 'tenant', value: expect.stringMatching(/^t-/) },
		}),
	);
	const since = await kit.ctl('GET', `/requests?since=${log.last_seq}`);
	expect(since.requests).toEqual([]);
	await kit.ctl('DELETE', '/requests');
	expect((await kit.ctl('GET', '/requests')).requests).toEqual([]);
	const app = await kit.ctl('PUT', '/app', { eventMode: 'bogus' });
	expect(app.ok).toBe(false);
});
