/**
 * Issue 15, finding 1: the shared long connection was keyed by base URL + App ID only. A trigger with the
 * right App ID and a wrong App Secret joined another user's connection, received their events, and its
 * wrong secret was used at the next reconnect, which stopped the first user's trigger.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	activeHubs,
	subscribe,
	type HubOptions,
	type Subscriber,
} from '../../nodes/FeishuGroupTrigger/longConnection/hub';
import { fetchRequest } from '../nodes/trigger-context';
import { LOOSE_LIMITS, type FakeFeishu } from '../nodes/trigger-fakeFeishu';
import { useFakeFeishu } from '../nodes/trigger-fakeFeishuSession';
import { SAMPLE_APP_ID, sample } from '../unit/trigger-fixtures';

const SECRET = 'victim-secret-0123456789';
const WRONG = 'attacker-guess';
const options: HubOptions = {
	createSocket: (url) => new WebSocket(url),
	stepMs: 10,
	handshakeTimeoutMs: 2000,
	settleMs: 0,
	limits: LOOSE_LIMITS,
};

let fake: FakeFeishu;
let counter = 0;
const freshId = () => (++counter).toString(16).padStart(32, 'e');
const leaves = useFakeFeishu(
	() => ({ appId: SAMPLE_APP_ID, appSecret: SECRET }),
	(started) => (fake = started),
);

interface Listener extends Subscriber {
	events: string[];
	fatal: string[];
	logs: string[];
}

function listener(id: string, appSecret: string): Listener {
	const l: Listener = {
		id,
		events: [],
		fatal: [],
		logs: [],
		windowMs: 8 * 3600_000,
		connectInfo: () => ({ request: fetchRequest, baseUrl: fake.url, appSecret }),
		deliver: (_envelope, info) => void l.events.push(info.eventId ?? ''),
		onFatal: (message) => void l.fatal.push(message),
		log: (level, message) => void l.logs.push(`${level}: ${message}`),
	};
	return l;
}

async function join(l: Listener, over: Partial<HubOptions> = {}) {
	const result = await subscribe(fake.url, SAMPLE_APP_ID, l, { ...options, ...over });
	if (result.ok) leaves.push(result.unsubscribe);
	return result;
}

async function victimConnected(): Promise<Listener> {
	const victim = listener('victim-wf|node', SECRET);
	expect(await join(victim)).toMatchObject({ ok: true });
	await fake.waitFor(() => fake.openConnections === 1, 3000, 'victim connection');
	return victim;
}

describe('attack: right App ID, wrong App Secret, same n8n', () => {
	it("cannot join the victim's connection nor read its events", async () => {
		const victim = await victimConnected();
		const attacker = listener('attacker-wf|node', WRONG);
		const result = await join(attacker);
		expect(result).toEqual({ ok: false, message: expect.stringMatching(/code 10014/) });
		const event = sample('im.chat.member.user.added_v1', freshId());
		const messageId = fake.sendEvent(event);
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(victim.events).toEqual([(event.header as IDataObject).event_id]);
		expect(attacker.events).toEqual([]);
	});

	it("its secret is never used to reconnect the victim, and the victim's trigger keeps running", async () => {
		const victim = await victimConnected();
		await join(listener('attacker-wf|node', WRONG));
		const callsBefore = fake.endpointSecrets.length;
		fake.dropAll();
		await fake.waitFor(
			() => fake.connectionCount === 2 && fake.openConnections === 1,
			5000,
			'reconnect',
		);
		expect(fake.endpointSecrets.slice(callsBefore)).toEqual(
			fake.endpointSecrets.slice(callsBefore).map(() => SECRET),
		);
		const messageId = fake.sendEvent(sample('im.chat.disbanded_v1', freshId()));
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		expect(victim.events).toHaveLength(1);
		expect(victim.fatal).toEqual([]);
	});

	it('when Feishu cannot be asked at activation, the wrong secret still gets a connection of its own and fails alone', async () => {
		const victim = await victimConnected();
		// Feishu is unreachable for the attacker's secret only: the check cannot refuse it yet.
		fake.endpoint = (body) =>
			body.AppSecret === WRONG ? [503, { msg: 'busy' }] : fake.defaultEndpoint(body);
		const attacker = listener('attacker-wf|node', WRONG);
		expect(await join(attacker, { graceMs: 300 })).toMatchObject({ ok: true });
		expect(activeHubs()).toHaveLength(2);
		// Both sides are told that Feishu would split the app's events between two connections.
		for (const side of [victim, attacker])
			expect(side.logs).toContainEqual(
				expect.stringMatching(/^warn: Another credential with the same App ID/),
			);
		const messageId = fake.sendEvent(sample('p2p_chat_create', freshId()));
		await fake.waitFor(() => fake.acksFor(messageId).length === 1, 3000, 'ack');
		await fake.waitFor(() => attacker.fatal.length === 1, 5000, 'attacker gives up');
		expect(attacker.fatal[0]).toMatch(/No working connection for \d+ s: .*HTTP 503/);
		expect(attacker.events).toEqual([]);
		expect(victim.events).toHaveLength(1);
		expect(victim.fatal).toEqual([]);
		expect(fake.openConnections).toBe(1);
	});

	it('the connection identity holds no secret in clear', async () => {
		await victimConnected();
		const [hub] = activeHubs();
		expect(hub.key).not.toContain(SECRET);
		expect(hub.key).toMatch(new RegExp(`\\|${SAMPLE_APP_ID}\\|[0-9a-f]{32}$`));
	});
});
