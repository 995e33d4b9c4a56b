// Real Open WebUI releases (newest and an older era) through the project's own OpenWebuiClient and
// OllamaClient (proxy route): auth states per version, the HTML shell, models, task config
// read-modify-write, the /ollama proxy, and a title completion run by the tiny model.
import assert from 'node:assert/strict';
import type { Context } from 'mocha';
import { isPeerError, type PeerError } from '../../src/clients/http';
import { OllamaClient } from '../../src/clients/ollama';
import type { PullProgress } from '../../src/clients/ollamaTypes';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { addExternalConnection, compareVersions, expectedNoTokenStatus, needCredential, needOllama, peers, REGISTRY_MODELS, skipBecause, waitFor, type OpenWebuiPeer } from './harness';
import { openWebuiVersions } from './harness/util';

const ANSWER = 'Hello from the tiny test model.';

// From 0.12 (first seen in 0.12.4) /api/v1/auths/ needs a JWT session; an API key gets 403.
const HUMAN_SESSION_SINCE = '0.12.0';
const needsHumanSession = (v: string) => compareVersions(v, HUMAN_SESSION_SINCE) >= 0;
const HUMAN_SESSION_SINCE_NOTE = (v: string) => (needsHumanSession(v) ? '403 "A human session is required."' : 'role admin');

async function expectPeerError(p: Promise<unknown>, kind: PeerError['kind']): Promise<PeerError> {
	try {
		await p;
	} catch (e) {
		assert.ok(isPeerError(e), `expected a PeerError, got ${String(e)}`);
		assert.equal(e.kind, kind, `kind: ${e.message}`);
		return e;
	}
	assert.fail(`expected a PeerError of kind ${kind}, but the call succeeded`);
}

const owui = (peer: OpenWebuiPeer, token?: string) => new OpenWebuiClient({ baseUrl: peer.url, timeoutMs: 30_000, token: () => token });
const proxy = (peer: OpenWebuiPeer, token?: string) =>
	new OllamaClient({ baseUrl: peer.url, timeoutMs: 30_000, token: () => token }, { kind: 'openWebuiProxy' });

// Fields every /api/v1 release has (0.5.12+), and the ones that arrived later (api-facts.md §3.4).
const CORE_FIELDS = [
	'TASK_MODEL',
	'TASK_MODEL_EXTERNAL',
	'ENABLE_TITLE_GENERATION',
	'TITLE_GENERATION_PROMPT_TEMPLATE',
	'IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE',
	'ENABLE_AUTOCOMPLETE_GENERATION',
	'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH',
	'TAGS_GENERATION_PROMPT_TEMPLATE',
	'ENABLE_TAGS_GENERATION',
	'ENABLE_SEARCH_QUERY_GENERATION',
	'ENABLE_RETRIEVAL_QUERY_GENERATION',
	'QUERY_GENERATION_PROMPT_TEMPLATE',
	'TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE',
];
const LATER_FIELDS: Array<[string, string]> = [
	['0.6.14', 'ENABLE_FOLLOW_UP_GENERATION'],
	['0.6.14', 'FOLLOW_UP_GENERATION_PROMPT_TEMPLATE'],
	['0.6.37', 'VOICE_MODE_PROMPT_TEMPLATE'],
	['0.10.0', 'AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE'],
];

// Versions are known before the root hook runs: the cached releases, or the one existing server.
const external = !!(process.env.OLLAMA_URL || process.env.OPEN_WEBUI_URL);
const slots: string[] = external ? (process.env.OPEN_WEBUI_URL ? ['existing'] : []) : openWebuiVersions();
if (slots.length === 0) {
	describe('e2e: real Open WebUI', function () {
		it('needs an Open WebUI (run scripts/peers/setup.sh, or set OPEN_WEBUI_URL)', function () {
			skipBecause(this, 'no Open WebUI release in the cache and OPEN_WEBUI_URL not set');
		});
	});
}

for (const slot of slots) {
	const peerOf = (ctx: Context): OpenWebuiPeer => {
		const p = slot === 'existing' ? peers().openWebuis[0] : peers().openWebuis.find((o) => o.version === slot);
		if (!p) skipBecause(ctx, `Open WebUI ${slot} did not start`);
		return p!;
	};

	describe(`e2e: real Open WebUI ${slot}`, function () {
		describe('connection and auth', function () {
			it('reports its version and public config without a token', async function () {
				const peer = peerOf(this);
				const v = await owui(peer).version();
				assert.equal(v.version, peer.version);
				const cfg = await owui(peer).config();
				assert.equal(cfg.features?.auth, true);
				assert.notEqual(cfg.onboarding, true, 'users exist, so no onboarding');
				assert.equal(typeof cfg.name, 'string');
			});

			it(`no token: "Not authenticated" as ${slot === 'existing' ? '401/403' : expectedNoTokenStatus(slot)}`, async function () {
				const peer = peerOf(this);
				const e = await expectPeerError(owui(peer).taskConfig(), 'auth');
				if (peer.managed) assert.equal(e.status, expectedNoTokenStatus(peer.version));
				else assert.ok(e.status === 401 || e.status === 403);
				assert.match(e.serverMessage ?? '', /not authenticated/i);
			});

			it('an unknown API key and a garbage JWT are auth errors (401)', async function () {
				const peer = peerOf(this);
				const bad = await expectPeerError(owui(peer, `sk-${'0'.repeat(32)}`).sessionUser(), 'auth');
				assert.equal(bad.status, 401);
				const jwt = await expectPeerError(owui(peer, 'eyJhbGciOiJIUzI1NiJ9.eyJpZCI6Im5vYm9keSJ9.c2lnbmF0dXJl').sessionUser(), 'auth');
				assert.equal(jwt.status, 401);
				// checking a key before storing it: the per-call token wins over the client's own
				const key = needCredential(this, peer, 'apiKey');
				const again = await expectPeerError(owui(peer, key).sessionUser({ token: `sk-${'1'.repeat(32)}` }), 'auth');
				assert.equal(again.status, 401);
			});

			it('a non-admin user: role "user", may read the task config, may not write it', async function () {
				const peer = peerOf(this);
				const token = needCredential(this, peer, 'userToken');
				const c = owui(peer, token);
				assert.equal((await c.sessionUser()).role, 'user');
				const cfg = await c.taskConfig();
				assert.ok('TASK_MODEL' in cfg);
				const e = await expectPeerError(c.updateTaskConfig(cfg), 'auth');
				assert.equal(e.status, 401);
				assert.match(e.serverMessage ?? '', /permission/i);
			});

			it('the admin JWT is role "admin" on /api/v1/auths/', async function () {
				const peer = peerOf(this);
				const admin = await owui(peer, needCredential(this, peer, 'adminToken')).sessionUser();
				assert.equal(admin.role, 'admin');
				assert.equal(admin.email, 'admin@example.com');
			});

			it('the admin API key works on the API (models, task config write)', async function () {
				const peer = peerOf(this);
				const c = owui(peer, needCredential(this, peer, 'apiKey'));
				assert.ok(Array.isArray((await c.models()).data));
				const cfg = await c.taskConfig();
				if (peer.managed) assert.deepEqual(await c.updateTaskConfig(cfg), cfg, 'an admin key may write the task config');
			});

			it(`/api/v1/auths/ with an API key: ${slot === 'existing' ? 'by version' : HUMAN_SESSION_SINCE_NOTE(slot)}`, async function () {
				const peer = peerOf(this);
				const key = needCredential(this, peer, 'apiKey');
				if (needsHumanSession(peer.version)) {
					// 0.12.x: get_session_user depends on get_human_user (utils/auth.py): JWT sessions only
					const e = await expectPeerError(owui(peer, key).sessionUser(), 'auth');
					assert.equal(e.status, 403);
					assert.match(e.serverMessage ?? '', /human session is required/i);
				} else {
					const viaKey = await owui(peer, key).sessionUser();
					assert.ok(viaKey.role === 'admin' || !peer.managed, `role ${viaKey.role}`);
				}
			});

			it('signs in with email + password (token works); a wrong password is an http 400', async function () {
				const peer = peerOf(this);
				if (!peer.accounts) skipBecause(this, 'needs the harness-made accounts');
				const { userEmail, password } = peer.accounts!;
				const signed = await owui(peer).signIn(userEmail, password);
				assert.equal(signed.role, 'user');
				assert.ok(signed.token.length > 20);
				assert.equal((await owui(peer, signed.token).sessionUser()).email, userEmail);
				const e = await expectPeerError(owui(peer).signIn(userEmail, `${password}-wrong`), 'http');
				assert.equal(e.status, 400);
				assert.match(e.serverMessage ?? '', /incorrect|invalid/i);
			});

			it('the SPA shell for an unknown path is rejected as a parse error', async function () {
				const peer = peerOf(this);
				const raw = await fetch(`${peer.url}/api/v1/does-not-exist`);
				assert.equal(raw.status, 200);
				assert.match(raw.headers.get('content-type') ?? '', /text\/html/);
				await raw.arrayBuffer();
				const e = await expectPeerError(owui(peer).version(undefined).then(() => new OpenWebuiClient({ baseUrl: `${peer.url}/not-here`, timeoutMs: 10_000 }).version()), 'parse');
				assert.match(e.message, /web page/);
				assert.equal(e.status, 200);
			});
		});

		describe('models and task config', function () {
			it('lists the Ollama models with their raw details', async function () {
				const peer = peerOf(this);
				needOllama(this, { managed: true });
				const { data } = await owui(peer, needCredential(this, peer, 'apiKey')).models();
				const llama = data.find((m) => m.id === 'llama3.2:3b');
				assert.ok(llama, `models: ${data.map((m) => m.id).join(', ')}`);
				assert.equal(llama.owned_by, 'ollama');
				assert.equal(llama.ollama?.details?.parameter_size, '3.2B');
				assert.deepEqual(llama.ollama?.urls, [0]);
				if (compareVersions(peer.version, '0.6.11') >= 0) assert.equal(llama.connection_type ?? llama.ollama?.connection_type, 'local');
				assert.ok(data.some((m) => m.id === 'llama3.1:8b'));
				assert.ok(data.some((m) => m.id === 'nomic-embed-text:latest'));
			});

			it('task config: the field set of this release', async function () {
				const peer = peerOf(this);
				const cfg = await owui(peer, needCredential(this, peer, 'apiKey')).taskConfig();
				for (const f of CORE_FIELDS) assert.ok(f in cfg, `${f} missing in ${peer.version}`);
				if (!peer.managed) return;
				for (const [since, f] of LATER_FIELDS) {
					assert.equal(f in cfg, compareVersions(peer.version, since) >= 0, `${f} (since ${since}) in ${peer.version}`);
				}
				process.stderr.write(`  [e2e] open-webui ${peer.version}: ${Object.keys(cfg).length} task-config fields\n`);
			});

			it('task config: read-modify-write of the whole object round-trips; a partial body is 422', async function () {
				const peer = peerOf(this);
				if (!peer.managed) skipBecause(this, 'writes the task config; only on a harness-managed server');
				const c = owui(peer, needCredential(this, peer, 'adminToken'));
				const original = await c.taskConfig();
				const changed: TaskConfig = {
					...original,
					TASK_MODEL: 'llama3.2:3b',
					ENABLE_TAGS_GENERATION: !original.ENABLE_TAGS_GENERATION,
					ENABLE_AUTOCOMPLETE_GENERATION: !original.ENABLE_AUTOCOMPLETE_GENERATION,
				};
				try {
					const echoed = await c.updateTaskConfig(changed);
					assert.deepEqual(Object.keys(echoed).sort(), Object.keys(original).sort(), 'the update echoes the whole object');
					assert.deepEqual(echoed, changed);
					assert.deepEqual(await c.taskConfig(), changed, 'a re-read shows exactly what was written');

					const e = await expectPeerError(c.updateTaskConfig({ ENABLE_TITLE_GENERATION: false }), 'http');
					assert.equal(e.status, 422);
					assert.match(e.serverMessage ?? '', /field required|missing/i);
					assert.deepEqual(await c.taskConfig(), changed, 'a rejected partial write changes nothing');
				} finally {
					await c.updateTaskConfig(original);
				}
				assert.deepEqual(await c.taskConfig(), original, 'restored');
			});
		});

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
				await direct.chat({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }] });
				assert.ok((await direct.ps()).models.some((m) => m.name === 'llama3.2:3b'));
				await proxy(peer, needCredential(this, peer, 'adminToken')).unload('llama3.2:3b');
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
