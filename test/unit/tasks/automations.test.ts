import assert from 'node:assert/strict';
import { automationChanges, autocompleteMaxLength, describeValue, fieldLabel, listAutomations, taskModelChanges } from '../../../src/tasks/automations';
import { defaultTaskConfig, type Era } from '../../fakes/fakeOpenWebui';
import { hostStrings } from '../../support/l10nScan';
import { english, type Translate } from '../../../src/shared/l10n';

describe('tasks/automations (unit)', () => {
	const byEra: [Era, string[]][] = [
		['0.5.0', ['autocomplete', 'tags', 'searchQuery', 'retrievalQuery']],
		['0.5.12', ['autocomplete', 'title', 'tags', 'searchQuery', 'retrievalQuery']],
		['0.6.14', ['autocomplete', 'followUp', 'title', 'tags', 'searchQuery', 'retrievalQuery']],
		['0.6.37', ['autocomplete', 'followUp', 'title', 'tags', 'searchQuery', 'retrievalQuery']],
		['0.9.4', ['autocomplete', 'followUp', 'title', 'tags', 'searchQuery', 'retrievalQuery', 'voicePrompt']],
		['0.12', ['autocomplete', 'followUp', 'title', 'tags', 'searchQuery', 'retrievalQuery', 'voicePrompt']],
	];
	for (const [era, keys] of byEra) {
		it(`lists only the automations era ${era} has, heaviest first`, () => {
			assert.deepEqual(listAutomations(defaultTaskConfig(era)).map((a) => a.key), keys);
		});
	}

	it('carries Open WebUI labels, state and cost', () => {
		const a = listAutomations({ ...defaultTaskConfig('0.11.0'), ENABLE_AUTOCOMPLETE_GENERATION: true });
		assert.deepEqual(a[0], {
			key: 'autocomplete',
			field: 'ENABLE_AUTOCOMPLETE_GENERATION',
			label: 'Autocomplete Generation',
			cost: 'Runs the task model on every keystroke pause while you type: the heaviest by far.',
			enabled: true,
			background: true,
		});
		assert.deepEqual(a.map((x) => x.label), ['Autocomplete Generation', 'Follow Up Generation', 'Title Generation', 'Tags Generation', 'Web Search Query Generation', 'Retrieval Query Generation', 'Voice Mode Prompt']);
		assert.equal(a.find((x) => x.key === 'followUp')?.enabled, true);
	});

	it('reads the autocomplete input max length', () => {
		assert.equal(autocompleteMaxLength(defaultTaskConfig('0.11.0')), -1);
		assert.equal(autocompleteMaxLength({ AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: 200 }), 200);
		assert.equal(autocompleteMaxLength({}), undefined);
		assert.equal(describeValue('AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH', -1), 'no limit');
		assert.equal(describeValue('AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH', 200), '200 characters');
	});

	it('toggle changes only what differs and only what the server has', () => {
		const config = defaultTaskConfig('0.6.14'); // autocomplete off, everything else on
		assert.deepEqual(automationChanges(config, ['title', 'autocomplete', 'voicePrompt']), {
			ENABLE_AUTOCOMPLETE_GENERATION: true,
			ENABLE_FOLLOW_UP_GENERATION: false,
			ENABLE_TAGS_GENERATION: false,
			ENABLE_SEARCH_QUERY_GENERATION: false,
			ENABLE_RETRIEVAL_QUERY_GENERATION: false,
		});
	});

	it('task model changes per slot', () => {
		assert.deepEqual(taskModelChanges('local', 'llama3.2:3b'), { TASK_MODEL: 'llama3.2:3b' });
		assert.deepEqual(taskModelChanges('external', 'gpt-4o-mini'), { TASK_MODEL_EXTERNAL: 'gpt-4o-mini' });
		assert.deepEqual(taskModelChanges('both', ''), { TASK_MODEL: '', TASK_MODEL_EXTERNAL: '' });
	});

	it('describes values the way users read them', () => {
		assert.equal(describeValue('TASK_MODEL', ''), 'the chat model (no task model)');
		assert.equal(describeValue('TASK_MODEL_EXTERNAL', null), 'the chat model (no task model)');
		assert.equal(describeValue('ENABLE_TITLE_GENERATION', false), 'off');
		assert.equal(describeValue('TITLE_GENERATION_PROMPT_TEMPLATE', ''), 'default prompt');
		assert.equal(describeValue('TITLE_GENERATION_PROMPT_TEMPLATE', 'abc'), 'custom prompt (3 characters)');
		assert.equal(describeValue('TASK_MODEL_PARAMS', { temperature: 0.1 }), 'temperature 0.1');
		assert.equal(describeValue('TASK_MODEL_PARAMS', { max_tokens: 64, think: false, stop: ['\n'] }), 'max_tokens 64 · thinking off · stop ["\\n"]');
		assert.equal(describeValue('TASK_MODEL_PARAMS', {}), 'none: Open WebUI caps titles at 1000 tokens');
		assert.equal(describeValue('TASK_MODEL_PARAMS', null), 'not set');
		assert.equal(fieldLabel('SOME_FORK_KEY'), 'SOME_FORK_KEY');
	});

	it('every user-visible string goes through t and is in a table the l10n scan finds', () => {
		const seen = new Set<string>();
		const t: Translate = (m, ...a) => (seen.add(m), english(m, ...a));
		listAutomations(defaultTaskConfig('0.12'), t).forEach((a) => fieldLabel(a.field, t));
		assert.ok(seen.size >= 14);
		assert.ok(seen.has('Autocomplete Generation'));
		const found = hostStrings();
		assert.deepEqual([...seen].filter((s) => !found.has(s)), []);
	});
});
