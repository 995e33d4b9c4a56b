// The two real small instruct models of the test world (smollm2:135m, gemma3:270m; PyPI wheels,
// docs/test-world.md) on the real Ollama and the newest real Open WebUI: what Ollama reports about
// them, what the extension's candidate rule makes of that, and real answers to Open WebUI's own task
// prompts, parsed the way Open WebUI parses them. Answers are printed; times never asserted.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import type { Context } from 'mocha';
import type { ShowResponse, TagModel } from '../../src/clients/ollamaTypes';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { assessCandidates } from '../../src/models/candidates';
import { buildCatalog } from '../../src/models/catalog';
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
	[SMOLLM2]: { parameterCount: 134_515_008, parameterSize: '134.52M', family: 'llama', quantization: 'Q4_1' },
	[GEMMA3]: { parameterCount: 268_098_176, parameterSize: '268.10M', family: 'gemma3', quantization: 'Q4_K_M' },
} as const;

/** Open WebUI's own parse of a task answer (utils/middleware.py): the text from the first "{" to the last "}", as JSON. */
export function parseLikeOpenWebui(content: string): Record<string, unknown> | undefined {
	const s = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1);
	try {
		const v: unknown = JSON.parse(s);
		return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

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
			assert.equal(row.parametersLabel, EXPECTED[name].parameterSize);
			const v = a.verdicts[name]!;
			say(`${name}: ${row.parametersLabel} ${row.quantization} ${row.family}, candidate=${v.candidate}: ${v.reasons.map((r) => r.text).join(' ')}`);
			assert.equal(v.candidate, true);
			assert.equal(v.thinking, false);
		}
		assert.equal(a.chatModel?.name, CHAT_MODEL);
		assert.equal(a.verdicts[CHAT_MODEL]!.candidate, false);
	});
});

describe('e2e: real small models answer the newest real Open WebUI', function () {
	this.timeout(15 * 60_000);
	let peer: OpenWebuiPeer;
	let token: string;
	let original: TaskConfig | undefined;

	const owui = () => owuiClient(peer, token, TIMEOUT_MS);
	const setTaskModel = async (id: string) => {
		const config = await owui().taskConfig();
		original ??= config;
		await owui().updateTaskConfig({ ...config, TASK_MODEL: id, ENABLE_TITLE_GENERATION: true });
	};

	before(function (this: Context) {
		const p = peers().openWebui;
		if (!p) skipBecause(this, 'no Open WebUI');
		if (!p!.managed) skipBecause(this, 'writes the task config; only on a harness-managed server');
		peer = p!;
		token = needCredential(this, peer, 'adminToken');
	});

	after(async function () {
		if (original) await owui().updateTaskConfig({ ...(await owui().taskConfig()), TASK_MODEL: original.TASK_MODEL, ENABLE_TITLE_GENERATION: original.ENABLE_TITLE_GENERATION });
	});

	for (const name of [SMOLLM2, GEMMA3] as const) {
		it(`${name} as task model: the title check names it, and its real answer to Open WebUI's title prompt`, async function () {
			needRealModel(this, name);
			await owui().models(); // fills Open WebUI's model table
			await setTaskModel(name);
			const r = await checkUsage({ api: owui(), serverVersion: peer.version, chatModelId: CHAT_MODEL, timeoutMs: TIMEOUT_MS });
			say(`Open WebUI ${peer.version}: ${r.message}`);
			assert.equal(r.type, 'taskModel', r.message);
			assert.equal(r.type === 'taskModel' && r.answeredBy, name);

			const res = await owui().titleCompletion(
				{ model: CHAT_MODEL, messages: [{ role: 'user', content: 'How do I make sourdough bread at home?' }], stream: false },
				{ timeoutMs: TIMEOUT_MS },
			);
			const content = res.choices?.[0]?.message?.content ?? '';
			say(`${name} answered Open WebUI's title prompt: ${JSON.stringify(content)}`);
			assert.equal(res.model, name);
			assert.ok(content.trim(), 'a non-empty answer');
		});
	}

	it('with smollm2:135m as task model, a real chat on Open WebUI gets a title generated by it (not the first message)', async function () {
		needRealModel(this, SMOLLM2);
		// The server-side new-chat flow (parent_id null + user_message + background_tasks) is 0.12's.
		if (compareVersions(peer.version, '0.12.0') < 0) skipBecause(this, `Open WebUI ${peer.version} creates chats in the browser`);
		await owui().models();
		await setTaskModel(SMOLLM2);
		const question = 'How do I make sourdough bread at home?';
		const userId = crypto.randomUUID();
		const assistantId = crypto.randomUUID();
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
		const before = new Set(((await call('GET', '/api/v1/chats/')) as Array<{ id: string }>).map((c) => c.id));
		// What the web UI sends for the first message of a new chat (chat model: the 8B stand-in).
		await call('POST', '/api/chat/completions', {
			model: CHAT_MODEL,
			messages: [{ role: 'user', content: question }],
			parent_id: null,
			user_message: { id: userId, parentId: null, childrenIds: [], role: 'user', content: question, timestamp: Math.floor(Date.now() / 1000) },
			id: assistantId,
			background_tasks: { title_generation: true, tags_generation: false, follow_up_generation: false },
			stream: false,
		});
		const chat = await waitFor('the new chat gets a title', TIMEOUT_MS, async () => {
			const list = (await call('GET', '/api/v1/chats/')) as Array<{ id: string; title: string }>;
			const c = list.find((x) => !before.has(x.id));
			return c && c.title !== 'New Chat' ? c : undefined;
		});
		say(`Open WebUI ${peer.version}, task model ${SMOLLM2}: the chat "${question}" got the title ${JSON.stringify(chat.title)}`);
		// Open WebUI falls back to the first message when the answer is empty or does not parse.
		assert.notEqual(chat.title, question);
		assert.ok(chat.title.trim().length > 0 && chat.title.length <= 80, chat.title);
		await call('DELETE', `/api/v1/chats/${chat.id}`);
	});
});
