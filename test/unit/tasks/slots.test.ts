import assert from 'node:assert/strict';
import type { OpenWebuiModel } from '../../../src/clients/openWebuiTypes';
import { chatModels, externalModelIds, missingTaskModels, openWebuiIdForOllama, preselectSlot, slotForModel, slotSummary } from '../../../src/tasks/slots';
import { compareVersions } from '../../../src/tasks/version';
import { defaultTaskConfig, openWebuiExternalModel, openWebuiOllamaModel } from '../../fakes/fakeOpenWebui';

describe('tasks/slots (unit)', () => {
	// An Ollama model on an old server has owned_by but maybe no connection_type; a "local" OpenAI
	// connection (e.g. llama.cpp marked local) has connection_type local but owned_by openai.
	const localOpenAi: OpenWebuiModel = { id: 'llamacpp-model', owned_by: 'openai', connection_type: 'local' };
	const oldOllama: OpenWebuiModel = { id: 'llama3.2:3b', owned_by: 'ollama' };
	const table: { name: string; model: OpenWebuiModel; version: string | undefined; slot: 'local' | 'external' }[] = [
		{ name: 'Ollama model, 0.11', model: openWebuiOllamaModel('llama3.2:3b'), version: '0.11.4', slot: 'local' },
		{ name: 'Ollama model, 0.6.5', model: openWebuiOllamaModel('llama3.2:3b'), version: '0.6.5', slot: 'local' },
		{ name: 'external model, 0.11', model: openWebuiExternalModel('gpt-4o-mini'), version: '0.11.4', slot: 'external' },
		{ name: 'external model, 0.5.0', model: openWebuiExternalModel('gpt-4o-mini'), version: '0.5.0', slot: 'external' },
		{ name: 'local OpenAI-compatible connection from 0.6.11 → local', model: localOpenAi, version: '0.6.11', slot: 'local' },
		{ name: 'local OpenAI-compatible connection before 0.6.11 → external (owned_by rule)', model: localOpenAi, version: '0.6.10', slot: 'external' },
		{ name: 'Ollama without connection_type on 0.5.12 → local (owned_by rule)', model: oldOllama, version: '0.5.12', slot: 'local' },
		{ name: 'Ollama without connection_type on 0.12 → external (connection_type rule)', model: oldOllama, version: '0.12.4', slot: 'external' },
		{ name: 'unknown version trusts connection_type', model: localOpenAi, version: undefined, slot: 'local' },
		{ name: 'unknown version without connection_type uses owned_by', model: oldOllama, version: 'dev', slot: 'local' },
	];
	for (const c of table) it(`slotForModel: ${c.name}`, () => assert.equal(slotForModel(c.model, c.version), c.slot));

	it('compares versions', () => {
		assert.equal(compareVersions('0.6.11', '0.6.10')! > 0, true);
		assert.equal(compareVersions('v0.10.0', '0.9.9')! > 0, true);
		assert.equal(compareVersions('0.5', '0.5.0'), 0);
		assert.equal(compareVersions('x', '0.5.0'), undefined);
	});

	const models = [
		openWebuiOllamaModel('llama3.1:8b'),
		openWebuiOllamaModel('nomic-embed-text:latest', { ollama: { name: 'nomic-embed-text:latest', model: 'nomic-embed-text:latest', capabilities: ['embedding'] } }),
		{ id: 'arena-model', owned_by: 'arena' } as OpenWebuiModel,
		openWebuiExternalModel('openrouter/gpt-4o-mini'),
	];
	it('chat models leave out arena and embedding-only models', () => {
		assert.deepEqual(chatModels(models).map((m) => m.id), ['llama3.1:8b', 'openrouter/gpt-4o-mini']);
		// Real /api/models entries carry no capabilities: the family or the name gives embedders away.
		const real = [
			openWebuiOllamaModel('nomic-embed-text:latest', { ollama: { name: 'nomic-embed-text:latest', details: { family: 'nomic-bert' } } }),
			openWebuiOllamaModel('bge-m3:latest', { ollama: { name: 'bge-m3:latest', details: { family: 'bert' } } }),
			openWebuiOllamaModel('mxbai-embed-large:latest'),
			openWebuiOllamaModel('llama3.2:3b', { ollama: { name: 'llama3.2:3b', details: { family: 'llama' } } }),
			openWebuiExternalModel('text-embedding-3-small'),
		];
		assert.deepEqual(chatModels(real).map((m) => m.id), ['llama3.2:3b', 'text-embedding-3-small']);
	});

	const summaries: { name: string; models: OpenWebuiModel[]; ids?: string[]; need: string; sentence: RegExp }[] = [
		{ name: 'local only', models: [openWebuiOllamaModel('llama3.1:8b')], need: 'local', sentence: /all come from a local \(Ollama\) connection, so the Local Task Model/ },
		{ name: 'external only', models: [openWebuiExternalModel('gpt-4o')], need: 'external', sentence: /external connections, so the External Task Model/ },
		{ name: 'both', models, need: 'both', sentence: /both matter: the Local Task Model for 1 local and the External Task Model for 1 external/ },
		{ name: 'narrowed to the chat models the user uses', models, ids: ['openrouter/gpt-4o-mini'], need: 'external', sentence: /External Task Model/ },
		{ name: 'none', models: [], need: 'none', sentence: /lists no chat models yet/ },
	];
	for (const s of summaries) {
		it(`slotSummary: ${s.name}`, () => {
			const r = slotSummary(s.models, '0.11.4', { chatModelIds: s.ids });
			assert.equal(r.need, s.need);
			assert.match(r.sentence, s.sentence);
			assert.match(r.rule, /silently falls back to the chat model/);
			assert.equal(preselectSlot(r), s.need === 'none' ? 'local' : s.need);
		});
	}

	it('lists external model ids for Hosted tasks', () => {
		assert.deepEqual(externalModelIds(models, '0.11.4'), ['openrouter/gpt-4o-mini']);
	});

	const prefixed = openWebuiOllamaModel('llama3.2:3b', { id: 'gpu.llama3.2:3b' });
	const prefixedInner = openWebuiOllamaModel('x', { id: 'box.qwen3:4b', ollama: { name: 'box.qwen3:4b', model: 'box.qwen3:4b', urls: [1] } });
	const ids: { name: string; ollama: string; models: OpenWebuiModel[]; prefixId?: string; want: { id: string; listed: boolean } }[] = [
		{ name: 'plain', ollama: 'llama3.1:8b', models, want: { id: 'llama3.1:8b', listed: true } },
		{ name: 'prefix id, inner name unprefixed', ollama: 'llama3.2:3b', models: [prefixed], want: { id: 'gpu.llama3.2:3b', listed: true } },
		{ name: 'prefix id, inner name prefixed too', ollama: 'qwen3:4b', models: [prefixedInner], want: { id: 'box.qwen3:4b', listed: true } },
		{ name: 'two connections: the known prefix wins', ollama: 'llama3.2:3b', models: [openWebuiOllamaModel('llama3.2:3b'), prefixed], prefixId: 'gpu', want: { id: 'gpu.llama3.2:3b', listed: true } },
		{ name: 'not listed yet, prefix known', ollama: 'gemma3:1b', models, prefixId: 'gpu', want: { id: 'gpu.gemma3:1b', listed: false } },
		{ name: 'not listed yet', ollama: 'gemma3:1b', models, want: { id: 'gemma3:1b', listed: false } },
		{ name: 'an external model of the same name is not an Ollama match', ollama: 'gpt-4o', models: [openWebuiExternalModel('gpt-4o')], want: { id: 'gpt-4o', listed: false } },
	];
	for (const c of ids) it(`openWebuiIdForOllama: ${c.name}`, () => assert.deepEqual(openWebuiIdForOllama(c.ollama, c.models, { prefixId: c.prefixId }), c.want));

	it('warns about configured task model ids that do not exist', () => {
		const config = { ...defaultTaskConfig('0.11.0'), TASK_MODEL: 'llama3.2:3b', TASK_MODEL_EXTERNAL: 'openrouter/gpt-4o-mini' };
		const got = missingTaskModels(config, models);
		assert.deepEqual(got.map((m) => [m.field, m.slot, m.id]), [['TASK_MODEL', 'local', 'llama3.2:3b']]);
		assert.equal(got[0].message, 'Local Task Model is set to "llama3.2:3b", but Open WebUI has no model with that id, so it silently uses the chat model instead.');
		assert.match(missingTaskModels(config, models, { isAdmin: false })[0].message, /may not have access/);
		assert.deepEqual(missingTaskModels({ ...config, TASK_MODEL: '' }, models), [], '"Current Model" is not missing');
		assert.deepEqual(missingTaskModels({ ...config, TASK_MODEL: null }, models), []);
	});
});
