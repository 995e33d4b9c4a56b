// Builds the webview's snapshot from the store. Pure, so the panel tests and the bench can use it.
import { formatParameters } from '../models/parameters';
import { buildSuggestions } from '../models/suggestions';
import type { ModelsView, ViewState } from '../shared/protocol';
import type { AppStore } from './appStore';
import { emptyModels } from '../services/modelsService';
import type { Translate } from '../util/l10n';

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
	return { ollama: c.ollama, openWebui: c.openWebui, checkedAt: c.checkedAt, models, pulls: store.get('pulls') ?? [] };
}
