// Host <-> webview messages and the ViewState snapshot, imported by both sides. The wire types are
// defined here, not imported from the domain: the host's richer objects go out as they are and the
// compiler checks that they fit (state/viewState.ts). The constant arrays are the single list of
// each closed set; the host's validator (sidebar/validateMessage.ts) checks incoming messages
// against the same arrays. The webview always gets a complete snapshot (never deltas) and answers
// with intents.

/** A fix the user can take from a state, shown as a button; the host maps it to a command. */
export const actionIds = ['retry', 'openSettings', 'configureConnection', 'signIn', 'signOut', 'showLog'] as const;
export type ActionId = (typeof actionIds)[number];

/** Open WebUI's background automations (tasks/automations.ts has their fields and labels). */
export const automationKeys = ['title', 'tags', 'autocomplete', 'searchQuery', 'retrievalQuery', 'followUp', 'voicePrompt'] as const;
export type AutomationKey = (typeof automationKeys)[number];

/** Task profiles (tasks/profiles.ts has what each one changes). */
export const profileIds = ['laptop', 'battery', 'hosted', 'all'] as const;
export type ProfileId = (typeof profileIds)[number];

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

export interface LoadedView {
	readonly memoryLabel: string;
	/** "100% GPU", "100% CPU" or "40% CPU / 60% GPU". */
	readonly processorLabel: string;
	readonly unloadsInLabel?: string;
}

/** One installed (or loaded) model, as the panel lists it. */
export interface ModelRowView {
	readonly name: string;
	/** Bytes on disk: the default sort. */
	readonly sizeBytes: number;
	readonly sizeLabel: string;
	readonly parameters?: number;
	readonly parametersLabel?: string;
	readonly quantization?: string;
	readonly family?: string;
	readonly capabilities: readonly string[];
	readonly cloud: boolean;
	readonly loaded?: LoadedView;
	/** Open WebUI backends that hold it; empty when talking to Ollama directly. */
	readonly backends: readonly { readonly index: number; readonly label?: string }[];
	readonly isTaskModel: { readonly local: boolean; readonly external: boolean };
}

export interface ReasonView {
	readonly kind: string;
	readonly severity: 'info' | 'warning' | 'blocker';
	readonly text: string;
}

export interface CandidateVerdictView {
	readonly candidate: boolean;
	readonly recommended: boolean;
	readonly reasons: readonly ReasonView[];
}

export interface SuggestionView {
	readonly name: string;
	readonly installed: boolean;
	/** "2.0 GB download", "installed", or undefined when the size is not known. */
	readonly detail?: string;
}

export interface PullView {
	readonly id: string;
	readonly model: string;
	readonly state: 'running' | 'succeeded' | 'failed' | 'cancelled';
	readonly progress: { readonly fraction: number; readonly bytesPerSecond?: number };
	/** For ended pulls: what to tell the user. */
	readonly message?: string;
}

export interface ModelsView {
	readonly status: 'unavailable' | 'loading' | 'ready' | 'error';
	readonly message?: string;
	readonly rows: readonly ModelRowView[];
	readonly verdicts: Readonly<Record<string, CandidateVerdictView>>;
	readonly recommended?: string;
	readonly chatModel?: string;
	/** e.g. "4.5B": the candidate limit from the settings. */
	readonly maxParametersLabel: string;
	readonly suggestions: readonly SuggestionView[];
	/** Pull, delete and unload need direct Ollama or an Open WebUI admin. */
	readonly canManage: boolean;
}

export interface AutomationView {
	readonly key: AutomationKey;
	readonly label: string;
	/** One line on what it costs. */
	readonly cost: string;
	readonly enabled: boolean;
}

export interface ProfileView {
	readonly id: ProfileId;
	readonly label: string;
	readonly description: string;
}

export interface TasksView {
	readonly status: 'unavailable' | 'loading' | 'ready' | 'error';
	readonly message?: string;
	/** Why the section cannot show settings, with the action that fixes it. */
	readonly action?: Action;
	readonly canWrite: boolean;
	readonly readOnlyReason?: string;
	readonly automations: readonly AutomationView[];
	readonly autocompleteMaxLengthLabel?: string;
	readonly taskModel: { readonly local: string; readonly external: string };
	/** The slot sentence for the user's own chat models, and the general rule. */
	readonly slotSentence?: string;
	readonly slotRule?: string;
	readonly slotNeed?: 'local' | 'external' | 'both' | 'none';
	readonly warnings: readonly string[];
	readonly profiles: readonly ProfileView[];
	readonly canUndo: boolean;
	readonly lastChange?: string;
	/** The last change was edited over in Open WebUI since; `undoLabel` says what Undo would do now. */
	readonly lastChangeStale?: boolean;
	readonly undoLabel?: string;
	/** Result of the last "check that it is used", with the one-click fix when the doctor has one. */
	readonly usage?: { readonly ok: boolean; readonly message: string; readonly fix?: { readonly label: string } };
	/** Open WebUI's TASK_MODEL_PARAMS (0.11.1+); `available: false` says which version is needed. */
	readonly params?: TaskParamsView;
	readonly busy: boolean;
	/** "follows the chat model" / "pinned to X" per slot, and whether a pinned model is hidden from the chat picker. */
	readonly slotLabels?: { readonly local: SlotLabelView; readonly external: SlotLabelView };
	readonly hiddenInPicker?: { readonly local?: boolean; readonly external?: boolean };
}

export interface SlotLabelView {
	readonly kind: 'follows' | 'pinned';
	readonly text: string;
}

/** One row of "what each server version brings" (src/versions/serverFeatures.ts). */
export interface FeatureStateView {
	readonly id: string;
	readonly peer: 'openWebui' | 'ollama';
	readonly label: string;
	readonly since: string;
	/** undefined: the server's version is unknown. */
	readonly available: boolean | undefined;
	readonly kind: 'feature' | 'note';
	readonly detail: string;
}

/** Server versions, Open WebUI's update check, and what each version brings. */
export interface ServersView {
	readonly openWebuiVersion?: string;
	readonly ollamaVersion?: string;
	readonly update?: { readonly kind: 'available' | 'upToDate' | 'unknown'; readonly message: string };
	readonly features: readonly FeatureStateView[];
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

export interface BenchmarkRowView {
	readonly rank: number;
	readonly model: string;
	readonly baseline: boolean;
	readonly error?: string;
	/** The first task after an unload: load + answer. */
	readonly coldMs?: number;
	/** Sum of the tasks' warm medians. */
	readonly warmTotalMs?: number;
	readonly tokensPerSecond?: number;
	readonly failedTasks: number;
	readonly passed: boolean;
	readonly complete: boolean;
	/** Passing answers of all answers, 0…1 (absent in results saved by older versions). */
	readonly passRate?: number;
	/** Per task: answers that passed the checks, of how many, and whether the task reached the bar. */
	readonly tasks: Readonly<Partial<Record<string, { readonly ms: number; readonly passed?: number; readonly total?: number; readonly ok: boolean }>>>;
	/** e.g. "titles: 9.4 s → 0.7 s, 13× faster"; `task` is a benchmark task or "total". */
	readonly speedups: readonly { readonly task: string; readonly text: string }[];
}

export interface BenchmarkResultView {
	readonly startedAt: string;
	readonly finishedAt: string;
	/** What Ollama was asked for, the sample chats and requests per model, the ranking's bar (newer results only). */
	readonly output?: { readonly format: 'schema' | 'json' | 'none'; readonly think: 'off' | 'thinkingModels' };
	readonly samples?: readonly { readonly id: string; readonly language: string }[];
	readonly requestsPerModel?: number;
	readonly minTaskPassRate?: number;
	readonly status: 'completed' | 'cancelled' | 'failed';
	/** The best passing non-baseline model. */
	readonly best?: string;
	readonly rows: readonly BenchmarkRowView[];
	readonly chart: {
		readonly tasks: readonly string[];
		readonly labels: readonly string[];
		/** In ranking order; `null` where a task has no figure. */
		readonly series: readonly { readonly model: string; readonly baseline: boolean; readonly ms: readonly (number | null)[] }[];
		readonly maxMs: number;
	};
	/** The real title task through Open WebUI. */
	readonly openWebuiTitle?: { readonly ok: boolean; readonly message: string };
}

export interface BenchmarkView {
	readonly result?: BenchmarkResultView;
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
	readonly pulls: readonly PullView[];
	/** When the last check finished (ms since epoch), for "checked 5 s ago". */
	readonly checkedAt?: number;
}

export type WebviewStrings = Record<string, string>;

export type HostMessage =
	| { readonly type: 'init'; readonly strings: WebviewStrings; readonly locale: string }
	| { readonly type: 'state'; readonly state: ViewState };

/** Models intents without a payload, with a model name, and with a pull id. */
export const modelsPlainKinds = ['refresh', 'pullOther', 'unloadAll'] as const;
export const modelsModelKinds = ['pull', 'delete', 'unload'] as const;
export const modelsPullKinds = ['cancelPull', 'dismissPull'] as const;
/** Tasks intents without a payload. */
export const tasksPlainKinds = ['undo', 'copyEnv', 'checkUsage', 'applyFix', 'addHosted'] as const;
export const benchmarkKinds = ['run', 'cancel'] as const;
/** The two task-model slots a "Change…" button can name. */
export const taskSlots = ['local', 'external'] as const;

export type ModelsIntent =
	| { readonly kind: (typeof modelsPlainKinds)[number] }
	| { readonly kind: (typeof modelsModelKinds)[number]; readonly model: string }
	| { readonly kind: (typeof modelsPullKinds)[number]; readonly id: string };

export type TasksIntent =
	| { readonly kind: 'setTaskModel'; readonly model?: string; readonly slot?: (typeof taskSlots)[number] }
	| { readonly kind: 'toggle'; readonly key: AutomationKey; readonly enabled: boolean }
	| { readonly kind: 'applyProfile'; readonly profile?: ProfileId }
	| { readonly kind: (typeof tasksPlainKinds)[number] }
	| { readonly kind: 'hideTaskModel'; readonly slot: (typeof taskSlots)[number]; readonly hidden: boolean }
	| { readonly kind: 'setParams'; readonly values: TaskParamsValues };

export type WebviewMessage =
	| { readonly type: 'ready' }
	| { readonly type: 'action'; readonly action: ActionId }
	| { readonly type: 'models'; readonly intent: ModelsIntent }
	| { readonly type: 'tasks'; readonly intent: TasksIntent }
	| { readonly type: 'benchmark'; readonly intent: { readonly kind: (typeof benchmarkKinds)[number] } };
