import assert from 'node:assert/strict';
import { BenchmarkRunner, keepAliveFor, titleFigureFromUsage, type BenchmarkApi, type BenchmarkModel, type BenchmarkProgress } from '../../../src/benchmark/runner';
import { OllamaClient } from '../../../src/clients/ollama';
import { outputMode } from '../../../src/benchmark/output';
import { sampleChats } from '../../../src/benchmark/samples';
import { gib, startFakeOllama, tagModel, type ChatScript, type FakeOllama } from '../../fakes/fakeOllama';

const ms = 1e6; // ns per ms
/** One sample chat: the request counts below are per task. */
const one = sampleChats.slice(0, 1);
const good = '{"title": "Basil care", "tags": ["Gardening", "Basil"], "queries": ["basil overwatering"], "text": "needs feeding"}';

/** A passing model: `warm` ms per task (Ollama metrics), `load` ms more when cold. */
function script(warm: number, load: number, extra: Partial<ChatScript> = {}): ChatScript {
	return {
		content: good,
		delayMs: 5,
		metrics: { total_duration: warm * ms, load_duration: 0.2 * ms, prompt_eval_count: 120, prompt_eval_duration: warm * 0.2 * ms, eval_count: 20, eval_duration: warm * 0.8 * ms },
		coldMetrics: { total_duration: (warm + load) * ms, load_duration: load * ms },
		...extra,
	};
}

const apiOf = (fake: FakeOllama): BenchmarkApi => {
	const c = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
	return { chat: (r, s) => c.chat(r, s), ps: (s) => c.ps(s), unload: (m, s) => c.unload(m, s) };
};

describe('benchmark/runner against the fake Ollama (unit)', () => {
	let fake: FakeOllama | undefined;
	afterEach(async () => {
		await fake?.stop();
		fake = undefined;
	});
	const start = async (chat: Record<string, ChatScript>, loaded: { name: string; keepAlive?: number }[] = []) => {
		fake = await startFakeOllama({ state: { chat, chatLog: [] } });
		const c = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
		for (const l of loaded) await c.chat({ model: l.name, messages: [], keep_alive: l.keepAlive });
		fake.requests.length = 0;
		return fake;
	};
	const loadedNames = () => fake!.state.loaded.map((x) => x.name).sort();

	it('cold then warm: load time from the first task after an unload, ns → ms, tokens/s, time to first token', async () => {
		const f = await start({ 'llama3.2:3b': script(400, 1500) });
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(f) }).run([{ name: 'llama3.2:3b' }]);
		assert.equal(r.status, 'completed');
		const run = r.runs[0]!;
		assert.equal(run.cold?.task, 'title');
		assert.equal(run.cold?.loadMs, 1500);
		assert.equal(run.cold?.ms, 1900);
		assert.equal(run.cold?.source, 'ollama');
		assert.deepEqual(
			run.warm.map((w) => [w.task, w.phase, w.ms, w.loadMs]),
			[
				['tags', 'warm', 400, 0.2],
				['query', 'warm', 400, 0.2],
				['autocomplete', 'warm', 400, 0.2],
				['title', 'warm', 400, 0.2],
			],
		);
		// the warm title does not follow the cold one (it would come from Ollama's prompt cache)
		assert.deepEqual(
			f.state.chatLog!.map((e) => (e.body.messages![0] as { content: string }).content.slice(0, 12)),
			['Write a shor', 'Give 1 to 3 ', 'Today is 202', 'Continue the', 'Write a shor'],
		);
		// 20 tokens in 320 ms = 62.5 tok/s; first token after load + prompt eval = 0.2 + 80 ms
		assert.equal(run.warm[0]!.tokensPerSecond, 62.5);
		assert.equal(run.warm[0]!.ttftMs, 80.2);
		const row = r.rows[0]!;
		assert.equal(row.coldMs, 1900);
		assert.equal(row.loadMs, 1500);
		assert.equal(row.warmTotalMs, 1600);
		assert.equal(row.passed, true);
		// the unload came before the first (cold) chat, and the model ends unloaded
		const paths = f.requests.map((q) => `${q.path}${(q.body as { keep_alive?: number })?.keep_alive === 0 ? ' ka0' : ''}`);
		assert.equal(paths.indexOf('/api/generate ka0') < paths.indexOf('/api/chat'), true, paths.join(', '));
		assert.deepEqual(f.state.chatLog![0]!.loaded, []);
		assert.deepEqual(loadedNames(), []);
	});

	it('wall clock when Ollama sends no metrics', async () => {
		const f = await start({ 'llama3.2:3b': { content: good, delayMs: 60 } });
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(f), tasks: ['title'] }).run([{ name: 'llama3.2:3b' }]);
		const w = r.runs[0]!.warm[0]!;
		assert.equal(w.source, 'wallClock');
		assert.ok(w.ms >= 55 && w.ms < 1000, `${w.ms}`);
		assert.equal(w.tokensPerSecond, undefined);
	});

	it('one model at a time: no overlapping chats, nothing of ours resident beside the model under test', async () => {
		const f = await start(
			{ 'llama3.2:3b': script(30, 50, { delayMs: 15 }), 'qwen3:4b': script(20, 40, { delayMs: 15 }), 'llama3.1:8b': script(90, 300, { delayMs: 15 }) },
			[{ name: 'llama3.1:8b' }],
		);
		const models: BenchmarkModel[] = [{ name: 'llama3.2:3b' }, { name: 'qwen3:4b', thinking: true }, { name: 'llama3.1:8b', baseline: true }];
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(f), warmRuns: 2 }).run(models);
		assert.equal(r.status, 'completed');
		const log = [...f.state.chatLog!].sort((a, b) => a.start - b.start);
		assert.equal(log.length, 3 * (1 + 4 * 2));
		for (let i = 1; i < log.length; i++) assert.ok(log[i]!.start >= log[i - 1]!.end!, `chat ${i} (${log[i]!.model}) started before chat ${i - 1} ended`);
		for (const e of log) {
			const ours = e.loaded.filter((n) => n !== 'llama3.1:8b' && n !== e.model);
			assert.deepEqual(ours, [], `${e.model} ran beside ${ours.join(', ')}`);
		}
		// the order is the caller's; each model's requests are contiguous
		assert.deepEqual(
			[...new Set(log.map((e) => e.model))],
			['llama3.2:3b', 'qwen3:4b', 'llama3.1:8b'],
		);
		// think: false only for the thinking model
		assert.ok(log.filter((e) => e.model === 'qwen3:4b').every((e) => e.body.think === false));
		assert.ok(log.filter((e) => e.model !== 'qwen3:4b').every((e) => e.body.think === undefined));
		assert.deepEqual(loadedNames(), ['llama3.1:8b']);
	});

	it('cancel mid-run: the candidate ends unloaded, the resident chat model is reloaded with its keep_alive', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50, { delayMs: 20 }), 'llama3.1:8b': script(200, 900, { delayMs: 150 }) }, [{ name: 'llama3.1:8b', keepAlive: -1 }]);
		assert.match(f.state.loaded[0]!.expires_at!, /^2318-/);
		const ac = new AbortController();
		const runner = new BenchmarkRunner({ samples: one, api: apiOf(f), keepAlive: '2m' });
		const events: BenchmarkProgress[] = [];
		runner.onProgress((e) => {
			events.push(e);
			// the chat model has been unloaded for its cold run and is mid-answer
			if (e.type === 'step' && e.model === 'llama3.1:8b' && e.phase === 'warm' && e.task === 'tags') setTimeout(() => ac.abort(), 30);
		});
		const started = Date.now();
		const r = await runner.run([{ name: 'llama3.2:3b' }, { name: 'llama3.1:8b', baseline: true }], ac.signal);
		assert.equal(r.status, 'cancelled');
		assert.ok(Date.now() - started < 3000);
		assert.deepEqual(loadedNames(), ['llama3.1:8b']);
		// pinned again (keep_alive -1), not left at the benchmark's 2 minutes
		assert.match(f.state.loaded[0]!.expires_at!, /^2318-/);
		assert.deepEqual(r.restore.reloaded, ['llama3.1:8b']);
		assert.deepEqual(r.restore.failed, []);
		// the finished model is kept in the partial result, the cancelled one is not
		assert.deepEqual(
			r.runs.map((x) => [x.model, x.complete]),
			[['llama3.2:3b', true]],
		);
		assert.deepEqual(
			events.filter((e) => e.type !== 'step').map((e) => e.type),
			['model', 'restoring', 'finished'],
		);
	});

	it('cancel during a cold load of a model that was not resident: it ends unloaded, the chat model stays', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50, { delayMs: 10, coldDelayMs: 300 }), 'llama3.1:8b': script(200, 900) }, [{ name: 'llama3.1:8b', keepAlive: 600 }]);
		const ac = new AbortController();
		const runner = new BenchmarkRunner({ samples: one, api: apiOf(f) });
		runner.onProgress((e) => {
			if (e.type === 'step' && e.phase === 'cold') setTimeout(() => ac.abort(), 50);
		});
		const r = await runner.run([{ name: 'llama3.2:3b' }, { name: 'llama3.1:8b', baseline: true }], ac.signal);
		assert.equal(r.status, 'cancelled');
		assert.deepEqual(r.runs, []);
		// the fake loads the model at the start of the (abandoned) request; the restore unloads it
		assert.deepEqual(loadedNames(), ['llama3.1:8b']);
		assert.deepEqual(r.restore.unloaded, ['llama3.2:3b']);
		// the chat model was never touched: its expiry is the one set before the run (≈ 10 min)
		const left = Date.parse(f.state.loaded[0]!.expires_at!) - Date.now();
		assert.ok(left > 590_000 && left <= 600_000, `${left}`);
		assert.equal(f.state.chatLog!.filter((e) => e.model === 'llama3.1:8b').length, 0);
	});

	it('a resident model that was benchmarked gets its remaining keep_alive back', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50) }, [{ name: 'llama3.2:3b', keepAlive: 900 }]);
		await new BenchmarkRunner({ samples: one, api: apiOf(f), keepAlive: '2m', tasks: ['title'] }).run([{ name: 'llama3.2:3b' }]);
		assert.deepEqual(loadedNames(), ['llama3.2:3b']);
		const left = Date.parse(f.state.loaded[0]!.expires_at!) - Date.now();
		assert.ok(left > 880_000 && left <= 901_000, `${left}`);
		// the benchmark's own requests carried its keep_alive
		assert.ok(f.state.chatLog!.every((e) => e.body.keep_alive === '2m'));
	});

	it('"name" and "name:latest" are the same model for the restore', async () => {
		fake = await startFakeOllama({ state: { chat: { 'gemma3:latest': script(30, 50) }, chatLog: [] } });
		fake.state.models.push(tagModel('gemma3:latest', '4.3B', 3 * gib, { capabilities: ['completion'] }));
		const c = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
		await c.chat({ model: 'gemma3:latest', messages: [], keep_alive: -1 });
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(fake), tasks: ['title'] }).run([{ name: 'gemma3' }]);
		assert.equal(r.runs[0]!.wasLoaded, true);
		assert.equal(r.runs[0]!.complete, true, r.runs[0]!.error);
		assert.deepEqual(r.restore.reloaded, ['gemma3:latest']);
		assert.deepEqual(loadedNames(), ['gemma3:latest']);
		assert.match(fake.state.loaded[0]!.expires_at!, /^2318-/);
	});

	it('a broken model is reported and the others still run', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50) });
		const runner = new BenchmarkRunner({ samples: one, api: apiOf(f) });
		const done: number[] = [];
		runner.onProgress((e) => e.type === 'step' && e.phase !== 'unload' && done.push(e.done));
		const r = await runner.run([{ name: 'nope:1b' }, { name: 'llama3.2:3b' }]);
		// the unknown model fails at its unload: its 5 requests are skipped in the count, not lost
		assert.deepEqual(done, [6, 7, 8, 9, 10]);
		assert.equal(r.status, 'completed');
		assert.deepEqual(
			r.rows.map((x) => [x.model, x.complete, x.rank]),
			[
				['llama3.2:3b', true, 1],
				['nope:1b', false, 2],
			],
		);
		assert.match(r.rows[1]!.error ?? '', /not found/);
	});

	it('server templates are what the model gets; progress counts every request', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50) });
		const runner = new BenchmarkRunner({ samples: one, api: apiOf(f), taskConfig: { TITLE_GENERATION_PROMPT_TEMPLATE: 'CUSTOM {{MESSAGES:END:1}}' } });
		const steps: [number, number][] = [];
		runner.onProgress((e) => e.type === 'step' && e.phase !== 'unload' && steps.push([e.done, e.total]));
		const r = await runner.run([{ name: 'llama3.2:3b' }]);
		assert.deepEqual(r.promptSources, { title: 'server', tags: 'builtin', query: 'builtin', autocomplete: 'builtin' });
		const first = f.state.chatLog![0]!.body.messages![0] as { role: string; content: string };
		assert.equal(first.role, 'user');
		assert.match(first.content, /^CUSTOM ASSISTANT: Yes\. Pinch/);
		assert.deepEqual(steps, [1, 2, 3, 4, 5].map((n) => [n, 5]));
	});

	it('hidden reasoning is flagged even with think: false; a second run while busy is refused', async () => {
		const f = await start({ 'qwen3:4b': script(30, 50, { thinking: 'Okay, the user wants a title', delayMs: 30 }) });
		const runner = new BenchmarkRunner({ samples: one, api: apiOf(f), tasks: ['title'] });
		const p = runner.run([{ name: 'qwen3:4b', thinking: true }]);
		assert.equal(runner.busy, true);
		await assert.rejects(runner.run([{ name: 'qwen3:4b' }]), /already running/);
		const r = await p;
		const s = r.rows[0]!.tasks.title!;
		assert.equal(s.ok, true);
		assert.equal(s.thinkingFlagged, true);
		assert.deepEqual(s.issues, ['spent tokens on hidden reasoning']);
		assert.equal(runner.busy, false);
	});

	it('the real Open WebUI title task runs last, before the restore, and its figure is kept', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50) });
		const order: string[] = [];
		const runner = new BenchmarkRunner({
			samples: one,
			api: apiOf(f),
			tasks: ['title'],
			openWebuiTitle: async () => {
				order.push(`title task (chats so far: ${f.state.chatLog!.length}, loaded: ${loadedNames().join(',') || 'none'})`);
				return titleFigureFromUsage({ type: 'taskModel', chatModel: 'llama3.1:8b', answeredBy: 'llama3.2:3b', slot: 'local', ms: 812, message: 'llama3.2:3b answered' });
			},
		});
		const steps: string[] = [];
		runner.onProgress((e) => {
			if (e.type === 'step') steps.push(`${e.phase} ${e.done}/${e.total}`);
			if (e.type === 'restoring') order.push('restoring');
		});
		const r = await runner.run([{ name: 'llama3.2:3b' }]);
		assert.deepEqual(order, ['title task (chats so far: 2, loaded: none)', 'restoring']);
		assert.deepEqual(steps, ['unload 0/3', 'cold 1/3', 'warm 2/3', 'openWebui 3/3']);
		assert.deepEqual(r.openWebuiTitle, { ok: true, ms: 812, answeredBy: 'llama3.2:3b', message: 'llama3.2:3b answered' });
	});

	it('a failing Open WebUI title task is a figure, not a failed run; a failing Ollama is a failed run with its error', async () => {
		const f = await start({ 'llama3.2:3b': script(30, 50) });
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(f), tasks: ['title'], openWebuiTitle: () => Promise.reject(new Error('401 Unauthorized')) }).run([{ name: 'llama3.2:3b' }]);
		assert.equal(r.status, 'completed');
		assert.deepEqual(r.openWebuiTitle, { ok: false, message: '401 Unauthorized' });
		f.fault('/api/ps', { kind: 'status', status: 500, body: { error: 'boom' } }, { times: 1 });
		const r2 = await new BenchmarkRunner({ samples: one, api: apiOf(f), tasks: ['title'] }).run([{ name: 'llama3.2:3b' }]);
		assert.equal(r2.status, 'failed');
		assert.match(r2.error ?? '', /boom/);
		assert.deepEqual(r2.runs, []);
	});

	it('keepAliveFor: seconds left, -1 for pinned models, nothing when unknown or past', () => {
		const now = Date.parse('2026-11-25T17:00:00Z');
		assert.equal(keepAliveFor('2026-11-25T17:04:59.5Z', now), 300);
		assert.equal(keepAliveFor('2318-01-01T00:00:00Z', now), -1);
		assert.equal(keepAliveFor('2026-11-25T16:00:00Z', now), undefined);
		assert.equal(keepAliveFor(undefined, now), undefined);
		assert.equal(keepAliveFor(now / 1000 + 120, now), 120);
	});

	it('every task runs on the five sample chats (one in zh-TW): 1 cold + 4 × 5 warm requests, pass rates per task', async () => {
		// Titles fail on the Spanish and the German chat: 3 of 5 pass, below the 80 % bar.
		const f = await start({ 'llama3.2:3b': script(100, 200, { answers: [{ when: ['Write a short title', 'paella'], content: 'Paella' }, { when: ['Write a short title', 'Fahrrad'], content: 'Kette' }] }) });
		const progress: BenchmarkProgress[] = [];
		const runner = new BenchmarkRunner({ api: apiOf(f) });
		runner.onProgress((e) => progress.push(e));
		const r = await runner.run([{ name: 'llama3.2:3b' }]);
		assert.equal(f.state.chatLog!.length, 21);
		assert.equal(r.requestsPerModel, 21);
		assert.deepEqual(
			r.samples!.map((x) => x.language),
			['en', 'zh-TW', 'es', 'en', 'de'],
		);
		const prompts = f.state.chatLog!.map((e) => (e.body.messages![0] as { content: string }).content);
		assert.ok(prompts.some((p) => p.includes('桃園機場')), 'the zh-TW chat is sent');
		const row = r.rows[0]!;
		assert.deepEqual([row.tasks.title!.passed, row.tasks.title!.total, row.tasks.title!.ok], [3, 5, false]);
		assert.deepEqual([row.tasks.tags!.passed, row.tasks.tags!.total, row.tasks.tags!.ok], [5, 5, true]);
		assert.equal(row.failedTasks, 1);
		assert.equal(row.passRate, 18 / 20);
		assert.equal(progress.filter((e) => e.type === 'step' && e.phase !== 'unload').length, 21);
	});

	it('a fast model that returns junk does not rank first; among failing rows the better pass rate ranks higher', async () => {
		const f = await start({
			'junk:135m': script(10, 20, { content: 'Sure!\nHere is what you asked for.' }),
			'half:270m': script(40, 50, { answers: [{ when: 'Write a short title', content: '{"title": "Short title"}' }], content: 'no JSON here' }),
			'good:1b': script(300, 500),
		});
		f.state.models.push(tagModel('junk:135m', '135M', 0.1 * gib), tagModel('half:270m', '270M', 0.25 * gib), tagModel('good:1b', '1B', 0.8 * gib));
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(f) }).run([{ name: 'junk:135m' }, { name: 'half:270m' }, { name: 'good:1b' }]);
		assert.deepEqual(
			r.rows.map((x) => [x.model, x.passed, x.passRate]),
			[
				['good:1b', true, 1],
				// a title, and plain lines Open WebUI takes as a query and a suggestion; no tags
				['half:270m', false, 0.75],
				['junk:135m', false, 0],
			],
		);
		assert.equal(r.best, 'good:1b');
	});

	it('newer Ollama: think:false to every model and a JSON Schema per task; the result says so', async () => {
		const f = await start({ 'llama3.2:3b': script(10, 20) });
		const output = outputMode('0.34.4');
		const r = await new BenchmarkRunner({ samples: one, api: apiOf(f), output }).run([{ name: 'llama3.2:3b' }]);
		assert.deepEqual(r.output, { format: 'schema', think: 'off', ollamaVersion: '0.34.4' });
		const bodies = f.state.chatLog!.map((e) => e.body);
		assert.ok(bodies.every((b) => b.think === false));
		assert.deepEqual(bodies[0]!.format, { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] });
		assert.deepEqual((bodies[1]!.format as { required: string[] }).required, ['tags']);
		// older servers: JSON mode and the think switch only for thinking models; unknown: free text
		assert.deepEqual(outputMode('0.4.7'), { format: 'json', think: 'thinkingModels', ollamaVersion: '0.4.7' });
		assert.deepEqual(outputMode('0.6.0'), { format: 'schema', think: 'thinkingModels', ollamaVersion: '0.6.0' });
		assert.deepEqual(outputMode(undefined), { format: 'none', think: 'thinkingModels', ollamaVersion: undefined });
		assert.deepEqual(outputMode('0.34.4', 'none').format, 'none');
	});

	it('the chat model (baseline) runs on the first sample chat only: it sets the speed bar, the candidates the quality', async () => {
		const f = await start({ 'llama3.2:3b': script(10, 20), 'llama3.1:8b': script(100, 200) });
		const progress: BenchmarkProgress[] = [];
		const runner = new BenchmarkRunner({ api: apiOf(f) });
		runner.onProgress((e) => progress.push(e));
		const r = await runner.run([{ name: 'llama3.2:3b' }, { name: 'llama3.1:8b', baseline: true }]);
		const per = (m: string) => f.state.chatLog!.filter((e) => e.model === m).length;
		assert.deepEqual([per('llama3.2:3b'), per('llama3.1:8b')], [21, 5]);
		assert.deepEqual([r.requestsPerModel, r.requestsPerBaseline], [21, 5]);
		assert.equal(progress.find((e) => e.type === 'step')!.type === 'step' && (progress.find((e) => e.type === 'step') as { total: number }).total, 26);
		assert.deepEqual(r.rows.find((x) => x.baseline)!.tasks.title!.total, 1);
		assert.equal(r.rows[0]!.speedups.find((s) => s.task === 'total')!.factor, 10);
		const r2 = await new BenchmarkRunner({ api: apiOf(f), baselineSamples: 2 }).run([{ name: 'llama3.1:8b', baseline: true }]);
		assert.equal(r2.requestsPerBaseline, 9);
	});
});
