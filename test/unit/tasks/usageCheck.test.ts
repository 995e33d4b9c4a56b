import assert from 'node:assert/strict';
import type { OpenWebuiModel } from '../../../src/clients/openWebuiTypes';
import { checkUsage, sameModel, type UsageCheckApi, type UsageResult } from '../../../src/tasks/usageCheck';
import { defaultTaskConfig, openWebuiExternalModel, openWebuiOllamaModel } from '../../fakes/fakeOpenWebui';
import { harness, type Harness } from './helpers';

describe('tasks/usageCheck against the fake Open WebUI (unit)', () => {
	let h: Harness | undefined;
	afterEach(async () => {
		await h?.stop();
		h = undefined;
	});
	const models: OpenWebuiModel[] = [
		openWebuiOllamaModel('llama3.1:8b'),
		openWebuiOllamaModel('llama3.2:3b'),
		openWebuiExternalModel('openrouter/gpt-4o-mini'),
		// A local OpenAI-compatible server (llama.cpp): connection_type local, owned_by openai.
		{ id: 'llamacpp/phi', name: 'phi', owned_by: 'openai', connection_type: 'local' },
	];
	const api = (x: Harness): UsageCheckApi => ({
		models: (s) => x.client.models(s),
		taskConfig: (s) => x.client.taskConfig(s),
		titleCompletion: (b, o) => x.client.titleCompletion(b, o),
	});
	const clock = () => {
		const ticks = [1000, 2234];
		return () => ticks.shift() ?? 9999;
	};

	const cases: {
		name: string;
		version?: string;
		config: Record<string, unknown>;
		chat?: string;
		want: Partial<Record<'type' | 'reason' | 'answeredBy' | 'chatModel' | 'slot', string>>;
		message: RegExp;
	}[] = [
		{
			name: 'the local task model answers for a local chat model',
			config: { TASK_MODEL: 'llama3.2:3b' },
			chat: 'llama3.1:8b',
			want: { type: 'taskModel', answeredBy: 'llama3.2:3b', slot: 'local' },
			message: /^llama3\.2:3b answered the title task for chat model llama3\.1:8b in 1\.2 s: Open WebUI uses the Local Task Model\.$/,
		},
		{
			name: 'Current Model: the chat model does the work',
			config: { TASK_MODEL: '' },
			chat: 'llama3.1:8b',
			want: { type: 'chatModel', reason: 'currentModel', answeredBy: 'llama3.1:8b' },
			message: /The chat model llama3\.1:8b answered the title task itself in 1\.2 s.*counts as local, so Open WebUI looks at the Local Task Model\. The Local Task Model is not set \(no task model\)/,
		},
		{
			name: 'task model set in the wrong slot',
			config: { TASK_MODEL: '', TASK_MODEL_EXTERNAL: 'llama3.2:3b' },
			chat: 'llama3.1:8b',
			want: { type: 'chatModel', reason: 'currentModel', slot: 'local' },
			message: /Your task model is set as the External Task Model \(llama3\.2:3b\), which only applies to external chat models\./,
		},
		{
			name: 'external chat model with only the local slot set',
			config: { TASK_MODEL: 'llama3.2:3b' },
			chat: 'openrouter/gpt-4o-mini',
			want: { type: 'chatModel', reason: 'currentModel', slot: 'external', answeredBy: 'openrouter/gpt-4o-mini' },
			message: /counts as external, so Open WebUI looks at the External Task Model.*set as the Local Task Model \(llama3\.2:3b\), which only applies to local chat models/,
		},
		{
			name: 'the task model id does not exist',
			config: { TASK_MODEL: 'gemma3:1b' },
			chat: 'llama3.1:8b',
			want: { type: 'chatModel', reason: 'missingId' },
			message: /Local Task Model is set to "gemma3:1b", but Open WebUI has no model with that id/,
		},
		{
			name: 'Title Generation off → 200 {detail}',
			config: { TASK_MODEL: 'llama3.2:3b', ENABLE_TITLE_GENERATION: false },
			want: { type: 'disabled' },
			message: /^Title Generation is off in Open WebUI, so no task ran \(Title generation is disabled\)/,
		},
		{
			name: '0.6.11+: a local OpenAI-compatible connection uses the local slot',
			version: '0.6.11',
			config: { TASK_MODEL: 'llama3.2:3b' },
			chat: 'llamacpp/phi',
			want: { type: 'taskModel', slot: 'local', answeredBy: 'llama3.2:3b' },
			message: /Local Task Model/,
		},
		{
			name: 'before 0.6.11 the same model is external (owned_by rule) and the chat model answers',
			version: '0.6.5',
			config: { TASK_MODEL: 'llama3.2:3b' },
			chat: 'llamacpp/phi',
			want: { type: 'chatModel', reason: 'currentModel', slot: 'external', answeredBy: 'llamacpp/phi' },
			message: /counts as external, so Open WebUI looks at the External Task Model/,
		},
		{
			name: 'default chat model is one that is not the task model',
			config: { TASK_MODEL: 'llama3.1:8b' },
			want: { type: 'taskModel', chatModel: 'llama3.2:3b', answeredBy: 'llama3.1:8b' },
			message: /^llama3\.1:8b answered the title task for chat model llama3\.2:3b/,
		},
	];
	for (const c of cases) {
		it(c.name, async () => {
			h = await harness({ state: { models, version: c.version ?? '0.11.4', taskConfig: { ...defaultTaskConfig('0.11.0'), ...c.config } } });
			const r = await checkUsage({ api: api(h), serverVersion: c.version ?? '0.11.4', chatModelId: c.chat, now: clock() });
			for (const [k, v] of Object.entries(c.want)) assert.equal((r as Record<string, unknown>)[k], v, `${k} in ${JSON.stringify(r)}`);
			assert.match(r.message, c.message);
			const sent = h.fake.requests.find((q) => q.path === '/api/v1/tasks/title/completions')?.body as { model: string; messages: unknown[]; stream: boolean };
			assert.equal(sent.stream, false);
			assert.equal(sent.messages.length, 2);
			if (c.want.type !== 'disabled') assert.equal(h.fake.state.titleAnswers.at(-1)?.model, (r as Extract<UsageResult, { answeredBy: string }>).answeredBy);
			// /api/models first: after a restart Open WebUI needs it before any task.
			const paths = h.fake.requests.map((q) => q.path);
			assert.ok(paths.indexOf('/api/models') < paths.indexOf('/api/v1/tasks/title/completions'));
		});
	}

	it('an unknown chat model id fails with the server message', async () => {
		h = await harness({ state: { models } });
		const r = await checkUsage({ api: api(h), chatModelId: 'nope' });
		assert.equal(r.type, 'failed');
		assert.match(r.message, /Model 'nope' was not found/);
	});

	it('no chat model to test with', async () => {
		h = await harness({ state: { models: [] } });
		const r = await checkUsage({ api: api(h) });
		assert.deepEqual(r, { type: 'noChatModel', message: 'Open WebUI lists no chat model to test with.' });
	});

	it('matches an Ollama answer by its Ollama name', () => {
		const prefixed = [openWebuiOllamaModel('llama3.2:3b', { id: 'gpu.llama3.2:3b' })];
		assert.equal(sameModel('llama3.2:3b', 'gpu.llama3.2:3b', prefixed), true);
		assert.equal(sameModel('llama3.1:8b', 'gpu.llama3.2:3b', prefixed), false);
	});
});
