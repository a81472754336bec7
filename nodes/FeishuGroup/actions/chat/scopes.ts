/** Scopes (any one) of the chat endpoints, from the seed overview (rest-api.md §4). */
export const READ_SCOPES = ['im:chat', 'im:chat:read', 'im:chat:readonly'];
export const LIST_SCOPES = [
	'im:chat',
	'im:chat:readonly',
	'im:chat:read',
	'im:chat.group_info:readonly',
];
export const UPDATE_SCOPES = ['im:chat', 'im:chat:update'];
export const MODERATION_READ_SCOPES = ['im:chat', 'im:chat.moderation:read', 'im:chat:readonly'];
export const MODERATION_WRITE_SCOPES = ['im:chat', 'im:chat:moderation:write_only'];
export const TOP_NOTICE_SCOPES = ['im:chat', 'im:chat.top_notice:write_only'];
export const DELETE_SCOPES = ['im:chat', 'im:chat:delete'];
