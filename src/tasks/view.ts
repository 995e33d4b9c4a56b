// The task-settings part of the panel as one plain, serialisable snapshot (for ViewState).
import type { OpenWebuiModel } from '../clients/openWebuiTypes';
import type { ActionId } from '../shared/protocol';
import { autocompleteMaxLength, automationMessages, autocompleteMaxLengthField, describeValue, fieldLabel, listAutomations, taskModelFields, type AutomationState } from './automations';
import type { HistoryEntry } from './history';
import { missingTaskModels, slotSummary, type SlotNeed } from './slots';
import type { FailureReason, LoadResult } from './taskConfig';
import { assertNever, englishT, type Translate } from './text';

export interface TaskModelView {
	readonly field: string;
	readonly label: string;
	/** '' = Current Model. */
	readonly id: string;
	readonly display: string;
	/** Set when the id does not exist (Open WebUI silently uses the chat model). */
	readonly warning?: string;
	/** True for the slot the user's chat models use. */
	readonly matters: boolean;
}

export type TasksView =
	| { readonly status: 'unavailable' | 'loading'; readonly message?: string }
	| { readonly status: 'error'; readonly reason: FailureReason; readonly message: string; readonly actions: readonly ActionId[] }
	| {
			readonly status: 'ready';
			readonly canWrite: boolean;
			readonly readOnlyReason?: string;
			readonly local: TaskModelView;
			readonly external: TaskModelView;
			readonly currentModelHint: string;
			readonly slot: { readonly need: SlotNeed; readonly sentence: string; readonly rule: string };
			readonly automations: readonly AutomationState[];
			readonly autocompleteMaxLength?: { readonly label: string; readonly value: number; readonly display: string };
			readonly undo?: { readonly at: number; readonly summary: string; readonly count: number };
	  };

export interface TasksViewInput {
	readonly load: LoadResult | undefined;
	readonly models: readonly OpenWebuiModel[];
	readonly serverVersion?: string;
	readonly isAdmin?: boolean;
	readonly chatModelIds?: readonly string[];
	readonly history?: readonly HistoryEntry[];
	readonly t?: Translate;
}

/** The fix to offer for a failed read. */
export function actionsFor(reason: FailureReason): ActionId[] {
	switch (reason) {
		case 'needsSignIn':
		case 'forbidden':
			return ['signIn'];
		case 'tooOld':
		case 'notOpenWebui':
			return ['configureConnection'];
		case 'unreachable':
		case 'timeout':
			return ['retry', 'configureConnection'];
		case 'readOnly':
		case 'aborted':
			return [];
		case 'rejected':
		case 'other':
			return ['retry', 'showLog'];
		default:
			return assertNever(reason);
	}
}

export function buildTasksView(input: TasksViewInput): TasksView {
	const t = input.t ?? englishT;
	const load = input.load;
	if (!load) return { status: 'loading' };
	if (load.type === 'failed') return { status: 'error', reason: load.reason, message: load.message, actions: actionsFor(load.reason) };
	const config = load.config;
	const summary = slotSummary(input.models, input.serverVersion, { chatModelIds: input.chatModelIds, t });
	const missing = missingTaskModels(config, input.models, { isAdmin: input.isAdmin, t });
	const slotView = (slot: 'local' | 'external'): TaskModelView => {
		const field = taskModelFields[slot];
		const id = typeof config[field] === 'string' ? (config[field] as string) : '';
		return {
			field,
			label: fieldLabel(field, t),
			id,
			display: describeValue(field, config[field], t),
			warning: missing.find((m) => m.slot === slot)?.message,
			matters: summary.need === slot || summary.need === 'both',
		};
	};
	const max = autocompleteMaxLength(config);
	const newest = input.history?.[0];
	return {
		status: 'ready',
		canWrite: load.access.canWrite,
		readOnlyReason: load.access.canWrite ? undefined : load.access.reason,
		local: slotView('local'),
		external: slotView('external'),
		currentModelHint: t(automationMessages.currentModelMeans),
		slot: { need: summary.need, sentence: summary.sentence, rule: summary.rule },
		automations: listAutomations(config, t),
		autocompleteMaxLength: max === undefined ? undefined : { label: fieldLabel(autocompleteMaxLengthField, t), value: max, display: describeValue(autocompleteMaxLengthField, max, t) },
		undo: newest ? { at: newest.at, summary: newest.summary, count: input.history?.length ?? 0 } : undefined,
	};
}
