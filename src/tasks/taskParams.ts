// Open WebUI's TASK_MODEL_PARAMS (0.11.1+): a dict merged into every task call (title, tags,
// follow-ups, queries, autocomplete). We show it, and change only the usual keys — max_tokens,
// temperature, num_ctx, think — keeping every other key of the dict as it came. A non-empty dict
// without max_tokens removes the title task's 1000-token cap, so a write adds that cap back.
// Facts: docs/open-webui-task-output.md.
import type { TaskConfig } from '../clients/openWebuiTypes';
import { atLeast } from './version';
import { english, type Translate } from '../shared/l10n';

export const taskParamsField = 'TASK_MODEL_PARAMS';
/** The first Open WebUI release with TASK_MODEL_PARAMS. */
export const taskParamsVersion = '0.11.1';
/** Open WebUI's own title cap when the params have no max_tokens. */
export const titleCapTokens = 1000;

export type TaskParamKey = 'max_tokens' | 'temperature' | 'num_ctx';

/** The wanted values; `null` removes the key, `undefined` leaves it as it is. */
export interface TaskParamsEdit {
	readonly max_tokens?: number | null;
	readonly temperature?: number | null;
	readonly num_ctx?: number | null;
	/** true: `think: false`; false: remove `think`. */
	readonly thinkingOff?: boolean;
	/** true: `format: "json"` (Ollama task models answer JSON); false: remove `format`. */
	readonly jsonFormat?: boolean;
}

export const taskParamsMessages = {
	tooOld: 'Task model parameters need Open WebUI {0} or later (this server is {1}).',
	notOffered: 'This Open WebUI has no task model parameters (they need Open WebUI {0} or later).',
	none: 'none: Open WebUI caps titles at 1000 tokens',
	thinkingOff: 'thinking off',
	capAdded: 'max_tokens {0} was added: without it Open WebUI drops its cap on titles.',
	uncapped: 'No max_tokens: Open WebUI does not cap title answers.',
	invalid: '{0} must be a number from {1} to {2}.',
} as const;

const ranges: Readonly<Record<TaskParamKey, { min: number; max: number; integer: boolean }>> = {
	max_tokens: { min: 1, max: 131_072, integer: true },
	temperature: { min: 0, max: 2, integer: false },
	num_ctx: { min: 256, max: 1_048_576, integer: true },
};

const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The dict as the server has it (null, missing or odd → {}). */
export function currentParams(config: TaskConfig | undefined): Record<string, unknown> {
	const v = config?.[taskParamsField];
	return isDict(v) ? { ...v } : {};
}

export type TaskParamsState =
	| {
			readonly available: true;
			readonly params: Readonly<Record<string, unknown>>;
			readonly values: { readonly max_tokens?: number; readonly temperature?: number; readonly num_ctx?: number; readonly thinkingOff: boolean };
			/** "max_tokens 64 · thinking off · top_k 20" */
			readonly summary: string;
			/** Set when titles are uncapped (a non-empty dict without max_tokens). */
			readonly warning?: string;
	  }
	| { readonly available: false; readonly neededVersion: string; readonly message: string };

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Available when the server's config has the key (a 0.11.1+ server returns it, even as null). */
export function taskParamsState(config: TaskConfig | undefined, serverVersion: string | undefined, t: Translate = english): TaskParamsState {
	const m = taskParamsMessages;
	if (!config || !(taskParamsField in config)) {
		const old = atLeast(serverVersion, taskParamsVersion) === false;
		return { available: false, neededVersion: taskParamsVersion, message: old ? t(m.tooOld, taskParamsVersion, serverVersion ?? '') : t(m.notOffered, taskParamsVersion) };
	}
	const params = currentParams(config);
	return {
		available: true,
		params,
		values: { max_tokens: num(params.max_tokens), temperature: num(params.temperature), num_ctx: num(params.num_ctx), thinkingOff: params.think === false },
		summary: describeParams(params, t),
		warning: hasEffect(params) && params.max_tokens === undefined ? t(m.uncapped) : undefined,
	};
}

/** Open WebUI drops None and "" values before merging: only the rest counts. */
function hasEffect(params: Record<string, unknown>): boolean {
	return Object.values(params).some((v) => v !== null && v !== '');
}

export function describeParams(value: unknown, t: Translate = english): string {
	const params = isDict(value) ? value : {};
	const parts = Object.entries(params)
		.filter(([, v]) => v !== null && v !== '')
		.map(([k, v]) => (k === 'think' && v === false ? t(taskParamsMessages.thinkingOff) : `${k} ${typeof v === 'string' ? v : JSON.stringify(v)}`));
	return parts.length ? parts.join(' · ') : t(taskParamsMessages.none);
}

export type TaskParamsChange =
	| { readonly type: 'changes'; readonly changes: Readonly<Record<string, unknown>>; readonly params: Readonly<Record<string, unknown>>; readonly notes: readonly string[] }
	| { readonly type: 'invalid'; readonly message: string }
	| { readonly type: 'unavailable'; readonly message: string };

/**
 * The new dict: the current one with only the edited keys changed (others kept, in their order),
 * plus `max_tokens: 1000` when it would otherwise have effect but no cap.
 */
export function taskParamsChanges(config: TaskConfig | undefined, edit: TaskParamsEdit, serverVersion?: string, t: Translate = english): TaskParamsChange {
	const state = taskParamsState(config, serverVersion, t);
	if (!state.available) return { type: 'unavailable', message: state.message };
	const next: Record<string, unknown> = { ...state.params };
	// Removing max_tokens on purpose leaves titles uncapped; a null for an absent key changes nothing.
	const capRemoved = edit.max_tokens === null && 'max_tokens' in next;
	for (const key of Object.keys(ranges) as TaskParamKey[]) {
		const v = edit[key];
		if (v === undefined) continue;
		if (v === null) {
			delete next[key];
			continue;
		}
		const r = ranges[key];
		if (!Number.isFinite(v) || v < r.min || v > r.max || (r.integer && !Number.isInteger(v))) return { type: 'invalid', message: t(taskParamsMessages.invalid, key, r.min, r.max) };
		next[key] = v;
	}
	if (edit.thinkingOff === true) next.think = false;
	else if (edit.thinkingOff === false) delete next.think;
	if (edit.jsonFormat === true) next.format = 'json';
	else if (edit.jsonFormat === false) delete next.format;
	const notes: string[] = [];
	if (hasEffect(next) && next.max_tokens === undefined && !capRemoved) {
		next.max_tokens = titleCapTokens;
		notes.push(t(taskParamsMessages.capAdded, titleCapTokens));
	}
	// Nothing in effect before or after: keep the server's value as it is (null stays null), so the
	// write protocol finds nothing to change.
	if (!hasEffect(next) && !hasEffect(state.params) && Object.keys(next).length === Object.keys(state.params).length) {
		return { type: 'changes', changes: { [taskParamsField]: config![taskParamsField] }, params: next, notes };
	}
	return { type: 'changes', changes: { [taskParamsField]: next }, params: next, notes };
}
