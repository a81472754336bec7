import type { IDataObject } from 'n8n-workflow';

const CHAT_FIELDS = [
	'chat_id',
	'name',
	'description',
	'avatar',
	'owner_id',
	'owner_id_type',
	'chat_mode',
	'chat_type',
	'chat_status',
	'external',
	'tenant_key',
	'user_manager_id_list',
	'bot_manager_id_list',
];

/** The chat fields people and agents use, with the member counts as numbers. */
export function simplifyChat(chat: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const field of CHAT_FIELDS) if (chat[field] !== undefined) simple[field] = chat[field];
	if (chat.user_count !== undefined) simple.user_count = Number(chat.user_count);
	if (chat.bot_count !== undefined) simple.bot_count = Number(chat.bot_count);
	return simple;
}

const LIST_FIELDS = [
	'chat_id',
	'name',
	'description',
	'owner_id',
	'owner_id_type',
	'external',
	'chat_status',
];

/** A Get Many / Search item without the avatar URL, tenant key and labels. */
export function simplifyListedChat(chat: IDataObject): IDataObject {
	const simple: IDataObject = {};
	for (const field of LIST_FIELDS) if (chat[field] !== undefined) simple[field] = chat[field];
	return simple;
}
