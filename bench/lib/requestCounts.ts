/** Classifies the emulator's request log entries, so every economy figure is an exact count. */
import type { LoggedRequest } from './emulator';

export const isTokenCall = (r: LoggedRequest): boolean =>
	r.path.endsWith('/tenant_access_token/internal');
export const isChatGet = (r: LoggedRequest): boolean =>
	r.method === 'GET' && /^\/open-apis\/im\/v1\/chats\/oc_[^/]+$/.test(r.path);
export const isMemberList = (r: LoggedRequest): boolean =>
	r.method === 'GET' && /^\/open-apis\/im\/v1\/chats\/oc_[^/]+\/members$/.test(r.path);
export const isMemberAdd = (r: LoggedRequest): boolean =>
	r.method === 'POST' && /^\/open-apis\/im\/v1\/chats\/oc_[^/]+\/members$/.test(r.path);
/** Group API calls (everything but auth), whatever their answer. */
export const isApiCall = (r: LoggedRequest): boolean =>
	r.path.startsWith('/open-apis/') && !r.path.startsWith('/open-apis/auth/');

export const count = (log: LoggedRequest[], pred: (r: LoggedRequest) => boolean): number =>
	log.filter(pred).length;

/** Answers that were not Feishu code 0 (each one is a wasted or retried call worth explaining). */
export function failures(log: LoggedRequest[]): string[] {
	return log
		.filter((r) => r.code !== 0)
		.map((r) => `${r.method} ${r.path} → ${r.status}/${r.code}`);
}
