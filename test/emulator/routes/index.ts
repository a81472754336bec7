/** All 30 group endpoints plus the 7 docx announcement endpoints, registered so that literal paths win over :params. */
import type { ApiSpec } from '../api';
import { Router } from '../http';
import { announcementRoutes } from './announcement';
import { announcementDocxRoutes } from './announcementDocx';
import { chatRoutes } from './chats';
import { memberRoutes } from './members';
import { menuRoutes } from './menu';
import { moderationRoutes } from './moderation';
import { tabRoutes } from './tabs';

export function allSpecs(): ApiSpec[] {
	return [
		...chatRoutes,
		...moderationRoutes,
		...memberRoutes,
		...announcementRoutes,
		...announcementDocxRoutes,
		...tabRoutes,
		...menuRoutes,
	];
}

export function apiRouter(): Router<ApiSpec> {
	const r = new Router<ApiSpec>();
	for (const spec of allSpecs()) r.add(spec.method, spec.path, spec);
	return r;
}
