// Does the answer work the way Open WebUI will use it? Open WebUI cuts the text from the first `{`
// to the last `}` and parses that; a title may also be a plain line. Hidden reasoning (a thinking
// model's `message.thinking` or `<think>` blocks) costs time and is flagged even when the answer is
// fine; an empty answer fails.
import { assertNever } from '../util/assert';
import type { BenchTask } from './prompts';
import { english, type Translate } from '../shared/l10n';

export const checkMessages = {
	empty: 'empty answer',
	thinking: 'spent tokens on hidden reasoning',
	notJson: 'not the JSON Open WebUI expects',
	noTitle: 'no title in the answer',
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

/** Open WebUI's way: the substring from the first `{` to the last `}` (else the first `[` … `]`). */
export function parseJsonPart(text: string): unknown {
	const unfenced = text.replace(/```(?:json)?/gi, '');
	for (const [open, close] of [
		['{', '}'],
		['[', ']'],
	] as const) {
		const a = unfenced.indexOf(open);
		const b = unfenced.lastIndexOf(close);
		if (a < 0 || b <= a) continue;
		try {
			return JSON.parse(unfenced.slice(a, b + 1));
		} catch {
			/* try the next shape */
		}
	}
	return undefined;
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringList = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
/** A plain answer: one line, quotes and a trailing full stop removed. */
const plainLine = (s: string) => (s.includes('\n') ? undefined : s.replace(/^["'`]+|["'`]+$/g, '').trim());

export function checkOutput(task: BenchTask, answer: { content?: string; thinking?: string }, t: Translate = english): CheckResult {
	const issues: CheckIssue[] = [];
	const fail = (kind: CheckIssueKind, ...args: (string | number)[]) => issues.push({ kind, severity: 'fail', text: t(checkMessages[kind], ...args) });
	const { text, hadThinking } = stripThinking(answer.content ?? '');
	if (hadThinking || (answer.thinking ?? '').trim()) issues.push({ kind: 'thinking', severity: 'warn', text: t(checkMessages.thinking) });
	if (!text) {
		fail('empty');
		return { ok: false, issues };
	}
	const json = parseJsonPart(text);
	let value: string | readonly string[] | undefined;
	switch (task) {
		case 'title': {
			const title = isObject(json) ? json.title : undefined;
			if (typeof title === 'string' && title.trim()) value = title.trim();
			else if (json !== undefined) fail('noTitle');
			else {
				// Open WebUI falls back to the raw line when it is not JSON: fine if it is short.
				const line = plainLine(text);
				if (line === undefined) fail('notJson');
				else value = line;
			}
			if (typeof value === 'string' && (value.length > limits.titleChars || words(value) > limits.titleWords)) fail('titleTooLong', value.length);
			break;
		}
		case 'tags': {
			const list = stringList(isObject(json) ? json.tags : json);
			if (!list) fail('notList');
			else if (list.length === 0) fail('emptyList');
			else value = list;
			break;
		}
		case 'query': {
			// Open WebUI uses the raw answer as the one query when it is not JSON.
			const list = isObject(json) ? stringList(json.queries) : json === undefined && plainLine(text) !== undefined ? [plainLine(text)!] : undefined;
			if (!list || list.length === 0) fail('noQueries');
			else {
				const longest = Math.max(...list.map(words));
				if (longest > limits.queryWords) fail('queryTooLong', longest);
				value = list;
			}
			break;
		}
		case 'autocomplete': {
			// An inline suggestion: {"text"} or one plain line.
			const cont = isObject(json) ? json.text : json === undefined ? plainLine(text) : undefined;
			if (json === undefined && cont === undefined) fail('notJson');
			else if (typeof cont !== 'string' || !cont.trim()) fail('noText');
			else if (cont.length > limits.autocompleteChars) fail('textTooLong', cont.length);
			else value = cont.trim();
			break;
		}
		default:
			return assertNever(task, 'task');
	}
	return { ok: !issues.some((i) => i.severity === 'fail'), issues, value };
}
