// Real Ollama through the project's own OllamaClient: shapes of tags/show/ps, chat with the tiny
// deterministic model, unload, pull with progress from the loopback registry (cancel + resume),
// pull of an unknown model, delete, and the error kinds.
import assert from 'node:assert/strict';
import type { PullProgress } from '../../src/clients/ollamaTypes';
import { needOllama, peers, REGISTRY_MODELS, SEED_MODELS, sleep, waitFor } from './harness';
import { ANSWER, expectPeerError, ollamaClient as client, unloadAll } from './harness/testing';

async function drain(it: AsyncIterable<PullProgress>, onLine?: (l: PullProgress) => void): Promise<PullProgress[]> {
	const lines: PullProgress[] = [];
	for await (const l of it) {
		lines.push(l);
		onLine?.(l);
	}
	return lines;
}

describe('e2e: real Ollama (direct)', function () {
	describe('reading', function () {
		it('reports its version', async function () {
			const url = needOllama(this);
			const v = await client(url).version();
			assert.match(v.version, /^\d+\.\d+\.\d+/);
			if (peers().ollamaManaged) assert.equal(v.version, peers().ollamaVersion);
		});

		it('lists the seeded models in /api/tags with realistic details', async function () {
			const url = needOllama(this, { managed: true });
			const { models } = await client(url).tags();
			const byName = new Map(models.map((m) => [m.name, m]));
			for (const seed of SEED_MODELS) {
				const m = byName.get(seed.name);
				assert.ok(m, `${seed.name} missing from tags: ${[...byName.keys()].join(', ')}`);
				assert.equal(m.details?.parameter_size, seed.info.parameter_size);
				assert.equal(m.details?.quantization_level, seed.info.quantization_level);
				assert.equal(m.details?.family, seed.info.model_family);
				assert.equal(m.details?.format, 'gguf');
				assert.match(m.digest ?? '', /^[0-9a-f]{64}$/);
				assert.ok(m.size > 1_000_000, `${seed.name} size ${m.size}`);
				assert.ok(!Number.isNaN(Date.parse(m.modified_at ?? '')), 'modified_at is a date');
			}
			// the "8B" model is really larger on disk than the "3B" one
			assert.ok(byName.get('llama3.1:8b')!.size > 50 * byName.get('llama3.2:3b')!.size);
		});

		it('shows capabilities: completion, thinking, embedding-only', async function () {
			const url = needOllama(this, { managed: true });
			const c = client(url);
			const llama = await c.show('llama3.2:3b');
			assert.deepEqual(llama.capabilities, ['completion']);
			assert.equal(llama.details?.parameter_size, '3.2B');
			assert.equal(llama.model_info?.['general.architecture'], 'llama');
			assert.equal(llama.model_info?.['general.parameter_count'], 396416, 'the real tensor count stays in model_info');
			assert.equal(llama.model_info?.['llama.context_length'], 2048);
			assert.match(llama.template ?? '', /\.Prompt/);

			const qwen = await c.show('qwen3:4b');
			assert.ok(qwen.capabilities?.includes('thinking'), `qwen3:4b capabilities ${JSON.stringify(qwen.capabilities)}`);
			assert.ok(qwen.capabilities?.includes('completion'));

			const embed = await c.show('nomic-embed-text:latest');
			assert.ok(embed.capabilities?.includes('embedding'), JSON.stringify(embed.capabilities));
			assert.ok(!embed.capabilities?.includes('completion'), 'embedding-only model must not claim completion');

			const big = await c.show('llama3.1:8b');
			assert.equal(big.details?.parameter_size, '8.0B');
			assert.equal(big.model_info?.['general.parameter_count'], 34104320);
		});

		it('tags and ps have the documented shapes (any server)', async function () {
			const url = needOllama(this);
			const c = client(url);
			const { models } = await c.tags();
			for (const m of models) {
				assert.equal(typeof m.name, 'string');
				assert.ok(Number.isInteger(m.size) && m.size >= 0, `${m.name} size`);
				if (m.details?.parameter_size !== undefined) assert.equal(typeof m.details.parameter_size, 'string');
			}
			const ps = await c.ps();
			for (const m of ps.models) {
				assert.equal(typeof m.name, 'string');
				assert.ok(Number.isInteger(m.size));
				assert.ok(m.size_vram === undefined || Number.isInteger(m.size_vram));
			}
		});

		it('answers show of an unknown model with an http error carrying the server message', async function () {
			const url = needOllama(this);
			const e = await expectPeerError(client(url).show('no-such-model:latest'), 'http');
			assert.equal(e.status, 404);
			assert.match(e.serverMessage ?? '', /not found/i);
		});
	});

	describe('running and unloading', function () {
		it('chats with the tiny model: a deterministic answer', async function () {
			const url = needOllama(this, { managed: true });
			const res = await client(url, 60_000).chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'Say something.' }] });
			assert.equal(res.done, true);
			assert.equal(res.done_reason, 'stop');
			assert.equal(res.message?.role, 'assistant');
			assert.equal(res.message?.content.trim(), ANSWER);
			assert.ok((res.eval_count ?? 0) >= 6, `eval_count ${res.eval_count}`);
		});

		it('the "8B" model gives the same answer, measurably slower per token (benchmark ordering)', async function () {
			this.timeout(120_000);
			const url = needOllama(this, { managed: true });
			const c = client(url, 90_000);
			const run = async (model: string) => {
				// one thread: on a busy 2-core box, ggml's thread barriers put a ~50 ms floor under every
				// token when a worker thread is descheduled, which hides the size difference
				const res = await c.chat({ model, messages: [{ role: 'user', content: 'hi' }], keep_alive: 0, options: { num_thread: 1 } });
				assert.equal(res.message?.content.trim(), ANSWER, model);
				return (res.eval_duration ?? 0) / Math.max(1, res.eval_count ?? 1);
			};
			const small = await run('llama3.2:3b');
			const big = await run('llama3.1:8b');
			process.stderr.write(`  [e2e] per-token eval: llama3.1:8b ${(big / 1e6).toFixed(2)} ms, llama3.2:3b ${(small / 1e6).toFixed(2)} ms\n`);
			assert.ok(big > small * 1.5, `per-token eval: 8b ${(big / 1e6).toFixed(2)} ms vs 3b ${(small / 1e6).toFixed(2)} ms`);
		});

		it('two names for one blob share a runner, and /api/ps shows the name that loaded it first', async function () {
			const url = needOllama(this, { managed: true });
			const c = client(url, 60_000);
			await unloadAll(url);
			await c.chat({ model: 'qwen3:4b', messages: [{ role: 'user', content: 'hi' }] });
			const res = await c.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] });
			assert.equal(res.message?.content.trim(), ANSWER);
			// a UI that maps ps rows to models by name must expect this (aliases made by `ollama cp` too)
			assert.deepEqual((await c.ps()).models.map((m) => m.name), ['qwen3:4b']);
			await unloadAll(url);
		});

		it('lists the loaded model in /api/ps, then unload empties it', async function () {
			const url = needOllama(this, { managed: true });
			const c = client(url, 60_000);
			await unloadAll(url);
			await c.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], keep_alive: '10m' });
			const { models } = await c.ps();
			const loaded = models.find((m) => m.name === 'llama3.2:3b');
			assert.ok(loaded, `ps: ${JSON.stringify(models.map((m) => m.name))}`);
			assert.ok(loaded.size > 0, 'size > 0');
			assert.equal(loaded.size_vram, 0, 'CPU only: nothing in VRAM');
			assert.equal(loaded.details?.parameter_size, '3.2B');
			assert.ok(Date.parse(loaded.expires_at ?? '') > Date.now() + 5 * 60_000, `expires_at ${loaded.expires_at} ~10 min ahead`);

			for (const m of models) await c.unload(m.name);
			const after = await waitFor('ps empty', 15_000, async () => ((await c.ps()).models.length === 0 ? true : undefined));
			assert.equal(after, true);
		});
	});

	describe('pull from the loopback registry', function () {
		this.timeout(90_000);
		const [GEMMA, QWEN, LLAMA1B] = REGISTRY_MODELS;

		it('streams real progress for the model layer and ends on success', async function () {
			needOllama(this, { managed: true });
			const { ollamaUrl, registry } = peers();
			registry!.throttle = { chunk: 64 * 1024, delayMs: 40 };
			const ref = registry!.modelRef(GEMMA.name);
			const layer = registry!.layer(GEMMA.name);
			const lines = await drain(client(ollamaUrl!).pull(ref, { insecure: true }));

			assert.equal(lines[0].status, 'pulling manifest');
			assert.equal(lines.at(-1)!.status, 'success');
			const progress = lines.filter((l) => l.digest === layer.digest);
			assert.ok(progress.length >= 5, `only ${progress.length} progress lines for the model layer`);
			assert.ok(progress.every((l) => l.total === layer.size), 'total is the layer size');
			const completed = progress.map((l) => l.completed ?? 0);
			for (let i = 1; i < completed.length; i++) assert.ok(completed[i] >= completed[i - 1], 'completed never goes back');
			assert.ok(completed.some((c) => c > 0 && c < layer.size), 'saw a partial state');
			assert.equal(completed.at(-1), layer.size);
			assert.ok(lines.some((l) => l.status === 'verifying sha256 digest'));
			assert.ok(lines.some((l) => l.status === 'writing manifest'));

			const { models } = await client(ollamaUrl!).tags();
			const pulled = models.find((m) => m.name === `${ref}:latest` || m.name === ref);
			assert.ok(pulled, `pulled model not listed: ${models.map((m) => m.name).join(', ')}`);
			assert.equal(pulled.details?.parameter_size, GEMMA.parameterSize, 'parameter_size comes from the registry config blob');
		});

		it('cancels a pull mid-way (aborted) and resumes it from where it stopped', async function () {
			needOllama(this, { managed: true });
			const { ollamaUrl, registry } = peers();
			const reg = registry!;
			reg.throttle = { chunk: 16 * 1024, delayMs: 50 }; // ~5 s for 1.6 MB
			const ref = reg.modelRef(QWEN.name);
			const layer = reg.layer(QWEN.name);
			const hex = layer.digest.slice('sha256:'.length);
			const ac = new AbortController();
			let seen = 0;
			const e = await expectPeerError(
				drain(client(ollamaUrl!).pull(ref, { insecure: true, signal: ac.signal }), (l) => {
					if (l.digest === layer.digest && (l.completed ?? 0) > 200_000) {
						seen = l.completed!;
						ac.abort();
					}
				}),
				'aborted',
			);
			assert.match(e.message, /cancel/i);
			assert.ok(seen > 0 && seen < layer.size, `aborted at ${seen}`);
			await sleep(500); // Ollama stops its download when its last waiter leaves
			const notYet = (await client(ollamaUrl!).tags()).models.some((m) => m.name.startsWith(ref));
			assert.equal(notYet, false, 'a cancelled pull must not list the model');

			reg.throttle = { chunk: 64 * 1024, delayMs: 20 };
			const before = reg.requests.length;
			const lines = await drain(client(ollamaUrl!).pull(ref, { insecure: true }));
			assert.equal(lines.at(-1)!.status, 'success');
			const ranged = reg.requests.slice(before).filter((r) => r.path === `/data/${hex}`);
			assert.ok(ranged.length >= 1, 'the second pull fetched data again');
			assert.ok((ranged[0].rangeStart ?? 0) > 0, `resume asked for bytes from ${ranged[0].rangeStart}, expected > 0`);
			const first = lines.find((l) => l.digest === layer.digest);
			assert.ok((first?.completed ?? 0) > 0, 'the first progress line of the resumed pull already counts the earlier bytes');
		});

		it('pull of a model the registry does not have: 200, then an {error} line → http PeerError', async function () {
			needOllama(this, { managed: true });
			const { ollamaUrl, registry } = peers();
			const ref = registry!.modelRef('no-such-model:latest');
			// the raw wire first: the status is 200 and the failure is inside the stream
			const raw = await fetch(`${ollamaUrl}/api/pull`, { method: 'POST', body: JSON.stringify({ model: ref, insecure: true }) });
			assert.equal(raw.status, 200);
			const text = await raw.text();
			const last = JSON.parse(text.trim().split('\n').at(-1)!) as PullProgress;
			assert.ok(last.error, `last line: ${text.slice(-200)}`);

			const e = await expectPeerError(drain(client(ollamaUrl!).pull(ref, { insecure: true })), 'http');
			assert.equal(e.serverMessage, last.error);
		});

		it('pull from a registry that is not listening fails with the server message, not a hang', async function () {
			needOllama(this, { managed: true });
			const { ollamaUrl, registry } = peers();
			// an unused loopback port: "connection refused" from inside Ollama
			const ref = registry!.modelRef(LLAMA1B.name).replace(`:${registry!.port}/`, ':9/');
			const e = await expectPeerError(drain(client(ollamaUrl!).pull(ref, { insecure: true })), 'http');
			assert.match(e.serverMessage ?? '', /connect|refused|dial/i);
		});

		it('deletes a pulled model; a second delete is a 404', async function () {
			needOllama(this, { managed: true });
			const { ollamaUrl, registry } = peers();
			const c = client(ollamaUrl!);
			for (const m of [GEMMA, QWEN]) {
				const ref = registry!.modelRef(m.name);
				const name = (await c.tags()).models.find((t) => t.name.startsWith(ref))?.name;
				assert.ok(name, `${ref} should be installed by the earlier tests`);
				await c.delete(name);
				assert.equal((await c.tags()).models.some((t) => t.name === name), false, `${name} still listed after delete`);
				const e = await expectPeerError(c.delete(name), 'http');
				assert.equal(e.status, 404);
			}
		});
	});

	describe('error kinds', function () {
		it('a closed port is "unreachable"', async function () {
			const e = await expectPeerError(client('http://127.0.0.1:9').version(), 'unreachable');
			assert.match(e.message, /not reachable/);
		});

		it('an HTML page where the API should be is a "parse" error', async function () {
			const owui = peers().openWebui;
			if (!owui) this.skip();
			// Open WebUI answers any unknown GET with its SPA shell (200 text/html)
			const e = await expectPeerError(client(`${owui.url}/not-ollama`).version(), 'parse');
			assert.match(e.detail.contentType ?? '', /html/);
			assert.match(e.message, /web page/);
		});
	});
});
