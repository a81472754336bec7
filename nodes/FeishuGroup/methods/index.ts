import { searchChats } from './listSearch';
import { getMenuItems, getTopLevelMenuItems } from './menus';
import { getEditableTabs, getSortableTabs } from './tabs';

/** listSearch and loadOptions methods of the node; each resource adds its own here. */
export const listSearch = { searchChats };

export const loadOptions = { getEditableTabs, getSortableTabs, getMenuItems, getTopLevelMenuItems };
