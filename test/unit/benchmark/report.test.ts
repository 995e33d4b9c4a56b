import assert from 'node:assert/strict';
import { checkOutput } from '../../../src/benchmark/checks';
import type { BenchTask } from '../../../src/benchmark/prompts';
import { BenchmarkStore, buildResult, formatFactor, speedUp, type BenchmarkResult, type MementoLike } from '../../../src/benchmark/report';
import { BenchmarkRunner, type ModelRun, type RunFigures } from '../../../src/benchmark/runner';
import { defaultSelection } from '../../../src/benchmark/selection';
import { formatTable } from '../../../src/benchmark/table';
import { OllamaClient } from '../../../src/clients/ollama';
import { buildCatalog } from '../../../src/models/catalog';
import { assessCandidates } from '../../../src/models/candidates';
import { gib, startFakeOllama, tagModel, type ChatScript, type FakeOllama } from '../../fakes/fakeOllama';

const good = '{"title": "Basil care", "tags": ["Gardening"], "queries": ["basil care"], "text": "needs feeding"}';
const tasks: BenchTask[] = ['title', 'tags', 'query', 'autocomplete'];
const fig = (task: BenchTask, ms: number, content = good): RunFigures => ({ task, phase: 'warm', ms, wallMs: ms, source: 'ollama', check: checkOutput(task, { content }), output: content });
const run = (model: string, perTask: number[], opts: Partial<ModelRun> & { content?: string } = {}): ModelRun => ({
	model,
	baseline: false,
	thinking: false,
	wasLoaded: false,
	cold: fig('title', perTask[0]! + 1000),
	warm: tasks.map((t, i) => fig(t, perTask[i]!, opts.content)),
	complete: true,
	...opts,
});
const result = (runs: ModelRun[]) =>
	buildResult({
		startedAt: '2026-11-25T17:00:00.000Z',
		finishedAt: '2026-11-25T17:01:00.000Z',
		status: 'completed',
		prompts: tasks.map((task) => ({ task, sample: 'basil', language: 'en', check: {}, source: 'builtin', content: '', maxTokens: 10 })),
		runs,
		restore: { unloaded: [], reloaded: [], failed: [] },
	});

describe('benchmark/report: ranking, speed-ups, chart, store (unit)', () => {
	it('speed-up maths and wording', () => {
		const cases: [number, number, string, number][] = [
			[9400, 700, 'titles: 9.4 s → 0.7 s, 13× faster', 9400 / 700],
			[2000, 1250, 'titles: 2.0 s → 1.3 s, 1.6× faster', 1.6],
			[500, 1500, 'titles: 0.5 s → 1.5 s, 3.0× slower', 1 / 3],
			[1000, 980, 'titles: 1.0 s → 1.0 s, about the same', 1000 / 980],
			[12_500, 45, 'titles: 13 s → 45 ms, 278× faster', 12_500 / 45],
		];
		for (const [a, b, text, factor] of cases) {
			const s = speedUp('title', a, b);
			assert.equal(s.text, text);
			assert.ok(Math.abs(s.factor - factor) < 1e-9, `${s.factor} vs ${factor}`);
		}
		assert.equal(speedUp('tags', 300, 0).text, 'tags: 0.3 s → 0 ms, 3000× faster');
		assert.equal(formatFactor(9.96), '10.0');
		assert.equal(formatFactor(10.4), '10');
	});

	it('ranks passing models by warm total, failing ones below, broken ones last; speed-ups against the baseline', () => {
		const r = result([
			run('broken:1b', [1, 1, 1, 1], { complete: false, warm: [], cold: undefined, error: 'out of memory' }),
			run('fast-but-wrong:1b', [50, 50, 50, 50], { content: 'Sure! Here you go:\nA title\nand more' }),
			run('slow:3b', [500, 600, 700, 200]),
			run('chat:8b', [4000, 3000, 3000, 1000], { baseline: true }),
			run('fast:1b', [200, 300, 300, 100]),
		]);
		assert.deepEqual(
			r.rows.map((x) => [x.rank, x.model, x.warmTotalMs, x.failedTasks]),
			[
				[1, 'fast:1b', 900, 0],
				[2, 'slow:3b', 2000, 0],
				[3, 'chat:8b', 11000, 0],
				[4, 'fast-but-wrong:1b', 200, 4],
				[5, 'broken:1b', undefined, 4],
			],
		);
		assert.equal(r.baseline, 'chat:8b');
		assert.equal(r.best, 'fast:1b');
		assert.deepEqual(
			r.rows[0]!.speedups.map((s) => s.text),
			['titles: 4.0 s → 0.2 s, 20× faster', 'tags: 3.0 s → 0.3 s, 10× faster', 'search queries: 3.0 s → 0.3 s, 10× faster', 'autocomplete: 1.0 s → 0.1 s, 10× faster', 'all tasks: 11 s → 0.9 s, 12× faster'],
		);
		assert.deepEqual(r.rows[2]!.speedups, [], 'no speed-up of the baseline against itself');
		assert.deepEqual(r.rows[4]!.speedups, []);
		assert.equal(r.rows[0]!.coldMs, 1200);
		// the chart: ranking order, one value per task, null where there is none
		assert.deepEqual(r.chart.labels, ['titles', 'tags', 'search queries', 'autocomplete']);
		assert.deepEqual(r.chart.series[0], { model: 'fast:1b', baseline: false, ms: [200, 300, 300, 100] });
		assert.deepEqual(r.chart.series[4]!.ms, [null, null, null, null]);
		assert.equal(r.chart.maxMs, 4000);
		// plain JSON for the webview: only plain objects, arrays, strings, booleans and finite numbers
		const walk = (v: unknown, at: string): void => {
			if (typeof v === 'number') assert.ok(Number.isFinite(v), `${at} = ${v}`);
			else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
			else if (v && typeof v === 'object') {
				assert.equal(Object.getPrototypeOf(v), Object.prototype, at);
				for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
			} else assert.ok(v === null || v === undefined || ['string', 'boolean'].includes(typeof v), `${at}: ${typeof v}`);
		};
		walk(r, 'result');
	});

	it('the median of several warm runs counts, and one failing run fails the task', () => {
		const m = run('m:1b', [100, 100, 100, 100]);
		const warm = [...m.warm, fig('title', 300), fig('title', 200, 'not\na title\nat all')];
		const r = result([{ ...m, warm }]);
		assert.equal(r.rows[0]!.tasks.title!.ms, 200);
		assert.equal(r.rows[0]!.tasks.title!.ok, false);
		assert.equal(r.rows[0]!.tasks.title!.output, 'not\na title\nat all');
		assert.equal(r.rows[0]!.failedTasks, 1);
		assert.equal(r.best, undefined, 'no candidate passed');
	});

	describe('against the fake Ollama with scripted metrics', () => {
		let fake: FakeOllama | undefined;
		after(async () => fake?.stop());
		it('ranks the faster passing candidate first and reports the speed-up against the chat model', async () => {
			const s = (warmMs: number, content = good): ChatScript => ({ content, metrics: { total_duration: warmMs * 1e6, eval_count: 10, eval_duration: warmMs * 0.5e6 } });
			fake = await startFakeOllama({ state: { chat: { 'llama3.1:8b': s(9400), 'qwen3:4b': s(700, 'I think the title is:\n"Basil"'), 'llama3.2:3b': s(700) } } });
			const c = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
			const r = await new BenchmarkRunner({ api: { chat: (q, x) => c.chat(q, x), ps: (x) => c.ps(x), unload: (n, x) => c.unload(n, x) } }).run([
				{ name: 'qwen3:4b', thinking: true },
				{ name: 'llama3.2:3b' },
				{ name: 'llama3.1:8b', baseline: true },
			]);
			assert.deepEqual(
				r.rows.map((x) => x.model),
				['llama3.2:3b', 'llama3.1:8b', 'qwen3:4b'],
			);
			assert.equal(r.rows[0]!.speedups[0]!.text, 'titles: 9.4 s → 0.7 s, 13× faster');
			assert.equal(r.rows[0]!.tokensPerSecond, 28.6);
			const table = formatTable(r);
			assert.match(table.split('\n')[1]!, /^1 +llama3\.2:3b +0\.7 s +— +0\.7 s 5\/5 +0\.7 s 5\/5 +0\.7 s 5\/5 +0\.7 s 5\/5 +2\.8 s +29 +pass$/);
			assert.match(table, /llama3\.1:8b \(chat model\)/);
			assert.match(table, /qwen3:4b +.* 4 failed$/m);
		});
	});

	it('BenchmarkStore keeps the last result per server URL and ignores broken entries', async () => {
		const data = new Map<string, unknown>();
		const memento: MementoLike = { get: <T>(k: string) => data.get(k) as T | undefined, update: async (k, v) => void data.set(k, structuredClone(v)) };
		const store = new BenchmarkStore(memento, 2);
		const r1 = result([run('a:1b', [1, 2, 3, 4])]);
		const r2 = { ...result([run('b:1b', [1, 2, 3, 4])]), finishedAt: '2026-11-25T18:00:00.000Z' } as BenchmarkResult;
		await store.save('http://127.0.0.1:11434/', r1);
		assert.deepEqual(store.get('http://127.0.0.1:11434'), r1);
		await store.save('HTTP://127.0.0.1:11434', r2);
		assert.equal(store.get('http://127.0.0.1:11434')?.rows[0]?.model, 'b:1b', 'replaced, not added');
		await store.save('http://other:11434', r1);
		await store.save('http://third:11434', r1);
		assert.deepEqual(Object.keys(data.get(BenchmarkStore.key) as object).sort(), ['http://other:11434', 'http://third:11434'], 'capped at 2 servers, oldest dropped');
		data.set(BenchmarkStore.key, { 'http://x': { version: 0 } });
		assert.equal(store.get('http://x'), undefined);
		await store.clear('http://x');
		assert.deepEqual(data.get(BenchmarkStore.key), {});
	});

	it('default selection: the top 3 candidates, recommended first, plus the chat model as baseline', () => {
		const rows = buildCatalog({
			tags: [
				tagModel('llama3.1:8b', '8.0B', 4.9 * gib, { capabilities: ['completion'] }),
				tagModel('qwen3:4b', '4.0B', 2.5 * gib, { capabilities: ['completion', 'thinking'] }),
				tagModel('llama3.2:3b', '3.2B', 2 * gib, { capabilities: ['completion'] }),
				tagModel('gemma3:1b', '1B', 0.8 * gib, { capabilities: ['completion'] }),
				tagModel('qwen2.5:1.5b', '1.5B', 1 * gib, { capabilities: ['completion'] }),
				tagModel('nomic-embed-text:latest', '137M', 0.27 * gib, { capabilities: ['embedding'] }),
			],
			ps: [],
			now: Date.now(),
		});
		const a = assessCandidates(rows, { maxParameters: 4.5 });
		assert.equal(a.recommended, 'llama3.2:3b');
		assert.deepEqual(defaultSelection(a), [
			{ name: 'llama3.2:3b', thinking: false },
			{ name: 'qwen2.5:1.5b', thinking: false },
			{ name: 'gemma3:1b', thinking: false },
			{ name: 'llama3.1:8b', thinking: false, baseline: true },
		]);
		assert.deepEqual(
			defaultSelection(a, { count: 5 }).map((x) => x.name),
			['llama3.2:3b', 'qwen2.5:1.5b', 'gemma3:1b', 'qwen3:4b', 'llama3.1:8b'],
		);
	});
});
