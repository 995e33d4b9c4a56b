// What the benchmark asks Ollama for, by server version: `think: false` (Ollama 0.9.0+; a model
// without thinking ignores it, checked in server/routes.go of 0.24.0 and 0.34.4) and a JSON answer
// through `format` (a per-task JSON Schema from 0.5.0, plain JSON mode before). Open WebUI itself
// sends neither unless its TASK_MODEL_PARAMS has `think` / `format`, so the result says which was used.
import { atLeast } from '../tasks/version';
import { answerSchema, type BenchTask } from './prompts';

export interface OutputMode {
	/** `schema`: a JSON Schema per task; `json`: Ollama's JSON mode; `none`: free text, as Open WebUI asks by default. */
	readonly format: 'schema' | 'json' | 'none';
	/** `off`: think:false to every model; `thinkingModels`: only to models flagged as thinking (older or unknown Ollama). */
	readonly think: 'off' | 'thinkingModels';
	readonly ollamaVersion?: string;
}

export const structuredOutputVersion = '0.5.0';
export const thinkSwitchVersion = '0.9.0';

/** `prefer: 'none'` measures free-text answers (what Open WebUI gets without TASK_MODEL_PARAMS). */
export function outputMode(ollamaVersion: string | undefined, prefer: 'auto' | 'none' = 'auto'): OutputMode {
	const think = atLeast(ollamaVersion, thinkSwitchVersion) ? 'off' : 'thinkingModels';
	if (prefer === 'none') return { format: 'none', think, ollamaVersion };
	const schema = atLeast(ollamaVersion, structuredOutputVersion);
	return { format: schema === undefined ? 'none' : schema ? 'schema' : 'json', think, ollamaVersion };
}

/** The `format` field of a request for this task, or nothing. */
export function formatFor(task: BenchTask, mode: OutputMode): 'json' | Record<string, unknown> | undefined {
	switch (mode.format) {
		case 'schema':
			return answerSchema(task);
		case 'json':
			return 'json';
		case 'none':
			return undefined;
	}
}
