// The task model parameters form, the title doctor's one-click fix and the benchmark's pass rates
// in the built panel (Chromium): what shows, what is disabled, which intents go to the host.
import * as assert from 'node:assert/strict';
import { checkOutput } from '../../src/benchmark/checks';
import { outputMode } from '../../src/benchmark/output';
import type { BenchTask } from '../../src/benchmark/prompts';
import { buildResult } from '../../src/benchmark/report';
import type { ModelRun, RunFigures } from '../../src/benchmark/figures';
import { sampleChats } from '../../src/benchmark/samples';
import { parseWebviewMessage } from '../../src/sidebar/validateMessage';
import type { ViewState } from '../../src/shared/protocol';
import { assertNoProblems } from './checks';
import { loadFixtures, type Fixture, type FixtureName } from './fixtures';
import { WebviewHarness } from './harness';

const tasks: BenchTask[] = ['title', 'tags', 'query', 'autocomplete'];
const good: Record<BenchTask, string> = { title: '{"title": "Basil care"}', tags: '{"tags": ["Gardening"]}', query: '{"queries": ["basil"]}', autocomplete: '{"text": "needs feeding"}' };
/** One warm answer per task and sample; `bad` tasks fail on the first `badCount` samples. */
function run(model: string, ms: number, bad: Partial<Record<BenchTask, number>> = {}): ModelRun {
	const warm: RunFigures[] = sampleChats.flatMap((s, i) =>
		tasks.map((task) => {
			const content = i < (bad[task] ?? 0) ? 'junk\nlines' : good[task];
			return { task, sample: s.id, phase: 'warm' as const, ms, wallMs: ms, source: 'ollama' as const, check: checkOutput(task, { content }), output: content };
		}),
	);
	return { model, baseline: false, thinking: false, wasLoaded: false, warm, complete: true };
}

describe('webview task parameters, title fix and benchmark pass rates (Chromium)', function () {
	let h: WebviewHarness;
	let fx: Record<FixtureName, Fixture>;
	before(async function () {
		fx = await loadFixtures();
		h = await WebviewHarness.launch();
	});
	after(async function () {
		await h?.close();
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'passed') await assertNoProblems(h);
	});

	const withTasks = (over: Partial<ViewState['tasks']>, benchmark?: ViewState['benchmark']): ViewState => {
		const s = fx.owuiAdmin.state;
		assert.equal(s.tasks.status, 'ready');
		return { ...s, tasks: { ...s.tasks, ...over }, ...(benchmark ? { benchmark } : {}) };
	};

	it('the parameters form shows the values and sends them; an empty field is null (not set)', async function () {
		await h.open(withTasks({ params: { available: true, summary: 'max_tokens 64 · thinking off', values: { max_tokens: 64, temperature: null, num_ctx: null, thinkingOff: true } } }));
		assert.equal(await h.page.inputValue('[data-param="max_tokens"]'), '64');
		assert.equal(await h.page.isChecked('[data-param="thinkingOff"]'), true);
		assert.equal(await h.page.textContent('[data-testid="params-summary"]'), 'max_tokens 64 · thinking off');
		await h.clearSent();
		await h.page.fill('[data-param="temperature"]', '0.2');
		await h.page.fill('[data-param="max_tokens"]', '');
		await h.page.focus('[data-param="num_ctx"]');
		await h.page.keyboard.press('Enter'); // submits the form from the keyboard
		const sent = await h.sent();
		assert.deepEqual(sent, [{ type: 'tasks', intent: { kind: 'setParams', values: { max_tokens: null, temperature: 0.2, num_ctx: null, thinkingOff: true } } }]);
		assert.deepEqual(parseWebviewMessage(sent[0]), sent[0], 'the host accepts what the panel sends');
	});

	it('older Open WebUI: the form is disabled and says which version is needed', async function () {
		const message = 'Task model parameters need Open WebUI 0.11.1 or later (this server is 0.6.5).';
		await h.open(withTasks({ params: { available: false, message } }));
		assert.equal(await h.page.isDisabled('[data-param="max_tokens"]'), true);
		assert.equal(await h.page.isDisabled('.params-form button[type="submit"]'), true);
		assert.match((await h.page.textContent('[data-params="unavailable"]')) ?? '', /0\.11\.1 or later/);
	});

	it('the title doctor: the finding and its fix in one click', async function () {
		await h.open(withTasks({ usage: { ok: false, message: 'qwen3:4b is a thinking model: it spent the answer on reasoning and left no title.', fix: { label: 'Switch thinking off for task calls' } } }));
		assert.match((await h.page.textContent('[data-testid="usage"]')) ?? '', /thinking model/);
		await h.clearSent();
		await h.page.click('[data-testid="usage-fix"]');
		assert.deepEqual(await h.sent(), [{ type: 'tasks', intent: { kind: 'applyFix' } }]);
	});

	it('the benchmark table: pass rate per task beside the times, quality before speed, what Ollama was asked for', async function () {
		const result = buildResult({
			startedAt: '2026-11-25T17:00:00.000Z',
			finishedAt: '2026-11-25T17:01:12.000Z',
			status: 'completed',
			prompts: sampleChats.flatMap((s) => tasks.map((task) => ({ task, sample: s.id, language: s.language, check: {}, source: 'builtin' as const, content: '', maxTokens: 10 }))),
			runs: [run('smollm2:135m', 300, { tags: 3 }), run('gemma3:270m', 600)],
			restore: { unloaded: [], reloaded: [], failed: [] },
			output: outputMode('0.34.4'),
		});
		await h.open(withTasks({}, { result, canRun: true }));
		const order = await h.page.$$eval('[data-bench-model]', (rows) => rows.map((r) => r.getAttribute('data-bench-model')));
		assert.deepEqual(order, ['gemma3:270m', 'smollm2:135m'], 'the faster model fails tags 3 of 5 times: it ranks second');
		const rates = await h.page.$$eval('[data-task-pass]', (els) => els.map((e) => e.getAttribute('data-task-pass')));
		assert.deepEqual(rates, ['5/5', '5/5', '5/5', '2/5', '5/5', '5/5', '5/5', '5/5']);
		assert.match((await h.page.textContent('[data-testid="bench-run"]')) ?? '', /^5 sample chats \(en, zh-TW, es, en, de\), 21 requests per model, took 72\.0 s$/);
		assert.equal(await h.page.textContent('[data-testid="bench-output"]'), 'Answers asked as JSON (Ollama format with a JSON Schema) · thinking off (think: false)');
	});
});
