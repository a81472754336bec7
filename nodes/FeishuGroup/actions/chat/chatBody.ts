import { jsonParse, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseIdList } from '../../../shared/chunk';
import type { ChatSettingField } from './fields';
import { i18nNamesField, i18nNamesJsonField, restrictedModeField } from './fields';

const RESTRICTIONS = [
	'screenshot_has_permission_setting',
	'download_has_permission_setting',
	'message_has_permission_setting',
];

function invalid(
	context: IExecuteFunctions,
	itemIndex: number,
	message: string,
	description?: string,
) {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/** i18n_names from the structured editor, overridden by the JSON alternative where both are set. */
function i18nNames(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
): IDataObject | undefined {
	const names: IDataObject = {};
	const structured = (fields[i18nNamesField.property.name] as IDataObject | undefined)?.names as
		| IDataObject
		| undefined;
	for (const [language, name] of Object.entries(structured ?? {})) {
		if (typeof name === 'string' && name.trim() !== '') names[language] = name;
	}
	const raw = fields[i18nNamesJsonField.property.name];
	if (raw !== undefined && raw !== '') {
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = jsonParse(raw);
			} catch {
				throw invalid(context, itemIndex, 'Localized Names (JSON) is not valid JSON');
			}
		}
		if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
			throw invalid(
				context,
				itemIndex,
				'Localized Names (JSON) must be an object such as {"zh_cn": "…", "en_us": "…"}',
			);
		}
		for (const [language, name] of Object.entries(parsed as IDataObject)) {
			if (typeof name !== 'string') {
				throw invalid(context, itemIndex, `Localized Names (JSON): "${language}" must be a string`);
			}
			// Empty strings from the JSON template mean "not set", like empty structured fields.
			if (name.trim() !== '') names[language] = name;
		}
	}
	return Object.keys(names).length > 0 ? names : undefined;
}

/** restricted_mode_setting, checked against Feishu's consistency rule so the user gets a clear message. */
function restrictedMode(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
): IDataObject | undefined {
	const settings = (fields[restrictedModeField.property.name] as IDataObject | undefined)
		?.settings as IDataObject | undefined;
	if (!settings) return undefined;
	const value: IDataObject = { status: settings.status === true };
	for (const key of RESTRICTIONS)
		value[key] = settings[key] ?? (value.status ? 'not_anyone' : 'all_members');
	const restricted = RESTRICTIONS.filter((key) => value[key] === 'not_anyone');
	if (value.status && restricted.length === 0) {
		throw invalid(
			context,
			itemIndex,
			'Restricted Mode is enabled but restricts nothing',
			'Set at least one of screenshots, downloads or copy/forward to "Nobody", or turn Restricted Mode off.',
		);
	}
	if (!value.status && restricted.length > 0) {
		throw invalid(
			context,
			itemIndex,
			'Restricted Mode is off but some actions are set to "Nobody"',
			'Feishu only accepts "Nobody" while restricted mode is enabled. Enable it or set every action to "All Members".',
		);
	}
	return value;
}

/**
 * Copies the chosen settings from a collection into Feishu's body keys. Strings left empty are
 * not sent (Feishu's PUT is partial, so an absent field keeps its value); lists are sent as added.
 */
export function settingsBody(
	context: IExecuteFunctions,
	itemIndex: number,
	fields: IDataObject,
	definitions: ChatSettingField[],
): IDataObject {
	const body: IDataObject = {};
	for (const { feishuKey, property, list } of definitions) {
		if (property.type === 'fixedCollection' || property.type === 'json') continue;
		const value = fields[property.name];
		if (value === undefined) continue;
		if (list) {
			// Added to the collection = sent, so an emptied list clears the setting on Update.
			body[feishuKey] = parseIdList(value);
		} else if (typeof value === 'string') {
			if (value.trim() === '') continue;
			body[feishuKey] = value.trim();
		} else {
			body[feishuKey] = value;
		}
	}
	const names = i18nNames(context, itemIndex, fields);
	if (names) body.i18n_names = names;
	const restricted = restrictedMode(context, itemIndex, fields);
	if (restricted) body.restricted_mode_setting = restricted;
	return body;
}

const COUPLED: Record<string, string> = { only_owner: 'not_allowed', all_members: 'allowed' };

/**
 * Feishu requires add_member_permission and share_card_permission together, paired as
 * only_owner/not_allowed or all_members/allowed. Fill in a missing partner; refuse a mismatch.
 */
export function coupleMemberPermissions(
	context: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): void {
	const add = body.add_member_permission as string | undefined;
	const share = body.share_card_permission as string | undefined;
	if (add === undefined && share === undefined) return;
	if (add !== undefined && share === undefined) {
		body.share_card_permission = COUPLED[add];
		return;
	}
	if (share !== undefined && add === undefined) {
		body.add_member_permission = Object.keys(COUPLED).find((key) => COUPLED[key] === share);
		return;
	}
	if (COUPLED[add as string] !== share) {
		throw invalid(
			context,
			itemIndex,
			`Add Member Permission "${add}" does not match Share Card Permission "${share}"`,
			'Feishu only accepts them in pairs: "Only Owner and Managers" with "Not Allowed", or "All Members" with "Allowed". Set just one of them and the node fills in the other.',
		);
	}
}
