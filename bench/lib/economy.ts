/**
 * The request-economy scenarios of issue 9, shared by the in-process and the real-n8n measures: only the way
 * the node is run differs (EconomyRunner); every figure is an exact count from the emulator's request log.
 */
import type { EmulatorControl, LoggedRequest } from './emulator';
import {
	count,
	failures,
	isApiCall,
	isChatGet,
	isMemberAdd,
	isMemberList,
	isTokenCall,
} from './requestCounts';
import { lowerIsBetter, type Row } from './types';

export const CHAT_GET_ITEMS = 500;
export const CHAT_GET_EXECUTIONS = 3;
export const BIG_CHAT_MEMBERS = 10_000;
export const MEMBERS_PAGE_MAX = 100;
export const ADD_MEMBERS = 1_000;
export const ADD_MEMBERS_PER_CALL = 50;
export const LIMIT = 5;

export interface EconomyRunner {
	/** One execution of Chat → Get over one item per chat id; resolves with the number of output items. */
	chatGet(chatIds: string[]): Promise<number>;
	/** Member → Get Many; resolves with the number of output items. */
	listMembers(chatId: string, returnAll: boolean, limit: number): Promise<number>;
	/** Member → Add with all ids in one item; resolves with the node's output json. */
	addMembers(chatId: string, openIds: string[]): Promise<Record<string, unknown>>;
}

export interface EconomyFixture {
	/** Chats the bot can read (Chat → Get items cycle through them). */
	chatIds: string[];
	bigChatId: string;
	/** A chat owned by the bot that the users below are not in. */
	addTarget: string;
	newMemberIds: string[];
}

/** Resets the emulator with the big chat and picks the ids every scenario uses. */
export async function prepareFixture(control: EmulatorControl): Promise<EconomyFixture> {
	await control.reset({ bigChat: { members: BIG_CHAT_MEMBERS } });
	const chats = await control.chats();
	const big = chats.find((c) => c.user_count === BIG_CHAT_MEMBERS);
	if (!big) throw new Error('the emulator did not create the 10,000-member chat');
	const readable = chats.filter(
		(c) => c.bot_in_chat && c.status === 'normal' && c.chat_mode === 'group' && c !== big,
	);
	// A chat the bot owns (so adding is always allowed) that the big chat's members are not in.
	const target = readable.find((c) => c.owner?.kind === 'bot') ?? readable[0];
	const bigMembers = (await control.chatState(big.chat_id)).users;
	return {
		chatIds: readable.map((c) => c.chat_id),
		bigChatId: big.chat_id,
		addTarget: target.chat_id,
		newMemberIds: bigMembers.slice(0, ADD_MEMBERS),
	};
}

type Scenario = (
	runner: EconomyRunner,
	control: EmulatorControl,
	fx: EconomyFixture,
	notes: string[],
) => Promise<Row[]>;

async function logged<T>(
	control: EmulatorControl,
	action: () => Promise<T>,
): Promise<{ result: T; log: LoggedRequest[] }> {
	const before = await control.lastSeq();
	const result = await action();
	return { result, log: await control.requestsSince(before) };
}

function noteFailures(notes: string[], label: string, log: LoggedRequest[]): void {
	const failed = failures(log);
	if (failed.length)
		notes.push(
			`${label}: ${failed.length} answers were not code 0, e.g. ${failed.slice(0, 3).join('; ')}`,
		);
}

const chatGet: Scenario = async (runner, control, fx, notes) => {
	const ids = Array.from({ length: CHAT_GET_ITEMS }, (_, i) => fx.chatIds[i % fx.chatIds.length]);
	const logs: LoggedRequest[][] = [];
	for (let e = 0; e < CHAT_GET_EXECUTIONS; e++) {
		const { result, log } = await logged(control, () => runner.chatGet(ids));
		if (result !== CHAT_GET_ITEMS)
			notes.push(
				`Chat → Get execution ${e + 1} returned ${result} items, expected ${CHAT_GET_ITEMS}`,
			);
		noteFailures(notes, `Chat → Get execution ${e + 1}`, log);
		logs.push(log);
	}
	const all = logs.flat();
	const perItem = count(all, isApiCall) / (CHAT_GET_ITEMS * CHAT_GET_EXECUTIONS);
	const first = count(logs[0], isTokenCall);
	const total = count(all, isTokenCall);
	notes.push(
		`Chat → Get: ${count(all, isChatGet)} chat reads and ${count(all, isApiCall)} API calls in all for ` +
			`${CHAT_GET_EXECUTIONS} × ${CHAT_GET_ITEMS} items; token calls per execution ${logs.map((l) => count(l, isTokenCall)).join(', ')}`,
	);
	return [
		lowerIsBetter({
			figure: `Chat → Get ${CHAT_GET_ITEMS} items: API calls per item`,
			value: perItem,
			unit: 'calls',
			baseline: 1,
			baselineLabel: 'ideal',
			goal: '1.0',
			met: perItem === 1,
		}),
		lowerIsBetter({
			figure: 'Chat → Get: token calls in execution 1',
			value: first,
			unit: 'calls',
			baseline: 1,
			baselineLabel: 'ideal',
			goal: '1',
			met: first === 1,
		}),
		lowerIsBetter({
			figure: `Chat → Get: token calls over ${CHAT_GET_EXECUTIONS} executions`,
			value: total,
			unit: 'calls',
			baseline: 1,
			baselineLabel: 'ideal',
			goal: '1',
			met: total === 1,
		}),
	];
};

const returnAll: Scenario = async (runner, control, fx, notes) => {
	const { result, log } = await logged(control, () => runner.listMembers(fx.bigChatId, true, 0));
	noteFailures(notes, 'Return All', log);
	const pages = count(log, isMemberList);
	const ideal = Math.ceil(BIG_CHAT_MEMBERS / MEMBERS_PAGE_MAX);
	const sizes = [...new Set(log.filter(isMemberList).map((r) => r.query.page_size))].join(', ');
	notes.push(
		`Return All over ${BIG_CHAT_MEMBERS} members: ${result} items in ${pages} pages (page_size ${sizes})`,
	);
	return [
		lowerIsBetter({
			figure: `Member → Get Many, Return All, ${BIG_CHAT_MEMBERS.toLocaleString('en-US')} members: pages`,
			value: pages,
			unit: 'calls',
			baseline: ideal,
			baselineLabel: `ceil(${BIG_CHAT_MEMBERS}/${MEMBERS_PAGE_MAX})`,
			goal: String(ideal),
			met: pages === ideal && result === BIG_CHAT_MEMBERS,
		}),
	];
};

const limit: Scenario = async (runner, control, fx, notes) => {
	const { result, log } = await logged(control, () =>
		runner.listMembers(fx.bigChatId, false, LIMIT),
	);
	noteFailures(notes, 'Limit 5', log);
	const calls = count(log, isApiCall);
	notes.push(
		`Get Many with Limit ${LIMIT}: ${result} items, ${calls} calls (page_size ${log
			.filter(isMemberList)
			.map((r) => r.query.page_size)
			.join(', ')})`,
	);
	return [
		lowerIsBetter({
			figure: `Member → Get Many, Limit ${LIMIT}: calls`,
			value: calls,
			unit: 'calls',
			baseline: 1,
			baselineLabel: 'ideal',
			goal: '1',
			met: calls === 1 && result === LIMIT,
		}),
	];
};

const addMembers: Scenario = async (runner, control, fx, notes) => {
	const { result, log } = await logged(control, () =>
		runner.addMembers(fx.addTarget, fx.newMemberIds),
	);
	noteFailures(notes, 'Add 1,000', log);
	const calls = count(log, isApiCall);
	const ideal = Math.ceil(ADD_MEMBERS / ADD_MEMBERS_PER_CALL);
	notes.push(
		`Add ${ADD_MEMBERS} members: ${count(log, isMemberAdd)} add calls, ${calls} API calls; node says ${JSON.stringify({ request_count: result.request_count, requested_count: result.requested_count })}`,
	);
	return [
		lowerIsBetter({
			figure: `Member → Add ${ADD_MEMBERS.toLocaleString('en-US')} users: calls`,
			value: calls,
			unit: 'calls',
			baseline: ideal,
			baselineLabel: `${ADD_MEMBERS}/${ADD_MEMBERS_PER_CALL}`,
			goal: String(ideal),
			met: calls === ideal,
		}),
	];
};

const SCENARIOS: Array<[string, Scenario]> = [
	['Chat → Get', chatGet],
	['Return All', returnAll],
	['Limit', limit],
	['Add members', addMembers],
];

/** Runs every scenario; one that cannot run (operation or endpoint missing) becomes a note, not a crash. */
export async function runEconomy(
	runner: EconomyRunner,
	control: EmulatorControl,
	fx: EconomyFixture,
	notes: string[],
): Promise<Row[]> {
	const rows: Row[] = [];
	for (const [label, scenario] of SCENARIOS) {
		try {
			rows.push(...(await scenario(runner, control, fx, notes)));
		} catch (error) {
			notes.push(`${label}: could not run: ${(error as Error).message.split('\n')[0]}`);
		}
	}
	return rows;
}
