// The benchmark on the real Ollama with the harness's generated models: the tiny GGUF
// (llama3.2:3b, ~0.4M real parameters) against the 34M-parameter one (llama3.1:8b, playing the chat
// model). Same answer from both, so the ranking comes from time alone: the tiny one must win. The
// figures are printed, not asserted; memory must end as it was (chat model resident, tiny not).
// With an Open WebUI running, a second test reads its task config and ends with a real title task.
import assert from 'node:assert/strict';
import { benchTasks, templateFields } from '../../src/benchmark/prompts';
import { BenchmarkRunner, titleFigureFromUsage, type BenchmarkApi, type BenchmarkProgress } from '../../src/benchmark/runner';
import { formatTable } from '../../src/benchmark/table';
import { OllamaClient } from '../../src/clients/ollama';
import { checkUsage } from '../../src/tasks/usageCheck';
import { needCredential, needOllama, peers, SEED_MODELS, waitFor } from './harness';
import { ANSWER, owuiClient } from './harness/testing';

const TINY = SEED_MODELS[0].name; // llama3.2:3b, the tiny GGUF
const LARGE = SEED_MODELS[2].name; // llama3.1:8b, the 34M-parameter GGUF
// CPU-only build on a shared machine: one request can take tens of seconds.
const REQUEST_TIMEOUT_MS = 240_000;
// Prompt evaluation of the 34M model takes ~0.25 s per token on that build, so the built-in prompts
// (~150-300 tokens each) would take minutes per task. Short server-side templates instead, as an
// admin could set them: this also runs the *_PROMPT_TEMPLATE path against the real server.
const SHORT_TEMPLATES = {
	TITLE_GENERATION_PROMPT_TEMPLATE: 'JSON title for: {{prompt:end:60}}',
	TAGS_GENERATION_PROMPT_TEMPLATE: 'JSON tags for: {{prompt:end:60}}',
	QUERY_GENERATION_PROMPT_TEMPLATE: 'JSON search queries for: {{prompt:end:60}}',
	AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE: 'Continue: {{PROMPT}}',
};

describe('e2e: benchmark on the real Ollama', function () {
	this.timeout(20 * 60_000);
	let client: OllamaClient | undefined;

	after(async function () {
		// leave nothing of ours resident for the next spec
		for (const m of [TINY, LARGE]) await client?.unload(m).catch(() => undefined);
	});

	it('ranks the tiny model and the 34M-parameter one by time (same answers), with Ollama figures, and restores memory', async function () {
		const url = needOllama(this, { managed: true });
		assert.equal(SEED_MODELS[0].file, 'tiny');
		assert.equal(SEED_MODELS[2].file, 'large');
		const c = (client = new OllamaClient({ baseUrl: url, timeoutMs: REQUEST_TIMEOUT_MS }));
		const api: BenchmarkApi = { chat: (r, s) => c.chat(r, s), ps: (s) => c.ps(s), unload: (m, s) => c.unload(m, s) };

		// The user's chat model is resident (10 min); the candidate is not.
		await c.unload(TINY);
		await c.chat({ model: LARGE, messages: [], keep_alive: '10m' });
		await waitFor('tiny model unloaded', 10_000, async () => ((await c.ps()).models.some((m) => m.name === TINY) ? undefined : true));
		const before = (await c.ps()).models.find((m) => m.name === LARGE);
		assert.ok(before?.expires_at, 'chat model resident before the run');

		const runner = new BenchmarkRunner({ api, serverUrl: url, keepAlive: '2m', taskConfig: SHORT_TEMPLATES });
		const seen: BenchmarkProgress['type'][] = [];
		runner.onProgress((e) => {
			seen.push(e.type);
			if (e.type === 'step' && e.phase !== 'unload') process.stdout.write(`      … ${e.message}\n`);
		});
		const started = Date.now();
		const r = await runner.run([{ name: TINY }, { name: LARGE, baseline: true }]);
		const seconds = ((Date.now() - started) / 1000).toFixed(1);

		process.stdout.write(`\n      benchmark on Ollama at ${url} (${seconds} s wall clock):\n`);
		process.stdout.write(`${formatTable(r).replace(/^/gm, '      ')}\n\n`);
		for (const row of r.rows) {
			for (const s of Object.values(row.tasks)) if (!s.ok) process.stdout.write(`      ${row.model} ${s.task}: ${s.issues.join('; ')} — ${JSON.stringify(s.output)}\n`);
		}

		assert.equal(r.status, 'completed');
		assert.deepEqual(r.promptSources, { title: 'server', tags: 'server', query: 'server', autocomplete: 'server' });
		// Both complete; which one is faster is the machine's business (two tiny models on a busy
		// 2-core machine can swap), so the test checks the rule, not the winner.
		assert.deepEqual(
			r.rows.map((x) => [x.model, x.complete, x.error]).sort(),
			[
				[LARGE, true, undefined],
				[TINY, true, undefined],
			].sort(),
		);
		// Both say the same thing, so the checks are equal and the order is the time's.
		assert.equal(r.rows[0]!.failedTasks, r.rows[1]!.failedTasks);
		assert.ok(r.rows[0]!.warmTotalMs! <= r.rows[1]!.warmTotalMs!, `rank 1 ${r.rows[0]!.warmTotalMs} ms, rank 2 ${r.rows[1]!.warmTotalMs} ms`);
		// The speed-up is the baseline's time over the candidate's, on the candidate's row only.
		const tiny = r.rows.find((x) => x.model === TINY)!;
		const large = r.rows.find((x) => x.model === LARGE)!;
		assert.deepEqual(large.speedups, []);
		const total = tiny.speedups.find((x) => x.task === 'total')!;
		assert.ok(Math.abs(total.factor - large.warmTotalMs! / tiny.warmTotalMs!) < 0.01 * total.factor, `factor ${total.factor}`);
		// (no `best`: neither answers tags as a JSON list, so neither passes every check)
		assert.equal(r.best, undefined);
		// Ollama's own metrics, not the wall clock; the cold run loaded the model.
		for (const run of r.runs) {
			assert.ok([run.cold!, ...run.warm].every((f) => f.source === 'ollama'), `${run.model} has Ollama metrics`);
			assert.ok(run.cold!.loadMs! > 0, `${run.model} cold load ${run.cold!.loadMs}`);
			assert.ok(run.warm.every((f) => (f.evalTokens ?? 0) > 0 && (f.tokensPerSecond ?? 0) > 0));
			assert.ok(run.warm.some((f) => f.output.includes(ANSWER)), `${run.model} answered ${run.warm[0]!.output}`);
		}
		assert.deepEqual([...new Set(seen)], ['step', 'model', 'restoring', 'finished']);

		// Memory as before: the candidate unloaded, the chat model resident with about the same expiry.
		assert.deepEqual(r.restore.failed, []);
		const after = (await c.ps()).models;
		assert.ok(!after.some((m) => m.name === TINY), `${TINY} still loaded: ${after.map((m) => m.name).join(', ')}`);
		const chat = after.find((m) => m.name === LARGE);
		assert.ok(chat, 'the chat model is resident again');
		const drift = Math.abs(Date.parse(chat.expires_at!) - Date.parse(before.expires_at!));
		assert.ok(drift < 15_000, `expiry moved by ${drift} ms (before ${before.expires_at}, after ${chat.expires_at})`);
	});

	it('with Open WebUI: its task config decides the prompts, and one real title task through it ends the run', async function () {
		const url = needOllama(this, { managed: true });
		const peer = peers().openWebui;
		const token = needCredential(this, peer, 'adminToken');
		const owui = owuiClient(peer!, token, REQUEST_TIMEOUT_MS);
		const c = (client = new OllamaClient({ baseUrl: url, timeoutMs: REQUEST_TIMEOUT_MS }));
		await c.unload(TINY);
		await waitFor('tiny model unloaded', 10_000, async () => ((await c.ps()).models.some((m) => m.name === TINY) ? undefined : true));
		const config = await owui.taskConfig();
		const runner = new BenchmarkRunner({
			api: { chat: (r, s) => c.chat(r, s), ps: (s) => c.ps(s), unload: (m, s) => c.unload(m, s) },
			taskConfig: config,
			serverUrl: url,
			// the tiny model is quick even on the built-in prompts; Open WebUI's own title task is the slow part
			openWebuiTitle: async (signal) => titleFigureFromUsage(await checkUsage({ api: owui, serverVersion: peer!.version, chatModelId: TINY, signal, timeoutMs: REQUEST_TIMEOUT_MS })),
		});
		const r = await runner.run([{ name: TINY }]);
		process.stdout.write(`\n      Open WebUI ${peer!.version}, prompts ${JSON.stringify(r.promptSources)}:\n${formatTable(r).replace(/^/gm, '      ')}\n`);
		process.stdout.write(`      real title task through Open WebUI: ${JSON.stringify(r.openWebuiTitle)}\n\n`);
		assert.equal(r.status, 'completed');
		const expected = Object.fromEntries(benchTasks.map((task) => [task, typeof config[templateFields[task]] === 'string' && (config[templateFields[task]] as string).trim() ? 'server' : 'builtin']));
		assert.deepEqual(r.promptSources, expected);
		assert.equal(r.rows[0]!.complete, true, r.rows[0]!.error);
		assert.ok(r.openWebuiTitle, 'the Open WebUI figure is in the result');
		assert.equal(r.openWebuiTitle.answeredBy, TINY, r.openWebuiTitle.message);
		assert.ok((r.openWebuiTitle.ms ?? 0) > 0);
		// Open WebUI's title task loaded the tiny model again; the restore still unloads it.
		await waitFor('tiny model unloaded after the run', 10_000, async () => ((await c.ps()).models.some((m) => m.name === TINY) ? undefined : true));
	});
});
