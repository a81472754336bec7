/**
 * Chats the example workflows act on, added to the seed by `npm start` (and `npm run emulator -- --demo`), so each
 * example shows a result against the emulator. examples/stale-chat-cleanup.json's rule: a chat is stale when its
 * name starts with "tmp-" or "[archive]" (any case) and it has at most 3 members, unless only the owner and
 * managers may speak. The other examples use the base seed (users, and "Product Launch", a bot-owned chat
 * without managers, for the welcome example).
 */
import { makeUser, TENANT_KEY } from './seed';
import type { Fixture } from './seed';

const user = (i: number) => makeUser('user' + i, '', TENANT_KEY).open_id;

export const DEMO_FIXTURE: Fixture = {
	chats: [
		// Stale: disbanded by the clean-up (the bot owns them, so it may).
		{ name: 'tmp-offsite-2026', description: 'Offsite planning', members: [user(0), user(1)] },
		{ name: '[Archive] Q3 launch retro', description: 'Archived retro', members: [user(2)] },
		// Not stale: too many members, or an announcement channel (kept while keepAnnouncementChats is on).
		{
			name: 'tmp-hackathon',
			description: 'Hackathon teams',
			members: Array.from({ length: 10 }, (_, i) => user(i)),
		},
		{
			name: 'tmp-announcements',
			description: 'Only the owner posts',
			members: [user(3)],
			moderation: { setting: 'only_owner' },
		},
	],
};
