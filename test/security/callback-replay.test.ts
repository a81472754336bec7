/**
 * Issue 15, finding 6: a captured signed callback cannot be replayed once the replay window (minutes)
 * has passed, whatever the duplicate window (hours) is and whether n8n still remembers the event id.
 */
import type { IDataObject } from 'n8n-workflow';

import { resetCallbackKeys } from '../../nodes/FeishuGroupTrigger/callback/keys';
import { resetSharedSeenEvents } from '../../nodes/FeishuGroupTrigger/dedupe';
import { REFUSAL } from '../../nodes/FeishuGroupTrigger/webhook';
import type { NodeParams } from '../nodes/trigger-context';
import { SAMPLE_APP_ID, SAMPLE_TOKEN, sample } from '../unit/trigger-fixtures';
import { deliver, encryptedBody, signedHeaders } from './webhookHarness';

const KEY = 'replay-suite-encrypt-key';
const credentials = {
	appId: SAMPLE_APP_ID,
	appSecret: 's',
	verificationToken: SAMPLE_TOKEN,
	encryptKeySecret: KEY,
};
const T0 = 1_790_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let clock = T0;
let counter = 0;

beforeEach(() => {
	clock = T0;
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
	resetSharedSeenEvents();
	resetCallbackKeys();
});
afterEach(() => jest.restoreAllMocks());

/** A delivery as Feishu signs it at `clock`, captured by someone who can replay it. */
function capture() {
	const body = encryptedBody(
		sample('im.chat.member.user.added_v1', `4e91${(++counter).toString(16).padStart(28, '0')}`),
		KEY,
	);
	return { rawBody: body, headers: signedHeaders(body, KEY, String(Math.floor(clock / 1000))) };
}

const send = async (
	request: ReturnType<typeof capture>,
	params: NodeParams = {},
	staticData: IDataObject = {},
) => await deliver({ credentials, ...request, params, staticData });

it("the review's attack: a 20-hour-old signed request after a restart starts nothing", async () => {
	const request = capture();
	expect((await send(request)).started).toBe(true);
	clock += 20 * HOUR;
	resetSharedSeenEvents(); // n8n restarted; the id is no longer in memory (nor in fresh static data)
	const replay = await send(request);
	expect(replay.started).toBe(false);
	expect(replay.seen).toEqual(REFUSAL);
	expect(replay.logs[0]).toMatch(/72000 s away from this server's clock \(limit 300 s\)/);
});

it('the replay window does not follow the duplicate window', async () => {
	const params: NodeParams = { options: { duplicateWindowHours: 72 } };
	const request = capture();
	clock += 6 * MINUTE;
	const late = await send(request, params);
	expect(late.started).toBe(false);
	expect(late.seen).toEqual(REFUSAL);
	const shortDedupe = await send(capture(), { options: { duplicateWindowHours: 8 } });
	expect(shortDedupe.started).toBe(true);
});

it('within the window a replay is a duplicate: answered 200, nothing started', async () => {
	const request = capture();
	const staticData: IDataObject = {};
	expect((await send(request, {}, staticData)).started).toBe(true);
	clock += 4 * MINUTE;
	resetSharedSeenEvents();
	const replay = await send(request, {}, JSON.parse(JSON.stringify(staticData)));
	expect(replay.started).toBe(false);
	expect(replay.seen).toEqual({ status: 200, body: { msg: 'success' } });
});

it('timestamps too far in the future are refused too (the clock check is symmetric)', async () => {
	clock += 10 * MINUTE;
	const fromTheFuture = capture();
	clock -= 10 * MINUTE;
	expect((await send(fromTheFuture)).seen).toEqual(REFUSAL);
});

it('the window can be widened for a clock that is off, up to 60 minutes', async () => {
	const request = capture();
	clock += 6 * MINUTE;
	expect((await send(request, { options: { replayWindowMinutes: 10 } })).started).toBe(true);
	const older = capture();
	clock += 2 * HOUR;
	const clamped = await send(older, { options: { replayWindowMinutes: 100_000 } });
	expect(clamped.seen).toEqual(REFUSAL);
	expect(clamped.logs[0]).toMatch(/limit 3600 s/);
});
