// Hostile and broken servers against the real clients (issue 12): redirects, stalled and endless
// streams, payloads of the wrong shape, cut-off answers, and task configs that only survive a
// byte-exact round-trip.
import assert from 'node:assert/strict';
import { HttpClient, PeerError } from '../../src/clients/http';
import { OllamaClient } from '../../src/clients/ollama';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { lossyPaths, spliceMembers, topLevelMembers } from '../../src/tasks/rawJson';
import { TaskConfigService } from '../../src/tasks/taskConfig';
import { startFakeHttp, type FakeHttpServer } from '../fakes/fakeHttp';
import { startFakeOllama, type FakeOllama } from '../fakes/fakeOllama';
import { adminToken, defaultTaskConfig, startFakeOpenWebui, type FakeOpenWebui } from '../fakes/fakeOpenWebui';
import { harness, type Harness } from './tasks/helpers';

async function rejects(p: Promise<unknown>): Promise<PeerError> {
	try {
		await p;
	} catch (e) {
		assert.ok(e instanceof PeerError, `expected PeerError, got ${String((e as Error)?.stack ?? e)}`);
		return e;
	}
	assert.fail('expected a rejection');
}

describe('hostile servers: redirects (unit)', () => {
	let owui: FakeOpenWebui;
	let elsewhere: FakeHttpServer;
	beforeEach(async () => {
		owui = await startFakeOpenWebui();
		elsewhere = await startFakeHttp(() => [
			{ method: 'POST', path: /.*/, handler: () => ({ body: { token: 'stolen', id: 'x', role: 'admin' } }) },
			{ method: 'GET', path: /.*/, handler: () => ({ body: { version: '9.9.9' } }) },
		]);
	});
	afterEach(async () => {
		await owui.stop();
		await elsewhere.stop();
	});
	const client = () => new OpenWebuiClient({ baseUrl: owui.url, timeoutMs: 2000, token: () => adminToken });

	it('a 307 on sign-in to another host sends neither the email nor the password there', async () => {
		owui.fault('/api/v1/auths/signin', { kind: 'redirect', status: 307, location: `${elsewhere.url}/api/v1/auths/signin` });
		const e = await rejects(client().signIn('admin@example.com', 'hunter2'));
		assert.equal(e.kind, 'http');
		assert.equal(e.status, 307);
		assert.equal(elsewhere.requests.length, 0, 'nothing reached the other host');
		assert.equal(
			e.message,
			`Open WebUI at ${owui.url} answered POST /api/v1/auths/signin with a redirect (307) to ${elsewhere.url}/api/v1/auths/signin: redirects to another server are not followed, so nothing was sent to ${elsewhere.url}. Set the URL to the address the server answers on itself.`,
		);
	});

	it('the probe does not trust another host: a redirected /api/version is not a version', async () => {
		owui.fault('/api/version', { kind: 'redirect', status: 302, location: `${elsewhere.url}/api/version` });
		const e = await rejects(client().version());
		assert.equal(e.status, 302);
		assert.equal(elsewhere.requests.length, 0);
	});

	it('a 307 on tasks/config/update is a failed write, with no undo entry and nothing sent elsewhere', async () => {
		owui.fault('/api/v1/tasks/config/update', { kind: 'redirect', status: 307, location: `${elsewhere.url}/api/v1/tasks/config/update` });
		const written: unknown[] = [];
		const c = client();
		const service = new TaskConfigService({
			api: { read: (s) => c.taskConfig(s), readRaw: (s) => c.taskConfigRaw(s), write: (x, s, b) => c.updateTaskConfig(x, s, b) },
			onWritten: (r) => void written.push(r),
		});
		const r = await service.update({ TASK_MODEL: 'gemma3:1b' });
		assert.equal(r.type, 'failed');
		assert.match(r.message, /answered POST \/api\/v1\/tasks\/config\/update with a redirect \(307\)/);
		assert.deepEqual(written, []);
		assert.equal(elsewhere.requests.length, 0);
		assert.equal(owui.state.taskConfig.TASK_MODEL, '');
	});

	it('a same-origin 302 on a POST is not turned into a GET and reported as written', async () => {
		owui.fault('/api/v1/tasks/config/update', { kind: 'redirect', status: 302, location: '/api/v1/tasks/config' });
		const e = await rejects(client().updateTaskConfig(defaultTaskConfig()));
		assert.equal(e.status, 302);
		assert.match(e.message, /a request with a body is not sent twice/);
		assert.deepEqual(
			owui.requests.map((q) => `${q.method} ${q.path}`),
			['POST /api/v1/tasks/config/update'],
		);
	});

	it('a same-origin redirect of a GET is followed (with the token, which stays on this origin)', async () => {
		owui.fault('/api/v1/auths', { kind: 'redirect', status: 307, location: '/api/v1/auths/' });
		const u = await new HttpClient({ peer: 'openWebui', baseUrl: owui.url, timeoutMs: 2000, token: () => adminToken }).json<{ role: string }>('GET', '/api/v1/auths');
		assert.equal(u.role, 'admin');
		assert.equal(owui.requests.at(-1)?.authorization, `Bearer ${adminToken}`);
	});

	it('a redirect loop on the same origin stops after a few hops', async () => {
		owui.fault('/api/version', { kind: 'redirect', status: 307, location: '/api/version' });
		const e = await rejects(client().version());
		assert.match(e.message, /too many redirects/);
		assert.ok(owui.requests.length <= 4);
	});
});

describe('hostile servers: bad payloads and cut-off answers (unit)', () => {
	let ollama: FakeOllama;
	let owui: FakeOpenWebui;
	beforeEach(async () => {
		ollama = await startFakeOllama();
		owui = await startFakeOpenWebui();
	});
	afterEach(async () => {
		await ollama.stop();
		await owui.stop();
	});
	const client = () => new OllamaClient({ baseUrl: ollama.url, timeoutMs: 2000 });

	const tagsCases: [string, unknown, string][] = [
		['[null]', { models: [null] }, 'models[0] is null, not a model'],
		['a numeric name', { models: [{ name: 7, size: 1 }] }, 'models[0] has a number as its name'],
		['a string size', { models: [{ name: 'a:1b', size: 'big' }] }, 'models[0] has a string "size", not a number'],
		['models is an object', { models: { a: 1 } }, '"models" is not a list'],
		['a bare list', [1, 2], 'a list instead of a model list'],
	];
	for (const [name, body, what] of tagsCases) {
		it(`/api/tags with ${name}: "unexpected answer" with the path, not a JavaScript message`, async () => {
			ollama.fault('/api/tags', { kind: 'status', status: 200, body });
			const e = await rejects(client().tags());
			assert.equal(e.kind, 'parse');
			assert.equal(e.message, `Unexpected answer from Ollama at ${ollama.url} to /api/tags: ${what}.`);
		});
	}

	it('/api/ps and /api/show and /api/version are checked the same way', async () => {
		ollama.fault('/api/ps', { kind: 'status', status: 200, body: { models: [{ name: 'x', size_vram: 'lots' }] } });
		assert.match((await rejects(client().ps())).message, /^Unexpected answer from Ollama at .* to \/api\/ps: models\[0\] has a string "size_vram"/);
		ollama.fault('/api/show', { kind: 'status', status: 200, body: 'null' });
		assert.match((await rejects(client().show('a'))).message, /to \/api\/show: null instead of the model's details\.$/);
		ollama.fault('/api/version', { kind: 'status', status: 200, body: { version: 3 } });
		assert.match((await rejects(client().version())).message, /to \/api\/version: no version\.$/);
	});

	it('Open WebUI /api/models with a null entry, and a sign-in answer without a usable token', async () => {
		owui.fault('/api/models', { kind: 'status', status: 200, body: { data: [null] } });
		const c = new OpenWebuiClient({ baseUrl: owui.url, timeoutMs: 2000, token: () => adminToken });
		assert.equal((await rejects(c.models())).message, `Unexpected answer from Open WebUI at ${owui.url} to /api/models: data[0] is null, not a model.`);
		owui.fault('/api/v1/tasks/title/completions', { kind: 'status', status: 200, body: { choices: [null] } });
		assert.equal(
			(await rejects(c.titleCompletion({ model: 'm', messages: [], stream: false }))).message,
			`Unexpected answer from Open WebUI at ${owui.url} to /api/v1/tasks/title/completions: "choices" is not a list of choices.`,
		);
		owui.fault('/api/v1/auths/signin', { kind: 'status', status: 200, body: { token: 42 } });
		assert.match((await rejects(c.signIn('a@b.c', 'pw'))).message, /returned no token/);
	});

	it('an NDJSON line of 48 MB without a newline fails at the 1 MiB cap, in one pass', async () => {
		ollama.state.pull.hugeLine = { afterLines: 1, bytes: 48 * 1024 * 1024 };
		const seen: string[] = [];
		const e = await rejects(
			(async () => {
				for await (const l of client().pull('gemma3:1b')) seen.push(l.status ?? '');
			})(),
		);
		assert.equal(e.kind, 'parse');
		assert.equal(e.message, 'Ollama sent a line longer than 1 MiB from /api/pull; stopped reading it.');
		assert.deepEqual(seen, ['pulling manifest']);
	});

	it('lines split across chunks and multi-byte characters survive the byte splitter', async () => {
		const lines = [{ status: 'pulling manifest' }, { status: 'pulling 模型 ✓', digest: 'sha256:a', total: 10, completed: 5 }, { status: 'success' }];
		const srv = await startFakeHttp(() => [{ method: 'POST', path: '/api/pull', handler: () => ({ stream: { lines } }) }]);
		try {
			const got = [];
			for await (const l of new OllamaClient({ baseUrl: srv.url, timeoutMs: 2000 }).pull('m')) got.push(l);
			assert.deepEqual(got, lines);
		} finally {
			await srv.stop();
		}
	});

	it('a stream quiet longer than the idle timeout fails with a timeout that says so', async () => {
		ollama.state.pull.stallAfter = 2;
		const e = await rejects(
			(async () => {
				for await (const _ of new OllamaClient({ baseUrl: ollama.url, timeoutMs: 2000, streamIdleMs: 300 }).pull('gemma3:1b')) void _;
			})(),
		);
		assert.equal(e.kind, 'timeout');
		assert.equal(e.detail.idleMs, 300);
		assert.equal(e.message, `Ollama at ${ollama.url} sent nothing on /api/pull for 0.3 s; stopped waiting.`);
	});
});

describe('hostile servers: task config read-modify-write (unit)', () => {
	let h: Harness;
	afterEach(async () => h?.stop());

	it('a truncated task config is "cut off", not "has no task settings API"', async () => {
		h = await harness();
		h.fake.fault('/api/v1/tasks/config', { kind: 'status', status: 200, body: '{"TASK_MODEL": "llama3.2:3b", "ENABLE_TITLE_GEN', contentType: 'application/json' }, { method: 'GET' });
		const r = await new TaskConfigService(h.deps()).load();
		assert.equal(r.type, 'failed');
		if (r.type !== 'failed') return;
		assert.equal(r.reason, 'truncated');
		assert.match(r.message, /^The task settings from Open WebUI were cut off before the end, so nothing was changed\. Try again/);
		assert.doesNotMatch(r.message, /no task settings API/);
	});

	it('untouched values come back byte for byte: an integer above 2^53, a __proto__ key, invalid UTF-8', async () => {
		const enc = (s: string) => Buffer.from(s, 'utf8');
		const raw = Buffer.concat([
			enc('{"TASK_MODEL": "",\n "TASK_MODEL_EXTERNAL": "", "ENABLE_TITLE_GENERATION": true, "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": 9007199254740993,'),
			enc(' "TASK_MODEL_PARAMS": {"__proto__": {"polluted": 1}, "seed": 18446744073709551615, "note": "'),
			Buffer.from([0xff, 0xfe, 0x41]),
			enc('"}, "ENABLE_TAGS_GENERATION": true, "FORK": [1.0, 2e400]}'),
		]);
		h = await harness({ state: { taskConfigRaw: raw, taskConfig: JSON.parse(raw.toString('utf8')) as TaskConfig } });
		const r = await new TaskConfigService(h.deps()).update({ TASK_MODEL: 'gemma3:1b', ENABLE_TAGS_GENERATION: false });
		assert.equal(r.type, 'written', r.message);
		const posted = h.fake.requests.find((q) => q.method === 'POST')!.rawBody;
		const expected = Buffer.from(raw.toString('latin1').replace('"TASK_MODEL": ""', '"TASK_MODEL": "gemma3:1b"').replace('"ENABLE_TAGS_GENERATION": true', '"ENABLE_TAGS_GENERATION": false'), 'latin1');
		assert.ok(posted.equals(expected), `sent:\n${posted.toString('latin1')}\nexpected:\n${expected.toString('latin1')}`);
		assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
	});

	it('without the raw bytes, a config that would lose values is refused with a clear message', async () => {
		h = await harness();
		const lossy = { ...defaultTaskConfig(), AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: 2 ** 60 + 1 } as TaskConfig;
		Object.defineProperty(lossy, '__proto__', { value: { x: 1 }, enumerable: true, configurable: true, writable: true });
		const api = { read: async () => lossy, write: async () => assert.fail('must not write') };
		const r = await new TaskConfigService({ api }).update({ TASK_MODEL: 'gemma3:1b' });
		assert.equal(r.type, 'failed');
		if (r.type !== 'failed') return;
		assert.equal(r.reason, 'lossy');
		assert.equal(r.message, 'The task settings hold values that could not be sent back exactly (AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH, __proto__), so nothing was written. Change them in Open WebUI instead.');
	});

	it("another admin's edit between the re-read and the POST is kept, and only then called kept", async () => {
		h = await harness();
		const base = structuredClone(h.fake.state.taskConfig);
		let reads = 0;
		const api = {
			...h.api,
			readRaw: async (s?: AbortSignal) => {
				const got = await h.api.readRaw!(s);
				// The other admin saves right after our first re-read.
				if (++reads === 1) h.fake.state.taskConfig = { ...h.fake.state.taskConfig, ENABLE_TAGS_GENERATION: false };
				return got;
			},
		};
		const r = await new TaskConfigService({ api }).update({ TASK_MODEL: 'gemma3:1b' }, { base });
		assert.equal(r.type, 'written');
		if (r.type !== 'written') return;
		assert.equal(h.fake.state.taskConfig.ENABLE_TAGS_GENERATION, false, "their change survived our write");
		assert.equal(h.fake.state.taskConfig.TASK_MODEL, 'gemma3:1b');
		assert.deepEqual(r.merged, ['ENABLE_TAGS_GENERATION']);
		assert.match(r.message, /Kept changes someone else made meanwhile to Tags Generation/);
	});

	it("a confirmed overwrite of someone else's change says so and can restore theirs", async () => {
		h = await harness();
		const base = structuredClone(h.fake.state.taskConfig);
		h.fake.state.taskConfig = { ...h.fake.state.taskConfig, TASK_MODEL: 'qwen3:4b' };
		const service = new TaskConfigService(h.deps());
		const r = await service.update({ TASK_MODEL: 'llama3.2:3b' }, { base, force: true });
		assert.equal(r.type, 'written');
		if (r.type !== 'written') return;
		assert.deepEqual(r.overwritten.map((c) => [c.field, c.from, c.to]), [['TASK_MODEL', 'llama3.2:3b', 'qwen3:4b']]);
		assert.match(r.message, /This replaced what someone else had set meanwhile: Local Task Model was qwen3:4b\. It can be restored\.$/);
		const restored = await service.update(Object.fromEntries(r.overwritten.map((c) => [c.field, c.to])));
		assert.equal(restored.type, 'written');
		assert.equal(h.fake.state.taskConfig.TASK_MODEL, 'qwen3:4b');
	});

	it('an unforced write that merges says nothing about overwriting', async () => {
		h = await harness();
		const r = await new TaskConfigService(h.deps()).update({ TASK_MODEL: 'llama3.2:3b' }, { base: structuredClone(h.fake.state.taskConfig) });
		assert.equal(r.type === 'written' && r.overwritten.length, 0);
	});

	it('an edit that lands right after the write is reported, not claimed as kept', async () => {
		h = await harness();
		const base = { ...structuredClone(h.fake.state.taskConfig), ENABLE_TAGS_GENERATION: false };
		const api = {
			...h.api,
			write: async (c: TaskConfig, s?: AbortSignal, b?: Uint8Array) => {
				const answer = await h.api.write(c, s, b);
				h.fake.state.taskConfig = { ...h.fake.state.taskConfig, ENABLE_TAGS_GENERATION: false, TASK_MODEL: 'other:1b' };
				return answer;
			},
		};
		const r = await new TaskConfigService({ api }).update({ TASK_MODEL: 'gemma3:1b' }, { base });
		assert.equal(r.type, 'written');
		if (r.type !== 'written') return;
		assert.deepEqual(r.merged, [], 'nothing claimed as kept');
		assert.deepEqual(r.mismatches.map((m) => [m.field, m.kind]), [
			['TASK_MODEL', 'notApplied'],
			['ENABLE_TAGS_GENERATION', 'changedByServer'],
		]);
	});
});

describe('tasks/rawJson (unit)', () => {
	const b = (s: string) => new TextEncoder().encode(s);
	const d = (u: Uint8Array | undefined) => (u ? new TextDecoder().decode(u) : undefined);
	const cases: [string, string, Record<string, unknown>, string | undefined][] = [
		['one field, spacing kept', '{ "a" : 1 ,\n "b":[1,{"c":"}"}] }', { a: 2 }, '{ "a" : 2 ,\n "b":[1,{"c":"}"}] }'],
		['escaped quotes in strings', '{"a":"x\\"y","b":true}', { b: false }, '{"a":"x\\"y","b":false}'],
		['an escaped key', '{"\\u0041":1}', { A: null }, '{"\\u0041":null}'],
		['a duplicate key is replaced everywhere', '{"a":1,"a":2}', { a: 3 }, '{"a":3,"a":3}'],
		['an absent key', '{"a":1}', { b: 1 }, undefined],
		['not an object', '[1]', { a: 1 }, undefined],
		['trailing junk', '{"a":1} x', { a: 2 }, undefined],
		['cut off', '{"a":"x', { a: 2 }, undefined],
		['empty object, no changes', '{}', {}, '{}'],
	];
	for (const [name, input, changes, want] of cases) {
		it(`splice: ${name}`, () => assert.equal(d(spliceMembers(b(input), changes)), want));
	}
	it('members give decoded keys and exact value spans', () => {
		const src = '{"x": {"y": [1, "]"]}, "z": -1.5e3}';
		const m = topLevelMembers(b(src))!;
		assert.deepEqual(m.map((x) => [x.key, src.slice(x.start, x.end)]), [
			['x', '{"y": [1, "]"]}'],
			['z', '-1.5e3'],
		]);
	});
	it('lossyPaths finds rounded integers and __proto__ keys, nothing else', () => {
		assert.deepEqual(lossyPaths(JSON.parse('{"a": 9007199254740993, "b": {"__proto__": 1}, "c": [1, 1e300], "d": 3.5}')), ['a', 'b.__proto__', 'c[1]']);
	});
});
