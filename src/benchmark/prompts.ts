// The work Open WebUI gives its task model, as prompts we can send to any candidate through Ollama's
// /api/chat. Open WebUI's task endpoints always route to the configured task model, so they cannot
// time arbitrary candidates: we render the same kind of prompt ourselves. The server's own
// `*_PROMPT_TEMPLATE` wins when it is set; otherwise the project's short built-in prompts below
// (same placeholders and answer shapes as Open WebUI's, our own wording). Prompts and the sample
// conversation are model input, not UI text, so they are not translated.
import type { TaskConfig } from '../clients/openWebuiTypes';
import { assertNever } from '../util/assert';
import type { CheckContext } from './checks';
import { sampleChats, type SampleChat, type SampleMessage } from './samples';

export type BenchTask = 'title' | 'tags' | 'query' | 'autocomplete';

/** In run order: the first one is the cold (load-measuring) request. */
export const benchTasks: readonly BenchTask[] = ['title', 'tags', 'query', 'autocomplete'];

export const templateFields: Readonly<Record<BenchTask, string>> = {
	title: 'TITLE_GENERATION_PROMPT_TEMPLATE',
	tags: 'TAGS_GENERATION_PROMPT_TEMPLATE',
	query: 'QUERY_GENERATION_PROMPT_TEMPLATE',
	autocomplete: 'AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE',
};

export type { SampleMessage } from './samples';

/** The first sample chat (English, gardening): the one a single-sample run uses. */
export const sampleConversation: readonly SampleMessage[] = sampleChats[0]!.messages;

/** What the user is typing when autocomplete runs (Open WebUI sends the type "user message"). */
export const autocompleteInput = { type: 'user message', prompt: sampleChats[0]!.typing } as const;

// Our own prompts, shaped like Open WebUI's: the conversation through {{MESSAGES:END:n}}, a JSON
// answer in the shape Open WebUI parses ({"title"}, {"tags"}, {"queries"}, {"text"}).
const builtinTemplates: Readonly<Record<BenchTask, string>> = {
	title: [
		'Write a short title (3 to 6 words, may start with one emoji) that says what this chat is about.',
		'Use the language of the chat. Answer with JSON only, no other text: {"title": "your title"}',
		'',
		'Chat:',
		'{{MESSAGES:END:2}}',
	].join('\n'),
	tags: [
		'Give 1 to 3 broad topic tags and 1 to 3 more specific tags for this chat, in the language of the chat.',
		'Answer with JSON only, no other text: {"tags": ["tag1", "tag2"]}',
		'',
		'Chat:',
		'{{MESSAGES:END:6}}',
	].join('\n'),
	query: [
		'Today is {{CURRENT_DATE}}. Suggest 1 to 3 short web search queries that would help answer the last message of this chat.',
		'Each query at most 8 words. Answer with JSON only, no other text: {"queries": ["query one"]}',
		'',
		'Chat:',
		'{{MESSAGES:END:6}}',
	].join('\n'),
	autocomplete: [
		'Continue the text the user is typing ({{TYPE}}) with a few natural words. Do not repeat what is already there.',
		'Answer with JSON only, no other text: {"text": "the continuation"}',
		'',
		'Chat so far:',
		'{{MESSAGES:END:4}}',
		'',
		'Text being typed: {{PROMPT}}',
	].join('\n'),
};

export interface TaskPrompt {
	readonly task: BenchTask;
	/** The sample chat (samples.ts id) the prompt was rendered from. */
	readonly sample: string;
	readonly language: string;
	/** What the answer is judged against: the chat, and the typed text for autocomplete. */
	readonly check: CheckContext;
	/** `server` when the server's *_PROMPT_TEMPLATE was used. */
	readonly source: 'server' | 'builtin';
	/** Sent as the one user message, as Open WebUI does. */
	readonly content: string;
	/** Output cap (Ollama `num_predict`), so a rambling model cannot stall the run. */
	readonly maxTokens: number;
}

const maxTokens: Readonly<Record<BenchTask, number>> = { title: 64, tags: 96, query: 96, autocomplete: 48 };

export interface RenderContext {
	readonly messages: readonly SampleMessage[];
	/** `{{prompt}}` / `{{PROMPT}}`: the last user message, or the text being typed for autocomplete. */
	readonly prompt: string;
	readonly type?: string;
	readonly now?: Date;
}

/** "USER: …\nASSISTANT: …", the way Open WebUI flattens messages into a task prompt. */
export function flattenMessages(messages: readonly SampleMessage[]): string {
	return messages.map((m) => `${m.role.toUpperCase()}: ${m.content}`).join('\n');
}

function cut(text: string, how: string, n: number): string {
	if (text.length <= n) return text;
	switch (how) {
		case 'start':
			return text.slice(0, n);
		case 'end':
			return text.slice(-n);
		default: {
			const half = Math.floor(n / 2);
			return `${text.slice(0, half)}...${text.slice(text.length - (n - half))}`;
		}
	}
}

/**
 * Fills Open WebUI's placeholders, simply:
 * - `{{MESSAGES}}`, `{{MESSAGES:START:n}}`, `{{MESSAGES:END:n}}`, `{{MESSAGES:MIDDLETRUNCATE:n}}`:
 *   all / first n / last n / first and last n/2 messages, flattened as "ROLE: text" lines;
 * - `{{prompt}}`, `{{PROMPT}}` and `{{prompt:start|end|middletruncate:n}}` (n characters);
 * - `{{TYPE}}`, `{{CURRENT_DATE}}` (YYYY-MM-DD), `{{CURRENT_TIME}}`, `{{CURRENT_DATETIME}}`,
 *   `{{CURRENT_WEEKDAY}}`; `{{USER_NAME}}` → "User", `{{USER_LOCATION}}` → "Unknown".
 * Anything else is left as it is, as Open WebUI does.
 */
export function renderTemplate(template: string, ctx: RenderContext): string {
	const now = ctx.now ?? new Date();
	const date = now.toISOString().slice(0, 10);
	const time = now.toISOString().slice(11, 19);
	const msgs = ctx.messages;
	return template
		.replace(/\{\{MESSAGES(?::(START|END|MIDDLETRUNCATE):(\d+))?\}\}/g, (_m, how: string | undefined, n: string | undefined) => {
			if (!how) return flattenMessages(msgs);
			const k = Number(n);
			if (how === 'START') return flattenMessages(msgs.slice(0, k));
			if (how === 'END') return flattenMessages(k > 0 ? msgs.slice(-k) : []);
			if (msgs.length <= k) return flattenMessages(msgs);
			return flattenMessages([...msgs.slice(0, Math.ceil(k / 2)), ...msgs.slice(msgs.length - Math.floor(k / 2))]);
		})
		.replace(/\{\{prompt:(start|end|middletruncate):(\d+)\}\}/gi, (_m, how: string, n: string) => cut(ctx.prompt, how.toLowerCase(), Number(n)))
		.replace(/\{\{prompt\}\}/gi, ctx.prompt)
		.replace(/\{\{TYPE\}\}/g, ctx.type ?? '')
		.replace(/\{\{CURRENT_DATETIME\}\}/g, `${date} ${time}`)
		.replace(/\{\{CURRENT_DATE\}\}/g, date)
		.replace(/\{\{CURRENT_TIME\}\}/g, time)
		.replace(/\{\{CURRENT_WEEKDAY\}\}/g, now.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }))
		.replace(/\{\{USER_NAME\}\}/g, 'User')
		.replace(/\{\{USER_LOCATION\}\}/g, 'Unknown');
}

function contextFor(task: BenchTask, chat: SampleChat, now?: Date): RenderContext {
	const lastUser = [...chat.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
	switch (task) {
		case 'title':
		case 'tags':
		case 'query':
			return { messages: chat.messages, prompt: lastUser, now };
		case 'autocomplete':
			return { messages: chat.messages, prompt: chat.typing, type: autocompleteInput.type, now };
		default:
			return assertNever(task, 'task');
	}
}

/** The server's template for a task when it is a non-empty string (`""` means Open WebUI's default). */
export function serverTemplate(config: TaskConfig | undefined, task: BenchTask): string | undefined {
	const v = config?.[templateFields[task]];
	return typeof v === 'string' && v.trim() ? v : undefined;
}

/**
 * One prompt per task and sample chat (sample by sample, tasks in order), from the server's
 * templates where set, else the built-in ones. Default: the first sample only.
 */
export function taskPrompts(config?: TaskConfig, opts: { now?: Date; tasks?: readonly BenchTask[]; samples?: readonly SampleChat[] } = {}): TaskPrompt[] {
	const samples = opts.samples ?? sampleChats.slice(0, 1);
	return samples.flatMap((chat) =>
		(opts.tasks ?? benchTasks).map((task): TaskPrompt => {
			const custom = serverTemplate(config, task);
			return {
				task,
				sample: chat.id,
				language: chat.language,
				check: { messages: chat.messages, typed: task === 'autocomplete' ? chat.typing : undefined },
				source: custom ? 'server' : 'builtin',
				content: renderTemplate(custom ?? builtinTemplates[task], contextFor(task, chat, opts.now)),
				maxTokens: maxTokens[task],
			};
		}),
	);
}

/** The JSON Schema of each task's answer, for Ollama's `format` (structured outputs, Ollama 0.5.0+). */
export function answerSchema(task: BenchTask): Record<string, unknown> {
	const str = { type: 'string' };
	const list = { type: 'array', items: str };
	const props: Record<BenchTask, [string, unknown]> = { title: ['title', str], tags: ['tags', list], query: ['queries', list], autocomplete: ['text', str] };
	const [key, schema] = props[task];
	return { type: 'object', properties: { [key]: schema }, required: [key] };
}
