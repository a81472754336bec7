/**
 * Text payloads ({elements, style}) of announcement blocks: validation with Feishu's codes (1770001 malformed,
 * 1770024 illegal element, 1770032 mention of a non-contact) and the response normalisation of §12 item 10
 * (text_element_style booleans and Text style filled with their defaults).
 */
import { docxError } from '../errors';
import type { Store } from '../state';
import { allowsRichElements, CODE, ELEMENT_KEYS, TEXT, TODO } from './model';

/** What one request has used so far, for the per-request resource caps (1770035). */
export interface RequestBudget {
	mention_user: number;
	mention_doc: number;
	reminder: number;
}

export const newBudget = (): RequestBudget => ({ mention_user: 0, mention_doc: 0, reminder: 0 });

export interface TextContext {
	store: Store;
	/** 'create' forbids elements that can only be kept (file, inline_block). */
	mode: 'create' | 'update';
	budget: RequestBudget;
	/** Elements the block had before an update (file / inline_block may be kept). */
	previous?: unknown[];
}

const STYLE_FLAGS = ['bold', 'inline_code', 'italic', 'strikethrough', 'underline'] as const;
const BACKGROUNDS = [
	'LightGrayBackground',
	'LightRedBackground',
	'LightOrangeBackground',
	'LightYellowBackground',
	'LightGreenBackground',
	'LightBlueBackground',
	'LightPurpleBackground',
	'PaleGrayBackground',
	'DarkGrayBackground',
	'DarkRedBackground',
	'DarkOrangeBackground',
	'DarkYellowBackground',
	'DarkGreenBackground',
	'DarkBlueBackground',
	'DarkPurpleBackground',
];
const DOC_OBJ_TYPES = [1, 3, 8, 11, 12, 15, 16, 22];

const bad = (field: string, value: unknown, description: string) =>
	docxError(1770001, { field, value, description });

const isObj = (v: unknown): v is Record<string, any> =>
	!!v && typeof v === 'object' && !Array.isArray(v);

const intIn = (v: unknown, lo: number, hi: number) =>
	Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;

/** A link URL must be URL-encoded (§6.4): no raw "://", and it must decode to an http(s) URL. */
function checkLink(link: unknown, at: string): void {
	if (!isObj(link) || typeof link.url !== 'string' || !link.url)
		throw bad(`${at}.link.url`, link, 'link.url is required');
	let decoded: string;
	try {
		decoded = decodeURIComponent(link.url);
	} catch {
		throw bad(`${at}.link.url`, link.url, 'link.url is not valid URL encoding');
	}
	if (link.url.includes('://') || !/^https?:\/\/\S+$/i.test(decoded))
		throw bad(`${at}.link.url`, link.url, 'link.url must be a URL-encoded http(s) URL');
}

function elementStyle(v: unknown, at: string, allowLink: boolean, mode: TextContext['mode']) {
	if (v === undefined || v === null) v = {};
	if (!isObj(v)) throw bad(at, v, 'text_element_style must be an object');
	const out: Record<string, unknown> = {};
	for (const f of STYLE_FLAGS) {
		if (v[f] !== undefined && typeof v[f] !== 'boolean')
			throw bad(`${at}.${f}`, v[f], `${f} must be a boolean`);
		out[f] = v[f] ?? false;
	}
	if (v.text_color !== undefined) {
		if (!intIn(v.text_color, 1, 7))
			throw bad(`${at}.text_color`, v.text_color, 'text_color is 1-7');
		out.text_color = v.text_color;
	}
	if (v.background_color !== undefined) {
		if (!intIn(v.background_color, 1, 15))
			throw bad(`${at}.background_color`, v.background_color, 'background_color is 1-15');
		out.background_color = v.background_color;
	}
	if (v.link !== undefined && v.link !== null) {
		if (!allowLink) throw docxError(1770024);
		checkLink(v.link, at);
		out.link = { url: v.link.url };
	}
	if (v.comment_ids !== undefined) {
		if (mode === 'create') throw docxError(1770024);
		out.comment_ids = v.comment_ids;
	}
	return out;
}

function mentionedUser(ctx: TextContext, id: unknown, at: string): string {
	if (typeof id !== 'string' || !id) throw bad(`${at}.user_id`, id, 'user_id is required');
	const u = ctx.store.byOpenId.get(id);
	// The target must be an active contact of the caller (§6.4); unknown or resigned users are not.
	if (!u || u.resigned) throw docxError(1770032);
	return u.open_id;
}

function element(ctx: TextContext, blockType: number, raw: unknown, at: string): unknown {
	if (!isObj(raw)) throw bad(at, raw, 'an element must be an object');
	const keys = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
	if (keys.length !== 1) throw bad(at, raw, 'an element has exactly one key');
	const key = keys[0];
	if (!ELEMENT_KEYS.has(key)) throw bad(at, key, `unknown text element ${key}`);
	const v = raw[key];
	const here = `${at}.${key}`;
	if (!isObj(v)) throw bad(here, v, `${key} must be an object`);
	const rich = ['mention_user', 'mention_doc', 'reminder'].includes(key);
	if (rich && !allowsRichElements(blockType)) throw docxError(1770024);
	switch (key) {
		case 'text_run':
		case 'equation':
			if (typeof v.content !== 'string')
				throw bad(`${here}.content`, v.content, 'content is required');
			return {
				[key]: {
					content: v.content,
					// Of the two, only a text run may be a link.
					text_element_style: elementStyle(
						v.text_element_style,
						here,
						key === 'text_run',
						ctx.mode,
					),
				},
			};
		case 'mention_user':
			ctx.budget.mention_user++;
			return {
				mention_user: {
					user_id: mentionedUser(ctx, v.user_id, here),
					text_element_style: elementStyle(v.text_element_style, here, false, ctx.mode),
				},
			};
		case 'mention_doc': {
			ctx.budget.mention_doc++;
			if (typeof v.token !== 'string' || !v.token)
				throw bad(`${here}.token`, v.token, 'token is required');
			if (!DOC_OBJ_TYPES.includes(v.obj_type))
				throw bad(`${here}.obj_type`, v.obj_type, `obj_type is one of ${DOC_OBJ_TYPES.join(', ')}`);
			if (typeof v.url !== 'string' || !v.url) throw bad(`${here}.url`, v.url, 'url is required');
			checkLink({ url: v.url }, here);
			const out: Record<string, unknown> = { token: v.token, obj_type: v.obj_type, url: v.url };
			if (v.fallback_type !== undefined) out.fallback_type = v.fallback_type;
			out.text_element_style = elementStyle(v.text_element_style, here, false, ctx.mode);
			return { mention_doc: out };
		}
		case 'reminder': {
			ctx.budget.reminder++;
			for (const f of ['create_user_id', 'expire_time', 'notify_time'])
				if (v[f] === undefined || v[f] === '') throw bad(`${here}.${f}`, v[f], `${f} is required`);
			return {
				reminder: {
					create_user_id: v.create_user_id,
					is_notify: v.is_notify ?? false,
					is_whole_day: v.is_whole_day ?? false,
					expire_time: String(v.expire_time),
					notify_time: String(v.notify_time),
					text_element_style: elementStyle(v.text_element_style, here, false, ctx.mode),
				},
			};
		}
		case 'file':
		case 'inline_block': {
			// Output-only elements: an update may keep one the block already had, nothing may add one.
			const kept =
				ctx.mode === 'update' &&
				(ctx.previous ?? []).some((p) => JSON.stringify((p as any)?.[key]) === JSON.stringify(v));
			if (!kept) throw docxError(1770024);
			return { [key]: v };
		}
		default:
			// undefined / undefined_element / link_preview may not be sent.
			throw docxError(1770024);
	}
}

export function textElements(
	ctx: TextContext,
	blockType: number,
	raw: unknown,
	at = 'elements',
): unknown[] {
	if (!Array.isArray(raw) || raw.length === 0)
		throw bad(at, raw ?? '', 'elements must be a non-empty array');
	return raw.map((e, i) => element(ctx, blockType, e, `${at}[${i}]`));
}

/** Validates a TextStyle (only the keys present) and returns it without defaults. */
export function textStyle(blockType: number, raw: unknown, at = 'style'): Record<string, unknown> {
	if (raw === undefined || raw === null) return {};
	if (!isObj(raw)) throw bad(at, raw, 'style must be an object');
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(raw)) {
		if (v === undefined) continue;
		const ok =
			(k === 'align' && intIn(v, 1, 3)) ||
			((k === 'done' || k === 'folded' || k === 'wrap') && typeof v === 'boolean') ||
			(k === 'language' && intIn(v, 1, 75)) ||
			(k === 'background_color' && BACKGROUNDS.includes(v as string)) ||
			(k === 'indentation_level' && ['NoIndent', 'OneLevelIndent'].includes(v as string)) ||
			(k === 'sequence' && typeof v === 'string' && /^(\d+|auto)$/.test(v));
		if (!ok) throw bad(`${at}.${k}`, v, `invalid ${k}`);
		if (k === 'done' && blockType !== TODO) throw docxError(1770025);
		if ((k === 'language' || k === 'wrap') && blockType !== CODE) throw docxError(1770025);
		if (k === 'indentation_level' && blockType !== TEXT) throw docxError(1770025);
		out[k] = v;
	}
	return out;
}

/** Response defaults of a Text style (the examples show align 1 and folded false, done/wrap false). */
export function normaliseStyle(blockType: number, style: Record<string, unknown>) {
	const out: Record<string, unknown> = { align: 1, folded: false, ...style };
	if (blockType === TODO) out.done ??= false;
	if (blockType === CODE) out.wrap ??= false;
	return out;
}
