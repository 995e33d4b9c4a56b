// Host <-> webview messages and the ViewState snapshot. Types only: imported by both sides.
// The webview always gets a complete snapshot (never deltas) and answers with intents.
import type { CandidateVerdict } from '../models/candidates';
import type { ModelRow } from '../models/catalog';
import type { Suggestion } from '../models/suggestions';
import type { PullInfo } from '../pull/pullManager';
import type { AutomationKey, AutomationState } from '../tasks/automations';
import type { BenchmarkResult } from '../benchmark/report';
import type { ProfileId, ProfileInfo } from '../tasks/profiles';

/** A fix the user can take from a state, shown as a button; the host maps it to a command. */
export type ActionId = 'retry' | 'openSettings' | 'configureConnection' | 'signIn' | 'signOut' | 'showLog';

export interface Action {
	readonly id: ActionId;
	readonly label: string;
}

export type OllamaView =
	| { readonly kind: 'checking'; readonly url: string }
	| {
			readonly kind: 'connected';
			readonly url: string;
			readonly version: string;
			/** `openWebui` when requests go through Open WebUI's /ollama proxy. */
			readonly via: 'direct' | 'openWebui';
			readonly message: string;
	  }
	| { readonly kind: 'unreachable' | 'error'; readonly url: string; readonly message: string; readonly actions: readonly Action[] };

export type OpenWebuiView =
	| { readonly kind: 'checking'; readonly url: string }
	| {
			readonly kind: 'unreachable' | 'notOpenWebui' | 'error' | 'signedOut' | 'keyRejected';
			readonly url: string;
			readonly version?: string;
			readonly message: string;
			readonly actions: readonly Action[];
	  }
	| {
			readonly kind: 'signedIn';
			readonly url: string;
			readonly version: string;
			readonly user: { readonly name: string; readonly email?: string; readonly role: string };
			readonly isAdmin: boolean;
			readonly message: string;
			readonly actions: readonly Action[];
	  };

export interface ModelsView {
	readonly status: 'unavailable' | 'loading' | 'ready' | 'error';
	readonly message?: string;
	readonly rows: readonly ModelRow[];
	readonly verdicts: Readonly<Record<string, CandidateVerdict>>;
	readonly recommended?: string;
	readonly chatModel?: string;
	/** e.g. "4.5B": the candidate limit from the settings. */
	readonly maxParametersLabel: string;
	readonly suggestions: readonly Suggestion[];
	/** Pull, delete and unload need direct Ollama or an Open WebUI admin. */
	readonly canManage: boolean;
}

export interface TasksView {
	readonly status: 'unavailable' | 'loading' | 'ready' | 'error';
	readonly message?: string;
	/** Why the section cannot show settings, with the action that fixes it. */
	readonly action?: Action;
	readonly canWrite: boolean;
	readonly readOnlyReason?: string;
	readonly automations: readonly AutomationState[];
	readonly autocompleteMaxLengthLabel?: string;
	readonly taskModel: { readonly local: string; readonly external: string };
	/** The slot sentence for the user's own chat models, and the general rule. */
	readonly slotSentence?: string;
	readonly slotRule?: string;
	readonly slotNeed?: 'local' | 'external' | 'both' | 'none';
	readonly warnings: readonly string[];
	readonly profiles: readonly ProfileInfo[];
	readonly canUndo: boolean;
	readonly lastChange?: string;
	/** Result of the last "check that it is used", with the one-click fix when the doctor has one. */
	readonly usage?: { readonly ok: boolean; readonly message: string; readonly fix?: { readonly label: string } };
	/** Open WebUI's TASK_MODEL_PARAMS (0.11.1+); `available: false` says which version is needed. */
	readonly params?: TaskParamsView;
	readonly busy: boolean;
}

export interface TaskParamsView {
	readonly available: boolean;
	/** Why it cannot be set here (older server), or nothing. */
	readonly message?: string;
	/** "max_tokens 64 · thinking off" */
	readonly summary?: string;
	/** Titles uncapped (a dict without max_tokens). */
	readonly warning?: string;
	readonly values?: TaskParamsValues;
}

/** The usual keys the panel edits; `null` = not set (removed from the dict). */
export interface TaskParamsValues {
	readonly max_tokens: number | null;
	readonly temperature: number | null;
	readonly num_ctx: number | null;
	readonly thinkingOff: boolean;
}

export interface BenchmarkView {
	readonly result?: BenchmarkResult;
	readonly running?: { readonly message: string; readonly done: number; readonly total: number };
	/** Benchmarks need Ollama; a result can still be shown from the last run. */
	readonly canRun: boolean;
}

export interface ViewState {
	readonly ollama: OllamaView;
	readonly openWebui: OpenWebuiView;
	readonly models: ModelsView;
	readonly tasks: TasksView;
	readonly benchmark: BenchmarkView;
	/** Running pulls, then recently ended ones (newest first). */
	readonly pulls: readonly PullInfo[];
	/** When the last check finished (ms since epoch), for "checked 5 s ago". */
	readonly checkedAt?: number;
}

export type WebviewStrings = Record<string, string>;

export type HostMessage =
	| { readonly type: 'init'; readonly strings: WebviewStrings; readonly locale: string }
	| { readonly type: 'state'; readonly state: ViewState };

export type ModelsIntent =
	| { readonly kind: 'refresh' }
	| { readonly kind: 'pull'; readonly model: string }
	| { readonly kind: 'pullOther' }
	| { readonly kind: 'delete'; readonly model: string }
	| { readonly kind: 'unload'; readonly model: string }
	| { readonly kind: 'unloadAll' }
	| { readonly kind: 'cancelPull'; readonly id: string }
	| { readonly kind: 'dismissPull'; readonly id: string };

export type TasksIntent =
	| { readonly kind: 'setTaskModel'; readonly model?: string }
	| { readonly kind: 'toggle'; readonly key: AutomationKey; readonly enabled: boolean }
	| { readonly kind: 'applyProfile'; readonly profile?: ProfileId }
	| { readonly kind: 'undo' }
	| { readonly kind: 'copyEnv' }
	| { readonly kind: 'checkUsage' }
	| { readonly kind: 'setParams'; readonly values: TaskParamsValues }
	| { readonly kind: 'applyFix' };

export type WebviewMessage =
	| { readonly type: 'ready' }
	| { readonly type: 'action'; readonly action: ActionId }
	| { readonly type: 'models'; readonly intent: ModelsIntent }
	| { readonly type: 'tasks'; readonly intent: TasksIntent }
	| { readonly type: 'benchmark'; readonly intent: { readonly kind: 'run' | 'cancel' } };
