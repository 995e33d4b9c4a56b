// Builds the webview's snapshot from the store. Pure, so the panel tests and the bench can use it.
import { formatParameters } from '../models/parameters';
import { buildSuggestions } from '../models/suggestions';
import type { ModelsView, ViewState } from '../shared/protocol';
import type { AppStore } from './appStore';
import { emptyModels } from '../services/modelsService';
import { emptyTasks } from '../services/tasksService';
import { actionLabel } from '../connection/probe';
import { listProfiles } from '../tasks/profiles';
import { taskParamsState } from '../tasks/taskParams';
import type { Action, ActionId, TasksView } from '../shared/protocol';
import type { Translate } from '../util/l10n';
import { buildServersView, slotExtras } from './serversView';

export interface ViewInputs {
	readonly maxParameters: number;
	readonly suggestedModels: readonly string[];
	readonly t: Translate;
}

export function buildViewState(store: AppStore, inputs: ViewInputs): ViewState {
	const c = store.get('connection')!;
	const m = store.get('models') ?? emptyModels;
	const models: ModelsView = {
		status: m.status,
		message: m.message,
		rows: m.rows,
		verdicts: m.assessment?.verdicts ?? {},
		recommended: m.assessment?.recommended,
		chatModel: m.assessment?.chatModel?.name,
		maxParametersLabel: formatParameters(inputs.maxParameters * 1e9),
		suggestions: m.status === 'ready' ? buildSuggestions(inputs.suggestedModels, m.rows.map((r) => r.name), inputs.t) : [],
		canManage: c.ollama.kind === 'connected' && (c.ollama.via === 'direct' || c.user?.role === 'admin'),
	};
	const tk = store.get('tasks') ?? emptyTasks;
	const ui = store.get('tasksUi') ?? {};
	const t = inputs.t;
	// The fix that can help: nothing while checking, Retry / Configure when the server is not there.
	const act = (id: ActionId): Action => ({ id, label: actionLabel(id, t) });
	let action: Action | undefined;
	if (tk.status !== 'ready' && tk.status !== 'loading') {
		switch (c.openWebui.kind) {
			case 'checking':
				break;
			case 'unreachable':
			case 'error':
				action = act('retry');
				break;
			case 'notOpenWebui':
				action = act('configureConnection');
				break;
			case 'signedOut':
			case 'keyRejected':
				action = act('signIn');
				break;
			case 'signedIn':
				action = tk.reason === 'needsSignIn' || tk.reason === 'forbidden' ? act('signIn') : tk.reason === 'tooOld' || tk.reason === 'notOpenWebui' ? act('configureConnection') : tk.status === 'error' ? act('retry') : undefined;
				break;
		}
	}
	const ps = tk.status === 'ready' ? taskParamsState(tk.config, tk.version, t) : undefined;
	const tasks: TasksView = {
		status: tk.status,
		message:
			tk.status !== 'unavailable'
				? tk.message
				: c.openWebui.kind === 'checking'
					? undefined
					: c.openWebui.kind === 'signedOut' || c.openWebui.kind === 'keyRejected'
						? t('Sign in to Open WebUI to see and change its background tasks.')
						: t('Open WebUI is not available, so its background tasks cannot be read.'),
		action,
		canWrite: tk.canWrite,
		readOnlyReason: tk.readOnlyReason,
		automations: tk.automations,
		autocompleteMaxLengthLabel: tk.autocompleteMaxLength === undefined ? undefined : tk.autocompleteMaxLength < 0 ? t('no limit') : t('{0} characters', tk.autocompleteMaxLength),
		taskModel: tk.taskModel,
		slotSentence: tk.slot?.sentence,
		slotRule: tk.slot?.rule,
		slotNeed: tk.slot?.need,
		warnings: tk.missing.map((m) => m.message),
		profiles: listProfiles(t),
		canUndo: tk.history.length > 0,
		lastChange: tk.newest?.summary ?? tk.history[0]?.summary,
		lastChangeStale: tk.newest?.stale ?? false,
		undoLabel: tk.newest?.undoLabel,
		usage: ui.usage,
		busy: ui.busy ?? false,
		...slotExtras(tk, t),
		params: !ps
			? undefined
			: ps.available
				? {
						available: true,
						summary: ps.summary,
						warning: ps.warning,
						values: { max_tokens: ps.values.max_tokens ?? null, temperature: ps.values.temperature ?? null, num_ctx: ps.values.num_ctx ?? null, thinkingOff: ps.values.thinkingOff },
					}
				: { available: false, message: ps.message },
	};
	const b = store.get('benchmark') ?? {};
	const benchmark = { result: b.result, running: b.running, canRun: c.ollama.kind === 'connected' };
	const servers = buildServersView(c, store.get('servers')?.update, t);
	return { ollama: c.ollama, openWebui: c.openWebui, checkedAt: c.checkedAt, models, tasks, benchmark, servers, pulls: store.get('pulls') ?? [] };
}
