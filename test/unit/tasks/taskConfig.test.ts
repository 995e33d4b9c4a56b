import assert from 'node:assert/strict';
import type { TaskConfig } from '../../../src/clients/openWebuiTypes';
import { TaskConfigService, compareAnswer, type UpdateResult } from '../../../src/tasks/taskConfig';
import { adminKey, defaultTaskConfig, eraFields, userToken, type Era } from '../../fakes/fakeOpenWebui';
import { harness, no422, type Harness } from './helpers';

function expectType<T extends UpdateResult['type']>(r: UpdateResult, type: T): Extract<UpdateResult, { type: T }> {
	assert.equal(r.type, type, `expected ${type}, got ${r.type}: ${'message' in r ? r.message : ''}`);
	return r as Extract<UpdateResult, { type: T }>;
}

describe('tasks/taskConfig write protocol against the fake Open WebUI (unit)', () => {
	let h: Harness | undefined;
	afterEach(async () => {
		await h?.stop();
		h = undefined;
	});

	// Every era, with values a careless client would lose: nulls, custom prompts, a fork's extra keys.
	const eras: { era: Era; version: string; fields: number }[] = [
		{ era: '0.5.0', version: '0.5.0', fields: 11 },
		{ era: '0.5.12', version: '0.5.12', fields: 13 },
		{ era: '0.6.14', version: '0.6.14', fields: 15 },
		{ era: '0.6.37', version: '0.6.37', fields: 16 },
		{ era: '0.9.4', version: '0.9.4', fields: 17 },
		{ era: '0.11.0', version: '0.11.0', fields: 18 },
		{ era: '0.12', version: '0.12.4', fields: 19 },
	];
	for (const { era, version, fields } of eras) {
		for (const withExtras of [false, true]) {
			it(`round-trips era ${era}${withExtras ? ' with unknown fork keys' : ''}: body = previous config + exactly the changes`, async () => {
				const config: TaskConfig = { ...defaultTaskConfig(era), TASK_MODEL: null, TITLE_GENERATION_PROMPT_TEMPLATE: 'Title: {{prompt}}' };
				if ('VOICE_MODE_PROMPT_TEMPLATE' in config) config.VOICE_MODE_PROMPT_TEMPLATE = null;
				// A set value of the optional field: leaving it out of the body would reset it to null.
				if ('TASK_MODEL_PARAMS' in config) config.TASK_MODEL_PARAMS = { temperature: 0.1 };
				const extraFields = withExtras ? ['ENABLE_DOCUMENT_SUGGESTIONS', 'FORK_SETTINGS'] : [];
				if (withExtras) Object.assign(config, { ENABLE_DOCUMENT_SUGGESTIONS: true, FORK_SETTINGS: { nested: [1, null, 'x'] } });
				assert.equal(Object.keys(config).length, fields + extraFields.length);
				h = await harness({ state: { era, version, taskConfig: config, extraFields } });
				const previous = structuredClone(config);
				const service = new TaskConfigService(h.deps());
				const r = expectType(await service.update({ TASK_MODEL: 'llama3.2:3b', ENABLE_TAGS_GENERATION: false }), 'written');

				const posts = h.posts();
				assert.equal(posts.length, 1);
				const body = posts[0] as TaskConfig;
				assert.deepEqual(body, { ...previous, TASK_MODEL: 'llama3.2:3b', ENABLE_TAGS_GENERATION: false } as TaskConfig);
				assert.deepEqual(Object.keys(body), Object.keys(previous), 'key order kept');
				assert.deepEqual(r.mismatches, []);
				assert.deepEqual(r.changes.map((c) => [c.field, c.from, c.to]), [
					['TASK_MODEL', null, 'llama3.2:3b'],
					['ENABLE_TAGS_GENERATION', true, false],
				]);
				assert.deepEqual(r.before, previous);
				assert.deepEqual(h.fake.state.taskConfig, body, 'the server stored exactly what we sent');
				if (era === '0.12') assert.deepEqual(h.fake.state.taskConfig.TASK_MODEL_PARAMS, { temperature: 0.1 }, 'optional TASK_MODEL_PARAMS not reset');
				assert.ok(no422(h.log));
				// Re-read twice just before writing (the second read closes the window), POST, read back.
				const calls = h.fake.requests.map((q) => `${q.method} ${q.path}`);
				assert.deepEqual(calls, ['GET /api/v1/tasks/config', 'GET /api/v1/tasks/config', 'POST /api/v1/tasks/config/update', 'GET /api/v1/tasks/config']);
			});
		}
	}

	it('never adds a field the server does not have (0.5.0 has no follow-ups): skipped and reported', async () => {
		h = await harness({ state: { era: '0.5.0', version: '0.5.3', taskConfig: defaultTaskConfig('0.5.0') } });
		const service = new TaskConfigService(h.deps());
		const r = expectType(await service.update({ ENABLE_FOLLOW_UP_GENERATION: false, ENABLE_AUTOCOMPLETE_GENERATION: true }), 'written');
		assert.deepEqual(r.skipped, ['ENABLE_FOLLOW_UP_GENERATION']);
		const body = h.posts()[0] as TaskConfig;
		assert.deepEqual(Object.keys(body), eraFields('0.5.0').required);
		assert.equal(body.ENABLE_AUTOCOMPLETE_GENERATION, true);
		assert.match(r.message, /has no Follow Up Generation/);
	});

	it('writes nothing when the values are already there', async () => {
		h = await harness();
		const r = expectType(await new TaskConfigService(h.deps()).update({ ENABLE_TITLE_GENERATION: true }), 'unchanged');
		assert.equal(h.posts().length, 0);
		assert.match(r.message, /Nothing to change/);
	});

	it('partial writes by a naive client get 422 from the fake, so the check above is meaningful', async () => {
		h = await harness();
		await assert.rejects(h.api.write({ ENABLE_TITLE_GENERATION: false }), (e: { status?: number }) => e.status === 422);
		assert.ok(!no422(h.log));
	});

	describe('concurrent edits', () => {
		it('returns a conflict when someone changed a field we are about to change, and writes nothing', async () => {
			h = await harness();
			const service = new TaskConfigService(h.deps());
			const loaded = await service.load();
			assert.equal(loaded.type, 'loaded');
			const base = loaded.type === 'loaded' ? loaded.config : {};
			h.fake.state.taskConfig = { ...h.fake.state.taskConfig, TASK_MODEL: 'qwen3:4b' }; // another admin tab
			const r = expectType(await service.update({ TASK_MODEL: 'llama3.2:3b' }, { base }), 'conflict');
			assert.deepEqual(r.conflicts.map((c) => [c.field, c.base, c.current, c.wanted]), [['TASK_MODEL', '', 'qwen3:4b', 'llama3.2:3b']]);
			assert.equal(h.posts().length, 0);
			assert.equal(h.fake.state.taskConfig.TASK_MODEL, 'qwen3:4b');
			assert.match(r.message, /Local Task Model \(you saw the chat model \(no task model\), now qwen3:4b\)/);
		});

		it('force overwrites after the user confirmed', async () => {
			h = await harness();
			const base = { ...h.fake.state.taskConfig };
			h.fake.state.taskConfig = { ...h.fake.state.taskConfig, TASK_MODEL: 'qwen3:4b' };
			expectType(await new TaskConfigService(h.deps()).update({ TASK_MODEL: 'llama3.2:3b' }, { base, force: true }), 'written');
			assert.equal(h.fake.state.taskConfig.TASK_MODEL, 'llama3.2:3b');
		});

		it('merges changes to other fields instead of reporting a conflict', async () => {
			h = await harness();
			const base = { ...h.fake.state.taskConfig };
			h.fake.state.taskConfig = { ...h.fake.state.taskConfig, ENABLE_TAGS_GENERATION: false };
			const r = expectType(await new TaskConfigService(h.deps()).update({ ENABLE_AUTOCOMPLETE_GENERATION: true }, { base }), 'written');
			assert.deepEqual(r.merged, ['ENABLE_TAGS_GENERATION']);
			const body = h.posts()[0] as TaskConfig;
			assert.equal(body.ENABLE_TAGS_GENERATION, false, "the other admin's change survives");
			assert.equal(body.ENABLE_AUTOCOMPLETE_GENERATION, true);
			assert.match(r.message, /Kept changes someone else made meanwhile to Tags Generation/);
		});

		it('is no conflict when the other change already set the value we want', async () => {
			h = await harness();
			const base = { ...h.fake.state.taskConfig };
			h.fake.state.taskConfig = { ...h.fake.state.taskConfig, TASK_MODEL: 'llama3.2:3b' };
			expectType(await new TaskConfigService(h.deps()).update({ TASK_MODEL: 'llama3.2:3b' }, { base }), 'unchanged');
			assert.equal(h.posts().length, 0);
		});
	});

	describe('checking the answer', () => {
		it('reports a field the server did not apply and one it changed on its own', async () => {
			const hh = await harness();
			h = hh;
			// A server that answers "fine" but keeps its own values: the read-back is what counts.
			const odd = { ...hh.fake.state.taskConfig, ENABLE_AUTOCOMPLETE_GENERATION: false, ENABLE_TAGS_GENERATION: false };
			const api = {
				...hh.api,
				write: async (c: TaskConfig, s?: AbortSignal, b?: Uint8Array) => {
					const answer = await hh.api.write(c, s, b);
					hh.fake.state.taskConfig = odd;
					return answer;
				},
			};
			const r = expectType(await new TaskConfigService(h.deps({ api })).update({ ENABLE_AUTOCOMPLETE_GENERATION: true }), 'written');
			assert.deepEqual(r.mismatches.map((m) => [m.field, m.kind, m.sent, m.got]), [
				['ENABLE_AUTOCOMPLETE_GENERATION', 'notApplied', true, false],
				['ENABLE_TAGS_GENERATION', 'changedByServer', true, false],
			]);
			assert.match(r.message, /did not keep everything: Autocomplete Generation is off, expected on/);
		});

		it('compareAnswer names dropped and added keys', () => {
			const got = compareAnswer({ A: 1, B: null }, { A: 1, C: true }, []);
			assert.deepEqual(got.map((m) => [m.field, m.kind]), [
				['B', 'dropped'],
				['C', 'added'],
			]);
		});

		it('reads back when the write answers with an empty body', async () => {
			h = await harness();
			h.fake.fault('/api/v1/tasks/config/update', { kind: 'status', status: 200, body: '' }, { method: 'POST', times: 1 });
			const r = expectType(await new TaskConfigService(h.deps()).update({ ENABLE_TITLE_GENERATION: false }), 'written');
			// The fault swallowed the write, so the read-back shows it was not applied.
			assert.deepEqual(r.mismatches.map((m) => [m.field, m.kind]), [['ENABLE_TITLE_GENERATION', 'notApplied']]);
		});
	});

	describe('roles, tokens and old servers', () => {
		const cases: { name: string; token?: string; state?: object; phase: 'load' | 'update'; reason: string; message: RegExp; fault?: 403 }[] = [
			{ name: 'no token (401 from 0.6.19)', token: undefined, phase: 'load', reason: 'needsSignIn', message: /Sign in to Open WebUI.*Not authenticated/ },
			{ name: 'no token on an old server (403)', token: undefined, state: { notAuthenticatedStatus: 403, version: '0.6.5' }, phase: 'load', reason: 'needsSignIn', message: /Not authenticated/ },
			{ name: 'expired token', token: 'eyJ.expired', phase: 'load', reason: 'needsSignIn', message: /session has expired/ },
			{ name: 'API keys switched off (403, server message)', token: adminKey, state: { apiKeysEnabled: false }, phase: 'load', reason: 'forbidden', message: /^Open WebUI refused: Use of API key is not enabled/ },
			{ name: 'API-key endpoint restriction (403 ACCESS_PROHIBITED) → the server message', token: adminKey, phase: 'load', reason: 'forbidden', message: /^Open WebUI refused: You do not have permission/, fault: 403 },
			{ name: 'non-admin write → 401 handled as read-only', token: userToken, phase: 'update', reason: 'readOnly', message: /Only an Open WebUI admin.*permission/ },
		];
		for (const c of cases) {
			it(c.name, async () => {
				h = await harness({ token: c.token, state: c.state });
				if (c.fault) h.fake.fault('/api/v1/tasks/config', { kind: 'status', status: 403, body: { detail: 'You do not have permission to access this resource. Please contact your administrator for assistance.' } });
				const before = structuredClone(h.fake.state.taskConfig);
				const service = new TaskConfigService(h.deps());
				const r = c.phase === 'load' ? await service.load() : await service.update({ ENABLE_AUTOCOMPLETE_GENERATION: true });
				assert.equal(r.type, 'failed');
				if (r.type !== 'failed') return;
				assert.equal(r.reason, c.reason);
				assert.match(r.message, c.message);
				assert.deepEqual(h.fake.state.taskConfig, before);
			});
		}

		it('a non-admin can read; with the role known the view is read-only and no POST is sent', async () => {
			h = await harness({ token: userToken });
			const service = new TaskConfigService(h.deps({ role: (s) => h!.client.sessionUser({ signal: s }).then((u) => u.role) }));
			const loaded = await service.load();
			assert.equal(loaded.type, 'loaded');
			assert.deepEqual(loaded.type === 'loaded' && loaded.access, { canWrite: false, reason: 'Only an Open WebUI admin can change task settings; you are signed in as "user".' });
			const r = await service.update({ ENABLE_AUTOCOMPLETE_GENERATION: true });
			assert.equal(r.type === 'failed' && r.reason, 'readOnly');
			assert.equal(h.posts().length, 0);
		});

		it('an admin gets canWrite', async () => {
			h = await harness();
			const service = new TaskConfigService(h.deps({ role: (s) => h!.client.sessionUser({ signal: s }).then((u) => u.role) }));
			const loaded = await service.load();
			assert.deepEqual(loaded.type === 'loaded' && loaded.access, { canWrite: true });
		});

		const old: { name: string; version: string; legacy: boolean; fault?: 'html' | '404'; reason: string; message: RegExp }[] = [
			{ name: 'pre-0.5 server (SPA shell at /api/v1/tasks/config)', version: '0.4.8', legacy: true, reason: 'tooOld', message: /Open WebUI 0\.4\.8 is too old.*0\.5\.0 or later/ },
			{ name: 'pre-0.5 server answering 404', version: '0.3.35', legacy: true, fault: '404', reason: 'tooOld', message: /0\.3\.35 is too old/ },
			{ name: 'new server without the route is not called too old', version: '0.6.5', legacy: true, reason: 'notOpenWebui', message: /has no task settings API/ },
		];
		for (const c of old) {
			it(c.name, async () => {
				h = await harness({ state: { version: c.version, legacyTaskPaths: c.legacy } });
				if (c.fault === '404') h.fake.fault('/api/v1/tasks/config', { kind: 'status', status: 404, body: { detail: 'Not Found' } });
				const r = await new TaskConfigService(h.deps()).load();
				assert.equal(r.type === 'failed' && r.reason, c.reason);
				assert.match(r.type === 'failed' ? r.message : '', c.message);
			});
		}

		it('aborting gives "aborted" and writes nothing', async () => {
			h = await harness();
			const ac = new AbortController();
			ac.abort();
			const r = await new TaskConfigService(h.deps()).update({ ENABLE_TITLE_GENERATION: false }, { signal: ac.signal });
			assert.equal(r.type === 'failed' && r.reason, 'aborted');
			assert.equal(h.posts().length, 0);
		});
	});
});
