import assert from 'node:assert/strict';
import { envValue, exportEnv } from '../../../src/tasks/envExport';
import { defaultTaskConfig } from '../../fakes/fakeOpenWebui';

describe('tasks/envExport (unit)', () => {
	it('exports the current task settings as KEY=value lines', () => {
		const config = {
			...defaultTaskConfig('0.12'),
			TASK_MODEL: 'llama3.2:3b',
			TASK_MODEL_EXTERNAL: '',
			ENABLE_AUTOCOMPLETE_GENERATION: false,
			AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: 200,
			TITLE_GENERATION_PROMPT_TEMPLATE: 'Write a 3-5 word title for: {{prompt}}',
			TAGS_GENERATION_PROMPT_TEMPLATE: 'line one\nline two',
			VOICE_MODE_PROMPT_TEMPLATE: null,
			FORK_KEY: 'x',
		};
		const r = exportEnv(config, { serverUrl: 'http://localhost:3000' });
		assert.deepEqual(r.lines, [
			'# Open WebUI task settings from http://localhost:3000',
			'TASK_MODEL=llama3.2:3b',
			'TASK_MODEL_EXTERNAL=',
			'ENABLE_TITLE_GENERATION=true',
			'ENABLE_TAGS_GENERATION=true',
			'ENABLE_AUTOCOMPLETE_GENERATION=false',
			'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH=200',
			'ENABLE_SEARCH_QUERY_GENERATION=true',
			'ENABLE_RETRIEVAL_QUERY_GENERATION=true',
			'ENABLE_FOLLOW_UP_GENERATION=true',
			'ENABLE_VOICE_MODE_PROMPT=false',
			"TITLE_GENERATION_PROMPT_TEMPLATE='Write a 3-5 word title for: {{prompt}}'",
			'# TAGS_GENERATION_PROMPT_TEMPLATE is a multi-line custom prompt: not exported; copy it in Open WebUI (Admin Panel → Settings → Interface).',
		]);
		assert.deepEqual(r.skipped, ['TAGS_GENERATION_PROMPT_TEMPLATE']);
		assert.equal(r.text, r.lines.join('\n') + '\n');
		assert.doesNotMatch(r.text, /FORK_KEY|TASK_MODEL_PARAMS|VOICE_MODE_PROMPT_TEMPLATE/);
		assert.match(r.explanation, /only seed a fresh database/);
		assert.match(r.explanation, /ENABLE_PERSISTENT_CONFIG=False.*lost on restart/);
	});

	it('exports TASK_MODEL_PARAMS as one JSON line, and nothing for an empty or null dict', () => {
		const cfg = { ...defaultTaskConfig('0.12'), TASK_MODEL_PARAMS: { think: false, max_tokens: 1000 } };
		assert.ok(exportEnv(cfg).lines.includes(`TASK_MODEL_PARAMS='{"think":false,"max_tokens":1000}'`));
		for (const empty of [{}, null]) assert.ok(!exportEnv({ ...cfg, TASK_MODEL_PARAMS: empty }).text.includes('TASK_MODEL_PARAMS'));
	});

	it('exports only the keys an old server has', () => {
		const r = exportEnv(defaultTaskConfig('0.5.0'));
		assert.deepEqual(r.lines.map((l) => l.split('=')[0]), [
			'TASK_MODEL',
			'TASK_MODEL_EXTERNAL',
			'ENABLE_TAGS_GENERATION',
			'ENABLE_AUTOCOMPLETE_GENERATION',
			'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH',
			'ENABLE_SEARCH_QUERY_GENERATION',
			'ENABLE_RETRIEVAL_QUERY_GENERATION',
		]);
	});

	const quoting: [string, string][] = [
		['llama3.2:3b', 'llama3.2:3b'],
		['gpu.qwen2.5:1.5b', 'gpu.qwen2.5:1.5b'],
		['openrouter/openai/gpt-4o-mini', 'openrouter/openai/gpt-4o-mini'],
		['', ''],
		['two words', "'two words'"],
		['cost $5 # note', "'cost $5 # note'"],
		[`it's "quoted" $HOME \\`, `"it's \\"quoted\\" $$HOME \\\\"`],
	];
	for (const [raw, want] of quoting) it(`quotes ${JSON.stringify(raw)} as ${want}`, () => assert.equal(envValue(raw), want));
});
