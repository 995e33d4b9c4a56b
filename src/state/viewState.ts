// Builds the webview's snapshot from the store. Pure, so the panel tests and the bench can use it.
import { formatParameters } from '../models/parameters';
import { buildSuggestions } from '../models/suggestions';
import type { ModelsView, ViewState } from '../shared/protocol';
import type { AppStore } from './appStore';
import { emptyModels } from '../models/modelsService';
import { emptyTasks } from '../tasks/taskSettings';
import { actionLabel } from '../connection/probe';
import { listProfiles } from '../tasks/profiles';
import { taskParamsState } from '../tasks/taskParams';
import type { Action, ActionId, TasksView } from '../shared/protocol';
import type { Translate } from '../shared/l10n';
import { buildServersView, slotExtras } from './serversView';

export interface ViewInputs {
	readonly maxParameters: number;
	readonly suggestedModels: readonly string[];
	readonly t: Translate;
}

export function buildViewState(store: AppStore, inputs: ViewInputs): ViewState {
	const connection = store.get('connection')!;
	const modelsSlice = store.get('models') ?? emptyModels;
	const models: ModelsView = {
		status: modelsSlice.status,
		message: modelsSlice.message,
		rows: modelsSlice.rows,
		verdicts: modelsSlice.assessment?.verdicts ?? {},
		recommended: modelsSlice.assessment?.recommended,
		chatModel: modelsSlice.assessment?.chatModel?.name,
		maxParametersLabel: formatParameters(inputs.maxParameters * 1e9),
		suggestions: modelsSlice.status === 'ready' ? buildSuggestions(inputs.suggestedModels, modelsSlice.rows.map((row) => row.name), inputs.t) : [],
		canManage: connection.ollama.kind === 'connected' && (connection.ollama.via === 'direct' || connection.user?.role === 'admin'),
	};
	const tasksSlice = store.get('tasks') ?? emptyTasks;
	const tasksUi = store.get('tasksUi') ?? {};
	// The fix that can help: nothing while checking, Retry / Configure when the server is not there.
	const t = inputs.t;
	const act = (id: ActionId): Action => ({ id, label: actionLabel(id, t) });
	let action: Action | undefined;
	if (tasksSlice.status !== 'ready' && tasksSlice.status !== 'loading') {
		switch (connection.openWebui.kind) {
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
				action = tasksSlice.reason === 'needsSignIn' || tasksSlice.reason === 'forbidden' ? act('signIn') : tasksSlice.reason === 'tooOld' || tasksSlice.reason === 'notOpenWebui' ? act('configureConnection') : tasksSlice.status === 'error' ? act('retry') : undefined;
				break;
		}
	}
	const params = tasksSlice.status === 'ready' ? taskParamsState(tasksSlice.config, tasksSlice.version, t) : undefined;
	const tasks: TasksView = {
		status: tasksSlice.status,
		message:
			tasksSlice.status !== 'unavailable'
				? tasksSlice.message
				: connection.openWebui.kind === 'checking'
					? undefined
					: connection.openWebui.kind === 'signedOut' || connection.openWebui.kind === 'keyRejected'
						? t('Sign in to Open WebUI to see and change its background tasks.')
						: t('Open WebUI is not available, so its background tasks cannot be read.'),
		action,
		canWrite: tasksSlice.canWrite,
		readOnlyReason: tasksSlice.readOnlyReason,
		automations: tasksSlice.automations,
		autocompleteMaxLengthLabel: tasksSlice.autocompleteMaxLength === undefined ? undefined : tasksSlice.autocompleteMaxLength < 0 ? t('no limit') : t('{0} characters', tasksSlice.autocompleteMaxLength),
		taskModel: tasksSlice.taskModel,
		slotSentence: tasksSlice.slot?.sentence,
		slotRule: tasksSlice.slot?.rule,
		slotNeed: tasksSlice.slot?.need,
		warnings: tasksSlice.missing.map((missing) => missing.message),
		profiles: listProfiles(t),
		canUndo: tasksSlice.history.length > 0,
		lastChange: tasksSlice.newest?.summary ?? tasksSlice.history[0]?.summary,
		lastChangeStale: tasksSlice.newest?.stale ?? false,
		undoLabel: tasksSlice.newest?.undoLabel,
		usage: tasksUi.usage,
		busy: tasksUi.busy ?? false,
		...slotExtras(tasksSlice, t),
		params: !params
			? undefined
			: params.available
				? {
						available: true,
						summary: params.summary,
						warning: params.warning,
						values: { max_tokens: params.values.max_tokens ?? null, temperature: params.values.temperature ?? null, num_ctx: params.values.num_ctx ?? null, thinkingOff: params.values.thinkingOff },
					}
				: { available: false, message: params.message },
	};
	const benchmarkSlice = store.get('benchmark') ?? {};
	const benchmark = { result: benchmarkSlice.result, running: benchmarkSlice.running, canRun: connection.ollama.kind === 'connected' };
	const servers = buildServersView(connection, store.get('servers')?.update, t);
	return { ollama: connection.ollama, openWebui: connection.openWebui, checkedAt: connection.checkedAt, models, tasks, benchmark, servers, pulls: store.get('pulls') ?? [] };
}
