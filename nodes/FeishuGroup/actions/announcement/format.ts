import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { feishuCode, withNote } from '../shared/errorNote';
import { DOCX_ANNOUNCEMENT_CODE, MISSING_SCOPE_CODES, missingDocxScopeNote } from './docxHint';
import { getBasicInfo } from './docxApi';
import type { AnnouncementFormat } from './model';

/** What the basic-info call said about a chat's announcement. */
export interface FormatProbe {
	/** Undefined when the app may not call basic info (no announcement scope): try legacy. */
	format?: AnnouncementFormat;
	/** Basic info: announcement_type, revision_id, owner, modifier, times. */
	info?: IDataObject;
	/** The missing-scope error of basic info, thrown if the legacy API says "docx" after all. */
	scopeError?: unknown;
}

/**
 * Finds the announcement format with the basic-info call, the one upgraded endpoint that answers
 * for both formats. Apps that hold only `im:chat` (enough for the legacy API) get a missing-scope
 * error there; they are not failed yet, so legacy chats keep working for them.
 */
export async function detectFormat(
	context: IExecuteFunctions,
	chatId: string,
	itemIndex: number,
	userIdType?: string,
): Promise<FormatProbe> {
	try {
		const info = await getBasicInfo(context, chatId, itemIndex, userIdType);
		return { format: info.announcement_type === 'doc' ? 'doc' : 'docx', info };
	} catch (error) {
		const code = feishuCode(error);
		if (code !== undefined && MISSING_SCOPE_CODES.includes(code)) return { scopeError: error };
		throw withNote(context.getNode(), error, '', itemIndex);
	}
}

/**
 * Runs the legacy path for a chat whose format is unknown (basic info was refused for a missing
 * scope). If the legacy API says the announcement is docx, the real problem is the missing
 * announcement scope: that error is thrown, with a note naming the scopes to grant.
 */
export async function legacyUnlessDocx<T>(
	context: IExecuteFunctions,
	probe: FormatProbe,
	itemIndex: number,
	access: 'read' | 'write',
	run: () => Promise<T>,
): Promise<T> {
	try {
		return await run();
	} catch (error) {
		if (feishuCode(error) === DOCX_ANNOUNCEMENT_CODE && probe.scopeError)
			throw withNote(context.getNode(), probe.scopeError, missingDocxScopeNote(access), itemIndex);
		throw withNote(context.getNode(), error, '', itemIndex);
	}
}
