import assert from 'node:assert/strict';
import type { OpenWebuiModel, TaskConfig } from '../../../src/clients/openWebuiTypes';
import { titleFigureFromUsage } from '../../../src/benchmark/figures';
import { diagnoseTitles, type TitleCause, type TitleFix } from '../../../src/tasks/titleDoctor';
import { checkUsage, type UsageResult } from '../../../src/tasks/usageCheck';
import { defaultTaskConfig, openWebuiExternalModel, openWebuiOllamaModel, type FakeOpenWebuiState } from '../../fakes/fakeOpenWebui';
import { harness, type Harness } from './helpers';

// Each row: the server's state, what the real title task answers, the causes found and the one-click fix.
describe('tasks/titleDoctor: why titles equal the first message, and the fix (unit, against the fake Open WebUI)', () => {
	let h: Harness | undefined;
	afterEach(async () => {
		await h?.stop();
		h = undefined;
	});
	const models: OpenWebuiModel[] = [
		openWebuiOllamaModel('llama3.1:8b'),
		openWebuiOllamaModel('smollm2:135m'),
		openWebuiOllamaModel('qwen3:4b'),
		openWebuiOllamaModel('ollama.gemma3:270m', { ollama: { name: 'gemma3:270m', model: 'gemma3:270m', urls: [0] } }),
		openWebuiExternalModel('openrouter/gpt-4o-mini'),
	];
	const v012 = (over: Record<string, unknown>): TaskConfig => ({ ...defaultTaskConfig('0.12'), TASK_MODEL_PARAMS: {}, ...over });
	const v011 = (over: Record<string, unknown>): TaskConfig => ({ ...defaultTaskConfig('0.11.0'), ...over });
	const good = { content: '{"title": "🌿 Basil care"}' };

	const cases: {
		name: string;
		config: TaskConfig;
		version?: string;
		reply?: FakeOpenWebuiState['titleReply'];
		chat?: string;
		ok: boolean;
		causes: TitleCause[];
		fix?: TitleFix;
		fixLabel?: string;
		message?: RegExp;
	}[] = [
		{ name: 'all well: the task model answers a JSON title', config: v012({ TASK_MODEL: 'smollm2:135m' }), reply: good, ok: true, causes: [], message: /Open WebUI titles the chat "🌿 Basil care"\.$/ },
		{
			name: 'title generation off',
			config: v012({ TASK_MODEL: 'smollm2:135m', ENABLE_TITLE_GENERATION: false }),
			ok: false,
			causes: ['titlesOff'],
			fix: { kind: 'enableTitles' },
			fixLabel: 'Turn on Title Generation',
		},
		{
			name: 'no task model: the recommended candidate goes into the local slot',
			config: v012({ TASK_MODEL: '' }),
			reply: good,
			ok: false,
			causes: ['noTaskModel'],
			fix: { kind: 'setTaskModel', model: 'smollm2:135m', slot: 'local' },
			fixLabel: 'Set smollm2:135m as the Local Task Model',
		},
		{
			name: 'wrong slot: the external slot has it, the chats are local',
			config: v012({ TASK_MODEL: '', TASK_MODEL_EXTERNAL: 'smollm2:135m' }),
			reply: good,
			ok: false,
			causes: ['wrongSlot'],
			fix: { kind: 'setTaskModel', model: 'smollm2:135m', slot: 'local' },
			message: /The task model smollm2:135m is set as the External Task Model, but these chats use the Local Task Model\./,
		},
		{
			name: 'missing id: the model is listed under its prefixed id',
			config: v012({ TASK_MODEL: 'gemma3:270m' }),
			reply: good,
			ok: false,
			causes: ['missingId'],
			fix: { kind: 'setTaskModel', model: 'ollama.gemma3:270m', slot: 'local' },
		},
		{
			name: 'missing id with nothing like it: the recommended candidate',
			config: v012({ TASK_MODEL: 'phi4:14b' }),
			reply: good,
			ok: false,
			causes: ['missingId'],
			fix: { kind: 'setTaskModel', model: 'smollm2:135m', slot: 'local' },
		},
		{
			name: 'thinking model: empty content, reasoning only → first message; switch thinking off',
			config: v012({ TASK_MODEL: 'qwen3:4b' }),
			reply: { content: '', reasoning_content: 'The user asks about basil, so a title could be' },
			ok: false,
			causes: ['thinkingModel'],
			fix: { kind: 'setParams', edit: { thinkingOff: true } },
			fixLabel: 'Switch thinking off for task calls',
		},
		{
			name: 'thinking model on an older Open WebUI (no params): benchmark for a non-thinking one',
			config: v011({ TASK_MODEL: 'qwen3:4b' }),
			version: '0.11.0',
			reply: { content: '<think>basil basil</think>' },
			ok: false,
			causes: ['thinkingModel'],
			fix: { kind: 'benchmark' },
		},
		{
			name: 'thinking that still gives a title: a warning, titles work',
			config: v012({ TASK_MODEL: 'qwen3:4b' }),
			reply: { content: '{"title": "Basil"}', reasoning_content: 'hmm' },
			ok: true,
			causes: ['thinkingModel'],
			fix: { kind: 'setParams', edit: { thinkingOff: true } },
		},
		{
			name: 'unparsable: a plain line → first message; ask for JSON',
			config: v012({ TASK_MODEL: 'smollm2:135m' }),
			reply: { content: 'Basil Care Tips' },
			ok: false,
			causes: ['unparsable'],
			fix: { kind: 'setParams', edit: { jsonFormat: true } },
			message: /smollm2:135m answered "Basil Care Tips", which is not the JSON Open WebUI expects/,
		},
		{
			name: 'unparsable although JSON is already asked for: benchmark',
			config: v012({ TASK_MODEL: 'smollm2:135m', TASK_MODEL_PARAMS: { format: 'json', max_tokens: 1000 } }),
			reply: { content: '{"name": "Basil"}' },
			ok: false,
			causes: ['unparsable'],
			fix: { kind: 'benchmark' },
		},
		{
			name: 'cap: the JSON was cut off by a low max_tokens',
			config: v012({ TASK_MODEL: 'smollm2:135m', TASK_MODEL_PARAMS: { max_tokens: 8 } }),
			reply: { content: '{"title": "Basil ca', finish_reason: 'length' },
			ok: false,
			causes: ['cap'],
			fix: { kind: 'setParams', edit: { max_tokens: 1000 } },
			fixLabel: 'Raise the task cap to 1000 tokens',
			message: /cut off by the token cap \(8\)/,
		},
		{
			name: 'still the chat model and its answer does not parse: both causes, the slot fix first',
			config: v012({ TASK_MODEL: '' }),
			reply: { content: 'Basil' },
			ok: false,
			causes: ['noTaskModel', 'unparsable'],
			fix: { kind: 'setTaskModel', model: 'smollm2:135m', slot: 'local' },
		},
	];

	for (const c of cases) {
		it(c.name, async () => {
			const version = c.version ?? '0.12.4';
			h = await harness({ state: { version, era: c.version ? '0.11.0' : '0.12', models, taskConfig: c.config, titleReply: c.reply } });
			const usage = await checkUsage({ api: { models: (s) => h!.client.models(s), taskConfig: (s) => h!.client.taskConfig(s), titleCompletion: (b, o) => h!.client.titleCompletion(b, o) }, serverVersion: version, chatModelId: 'llama3.1:8b' });
			const d = diagnoseTitles({ usage, config: c.config, models, serverVersion: version, thinkingModels: ['qwen3:4b'], recommendedId: 'smollm2:135m' });
			assert.deepEqual(
				d.findings.map((f) => f.cause),
				c.causes,
				d.message,
			);
			assert.equal(d.ok, c.ok, d.message);
			assert.deepEqual(d.fix, c.fix);
			if (c.fixLabel) assert.equal(d.fixLabel, c.fixLabel);
			if (c.message) assert.match(d.message, c.message);
			assert.ok(d.message.startsWith(usage.message), 'the usage sentence comes first');
		});
	}

	it('a failed title task is reported as it is, with no fix', () => {
		const usage: UsageResult = { type: 'failed', message: 'The title task failed: 401', error: new Error('401') };
		assert.deepEqual(diagnoseTitles({ usage, config: v012({}), models }), { ok: false, findings: [], message: 'The title task failed: 401' });
	});

	it('no candidate to offer: the finding says to pull one, without a fix', () => {
		const usage: UsageResult = { type: 'chatModel', reason: 'currentModel', chatModel: 'llama3.1:8b', answeredBy: 'llama3.1:8b', slot: 'local', ms: 5, message: 'The chat model answered.', answer: good };
		const d = diagnoseTitles({ usage, config: v012({ TASK_MODEL: '' }), models });
		assert.equal(d.fix, undefined);
		assert.match(d.message, /Pull a light model first, then set it as the task model\./);
	});

	it('the task model is set and exists, yet the chat model answered: said, no setting to fix', () => {
		const usage: UsageResult = { type: 'chatModel', reason: 'unexplained', chatModel: 'llama3.1:8b', answeredBy: 'llama3.1:8b', slot: 'local', ms: 5, message: 'The chat model answered.', answer: good };
		const d = diagnoseTitles({ usage, config: v012({ TASK_MODEL: 'smollm2:135m' }), models, recommendedId: 'smollm2:135m' });
		assert.deepEqual(d.findings.map((f) => f.cause), ['unexplained']);
		assert.equal(d.fix, undefined);
		assert.equal(d.ok, false);
		assert.match(d.message, /check the model's access settings/);
	});

	it("the benchmark's Open WebUI figure takes the doctor's verdict and the title Open WebUI would store", () => {
		const base = { type: 'taskModel', chatModel: 'llama3.1:8b', answeredBy: 'smollm2:135m', slot: 'local', ms: 800, message: 'smollm2:135m answered.' } as const;
		const cfg = v012({ TASK_MODEL: 'smollm2:135m' });
		const good_ = { ...base, answer: good };
		const f1 = titleFigureFromUsage(good_, diagnoseTitles({ usage: good_, config: cfg, models }));
		assert.deepEqual([f1.ok, f1.title, f1.titleFallback, f1.answeredBy], [true, '🌿 Basil care', false, 'smollm2:135m']);
		const plain = { ...base, answer: { content: 'Basil' } };
		const f2 = titleFigureFromUsage(plain, diagnoseTitles({ usage: plain, config: cfg, models }));
		assert.deepEqual([f2.ok, f2.titleFallback], [false, true]);
		assert.equal(f2.title, 'What is a good way to keep basil alive on a windowsill?', 'the first message of the sample chat');
		assert.deepEqual(titleFigureFromUsage(plain), { ok: true, ms: 800, answeredBy: 'smollm2:135m', message: 'smollm2:135m answered.' }, 'without a diagnosis: as before');
	});
});
