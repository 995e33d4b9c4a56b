import assert from 'node:assert/strict';
import { addConnection, checkBaseUrl, checkPrefix, findConnection, modelsOfConnection, redactConfig, removeConnection, withConnection, withoutConnection, type OpenAiConfig, type OpenAiConfigApi } from '../../../src/hosted/openaiConnections';

const base = (): OpenAiConfig => ({
	ENABLE_OPENAI_API: true,
	OPENAI_API_BASE_URLS: ['https://api.openai.com/v1', 'http://other/v1'],
	OPENAI_API_KEYS: ['sk-one', 'sk-two'],
	OPENAI_API_CONFIGS: { '0': { enable: true, prefix_id: 'oa' }, '1': { enable: false, tags: ['x'] } },
	FUTURE_KEY: { kept: 1 },
});

/** An in-memory Open WebUI /openai/config with the server's own padding rule and a write log. */
function fakeApi(initial: OpenAiConfig, opts: { dropWrites?: boolean; editBeforeNextRead?: (c: OpenAiConfig) => OpenAiConfig } = {}) {
	let stored = structuredClone(initial);
	const writes: OpenAiConfig[] = [];
	let edit = opts.editBeforeNextRead;
	const api: OpenAiConfigApi = {
		async read() {
			if (edit) {
				stored = edit(stored);
				edit = undefined;
			}
			return structuredClone(stored);
		},
		async write(c) {
			writes.push(structuredClone(c));
			if (!opts.dropWrites) stored = structuredClone(c);
			return structuredClone(stored);
		},
	};
	return { api, writes, get stored() { return stored; } };
}

describe('hosted/openaiConnections (unit)', () => {
	it('checks base URLs and prefixes with a message that says what to do', () => {
		assert.deepEqual(checkBaseUrl(' http://127.0.0.1:11500/v1/ '), { url: 'http://127.0.0.1:11500/v1' });
		for (const bad of ['', 'api.example.com', 'ftp://x/v1', 'http://user:pw@host/v1']) assert.match((checkBaseUrl(bad) as { error: string }).error, /e\.g\. https:\/\/api\.example\.com\/v1/, bad);
		assert.deepEqual(checkPrefix(' hosted '), { prefix: 'hosted' });
		assert.deepEqual(checkPrefix(''), {});
		assert.match((checkPrefix('a b') as { error: string }).error, /letters, digits/);
	});

	it('appends a connection and keeps every other key and connection as it came', () => {
		const next = withConnection(base(), { url: 'http://127.0.0.1:11500/v1', key: 'sk-new', prefix: 'hosted' });
		assert.deepEqual(next.OPENAI_API_BASE_URLS, ['https://api.openai.com/v1', 'http://other/v1', 'http://127.0.0.1:11500/v1']);
		assert.deepEqual(next.OPENAI_API_KEYS, ['sk-one', 'sk-two', 'sk-new']);
		assert.deepEqual((next.OPENAI_API_CONFIGS as Record<string, unknown>)['1'], { enable: false, tags: ['x'] });
		assert.deepEqual((next.OPENAI_API_CONFIGS as Record<string, unknown>)['2'], { enable: true, tags: [], model_ids: [], prefix_id: 'hosted', connection_type: 'external' });
		assert.deepEqual(next.FUTURE_KEY, { kept: 1 });
	});

	it('turns the OpenAI API on (an update without it would store null = off) and pads short key lists', () => {
		const next = withConnection({ ENABLE_OPENAI_API: false, OPENAI_API_BASE_URLS: ['http://a/v1'], OPENAI_API_KEYS: [], OPENAI_API_CONFIGS: {} }, { url: 'http://b/v1', key: 'k' });
		assert.equal(next.ENABLE_OPENAI_API, true);
		assert.deepEqual(next.OPENAI_API_KEYS, ['', 'k']);
	});

	it('removes one connection and moves the later per-index configs down', () => {
		const three = withConnection(base(), { url: 'http://c/v1', key: 'sk-c' });
		const next = withoutConnection(three, 'http://OTHER/v1/')!;
		assert.deepEqual(next.OPENAI_API_BASE_URLS, ['https://api.openai.com/v1', 'http://c/v1']);
		assert.deepEqual(next.OPENAI_API_KEYS, ['sk-one', 'sk-c']);
		assert.deepEqual(Object.keys(next.OPENAI_API_CONFIGS as object), ['0', '1']);
		assert.equal(((next.OPENAI_API_CONFIGS as Record<string, { connection_type?: string }>)['1']).connection_type, 'external');
		assert.equal(withoutConnection(base(), 'http://nope/v1'), undefined);
	});

	it('redacts every key for logs', () => {
		const r = redactConfig({ ...base(), OPENAI_API_CONFIGS: { '0': { key: 'sk-inner' } } });
		assert.doesNotMatch(JSON.stringify(r), /sk-/);
		assert.deepEqual(r.OPENAI_API_KEYS, ['***', '***']);
	});

	it('adds through read-modify-write and checks after writing', async () => {
		const f = fakeApi(base());
		const r = await addConnection(f.api, { url: 'http://127.0.0.1:11500/v1', key: 'sk-new' }, { base: base() });
		assert.equal(r.type, 'added');
		assert.equal(r.type === 'added' && r.index, 2);
		assert.equal(f.writes.length, 1);
		assert.equal(findConnection(f.stored, 'http://127.0.0.1:11500/v1'), 2);
	});

	it('refuses to overwrite a change made since the user read the config, and writes nothing', async () => {
		const f = fakeApi(base(), { editBeforeNextRead: (c) => ({ ...c, OPENAI_API_BASE_URLS: [...(c.OPENAI_API_BASE_URLS as string[]), 'http://someone/v1'] }) });
		const r = await addConnection(f.api, { url: 'http://x/v1', key: 'k' }, { base: base() });
		assert.equal(r.type, 'conflict');
		assert.equal(f.writes.length, 0);
		const forced = await addConnection(f.api, { url: 'http://x/v1', key: 'k' }, { base: base(), force: true });
		assert.equal(forced.type, 'added');
		assert.ok((f.stored.OPENAI_API_BASE_URLS as string[]).includes('http://someone/v1'), 'the other edit survives');
	});

	it('does not add a connection twice', async () => {
		const f = fakeApi(base());
		assert.equal((await addConnection(f.api, { url: 'http://other/v1/', key: 'k' })).type, 'unchanged');
		assert.equal(f.writes.length, 0);
	});

	it('reports a write the server did not keep', async () => {
		const f = fakeApi(base(), { dropWrites: true });
		const r = await addConnection(f.api, { url: 'http://x/v1', key: 'k' });
		assert.equal(r.type, 'failed');
		assert.match(r.message, /did not keep the connection to http:\/\/x\/v1/);
	});

	it('fails with a clear message when the answer is not an OpenAI config', async () => {
		const f = fakeApi({ detail: 'Not Found' });
		const r = await addConnection(f.api, { url: 'http://x/v1', key: 'k' });
		assert.equal(r.type, 'failed');
		assert.match(r.message, /too old or not an Open WebUI/);
		assert.equal(f.writes.length, 0);
	});

	it('undo removes exactly the added connection and keeps edits made since', async () => {
		const f = fakeApi(base());
		await addConnection(f.api, { url: 'http://x/v1', key: 'k' });
		f.stored.OPENAI_API_BASE_URLS = [...(f.stored.OPENAI_API_BASE_URLS as string[]), 'http://later/v1'];
		f.stored.OPENAI_API_KEYS = [...(f.stored.OPENAI_API_KEYS as string[]), 'sk-later'];
		const r = await removeConnection(f.api, 'http://x/v1');
		assert.equal(r.type, 'removed');
		assert.deepEqual(f.stored.OPENAI_API_BASE_URLS, ['https://api.openai.com/v1', 'http://other/v1', 'http://later/v1']);
		assert.deepEqual(f.stored.OPENAI_API_KEYS, ['sk-one', 'sk-two', 'sk-later']);
		assert.equal((await removeConnection(f.api, 'http://x/v1')).type, 'unchanged');
	});

	it('undo switches the OpenAI API back off when the add switched it on', async () => {
		const off = { ...base(), ENABLE_OPENAI_API: false };
		const f = fakeApi(off);
		const added = await addConnection(f.api, { url: 'http://x/v1', key: 'k' });
		assert.equal(f.stored.ENABLE_OPENAI_API, true);
		await removeConnection(f.api, 'http://x/v1', { enable: added.type === 'added' ? added.wasEnabled : undefined });
		assert.deepEqual(f.stored, off);
	});

	it('lists the models of one connection by urlIdx, else by prefix', () => {
		const models = [
			{ id: 'llama3.2:3b', owned_by: 'ollama' },
			{ id: 'gpt-4o-mini', owned_by: 'openai', urlIdx: 0 },
			{ id: 'hosted.tiny', owned_by: 'openai', urlIdx: 2 },
			{ id: 'hosted.other', owned_by: 'openai' },
		];
		assert.deepEqual(modelsOfConnection(models, 2), ['hosted.tiny']);
		assert.deepEqual(modelsOfConnection(models, 3, 'hosted'), ['hosted.other']);
	});
});
