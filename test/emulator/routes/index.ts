/** All group endpoints, registered in an order where literal paths win over :params. */
import type { ApiSpec } from '../api';
import { Router } from '../http';
import { chatRoutes } from './chats';

export function apiRouter(): Router<ApiSpec> {
	const r = new Router<ApiSpec>();
	const all: ApiSpec[] = [...chatRoutes];
	for (const spec of all) r.add(spec.method, spec.path, spec);
	return r;
}

export function allSpecs(): ApiSpec[] {
	return [...chatRoutes];
}
