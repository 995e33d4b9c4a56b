// The two real small instruct models of the test world (smollm2:135m, gemma3:270m; PyPI wheels,
// docs/test-world.md) on the real Ollama and the newest real Open WebUI: what Ollama reports about
// them, what the extension's candidate rule makes of that, and real answers to Open WebUI's own task
// prompts, parsed the way Open WebUI parses them. Answers are printed; times never asserted.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Context } from 'mocha';
import type { ShowResponse, TagModel } from '../../src/clients/ollamaTypes';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { checkOutput } from '../../src/benchmark/checks';
import { outputMode } from '../../src/benchmark/output';
import { BenchmarkRunner } from '../../src/benchmark/runner';
import { sampleChats } from '../../src/benchmark/samples';
import { formatTable } from '../../src/benchmark/table';
import { OllamaClient } from '../../src/clients/ollama';
import { assessCandidates } from '../../src/models/candidates';
import { buildCatalog } from '../../src/models/catalog';
import { taskParamsChanges } from '../../src/tasks/taskParams';
import { diagnoseTitles } from '../../src/tasks/titleDoctor';
import { checkUsage } from '../../src/tasks/usageCheck';
import { compareVersions, needCredential, needRealModel, peers, REAL_MODELS, SEED_MODELS, skipBecause, waitFor, type OpenWebuiPeer } from './harness';
import { ollamaClient, owuiClient } from './harness/testing';

const SMOLLM2 = 'smollm2:135m';
const GEMMA3 = 'gemma3:270m';
const CHAT_MODEL = SEED_MODELS[2].name; // llama3.1:8b (the 34M-parameter deterministic GGUF)
// Real inference on 2 shared CPU cores: a task can take tens of seconds while other suites run.
const TIMEOUT_MS = 240_000;

/** What Ollama must report for each, read from the GGUF itself (tensor count, file type, architecture). */
const EXPECTED = {
	[SMOLLM2]: { parameterCount: 134_515_008, parameterSize: '134.52M', label: '135M', family: 'llama', quantization: 'Q4_1' },
	[GEMMA3]: { parameterCount: 268_098_176, parameterSize: '268.10M', label: '268M', family: 'gemma3', quantization: 'Q4_K_M' },
} as const;

const say = (s: string) => process.stdout.write(`      ${s}\n`);

describe('e2e: real small models (smollm2:135m, gemma3:270m) on the real Ollama', function () {
	this.timeout(10 * 60_000);

	after(async function () {
		const url = peers().ollamaUrl;
		if (!url || !peers().ollamaManaged) return;
		for (const m of peers().realModels) await ollamaClient(url).unload(m).catch(() => undefined);
	});

	for (const name of [SMOLLM2, GEMMA3] as const) {
		it(`${name}: /api/tags and /api/show report the real model (parameters, family, quantization, completion)`, async function () {
			const url = needRealModel(this, name);
			const c = ollamaClient(url);
			const tag = (await c.tags()).models.find((m) => m.name === name);
			assert.ok(tag, `${name} in /api/tags`);
			const want = EXPECTED[name];
			assert.equal(tag.details?.parameter_size, want.parameterSize);
			assert.equal(tag.details?.family, want.family);
			assert.equal(tag.details?.quantization_level, want.quantization);
			const show = await c.show(name);
			assert.equal(show.model_info?.['general.parameter_count'], want.parameterCount);
			assert.ok(show.capabilities?.includes('completion'), `capabilities ${JSON.stringify(show.capabilities)}`);
			assert.ok(!show.capabilities?.includes('thinking'), 'not a thinking model');
			const def = REAL_MODELS.find((m) => m.name === name)!;
			assert.equal(show.template, def.template);
			assert.equal(show.system, def.system);
		});
	}

	it('the candidate rule sees 135M and 270M: both candidates, the 8B one is the chat model', async function () {
		const url = needRealModel(this, SMOLLM2);
		needRealModel(this, GEMMA3);
		const c = ollamaClient(url);
		const tags = (await c.tags()).models;
		const shows = new Map<string, ShowResponse>();
		for (const t of tags) shows.set(t.name, await c.show(t.name));
		const rows = buildCatalog({ tags, show: (t: Pick<TagModel, 'name'>) => shows.get(t.name), now: Date.now() });
		const a = assessCandidates(rows, { maxParameters: 4.5 });
		for (const name of [SMOLLM2, GEMMA3] as const) {
			const row = rows.find((r) => r.name === name)!;
			assert.equal(row.parameters, Math.round(parseFloat(EXPECTED[name].parameterSize) * 1e6));
			assert.equal(row.parametersLabel, EXPECTED[name].label);
			const v = a.verdicts[name]!;
			say(`${name}: ${row.parametersLabel} ${row.quantization} ${row.family}, candidate=${v.candidate}: ${v.reasons.map((r) => r.text).join(' ')}`);
			assert.equal(v.candidate, true);
			assert.equal(v.thinking, false);
		}
		assert.equal(a.chatModel?.name, CHAT_MODEL);
		assert.equal(a.verdicts[CHAT_MODEL]!.candidate, false);
	});
});

describe('e2e: real small models as task models of the newest real Open WebUI (title check, title doctor, a real chat)', function () {
	this.timeout(15 * 60_000);
	let peer: OpenWebuiPeer;
	let token: string;
	let original: TaskConfig | undefined;

	const owui = () => owuiClient(peer, token, TIMEOUT_MS);
	/** Read-modify-write of the whole config, as the extension does; remembers the first config seen. */
	const update = async (changes: TaskConfig) => {
		const config = await owui().taskConfig();
		original ??= config;
		await owui().updateTaskConfig({ ...config, ...changes });
	};
	const diagnose = async () => {
		const usage = await checkUsage({ api: owui(), serverVersion: peer.version, chatModelId: CHAT_MODEL, timeoutMs: TIMEOUT_MS });
		const [config, models] = await Promise.all([owui().taskConfig(), owui().models()]);
		return { usage, diagnosis: diagnoseTitles({ usage, config, models: models.data, serverVersion: peer.version }) };
	};

	before(function (this: Context) {
		const p = peers().openWebui;
		if (!p) skipBecause(this, 'no Open WebUI');
		if (!p!.managed) skipBecause(this, 'writes the task config; only on a harness-managed server');
		peer = p!;
		token = needCredential(this, peer, 'adminToken');
	});

	after(async function () {
		if (!original) return;
		const keys = ['TASK_MODEL', 'ENABLE_TITLE_GENERATION', 'TASK_MODEL_PARAMS'].filter((k) => k in original!);
		await owui().updateTaskConfig({ ...(await owui().taskConfig()), ...Object.fromEntries(keys.map((k) => [k, original![k]])) });
	});

	for (const name of [SMOLLM2, GEMMA3] as const) {
		it(`${name} as task model: the title check through Open WebUI names it as the model that answered`, async function () {
			needRealModel(this, name);
			await owui().models(); // fills Open WebUI's model table
			await update({ TASK_MODEL: name, ENABLE_TITLE_GENERATION: true });
			const { usage, diagnosis } = await diagnose();
			say(`Open WebUI ${peer.version}: ${usage.message}`);
			say(`  answer: ${JSON.stringify(usage.type === 'taskModel' ? usage.answer?.content : undefined)}; title doctor: ${diagnosis.message}`);
			assert.equal(usage.type, 'taskModel', usage.message);
			assert.equal(usage.type === 'taskModel' && usage.answeredBy, name);
			assert.ok(diagnosis.outcome, 'the doctor judged a real answer');
		});
	}

	it('title doctor: smollm2:135m answers Open WebUI\'s title prompt with text it cannot parse; the one-click fix (JSON format) gives a real chat a generated title', async function () {
		needRealModel(this, SMOLLM2);
		// TASK_MODEL_PARAMS (the fix) and the server-side new-chat flow are 0.12's.
		if (compareVersions(peer.version, '0.12.0') < 0) skipBecause(this, `Open WebUI ${peer.version} has no TASK_MODEL_PARAMS`);
		await owui().models();
		await update({ TASK_MODEL: SMOLLM2, ENABLE_TITLE_GENERATION: true, TASK_MODEL_PARAMS: null });

		// 1. Without `format`, the 135M model copies the prompt's "JSON format:" line and more:
		//    Open WebUI would name the chat by its first message. The doctor says so and offers the fix.
		const before = await diagnose();
		say(`before: ${JSON.stringify(before.usage.type === 'taskModel' ? before.usage.answer?.content : before.usage.message)}`);
		say(`title doctor: ${before.diagnosis.message}`);
		assert.equal(before.diagnosis.ok, false);
		assert.equal(before.diagnosis.outcome?.kind, 'fallback');
		assert.equal(before.diagnosis.findings[0]?.cause, 'unparsable');
		assert.deepEqual(before.diagnosis.fix, { kind: 'setParams', edit: { jsonFormat: true } });

		// 2. The fix, as the extension applies it: the new TASK_MODEL_PARAMS through a read-modify-write.
		const change = taskParamsChanges(await owui().taskConfig(), { jsonFormat: true }, peer.version);
		assert.equal(change.type, 'changes');
		await update(change.type === 'changes' ? (change.changes as TaskConfig) : {});
		const after = await diagnose();
		say(`after the fix (${JSON.stringify(change.type === 'changes' ? change.params : undefined)}): ${JSON.stringify(after.usage.type === 'taskModel' ? after.usage.answer?.content : after.usage.message)}`);
		assert.equal(after.diagnosis.outcome?.kind, 'generated', after.diagnosis.message);

		// 3. A real chat in Open WebUI, sent the way its web UI sends the first message of a new chat.
		const question = 'How do I make sourdough bread at home?';
		const call = async (method: string, p: string, body?: unknown) => {
			const r = await fetch(`${peer.url}${p}`, {
				method,
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
				signal: AbortSignal.timeout(TIMEOUT_MS),
			});
			const text = await r.text();
			assert.ok(r.ok, `${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
			return JSON.parse(text) as unknown;
		};
		const known = new Set(((await call('GET', '/api/v1/chats/')) as Array<{ id: string }>).map((c) => c.id));
		await call('POST', '/api/chat/completions', {
			model: CHAT_MODEL,
			messages: [{ role: 'user', content: question }],
			parent_id: null,
			user_message: { id: crypto.randomUUID(), parentId: null, childrenIds: [], role: 'user', content: question, timestamp: Math.floor(Date.now() / 1000) },
			id: crypto.randomUUID(),
			background_tasks: { title_generation: true, tags_generation: false, follow_up_generation: false },
			stream: false,
		});
		const chat = await waitFor('the new chat gets a title', TIMEOUT_MS, async () => {
			const list = (await call('GET', '/api/v1/chats/')) as Array<{ id: string; title: string }>;
			const c = list.find((x) => !known.has(x.id));
			return c && c.title !== 'New Chat' ? c : undefined;
		});
		say(`Open WebUI ${peer.version}, task model ${SMOLLM2} with format json: the chat "${question}" got the title ${JSON.stringify(chat.title)}`);
		// Open WebUI's fallback would be the first message itself.
		assert.notEqual(chat.title, question);
		assert.ok(chat.title.trim().length > 0 && chat.title.length <= 100, chat.title);
		await call('DELETE', `/api/v1/chats/${chat.id}`);
	});
});

describe('e2e: the benchmark ranks the real small models by their real answers', function () {
	this.timeout(30 * 60_000);
	let client: OllamaClient | undefined;

	after(async function () {
		for (const m of [SMOLLM2, GEMMA3, CHAT_MODEL]) await client?.unload(m).catch(() => undefined);
	});

	it('smollm2:135m and gemma3:270m against the 8B stand-in on five sample chats: pass rates from their answers, ranked quality first', async function () {
		const url = needRealModel(this, SMOLLM2);
		needRealModel(this, GEMMA3);
		const c = (client = new OllamaClient({ baseUrl: url, timeoutMs: TIMEOUT_MS }));
		const version = peers().ollamaVersion;
		const output = outputMode(version);
		// Open WebUI's own prompts when it runs (empty templates = its defaults = the built-in ones here).
		const peer = peers().openWebui;
		const taskConfig = peer?.adminToken ? await owuiClient(peer, peer.adminToken).taskConfig() : undefined;
		const runner = new BenchmarkRunner({ api: { chat: (r, sg) => c.chat(r, sg), ps: (sg) => c.ps(sg), unload: (m, sg) => c.unload(m, sg) }, serverUrl: url, keepAlive: '2m', output, taskConfig });
		const started = Date.now();
		const r = await runner.run([{ name: SMOLLM2 }, { name: GEMMA3 }, { name: CHAT_MODEL, baseline: true }]);
		const seconds = ((Date.now() - started) / 1000).toFixed(0);
		say(`benchmark on Ollama ${version} at ${url}, output ${JSON.stringify(r.output)}, ${r.requestsPerModel} requests per model, ${seconds} s:`);
		process.stdout.write(`${formatTable(r).replace(/^/gm, '      ')}\n`);
		for (const run of r.runs) {
			for (const f of run.warm) if (!run.baseline) say(`${run.model} ${f.task}/${f.sample}: ${f.check.ok ? 'pass' : 'FAIL'} ${JSON.stringify(f.output).slice(0, 120)}`);
		}

		assert.equal(r.status, 'completed', r.error);
		assert.deepEqual(r.samples?.map((x) => x.id), sampleChats.map((x) => x.id));
		assert.ok(r.samples?.some((x) => x.language === 'zh-TW'));
		const rows = new Map(r.rows.map((x) => [x.model, x]));
		for (const name of [SMOLLM2, GEMMA3]) {
			const row = rows.get(name)!;
			const run = r.runs.find((x) => x.model === name)!;
			assert.equal(row.complete, true, row.error);
			for (const [task, sum] of Object.entries(row.tasks)) {
				// Each pass rate is what its answers parse to: re-check every real answer here.
				const answers = run.warm.filter((f) => f.task === task);
				assert.equal(answers.length, sampleChats.length, `${name} ${task}: one answer per sample chat`);
				const passed = answers.filter((f) => {
					const chat = sampleChats.find((x) => x.id === f.sample)!;
					return checkOutput(f.task, { content: f.output }, undefined, { messages: chat.messages, typed: chat.typing }).ok;
				}).length;
				assert.equal(sum!.passed, passed, `${name} ${task}`);
				assert.equal(sum!.total, answers.length);
			}
		}
		// Quality first: a model that passes ranks above one that does not; among the rest, the higher pass rate first.
		const candidates = r.rows.filter((x) => !x.baseline);
		for (let i = 1; i < candidates.length; i++) {
			const [a, b] = [candidates[i - 1]!, candidates[i]!];
			assert.ok(Number(a.passed) >= Number(b.passed), `${a.model} (passed ${a.passed}) above ${b.model} (passed ${b.passed})`);
			if (!a.passed && !b.passed) assert.ok(a.passRate >= b.passRate, `${a.model} ${a.passRate} ≥ ${b.model} ${b.passRate}`);
		}
		if (r.best) assert.ok(rows.get(r.best)!.passed, 'best is a passing model');
		assert.deepEqual(r.restore.failed, []);
	});
});
