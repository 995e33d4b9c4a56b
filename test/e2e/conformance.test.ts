// Fake conformance: the same requests to the loopback fakes (test/fakes) and to the real servers,
// compared by the shape of the answer (status, content type, and every key the fake sends present in
// the real answer with the same JSON type). The unit tests trust the fakes; this keeps them honest.
import assert from 'node:assert/strict';
import type { Context } from 'mocha';
import { startFakeOllama, type FakeOllama } from '../fakes/fakeOllama';
import { adminToken, defaultTaskConfig, startFakeOpenWebui, userToken, type Era, type FakeOpenWebui } from '../fakes/fakeOpenWebui';
import { compareVersions, needCredential, needOllama, peers, type OpenWebuiPeer } from './harness';

interface Answer {
	status: number;
	type: string;
	body: unknown;
	lines?: unknown[];
}

async function call(base: string, method: string, path: string, opts: { body?: unknown; token?: string } = {}): Promise<Answer> {
	const res = await fetch(base + path, {
		method,
		headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
		body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
	});
	const type = (res.headers.get('content-type') ?? '').split(';')[0];
	const text = await res.text();
	if (type === 'application/x-ndjson') {
		const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
		return { status: res.status, type, body: undefined, lines };
	}
	let body: unknown = text;
	if (/json/.test(type)) body = text ? JSON.parse(text) : undefined;
	return { status: res.status, type, body };
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every key the fake sends must be in the real answer with the same JSON type (recursively). */
function assertShape(fake: unknown, real: unknown, where: string): void {
	assert.equal(kind(real), kind(fake), `${where}: ${kind(fake)} in the fake, ${kind(real)} for real`);
	if (Array.isArray(fake) && Array.isArray(real) && fake.length && real.length) assertShape(fake[0], real[0], `${where}[0]`);
	if (kind(fake) === 'object') {
		for (const [k, v] of Object.entries(fake as Record<string, unknown>)) {
			assert.ok(k in (real as Record<string, unknown>), `${where}.${k}: the fake sends it, the real server does not`);
			// Values that may legitimately be null on one side and set on the other.
			const rv = (real as Record<string, unknown>)[k];
			if (v === null || rv === null) continue;
			assertShape(v, rv, `${where}.${k}`);
		}
	}
}

function sameAnswer(fake: Answer, real: Answer, where: string): void {
	assert.equal(real.status, fake.status, `${where}: status`);
	assert.equal(real.type, fake.type, `${where}: content type`);
	if (fake.lines) {
		assert.ok(real.lines, `${where}: real answer is not NDJSON`);
		assertShape(fake.lines[0], real.lines![0], `${where} first line`);
		assertShape(fake.lines.at(-1), real.lines!.at(-1), `${where} last line`);
	} else if (typeof fake.body === 'object') assertShape(fake.body, real.body, where);
}

describe('e2e: fake conformance (same request to the fake and to the real server)', function () {
	describe('Ollama', function () {
		let fake: FakeOllama;
		before(async () => {
			fake = await startFakeOllama();
		});
		after(() => fake?.stop());
		const both = async (ctx: Context, method: string, path: string, body?: unknown) => {
			const url = needOllama(ctx, { managed: true });
			return { f: await call(fake.url, method, path, { body }), r: await call(url, method, path, { body }) };
		};

		it('GET /api/version', async function () {
			const { f, r } = await both(this, 'GET', '/api/version');
			sameAnswer(f, r, 'version');
		});
		it('GET /api/tags (entries with details)', async function () {
			const { f, r } = await both(this, 'GET', '/api/tags');
			// Capabilities in tags only from Ollama 0.30; the fake sends them like a new server.
			const strip = (a: Answer) => ({ ...a, body: { models: (a.body as { models: Record<string, unknown>[] }).models.map(({ capabilities: _c, ...m }) => m) } });
			sameAnswer(strip(f), strip(r), 'tags');
		});
		it('POST /api/show: known model, and 404 {error} for an unknown one', async function () {
			const known = await both(this, 'POST', '/api/show', { model: 'llama3.2:3b' });
			sameAnswer(known.f, known.r, 'show');
			const unknown = await both(this, 'POST', '/api/show', { model: 'no-such-model:1b' });
			sameAnswer(unknown.f, unknown.r, 'show unknown');
			assert.match((unknown.r.body as { error: string }).error, /not found/);
		});
		it('DELETE /api/delete of an unknown model: 404 {error}', async function () {
			const { f, r } = await both(this, 'DELETE', '/api/delete', { model: 'no-such-model:1b' });
			sameAnswer(f, r, 'delete unknown');
		});
		it('POST /api/pull: invalid name 400 {error}; unknown model 200 then an {error} line', async function () {
			const bad = await both(this, 'POST', '/api/pull', { model: 'Bad Name!!' });
			sameAnswer(bad.f, bad.r, 'pull invalid');
			const reg = peers().registry;
			const unknownRef = reg ? reg.modelRef('no-such-model:1b') : 'no-such-model:1b';
			const f = await call(fake.url, 'POST', '/api/pull', { body: { model: 'no-such-model:1b' } });
			const r = await call(needOllama(this, { managed: true }), 'POST', '/api/pull', { body: { model: unknownRef, insecure: true } });
			sameAnswer(f, r, 'pull unknown');
			assert.ok('error' in (r.lines!.at(-1) as object));
		});
		it('GET /api/ps with a model loaded', async function () {
			const url = needOllama(this, { managed: true });
			await call(url, 'POST', '/api/generate', { body: { model: 'llama3.2:3b', prompt: '', keep_alive: '1m' } });
			await call(fake.url, 'POST', '/api/generate', { body: { model: 'llama3.2:3b', prompt: '' } });
			const f = await call(fake.url, 'GET', '/api/ps');
			const r = await call(url, 'GET', '/api/ps');
			assert.ok((r.body as { models: unknown[] }).models.length > 0, 'real Ollama loaded the model');
			sameAnswer(f, r, 'ps');
			const unload = await both(this, 'POST', '/api/generate', { model: 'llama3.2:3b', prompt: '', keep_alive: 0 });
			sameAnswer(unload.f, unload.r, 'unload');
			assert.equal((unload.r.body as { done_reason: string }).done_reason, 'unload');
		});
	});

	describe('Open WebUI', function () {
		const eraOf = (v: string): Era => (compareVersions(v, '0.12.0') >= 0 ? '0.12' : compareVersions(v, '0.11.0') >= 0 ? '0.11.0' : compareVersions(v, '0.9.4') >= 0 ? '0.9.4' : compareVersions(v, '0.6.37') >= 0 ? '0.6.37' : compareVersions(v, '0.6.14') >= 0 ? '0.6.14' : compareVersions(v, '0.5.12') >= 0 ? '0.5.12' : '0.5.0');
		for (const slot of [0, 1]) {
			describe(`release #${slot + 1}`, function () {
				let fake: FakeOpenWebui;
				let peer: OpenWebuiPeer | undefined;
				before(async function () {
					peer = peers().openWebuis[slot];
					if (!peer) return;
					const era = eraOf(peer.version);
					fake = await startFakeOpenWebui({ state: { version: peer.version, era, taskConfig: defaultTaskConfig(era), notAuthenticatedStatus: compareVersions(peer.version, '0.6.19') >= 0 ? 401 : 403 } });
				});
				after(() => fake?.stop());
				const need = (ctx: Context) => {
					if (!peer?.managed) ctx.skip();
					return peer!;
				};

				it('GET /api/version and /api/config (public)', async function () {
					const p = need(this);
					sameAnswer(await call(fake.url, 'GET', '/api/version'), await call(p.url, 'GET', '/api/version'), 'version');
					const f = await call(fake.url, 'GET', '/api/config');
					const r = await call(p.url, 'GET', '/api/config');
					sameAnswer(f, r, 'config');
				});
				it('no token, a bad token, a non-admin write: the same status and {detail}', async function () {
					const p = need(this);
					sameAnswer(await call(fake.url, 'GET', '/api/v1/tasks/config'), await call(p.url, 'GET', '/api/v1/tasks/config'), 'no token');
					sameAnswer(await call(fake.url, 'GET', '/api/v1/tasks/config', { token: 'eyJ.bad' }), await call(p.url, 'GET', '/api/v1/tasks/config', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.bad' }), 'bad token');
					const cfg = (await call(p.url, 'GET', '/api/v1/tasks/config', { token: needCredential(this, p, 'adminToken') })).body;
					sameAnswer(
						await call(fake.url, 'POST', '/api/v1/tasks/config/update', { token: userToken, body: fake.state.taskConfig }),
						await call(p.url, 'POST', '/api/v1/tasks/config/update', { token: needCredential(this, p, 'userToken'), body: cfg }),
						'non-admin write',
					);
				});
				it('GET /api/v1/tasks/config: the fake of this era has exactly the real field set', async function () {
					const p = need(this);
					const f = await call(fake.url, 'GET', '/api/v1/tasks/config', { token: adminToken });
					const r = await call(p.url, 'GET', '/api/v1/tasks/config', { token: needCredential(this, p, 'adminToken') });
					sameAnswer(f, r, 'task config');
					assert.deepEqual(Object.keys(f.body as object).sort(), Object.keys(r.body as object).sort(), `fields of era ${fake.state.era} vs Open WebUI ${p.version}`);
				});
				it('a partial update body: 422 with a FastAPI detail list', async function () {
					const p = need(this);
					const f = await call(fake.url, 'POST', '/api/v1/tasks/config/update', { token: adminToken, body: { TASK_MODEL: '' } });
					const r = await call(p.url, 'POST', '/api/v1/tasks/config/update', { token: needCredential(this, p, 'adminToken'), body: { TASK_MODEL: '' } });
					sameAnswer(f, r, 'partial body');
				});
				it('an unknown GET path: the HTML app with 200', async function () {
					const p = need(this);
					sameAnswer(await call(fake.url, 'GET', '/api/v1/no-such-thing'), await call(p.url, 'GET', '/api/v1/no-such-thing'), 'unknown path');
				});
			});
		}
	});
});
