// How Open WebUI turns a task model's answer into a title, tags, search queries or an autocomplete
// suggestion — the exact rules, read from Open WebUI 0.12.4 (docs/open-webui-task-output.md), so
// the benchmark checks and the title doctor judge an answer the way the server will use it.

/** Python's `s[a:b]` for the indexes `find`/`rfind` give (-1 counts from the end). */
function pySlice(s: string, a: number, b: number): string {
	const n = s.length;
	const start = a < 0 ? Math.max(0, n + a) : Math.min(a, n);
	const end = b < 0 ? Math.max(0, n + b) : Math.min(b, n);
	return start < end ? s.slice(start, end) : '';
}

/** Python's `json.loads(x)`, `undefined` where it raises. */
function loads(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Python truthiness of a JSON value. */
const truthy = (v: unknown) => !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isDict(v) && Object.keys(v).length === 0));

export interface TaskAnswer {
	/** `choices[0].message.content` */
	readonly content?: string | null;
	/** `reasoning_content` (what a thinking model said before or instead of answering). */
	readonly reasoning?: string | null;
}

export interface TitleContext {
	/** The chat as Open WebUI passes it: the first user message is the fallback title. */
	readonly messages: readonly { readonly role: string; readonly content: string }[];
	/** The chat model's reply being titled: used as the text to parse when the answer is empty. */
	readonly assistantReply?: string;
}

/**
 * Why Open WebUI did not use a generated title. `empty`: no content (nor reasoning); `noJson`: no
 * `{…}` in the text; `badJson`: the `{…}` part does not parse; `notObject`: it parses but is not
 * an object; `emptyTitle`: `"title"` is empty; `noTitleKey`: an object without `"title"`, so the
 * last user message (cut to 100 characters) becomes the title.
 */
export type TitleFallback = 'empty' | 'noJson' | 'badJson' | 'notObject' | 'emptyTitle' | 'noTitleKey';

export type TitleOutcome = { readonly kind: 'generated'; readonly title: string } | { readonly kind: 'fallback'; readonly title: string; readonly why: TitleFallback };

/** The last user message as Open WebUI's middleware cuts it: 100 characters, then "...". */
function lastUserMessage(messages: TitleContext['messages']): string {
	const m = [...messages].reverse().find((x) => x.role === 'user')?.content ?? '';
	return m.length > 100 ? `${m.slice(0, 100)}...` : m;
}

/**
 * utils/middleware.py, title generation: text = content or reasoning_content or the assistant
 * reply; keep `text[text.find("{") : text.rfind("}") + 1]`; `json.loads(…).get("title", last user
 * message)`; any exception gives ""; an empty title becomes the chat's first message.
 */
export function openWebuiTitle(answer: TaskAnswer, ctx: TitleContext): TitleOutcome {
	const first = ctx.messages[0]?.content ?? lastUserMessage(ctx.messages);
	const text = answer.content || answer.reasoning || ctx.assistantReply || '';
	const empty = !(answer.content || answer.reasoning);
	const fallback = (why: TitleFallback): TitleOutcome => ({ kind: 'fallback', title: first, why: empty ? 'empty' : why });
	const part = pySlice(text, text.indexOf('{'), text.lastIndexOf('}') + 1);
	if (!part) return fallback('noJson');
	const parsed = loads(part);
	if (parsed === undefined) return fallback('badJson');
	if (!isDict(parsed)) return fallback('notObject');
	if (!('title' in parsed)) return { kind: 'fallback', title: lastUserMessage(ctx.messages) || first, why: empty ? 'empty' : 'noTitleKey' };
	const title = parsed.title;
	if (!truthy(title)) return fallback('emptyTitle');
	return { kind: 'generated', title: typeof title === 'string' ? title : JSON.stringify(title) };
}

/** Tags: the same `{…}` cut of content (or reasoning), `.get("tags", [])`; any exception: no tags. */
export function openWebuiTags(answer: TaskAnswer): { readonly tags: readonly unknown[] } | { readonly tags: undefined; readonly why: 'noJson' | 'badJson' | 'notObject' | 'notList' } {
	const text = answer.content || answer.reasoning || '';
	const part = pySlice(text, text.indexOf('{'), text.lastIndexOf('}') + 1);
	if (!part) return { tags: undefined, why: 'noJson' };
	const parsed = loads(part);
	if (parsed === undefined) return { tags: undefined, why: 'badJson' };
	if (!isDict(parsed)) return { tags: undefined, why: 'notObject' };
	const tags = 'tags' in parsed ? parsed.tags : [];
	return Array.isArray(tags) ? { tags } : { tags: undefined, why: 'notList' };
}

/**
 * Search/retrieval queries: from the LAST `{` to the last `}` (0.12.4 uses rfind for both), parsed,
 * `.get("queries", [])`; when there is no `{` or it does not parse, the whole answer is the one query.
 */
export function openWebuiQueries(answer: TaskAnswer): { readonly queries: readonly unknown[]; readonly raw: boolean } {
	const text = answer.content ?? '';
	const start = text.lastIndexOf('{');
	if (start >= 0) {
		const parsed = loads(pySlice(text, start, text.lastIndexOf('}') + 1));
		if (isDict(parsed)) {
			const q = 'queries' in parsed ? parsed.queries : [];
			return { queries: Array.isArray(q) ? q : [], raw: false };
		}
	}
	return { queries: [text], raw: true };
}

/**
 * Autocomplete (the web client, src/lib/apis/index.ts): from the first `{` to the last `}`, parsed,
 * `.text` or ""; with no braces the raw answer; when the part does not parse, the raw answer.
 */
export function openWebuiAutocomplete(answer: TaskAnswer): { readonly text: string; readonly raw: boolean } {
	const text = answer.content ?? '';
	const a = text.indexOf('{');
	const b = text.lastIndexOf('}');
	if (a === -1 || b === -1) return { text, raw: true };
	const parsed = loads(text.substring(a, b + 1));
	if (parsed === undefined) return { text, raw: true };
	const t = isDict(parsed) ? parsed.text : undefined;
	return { text: truthy(t) ? String(t) : '', raw: false };
}
