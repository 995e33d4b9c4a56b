// Does the answer work the way Open WebUI will use it? The parsing is Open WebUI's own
// (tasks/taskOutput.ts, docs/open-webui-task-output.md): a title must be JSON `{"title"}` — anything
// else makes Open WebUI name the chat by its first message — tags must be `{"tags": [...]}`, a
// query answer without JSON becomes one query, autocomplete takes `{"text"}` or the raw line.
// On top: a title must be short and not just the user's message; a continuation must not repeat
// what was typed. Hidden reasoning costs time and is flagged even when the answer is fine.
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';
import { openWebuiAutocomplete, openWebuiQueries, openWebuiTags, openWebuiTitle } from '../tasks/taskOutput';
import type { BenchTask } from './prompts';

export const checkMessages = {
	empty: 'empty answer',
	thinking: 'spent tokens on hidden reasoning',
	notJson: 'not the JSON Open WebUI expects',
	noTitle: 'no title in the answer',
	echoesUser: 'the title only repeats the user\'s message',
	placeholder: 'the answer copies the prompt\'s example instead of answering',
	repeatsInput: 'the continuation repeats what was typed',
	titleTooLong: 'title too long ({0} characters)',
	notList: 'tags are not a JSON list',
	emptyList: 'no tags in the list',
	noQueries: 'no search queries in the answer',
	queryTooLong: 'search query too long ({0} words)',
	noText: 'no continuation in the answer',
	textTooLong: 'continuation too long ({0} characters)',
} as const;

export type CheckIssueKind = keyof typeof checkMessages;

export interface CheckIssue {
	readonly kind: CheckIssueKind;
	/** `fail` ranks the model down; `warn` is shown but the answer is usable. */
	readonly severity: 'fail' | 'warn';
	readonly text: string;
}

export interface CheckResult {
	readonly ok: boolean;
	readonly issues: readonly CheckIssue[];
	/** What Open WebUI would use: the title, the tags, the queries or the continuation. */
	readonly value?: string | readonly string[];
}

export const limits = { titleChars: 80, titleWords: 12, queryWords: 12, autocompleteChars: 200 } as const;

const thinkBlock = /<think(?:ing)?>[\s\S]*?(?:<\/think(?:ing)?>|$)/gi;

/** The answer without `<think>` blocks, and whether there were any. */
export function stripThinking(content: string): { text: string; hadThinking: boolean } {
	const text = content.replace(thinkBlock, '');
	return { text: text.trim(), hadThinking: text.length !== content.length };
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;
const norm = (s: string) => s.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, ' ').trim();
/** What small models copy from the prompts' examples instead of answering (Open WebUI's and ours). */
const placeholders = new Set(['title', 'your title', 'chat title', 'your concise title here', 'new chat', 'chat', 'query one', 'query', 'the continuation']);
const isPlaceholder = (v: string) => placeholders.has(norm(v)) || /^tag\s?\d*$/.test(norm(v));

/** The conversation an answer is judged against (the benchmark's sample chat). */
export interface CheckContext {
	readonly messages?: readonly { readonly role: string; readonly content: string }[];
	/** What the user was typing, for autocomplete. */
	readonly typed?: string;
}

export function checkOutput(task: BenchTask, answer: { content?: string; thinking?: string }, t: Translate = english, ctx: CheckContext = {}): CheckResult {
	const issues: CheckIssue[] = [];
	const fail = (kind: CheckIssueKind, ...args: (string | number)[]) => issues.push({ kind, severity: 'fail', text: t(checkMessages[kind], ...args) });
	const content = answer.content ?? '';
	const { text, hadThinking } = stripThinking(content);
	if (hadThinking || (answer.thinking ?? '').trim()) issues.push({ kind: 'thinking', severity: 'warn', text: t(checkMessages.thinking) });
	if (!text) {
		fail('empty');
		return { ok: false, issues };
	}
	let value: string | readonly string[] | undefined;
	switch (task) {
		case 'title': {
			const messages = ctx.messages ?? [];
			const outcome = openWebuiTitle({ content }, { messages: messages.length ? messages : [{ role: 'user', content: '' }] });
			if (outcome.kind === 'fallback') {
				fail(outcome.why === 'noTitleKey' || outcome.why === 'emptyTitle' ? 'noTitle' : 'notJson');
				break;
			}
			value = outcome.title.trim();
			const users = messages.filter((m) => m.role === 'user').map((m) => norm(m.content));
			if (value.length > limits.titleChars || words(value) > limits.titleWords) fail('titleTooLong', value.length);
			else if (isPlaceholder(value)) fail('placeholder');
			else if (users.some((u) => u && (u === norm(value as string) || (norm(value as string).length > 20 && u.startsWith(norm(value as string)))))) fail('echoesUser');
			break;
		}
		case 'tags': {
			const r = openWebuiTags({ content });
			const list = r.tags && r.tags.every((x) => typeof x === 'string') ? (r.tags as string[]) : undefined;
			if (!list) fail('notList');
			else if (list.filter((x) => x.trim()).length === 0) fail('emptyList');
			else if (list.every(isPlaceholder)) fail('placeholder');
			else value = list;
			break;
		}
		case 'query': {
			const r = openWebuiQueries({ content });
			const list = r.queries.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim());
			// A raw answer is used as the query: fine for a plain line, junk when it is broken JSON.
			if (r.raw && /[{}[\]]/.test(content)) fail('notJson');
			else if (list.length === 0 || list.length !== r.queries.length) fail('noQueries');
			else {
				const longest = Math.max(...list.map(words));
				if (longest > limits.queryWords || (r.raw && list[0]!.includes('\n'))) fail('queryTooLong', longest);
				else if (list.every(isPlaceholder)) fail('placeholder');
				value = list;
			}
			break;
		}
		case 'autocomplete': {
			const r = openWebuiAutocomplete({ content });
			const cont = r.text.trim();
			if (r.raw && cont.includes('\n')) fail('notJson');
			else if (!cont) fail('noText');
			else if (cont.length > limits.autocompleteChars) fail('textTooLong', cont.length);
			else if (ctx.typed && norm(cont).startsWith(norm(ctx.typed)) && norm(ctx.typed).length > 0) fail('repeatsInput');
			else if (isPlaceholder(cont)) fail('placeholder');
			else value = cont;
			break;
		}
		default:
			return assertNever(task, 'task');
	}
	return { ok: !issues.some((i) => i.severity === 'fail'), issues, value };
}
