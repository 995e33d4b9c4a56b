// Real Open WebUI releases (newest and an older era) through the project's own OpenWebuiClient:
// auth states per version, the HTML shell, models, and task config read-modify-write.
import assert from 'node:assert/strict';
import { HttpClient } from '../../src/clients/http';
import type { Context } from 'mocha';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { compareVersions, expectedNoTokenStatus, needCredential, needOllama, skipBecause } from './harness';
import { describeNoOpenWebui, expectPeerError, openWebuiSlots, owuiClient as owui, peerFor } from './harness/testing';

// From 0.12 (first seen in 0.12.4) /api/v1/auths/ needs a JWT session; an API key gets 403.
const HUMAN_SESSION_SINCE = '0.12.0';
const needsHumanSession = (v: string) => compareVersions(v, HUMAN_SESSION_SINCE) >= 0;
const HUMAN_SESSION_SINCE_NOTE = (v: string) => (needsHumanSession(v) ? '403 "A human session is required."' : 'role admin');

// Fields every /api/v1 release has (0.5.12+), and the ones that arrived later (docs/task-config.md "Fields by release").
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
const slots = openWebuiSlots();
if (slots.length === 0) describeNoOpenWebui('e2e: real Open WebUI');

for (const slot of slots) {
	const peerOf = (ctx: Context) => peerFor(slot, ctx);

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
					const raw = new HttpClient({ peer: 'openWebui', baseUrl: peer.url, timeoutMs: 15_000, token: () => key });
					const e = await expectPeerError(raw.json('GET', '/api/v1/auths/'), 'auth');
					assert.equal(e.status, 403);
					assert.match(e.serverMessage ?? '', /human session is required/i);
				}
				// The client checks the key elsewhere then, and still finds the role.
				const viaKey = await owui(peer, key).sessionUser();
				assert.ok(viaKey.role === 'admin' || !peer.managed, `role ${viaKey.role}`);
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

			it('/api/config: an API key gets only the public subset; the full config needs a JWT (cookie-only on 0.6.5)', async function () {
				const peer = peerOf(this);
				const pub = await owui(peer).config();
				const viaKey = await owui(peer, needCredential(this, peer, 'apiKey')).config();
				// decode_token() only reads JWTs, so an sk- key is anonymous here
				assert.deepEqual(Object.keys(viaKey).sort(), Object.keys(pub).sort());
				assert.equal(viaKey.features?.enable_api_keys, undefined);
				const jwt = needCredential(this, peer, 'adminToken');
				const viaHeader = await owui(peer, jwt).config();
				const r = await fetch(`${peer.url}/api/config`, { headers: { cookie: `token=${jwt}` } });
				const viaCookie = (await r.json()) as Record<string, unknown> & { features?: Record<string, unknown> };
				assert.ok(Object.keys(viaCookie).length > Object.keys(pub).length, 'the session cookie unlocks the full config');
				if (compareVersions(peer.version, '0.12.0') >= 0) {
					assert.deepEqual(Object.keys(viaHeader).sort(), Object.keys(viaCookie).sort(), 'a bearer JWT works like the cookie');
					assert.equal(viaHeader.features?.enable_api_keys, true);
				} else if (peer.version === '0.6.5') {
					// 0.6.5's get_app_config reads only the "token" cookie: a bearer header is ignored
					assert.deepEqual(Object.keys(viaHeader).sort(), Object.keys(pub).sort());
				}
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
	});
}
