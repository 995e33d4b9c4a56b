// Host <-> webview messages and the ViewState snapshot. Types only: imported by both sides.
// The webview always gets a complete snapshot (never deltas) and answers with intents.
import type { CandidateVerdict } from '../models/candidates';
import type { ModelRow } from '../models/catalog';
import type { Suggestion } from '../models/suggestions';
import type { PullInfo } from '../pull/pullManager';
import type { AutomationKey, AutomationState } from '../tasks/automations';
import type { BenchmarkResult } from '../benchmark/report';
import type { ProfileId, ProfileInfo } from '../tasks/profiles';
import type { SlotLabel } from '../tasks/slotLabels';
import type { FeatureState } from '../versions/serverFeatures';

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
	/** Result of the last "check that it is used". */
	readonly usage?: { readonly ok: boolean; readonly message: string };
	readonly busy: boolean;
	/** "follows the chat model" / "pinned to X" per slot, and whether a pinned model is hidden from the chat picker. */
	readonly slotLabels?: { readonly local: SlotLabel; readonly external: SlotLabel };
	readonly hiddenInPicker?: { readonly local?: boolean; readonly external?: boolean };
}

/** Server versions, Open WebUI's update check, and what each version brings (src/versions/). */
export interface ServersView {
	readonly openWebuiVersion?: string;
	readonly ollamaVersion?: string;
	readonly update?: { readonly kind: 'available' | 'upToDate' | 'unknown'; readonly message: string };
	readonly features: readonly FeatureState[];
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
	readonly servers?: ServersView;
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
	| { readonly kind: 'addHosted' }
	| { readonly kind: 'hideTaskModel'; readonly slot: 'local' | 'external'; readonly hidden: boolean };

export type WebviewMessage =
	| { readonly type: 'ready' }
	| { readonly type: 'action'; readonly action: ActionId }
	| { readonly type: 'models'; readonly intent: ModelsIntent }
	| { readonly type: 'tasks'; readonly intent: TasksIntent }
	| { readonly type: 'benchmark'; readonly intent: { readonly kind: 'run' | 'cancel' } };
