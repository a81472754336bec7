import { searchChats } from './listSearch';

/** listSearch and loadOptions methods of the node; each resource adds its own here. */
export const listSearch = { searchChats };

export const loadOptions = {};
