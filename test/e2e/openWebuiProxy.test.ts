// Real Open WebUI releases with the real Ollama behind them: the /ollama proxy through the
// project's OllamaClient (tags, ps, show, pull, delete, unload) and task completions run by the
// tiny model (title, and which slot picks the task model).
import assert from 'node:assert/strict';
import type { Context } from 'mocha';
import { OllamaClient } from '../../src/clients/ollama';
import type { PullProgress } from '../../src/clients/ollamaTypes';
import { addExternalConnection, compareVersions, expectedNoTokenStatus, needCredential, needOllama, peers, REGISTRY_MODELS, skipBecause, waitFor } from './harness';
import { ANSWER, describeNoOpenWebui, expectPeerError, openWebuiSlots, owuiClient as owui, peerFor, proxyClient as proxy, unloadAll } from './harness/testing';

const slots = openWebuiSlots();
if (slots.length === 0) describeNoOpenWebui('e2e: real Open WebUI + Ollama');

for (const slot of slots) {
	const peerOf = (ctx: Context) => peerFor(slot, ctx);

	describe(`e2e: real Open WebUI + Ollama ${slot}`, function () {
		describe('Ollama through the /ollama proxy', function () {
			this.timeout(90_000);

			it('tags through the proxy carry urls; ps needs an admin from 0.6.11', async function () {
				const peer = peerOf(this);
				needOllama(this, { managed: true });
				const admin = proxy(peer, needCredential(this, peer, 'adminToken'));
				const { models } = await admin.tags();
				const llama = models.find((m) => m.name === 'llama3.2:3b');
				assert.ok(llama, models.map((m) => m.name).join(', '));
				assert.deepEqual(llama.urls, [0]);
				assert.equal(llama.details?.parameter_size, '3.2B');
				assert.ok(Array.isArray((await admin.ps()).models));
				const user = proxy(peer, needCredential(this, peer, 'userToken'));
				if (compareVersions(peer.version, '0.6.11') >= 0) {
					const e = await expectPeerError(user.ps(), 'auth');
					assert.equal(e.status, 401);
				} else {
					assert.ok(Array.isArray((await user.ps()).models));
				}
				const none = await expectPeerError(proxy(peer).tags(), 'auth');
				assert.equal(none.status, expectedNoTokenStatus(peer.version));
			});

			it('/ollama/api/version: public through 0.10.x, a verified user from 0.11.0', async function () {
				const peer = peerOf(this);
				const ollamaVersion = peers().ollamaVersion;
				if (compareVersions(peer.version, '0.11.0') >= 0) {
					const e = await expectPeerError(proxy(peer).version(), 'auth');
					assert.equal(e.status, 401);
				} else {
					assert.equal((await proxy(peer).version()).version, ollamaVersion);
				}
				const key = needCredential(this, peer, 'apiKey');
				assert.equal((await proxy(peer, key).version()).version, ollamaVersion);
			});

			it('show through the proxy: admin yes; a plain user only where access control allows', async function () {
				const peer = peerOf(this);
				needOllama(this, { managed: true });
				// 0.6.x's ModelNameForm requires {"name"}; newer releases take {"model"} (or name)
				const shown = await proxy(peer, needCredential(this, peer, 'adminToken')).show('llama3.2:3b');
				assert.equal(shown.details?.parameter_size, '3.2B');
				assert.ok(shown.capabilities?.includes('completion'));
				const user = proxy(peer, needCredential(this, peer, 'userToken'));
				if (compareVersions(peer.version, '0.12.0') >= 0) {
					// check_model_access: a base model without a model record is invisible to role "user"
					const e = await expectPeerError(user.show('llama3.2:3b'), 'auth');
					assert.equal(e.status, 403);
					assert.match(e.serverMessage ?? '', /not found/i);
				} else {
					assert.equal((await user.show('llama3.2:3b')).details?.parameter_size, '3.2B');
				}
			});

			it('pulls from the loopback registry through the proxy (admin), streaming progress; a user may not', async function () {
				const peer = peerOf(this);
				needOllama(this, { managed: true });
				const { registry, ollamaUrl } = peers();
				const model = REGISTRY_MODELS[2];
				registry!.throttle = { chunk: 64 * 1024, delayMs: 40 };
				const ref = registry!.modelRef(model.name);
				const layer = registry!.layer(model.name);

				const denied = await expectPeerError(
					(async () => {
						for await (const _ of proxy(peer, needCredential(this, peer, 'userToken')).pull(ref)) void _;
					})(),
					'auth',
				);
				assert.equal(denied.status, 401);

				const admin = proxy(peer, needCredential(this, peer, 'adminToken'));
				const lines: PullProgress[] = [];
				for await (const l of admin.pull(ref)) lines.push(l); // the proxy forces insecure: true
				assert.equal(lines[0].status, 'pulling manifest');
				assert.equal(lines.at(-1)!.status, 'success');
				assert.ok(lines.filter((l) => l.digest === layer.digest).length >= 3, 'progress lines came through the proxy');

				const direct = new OllamaClient({ baseUrl: ollamaUrl!, timeoutMs: 10_000 });
				const name = (await direct.tags()).models.find((m) => m.name.startsWith(ref))?.name;
				assert.ok(name, 'the pulled model is in Ollama');
				await admin.delete(name);
				assert.equal((await direct.tags()).models.some((m) => m.name === name), false, 'deleted through the proxy');
				// 400 "Model '…' was not found" when the proxy's model table is fresh; 0.12.x may still
				// list it (cached) and passes Ollama's own 404 through
				const gone = await expectPeerError(admin.delete(name), 'http');
				assert.ok(gone.status === 400 || gone.status === 404, `status ${gone.status}`);
				assert.match(gone.serverMessage ?? '', /not found/i);
			});

			it('unload through the proxy empties /api/ps (route exists from 0.6.11)', async function () {
				const peer = peerOf(this);
				const url = needOllama(this, { managed: true });
				if (compareVersions(peer.version, '0.6.11') < 0) skipBecause(this, `/ollama/api/unload does not exist in ${peer.version}`);
				const direct = new OllamaClient({ baseUrl: url, timeoutMs: 60_000 });
				await unloadAll(url);
				await direct.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] });
				assert.ok((await direct.ps()).models.some((m) => m.name === 'llama3.2:3b'));
				await proxy(peer, needCredential(this, peer, 'adminToken')).unload('llama3.2:3b');
				await waitFor('ps empty', 15_000, async () => ((await direct.ps()).models.length === 0 ? true : undefined));
			});

			it('before 0.6.11: /ollama/api/unload is 405, and generate with keep_alive 0 through the proxy unloads', async function () {
				const peer = peerOf(this);
				const url = needOllama(this, { managed: true });
				if (compareVersions(peer.version, '0.6.11') >= 0) skipBecause(this, `${peer.version} has /ollama/api/unload`);
				const direct = new OllamaClient({ baseUrl: url, timeoutMs: 60_000 });
				await unloadAll(url);
				await direct.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] });
				assert.ok((await direct.ps()).models.some((m) => m.name === 'llama3.2:3b'));
				const headers = { 'content-type': 'application/json', authorization: `Bearer ${needCredential(this, peer, 'adminToken')}` };
				const route = await fetch(`${peer.url}/ollama/api/unload`, { method: 'POST', headers, body: JSON.stringify({ model: 'llama3.2:3b' }) });
				await route.arrayBuffer();
				assert.equal(route.status, 405, 'no unload route: the SPA mount answers 405 to a POST');
				const r = await fetch(`${peer.url}/ollama/api/generate`, {
					method: 'POST',
					headers,
					body: JSON.stringify({ model: 'llama3.2:3b', prompt: '', keep_alive: 0, stream: false }),
				});
				const body = (await r.json()) as { done_reason?: string };
				assert.equal(r.status, 200);
				assert.equal(body.done_reason, 'unload');
				await waitFor('ps empty', 15_000, async () => ((await direct.ps()).models.length === 0 ? true : undefined));
			});
		});

		describe('task completions', function () {
			this.timeout(120_000);

			it('slot rule: a local chat model gets TASK_MODEL, an external one TASK_MODEL_EXTERNAL', async function () {
				this.timeout(300_000);
				const peer = peerOf(this);
				const ollamaUrl = needOllama(this, { managed: true });
				if (!peer.managed) skipBecause(this, 'adds a connection and writes the task config; only on a harness-managed server');
				const admin = needCredential(this, peer, 'adminToken');
				const c = owui(peer, admin);
				const restore = await addExternalConnection(peer.url, admin, ollamaUrl, 'ext');
				const original = await c.taskConfig();
				try {
					const { data } = await c.models();
					const ext = data.find((m) => m.id === 'ext.qwen3:4b');
					assert.ok(ext, `external models: ${data.map((m) => m.id).join(', ')}`);
					assert.equal(ext.owned_by, 'openai');
					if (compareVersions(peer.version, '0.6.11') >= 0) assert.equal(ext.connection_type, 'external');
					await c.updateTaskConfig({ ...original, TASK_MODEL: 'qwen3:4b', TASK_MODEL_EXTERNAL: 'ext.llama3.2:3b' });
					const title = async (chatModel: string) => {
						const r = await fetch(`${peer.url}/api/v1/tasks/title/completions`, {
							method: 'POST',
							headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
							body: JSON.stringify({ model: chatModel, messages: [{ role: 'user', content: 'hi' }], stream: false }),
						});
						const text = await r.text();
						assert.equal(r.status, 200, text.slice(0, 300));
						const body = JSON.parse(text) as { model?: string; choices?: Array<{ message?: { content?: string } }> };
						assert.equal(body.choices?.[0]?.message?.content?.trim(), ANSWER);
						return body.model ?? '';
					};
					assert.equal(await title('llama3.2:3b'), 'qwen3:4b', 'local chat model → TASK_MODEL');
					assert.match(await title('ext.qwen3:4b'), /llama3\.2:3b$/, 'external chat model → TASK_MODEL_EXTERNAL');
				} finally {
					await c.updateTaskConfig(original);
					await restore();
				}
				assert.ok(!(await c.models()).data.some((m) => m.id.startsWith('ext.')), 'external connection removed again');
			});

			it('generates a title with the tiny model (after /api/models fills the model table)', async function () {
				const peer = peerOf(this);
				needOllama(this, { managed: true });
				const key = needCredential(this, peer, 'apiKey');
				const ids = (await owui(peer, key).models()).data.map((m) => m.id);
				assert.ok(ids.includes('llama3.2:3b'));
				const cfg = await owui(peer, key).taskConfig();
				assert.equal(cfg.ENABLE_TITLE_GENERATION, true, 'title generation is on by default');
				const r = await fetch(`${peer.url}/api/v1/tasks/title/completions`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
					body: JSON.stringify({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'What is the capital of France?' }], stream: false }),
				});
				const text = await r.text();
				assert.equal(r.status, 200, text.slice(0, 300));
				const body = JSON.parse(text) as { choices?: Array<{ message?: { content?: string } }>; model?: string };
				const content = body.choices?.[0]?.message?.content ?? '';
				assert.equal(content.trim(), ANSWER, `title completion: ${text.slice(0, 300)}`);
			});
		});
	});
}
