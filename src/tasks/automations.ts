// Open WebUI's background automations as its admin UI names them (shared/api-facts.md §5), the
// labels of every task-config field, and the change builders for setTaskModel / toggleAutomations.
import type { TaskConfig } from '../clients/openWebuiTypes';
import { assertNever, englishT, type Translate } from './text';

export type AutomationKey = 'title' | 'tags' | 'autocomplete' | 'searchQuery' | 'retrievalQuery' | 'followUp' | 'voicePrompt';

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

// Heaviest first: the docs rank autocomplete, then follow-ups, titles, tags.
export const automationSpecs: readonly AutomationSpec[] = [
	{ key: 'autocomplete', field: 'ENABLE_AUTOCOMPLETE_GENERATION', label: 'Autocomplete Generation', cost: 'Runs the task model on every keystroke pause while you type: the heaviest by far.', background: true },
	{ key: 'followUp', field: 'ENABLE_FOLLOW_UP_GENERATION', label: 'Follow Up Generation', cost: 'One extra model call after every answer to suggest follow-up questions.', background: true },
	{ key: 'title', field: 'ENABLE_TITLE_GENERATION', label: 'Title Generation', cost: 'One short model call per new chat to name it.', background: true },
	{ key: 'tags', field: 'ENABLE_TAGS_GENERATION', label: 'Tags Generation', cost: 'One short model call per chat to tag it.', background: true },
	{ key: 'searchQuery', field: 'ENABLE_SEARCH_QUERY_GENERATION', label: 'Web Search Query Generation', cost: 'One model call before each web search to write the queries.', background: true },
	{ key: 'retrievalQuery', field: 'ENABLE_RETRIEVAL_QUERY_GENERATION', label: 'Retrieval Query Generation', cost: 'One model call before each knowledge or document lookup.', background: true },
	{ key: 'voicePrompt', field: 'ENABLE_VOICE_MODE_PROMPT', label: 'Voice Mode Prompt', cost: 'No extra call: adds a system prompt to chats in voice mode.', background: false },
];

export const autocompleteMaxLengthField = 'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH';
export const taskModelFields = { local: 'TASK_MODEL', external: 'TASK_MODEL_EXTERNAL' } as const;

/** Human labels of the task-config fields (Open WebUI's own UI words); unknown keys show as-is. */
export const fieldLabels: Readonly<Record<string, string>> = {
	TASK_MODEL: 'Local Task Model',
	TASK_MODEL_EXTERNAL: 'External Task Model',
	TASK_MODEL_PARAMS: 'Task Model Parameters',
	...Object.fromEntries(automationSpecs.map((a) => [a.field, a.label])),
	AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: 'Autocomplete Generation Input Max Length',
	TITLE_GENERATION_PROMPT_TEMPLATE: 'Title Generation Prompt',
	TAGS_GENERATION_PROMPT_TEMPLATE: 'Tags Generation Prompt',
	FOLLOW_UP_GENERATION_PROMPT_TEMPLATE: 'Follow Up Generation Prompt',
	QUERY_GENERATION_PROMPT_TEMPLATE: 'Query Generation Prompt',
	AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE: 'Autocomplete Generation Prompt',
	IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE: 'Image Prompt Generation Prompt',
	TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE: 'Tools Function Calling Prompt',
	VOICE_MODE_PROMPT_TEMPLATE: 'Voice Mode Prompt Template',
};

export const automationMessages = {
	on: 'on',
	off: 'off',
	currentModel: 'Current Model',
	noLimit: 'no limit',
	characters: '{0} characters',
	defaultPrompt: 'default prompt',
	customPrompt: 'custom prompt ({0} characters)',
	notSet: 'not set',
	currentModelMeans: 'Current Model: the chat model itself does this work.',
} as const;

export function fieldLabel(field: string, t: Translate = englishT): string {
	const label = fieldLabels[field];
	return label ? t(label) : field;
}

/** A short, human rendering of a field's value ("on", "Current Model", "no limit", …). */
export function describeValue(field: string, value: unknown, t: Translate = englishT): string {
	const m = automationMessages;
	if (field === taskModelFields.local || field === taskModelFields.external) {
		return value === '' || value === null || value === undefined ? t(m.currentModel) : String(value);
	}
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
export function listAutomations(config: TaskConfig, t: Translate = englishT): AutomationState[] {
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

/** setTaskModel: the id in the chosen slot(s). `''` means "Current Model". */
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

