// Which task-model slot Open WebUI uses for a chat model, and the checks around it
// (backend/open_webui/utils/task.py get_task_model_id, docs/task-config.md "The two task-model slots").
import type { OpenWebuiModel, TaskConfig } from '../clients/openWebuiTypes';
import { fieldLabel, taskModelFields } from './automations';
import { atLeast, connectionTypeRuleVersion } from './version';
import { english, type Translate } from '../shared/l10n';

export type Slot = 'local' | 'external';
export type SlotNeed = Slot | 'both' | 'none';

export const slotMessages = {
	rule: 'Open WebUI uses the Local Task Model when the chat model comes from a local (Ollama) connection and the External Task Model otherwise; a task model id that does not exist silently falls back to the chat model.',
	needLocal: 'Your chat models all come from a local (Ollama) connection, so the Local Task Model is the one that matters.',
	needExternal: 'Your chat models all come from external connections, so the External Task Model is the one that matters.',
	needBoth: 'You chat with local and external models, so both matter: the Local Task Model for {0} local and the External Task Model for {1} external chat models.',
	needNone: 'Open WebUI lists no chat models yet; the Local Task Model will apply to local (Ollama) chat models and the External Task Model to the others.',
	missingId: '{0} is set to "{1}", but Open WebUI has no model with that id, so it silently uses the chat model instead.',
	missingIdHiddenHint: 'You may not have access to that model; an admin sees every model.',
} as const;

/**
 * The slot a chat model selects. From 0.6.11 `connection_type == "local"`, before that
 * `owned_by == "ollama"`; an unknown version trusts `connection_type` when the entry has one.
 */
export function slotForModel(model: OpenWebuiModel, serverVersion: string | undefined): Slot {
	const modern = atLeast(serverVersion, connectionTypeRuleVersion);
	const useConnectionType = modern ?? typeof model.connection_type === 'string';
	if (useConnectionType) return model.connection_type === 'local' ? 'local' : 'external';
	return model.owned_by === 'ollama' ? 'local' : 'external';
}

/** Models the user can chat with: arena pseudo-models and embedding-only Ollama models are left out. */
export function chatModels(models: readonly OpenWebuiModel[]): OpenWebuiModel[] {
	return models.filter((m) => {
		if (m.owned_by === 'arena') return false;
		const caps = m.ollama?.capabilities;
		if (Array.isArray(caps) && caps.length > 0) return caps.includes('completion');
		// /api/tags has no capabilities: BERT-family and "*embed*" Ollama models only embed.
		const family = String(m.ollama?.details?.family ?? '');
		return !(m.ollama && (/bert/i.test(family) || /embed/i.test(m.id)));
	});
}

export interface SlotSummary {
	readonly need: SlotNeed;
	/** Chat model ids per slot. */
	readonly local: readonly string[];
	readonly external: readonly string[];
	/** One sentence for the user's own models, and the general rule. */
	readonly sentence: string;
	readonly rule: string;
}

/** Which slot matters for the user's chat models (`chatModelIds` narrows the list when known). */
export function slotSummary(models: readonly OpenWebuiModel[], serverVersion: string | undefined, opts: { chatModelIds?: readonly string[]; t?: Translate } = {}): SlotSummary {
	const t = opts.t ?? english;
	const chats = chatModels(models).filter((m) => !opts.chatModelIds || opts.chatModelIds.includes(m.id));
	const local = chats.filter((m) => slotForModel(m, serverVersion) === 'local').map((m) => m.id);
	const external = chats.filter((m) => slotForModel(m, serverVersion) === 'external').map((m) => m.id);
	const need: SlotNeed = local.length && external.length ? 'both' : local.length ? 'local' : external.length ? 'external' : 'none';
	const m = slotMessages;
	const sentence =
		need === 'both' ? t(m.needBoth, local.length, external.length) : need === 'local' ? t(m.needLocal) : need === 'external' ? t(m.needExternal) : t(m.needNone);
	return { need, local, external, sentence, rule: t(m.rule) };
}

/** The slot to preselect in setTaskModel. */
export function preselectSlot(summary: SlotSummary): 'local' | 'external' | 'both' {
	return summary.need === 'none' ? 'local' : summary.need;
}

/** Ids of models that select the external slot (OpenAI-compatible connections): hosted task-model choices. */
export function externalModelIds(models: readonly OpenWebuiModel[], serverVersion: string | undefined): string[] {
	return chatModels(models)
		.filter((m) => slotForModel(m, serverVersion) === 'external')
		.map((m) => m.id);
}

/**
 * The Open WebUI id of an Ollama model. Exact `ollama.name` / `ollama.model` / id matches win, then
 * an id of the form `<prefix_id>.<name>`. Unlisted (e.g. pulled since the last /api/models) → the
 * name with `prefixId.` when the host knows the connection's prefix, `listed: false`.
 */
export function openWebuiIdForOllama(name: string, models: readonly OpenWebuiModel[], opts: { prefixId?: string } = {}): { id: string; listed: boolean } {
	const fromOllama = models.filter((m) => m.ollama || m.owned_by === 'ollama');
	const wanted = opts.prefixId ? `${opts.prefixId}.${name}` : undefined;
	const hit =
		(wanted && fromOllama.find((m) => m.id === wanted)) ||
		fromOllama.find((m) => m.ollama?.name === name || m.ollama?.model === name || m.id === name) ||
		// With a prefix, Open WebUI may prefix the inner names too; an id ending in ".name" is that model.
		fromOllama.find((m) => m.id.endsWith(`.${name}`));
	if (hit) return { id: hit.id, listed: true };
	return { id: opts.prefixId ? `${opts.prefixId}.${name}` : name, listed: false };
}

export interface MissingTaskModel {
	readonly field: string;
	readonly slot: Slot;
	readonly id: string;
	readonly message: string;
}

/** Configured task-model ids that do not exist: Open WebUI silently falls back to the chat model. */
export function missingTaskModels(config: TaskConfig, models: readonly OpenWebuiModel[], opts: { isAdmin?: boolean; t?: Translate } = {}): MissingTaskModel[] {
	const t = opts.t ?? english;
	const ids = new Set(models.map((m) => m.id));
	const out: MissingTaskModel[] = [];
	for (const slot of ['local', 'external'] as const) {
		const field = taskModelFields[slot];
		const id = config[field];
		if (typeof id !== 'string' || id === '' || ids.has(id)) continue;
		// Non-admins see only the models they were granted, so "missing" may mean "hidden".
		const hint = opts.isAdmin === false ? ` ${t(slotMessages.missingIdHiddenHint)}` : '';
		out.push({ field, slot, id, message: t(slotMessages.missingId, fieldLabel(field, t), id) + hint });
	}
	return out;
}
