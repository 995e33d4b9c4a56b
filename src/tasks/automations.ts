// Open WebUI's background automations as its admin UI names them (docs/task-config.md, last table), the
// labels of every task-config field, and the change builders for setTaskModel / toggleAutomations.
import type { TaskConfig } from '../clients/openWebuiTypes';
import { describeParams, taskParamsField } from './taskParams';
import type { AutomationKey } from '../shared/protocol';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';

export type { AutomationKey };

export interface AutomationSpec {
	readonly key: AutomationKey;
	/** The boolean field in the task config. */
	readonly field: string;
	/** English label, as Open WebUI's admin UI names the switch. */
	readonly label: string;
	/** One line on what it costs. */
	readonly cost: string;
	/** False for switches that start no model call of their own (profiles leave them alone). */
	readonly background: boolean;
}

// English labels (Open WebUI's own UI words) and cost lines; a flat table so the l10n scan finds them.
export const automationStrings = {
	autocompleteLabel: 'Autocomplete Generation',
	autocompleteCost: 'Runs the task model on every keystroke pause while you type: the heaviest by far.',
	followUpLabel: 'Follow Up Generation',
	followUpCost: 'One extra model call after every answer to suggest follow-up questions.',
	titleLabel: 'Title Generation',
	titleCost: 'One short model call per new chat to name it.',
	tagsLabel: 'Tags Generation',
	tagsCost: 'One short model call per chat to tag it.',
	searchQueryLabel: 'Web Search Query Generation',
	searchQueryCost: 'One model call before each web search to write the queries.',
	retrievalQueryLabel: 'Retrieval Query Generation',
	retrievalQueryCost: 'One model call before each knowledge or document lookup.',
	voicePromptLabel: 'Voice Mode Prompt',
	voicePromptCost: 'No extra call: adds a system prompt to chats in voice mode.',
} as const;

const s = automationStrings;
// Heaviest first: the docs rank autocomplete, then follow-ups, titles, tags.
export const automationSpecs: readonly AutomationSpec[] = [
	{ key: 'autocomplete', field: 'ENABLE_AUTOCOMPLETE_GENERATION', label: s.autocompleteLabel, cost: s.autocompleteCost, background: true },
	{ key: 'followUp', field: 'ENABLE_FOLLOW_UP_GENERATION', label: s.followUpLabel, cost: s.followUpCost, background: true },
	{ key: 'title', field: 'ENABLE_TITLE_GENERATION', label: s.titleLabel, cost: s.titleCost, background: true },
	{ key: 'tags', field: 'ENABLE_TAGS_GENERATION', label: s.tagsLabel, cost: s.tagsCost, background: true },
	{ key: 'searchQuery', field: 'ENABLE_SEARCH_QUERY_GENERATION', label: s.searchQueryLabel, cost: s.searchQueryCost, background: true },
	{ key: 'retrievalQuery', field: 'ENABLE_RETRIEVAL_QUERY_GENERATION', label: s.retrievalQueryLabel, cost: s.retrievalQueryCost, background: true },
	{ key: 'voicePrompt', field: 'ENABLE_VOICE_MODE_PROMPT', label: s.voicePromptLabel, cost: s.voicePromptCost, background: false },
];

export const autocompleteMaxLengthField = 'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH';
export const taskModelFields = { local: 'TASK_MODEL', external: 'TASK_MODEL_EXTERNAL' } as const;

/** Human labels of the task-config fields, keyed by field; unknown keys show as-is. */
export const fieldLabelStrings = {
	TASK_MODEL: 'Local Task Model',
	TASK_MODEL_EXTERNAL: 'External Task Model',
	TASK_MODEL_PARAMS: 'Task Model Parameters',
	ENABLE_AUTOCOMPLETE_GENERATION: 'Autocomplete Generation',
	ENABLE_FOLLOW_UP_GENERATION: 'Follow Up Generation',
	ENABLE_TITLE_GENERATION: 'Title Generation',
	ENABLE_TAGS_GENERATION: 'Tags Generation',
	ENABLE_SEARCH_QUERY_GENERATION: 'Web Search Query Generation',
	ENABLE_RETRIEVAL_QUERY_GENERATION: 'Retrieval Query Generation',
	ENABLE_VOICE_MODE_PROMPT: 'Voice Mode Prompt',
	AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: 'Autocomplete Generation Input Max Length',
	TITLE_GENERATION_PROMPT_TEMPLATE: 'Title Generation Prompt',
	TAGS_GENERATION_PROMPT_TEMPLATE: 'Tags Generation Prompt',
	FOLLOW_UP_GENERATION_PROMPT_TEMPLATE: 'Follow Up Generation Prompt',
	QUERY_GENERATION_PROMPT_TEMPLATE: 'Query Generation Prompt',
	AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE: 'Autocomplete Generation Prompt',
	IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE: 'Image Prompt Generation Prompt',
	TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE: 'Tools Function Calling Prompt',
	VOICE_MODE_PROMPT_TEMPLATE: 'Voice Mode Prompt Template',
} as const;
export const fieldLabels: Readonly<Record<string, string>> = fieldLabelStrings;

export const automationMessages = {
	on: 'on',
	off: 'off',
	currentModel: 'the chat model (no task model)',
	noLimit: 'no limit',
	characters: '{0} characters',
	defaultPrompt: 'default prompt',
	customPrompt: 'custom prompt ({0} characters)',
	notSet: 'not set',
	currentModelMeans: 'No task model: the chat model itself does this work.',
} as const;

export function fieldLabel(field: string, t: Translate = english): string {
	const label = fieldLabels[field];
	return label ? t(label) : field;
}

/** A short, human rendering of a field's value ("on", "the chat model (no task model)", "no limit", …). */
export function describeValue(field: string, value: unknown, t: Translate = english): string {
	const m = automationMessages;
	if (field === taskModelFields.local || field === taskModelFields.external) {
		return value === '' || value === null || value === undefined ? t(m.currentModel) : String(value);
	}
	if (field === taskParamsField) return value === null || value === undefined ? t(m.notSet) : describeParams(value, t);
	if (field === autocompleteMaxLengthField && typeof value === 'number') return value < 0 ? t(m.noLimit) : t(m.characters, value);
	if (typeof value === 'boolean') return value ? t(m.on) : t(m.off);
	if (value === null || value === undefined) return t(m.notSet);
	if (/_PROMPT_TEMPLATE$/.test(field) && typeof value === 'string') return value === '' ? t(m.defaultPrompt) : t(m.customPrompt, value.length);
	return typeof value === 'string' ? value : JSON.stringify(value);
}

export interface AutomationState {
	readonly key: AutomationKey;
	readonly field: string;
	readonly label: string;
	readonly cost: string;
	readonly enabled: boolean;
	readonly background: boolean;
}

/** The automations this server has (only keys present in its config), heaviest first. */
export function listAutomations(config: TaskConfig, t: Translate = english): AutomationState[] {
	return automationSpecs
		.filter((a) => a.field in config)
		.map((a) => ({ key: a.key, field: a.field, label: t(a.label), cost: t(a.cost), enabled: config[a.field] === true, background: a.background }));
}

/** The autocomplete input max length (-1 = no limit), or undefined when the server has none. */
export function autocompleteMaxLength(config: TaskConfig): number | undefined {
	const v = config[autocompleteMaxLengthField];
	return typeof v === 'number' ? v : undefined;
}

export type TaskConfigChanges = Readonly<Record<string, unknown>>;

/** toggleAutomations: the wanted set of enabled automations → changes for the ones that differ. */
export function automationChanges(config: TaskConfig, enabled: readonly AutomationKey[]): TaskConfigChanges {
	const out: Record<string, unknown> = {};
	for (const a of automationSpecs) {
		if (!(a.field in config)) continue;
		const want = enabled.includes(a.key);
		if (config[a.field] !== want) out[a.field] = want;
	}
	return out;
}

export type SlotChoice = 'local' | 'external' | 'both';

/** setTaskModel: the id in the chosen slot(s). `''` means no task model (the chat model does the work). */
export function taskModelChanges(slot: SlotChoice, modelId: string): TaskConfigChanges {
	switch (slot) {
		case 'local':
			return { [taskModelFields.local]: modelId };
		case 'external':
			return { [taskModelFields.external]: modelId };
		case 'both':
			return { [taskModelFields.local]: modelId, [taskModelFields.external]: modelId };
		default:
			return assertNever(slot);
	}
}

