// "Copy as environment variables": the task settings as KEY=value lines for docker-compose / .env.
// Each field below is a PersistentConfig/ConfigVar whose env var has the field's own name.
import type { TaskConfig } from '../clients/openWebuiTypes';
import { english, type Translate } from '../shared/l10n';

/** Task-config fields backed by an env var of the same name, in a readable order. */
export const envBackedFields: readonly string[] = [
	'TASK_MODEL',
	'TASK_MODEL_EXTERNAL',
	// JSON (config.py reads it with json.loads); 0.11.1+.
	'TASK_MODEL_PARAMS',
	'ENABLE_TITLE_GENERATION',
	'ENABLE_TAGS_GENERATION',
	'ENABLE_AUTOCOMPLETE_GENERATION',
	'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH',
	'ENABLE_SEARCH_QUERY_GENERATION',
	'ENABLE_RETRIEVAL_QUERY_GENERATION',
	'ENABLE_FOLLOW_UP_GENERATION',
	'ENABLE_VOICE_MODE_PROMPT',
	'TITLE_GENERATION_PROMPT_TEMPLATE',
	'TAGS_GENERATION_PROMPT_TEMPLATE',
	'FOLLOW_UP_GENERATION_PROMPT_TEMPLATE',
	'QUERY_GENERATION_PROMPT_TEMPLATE',
	'AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE',
	'IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE',
	'TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE',
	'VOICE_MODE_PROMPT_TEMPLATE',
];

export const envMessages = {
	explanation: 'Open WebUI keeps changes made in its UI or API in its database; these environment variables only seed a fresh database, and after the first start the database value wins. With ENABLE_PERSISTENT_CONFIG=False it is the other way round: the environment applies at every start and changes made in the UI or API are lost on restart.',
	header: 'Open WebUI task settings from {0}',
	multiLineSkipped: '{0} is a multi-line custom prompt: not exported; copy it in Open WebUI (Admin Panel → Settings → Interface).',
} as const;

export interface EnvExport {
	/** The lines, ready to paste into a .env file or a compose `environment:` block. */
	readonly text: string;
	readonly lines: readonly string[];
	/** Fields left out as comments (multi-line prompts). */
	readonly skipped: readonly string[];
	readonly explanation: string;
}

/**
 * A value in compose's .env syntax (`env_file:` / `.env`), quoted only when needed: single quotes are
 * taken literally; double quotes (only when the value has a `'`) interpolate, so `$` is doubled.
 */
export function envValue(value: string): string {
	if (/^[A-Za-z0-9_.:/@+,=-]*$/.test(value)) return value;
	if (!value.includes("'")) return `'${value}'`;
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$')}"`;
}

export function exportEnv(config: TaskConfig, opts: { serverUrl?: string; t?: Translate } = {}): EnvExport {
	const t = opts.t ?? english;
	const lines: string[] = [];
	const skipped: string[] = [];
	if (opts.serverUrl) lines.push(`# ${t(envMessages.header, opts.serverUrl)}`);
	for (const field of envBackedFields) {
		if (!(field in config)) continue;
		const v = config[field];
		if (v === null || v === undefined) continue;
		const isPrompt = field.endsWith('_PROMPT_TEMPLATE');
		if (isPrompt && v === '') continue; // empty = Open WebUI's built-in prompt
		if (typeof v === 'object') {
			if (Object.keys(v).length) lines.push(`${field}=${envValue(JSON.stringify(v))}`);
		} else if (typeof v === 'boolean') lines.push(`${field}=${v ? 'true' : 'false'}`);
		else if (typeof v === 'number') lines.push(`${field}=${v}`);
		else if (typeof v === 'string') {
			if (/[\r\n]/.test(v)) {
				skipped.push(field);
				lines.push(`# ${t(envMessages.multiLineSkipped, field)}`);
			} else lines.push(`${field}=${envValue(v)}`);
		}
	}
	return { text: lines.join('\n') + '\n', lines, skipped, explanation: t(envMessages.explanation) };
}
