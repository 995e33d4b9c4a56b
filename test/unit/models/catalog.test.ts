import assert from 'node:assert/strict';
import { OllamaClient } from '../../../src/clients/ollama';
import type { PsModel, ShowResponse, TagModel } from '../../../src/clients/ollamaTypes';
import { buildCatalog, canonicalName, idMatchesModel, loadedInfo, type ModelRow } from '../../../src/models/catalog';
import { queryRows } from '../../../src/shared/modelQuery';
import { needsShow, ShowCache, type ShowSource } from '../../../src/models/showCache';
import { gib, startFakeOllama, tagModel, type FakeOllama } from '../../fakes/fakeOllama';

const now = Date.parse('2026-11-25T12:00:00Z');

function ps(name: string, size: number, sizeVram: number, expiresAt: string, extra: Partial<PsModel> = {}): PsModel {
	return { name, model: name, size, size_vram: sizeVram, expires_at: expiresAt, context_length: 4096, ...extra };
}

describe('models/catalog (unit)', () => {
	const tags: TagModel[] = [
		tagModel('llama3.1:8b', '8.0B', 4.9 * gib, { capabilities: ['completion', 'tools'] }),
		tagModel('qwen3:4b', '4.0B', 2.5 * gib, { capabilities: ['completion', 'tools', 'thinking'] }),
		tagModel('llama3.2:3b', '3.2B', 2.0 * gib, { capabilities: ['completion', 'tools'], urls: [0, 1] }),
		tagModel('nomic-embed-text:latest', '137M', 0.27 * gib, { capabilities: ['embedding'], family: 'nomic-bert', quantization: 'F16' }),
		tagModel('gpt-oss:120b-cloud', '116.8B', 384, { capabilities: ['completion', 'thinking'], remote_model: 'gpt-oss:120b', remote_host: 'https://ollama.com:443' }),
	];

	it('merges tags and ps into rows with human sizes, parameters and loaded info', () => {
		const rows = buildCatalog({
			tags,
			ps: [ps('llama3.1:8b', 6_500_000_000, 6_500_000_000, '2026-11-25T12:04:10Z'), ps('llama3.2:3b', 4_000_000_000, 1_600_000_000, '2318-01-01T00:00:00Z', { context_length: 8192 })],
			now,
			taskModel: { local: 'llama3.2:3b', external: 'myprefix.qwen3:4b' },
			backendLabels: ['http://gpu-box:11434', 'http://laptop:11434'],
		});
		assert.equal(rows.length, 5);
		const [big, qwen, small, embed, cloud] = rows as [ModelRow, ModelRow, ModelRow, ModelRow, ModelRow];
		assert.equal(big.sizeLabel, '5.3 GB');
		assert.equal(big.parameters, 8e9);
		assert.equal(big.parametersLabel, '8B');
		assert.equal(big.quantization, 'Q4_K_M');
		assert.equal(big.family, 'llama');
		assert.deepEqual(big.loaded && { p: big.loaded.processorLabel, share: big.loaded.gpuShare, left: big.loaded.unloadsInLabel, mem: big.loaded.memoryLabel }, { p: '100% GPU', share: 1, left: '4 min', mem: '6.5 GB' });
		assert.equal(big.loaded?.unloadsInMs, 250_000);
		assert.equal(small.loaded?.processorLabel, '60% CPU / 40% GPU');
		assert.equal(small.loaded?.gpuShare, 0.4);
		assert.equal(small.loaded?.contextLength, 8192);
		assert.equal(small.loaded?.unloadsInMs, Number.POSITIVE_INFINITY);
		// Kept in memory for good: no "unloads in …" label (the UI leaves the countdown out).
		assert.equal(small.loaded?.unloadsInLabel, undefined);
		assert.deepEqual(small.backends, [{ index: 0, label: 'http://gpu-box:11434' }, { index: 1, label: 'http://laptop:11434' }]);
		assert.deepEqual(small.isTaskModel, { local: true, external: false });
		assert.deepEqual(qwen.isTaskModel, { local: false, external: true });
		assert.equal(qwen.loaded, undefined);
		assert.equal(embed.parameters, 137e6);
		assert.deepEqual(embed.capabilities, ['embedding']);
		assert.equal(cloud.cloud, true);
		assert.equal(cloud.remoteHost, 'https://ollama.com:443');
		assert.equal(cloud.capabilitiesSource, 'tags');
		// A cloud stub's 384 bytes say nothing about the model (issue 12).
		assert.equal(cloud.sizeLabel, 'cloud');
	});

	it('keeps a loaded model that /api/tags no longer lists', () => {
		const rows = buildCatalog({ tags: [], ps: [ps('ghost:1b', 1e9, 0, '2026-11-25T12:00:30Z')], now });
		assert.equal(rows.length, 1);
		assert.equal(rows[0]?.sizeBytes, 0);
		assert.equal(rows[0]?.loaded?.processorLabel, '100% CPU');
		assert.equal(rows[0]?.loaded?.unloadsInLabel, '30 s');
	});

	it('matches ps by canonical name and Open WebUI ids with a prefix or without :latest', () => {
		assert.equal(canonicalName('llama3.2'), 'llama3.2:latest');
		assert.equal(canonicalName('hf.co/org/model:Q4'), 'hf.co/org/model:Q4');
		assert.equal(idMatchesModel('llama3.2', 'llama3.2:latest'), true);
		assert.equal(idMatchesModel('work.llama3.2:3b', 'llama3.2:3b'), true);
		assert.equal(idMatchesModel('llama3.2:1b', 'llama3.2:3b'), false);
		assert.equal(idMatchesModel('', 'llama3.2:3b'), false);
		assert.equal(idMatchesModel(null, 'llama3.2:3b'), false);
		const rows = buildCatalog({ tags: [tagModel('phi3:latest', '3.8B', 2.2e9)], ps: [ps('phi3', 3e9, 3e9, '2026-11-25T12:10:00Z')], now });
		assert.equal(rows.length, 1);
		assert.ok(rows[0]?.loaded);
	});

	it('reads an Open WebUI proxy expires_at given as unix seconds', () => {
		const info = loadedInfo({ name: 'x', size: 100, size_vram: 0, expires_at: String(now / 1000 + 60) as unknown as string }, now);
		assert.equal(info.unloadsInMs, undefined, 'a numeric string is not RFC3339');
		const viaProxy = loadedInfo({ name: 'x', size: 100, size_vram: 25, expires_at: (now / 1000 + 60) as unknown as string }, now);
		assert.equal(viaProxy.unloadsInMs, 60_000);
		assert.equal(viaProxy.processorLabel, '75% CPU / 25% GPU');
	});

	it('falls back to /api/show for capabilities and parameters on servers before 0.30', () => {
		const old = [tagModel('llama3.2:3b', '', 2e9), tagModel('mxbai-embed-large:latest', '334M', 0.67e9)];
		const shows: Record<string, ShowResponse> = {
			'llama3.2:3b': { capabilities: ['completion', 'tools'], model_info: { 'general.parameter_count': 3_212_749_888, 'general.architecture': 'llama', 'llama.context_length': 131072 } },
			'mxbai-embed-large:latest': { capabilities: ['embedding'], model_info: {} },
		};
		const without = buildCatalog({ tags: old, now });
		assert.equal(without[0]?.capabilitiesSource, 'unknown');
		assert.deepEqual(without[0]?.capabilities, []);
		assert.equal(without[0]?.parametersSource, 'none');
		const withShow = buildCatalog({ tags: old, now, show: (t) => shows[t.name] });
		assert.deepEqual(withShow[0]?.capabilities, ['completion', 'tools']);
		assert.equal(withShow[0]?.capabilitiesSource, 'show');
		assert.equal(withShow[0]?.parameters, 3_212_749_888);
		assert.equal(withShow[0]?.parametersSource, 'show');
		assert.equal(withShow[0]?.contextLength, 131072);
		assert.deepEqual(withShow[1]?.capabilities, ['embedding']);
		assert.equal(withShow[1]?.parametersSource, 'details');
	});

	it('sorts by size, name and parameters, filters candidates and searches', () => {
		const rows = buildCatalog({ tags, now });
		const names = (r: ModelRow[]) => r.map((x) => x.name);
		assert.deepEqual(names(queryRows(rows, { sortBy: 'size' })), ['llama3.1:8b', 'qwen3:4b', 'llama3.2:3b', 'nomic-embed-text:latest', 'gpt-oss:120b-cloud']);
		assert.deepEqual(names(queryRows(rows, { sortBy: 'size', descending: false })).slice(0, 2), ['gpt-oss:120b-cloud', 'nomic-embed-text:latest']);
		assert.deepEqual(names(queryRows(rows, { sortBy: 'name' })), ['gpt-oss:120b-cloud', 'llama3.1:8b', 'llama3.2:3b', 'nomic-embed-text:latest', 'qwen3:4b']);
		assert.deepEqual(names(queryRows(rows, { sortBy: 'parameters' })), ['gpt-oss:120b-cloud', 'llama3.1:8b', 'qwen3:4b', 'llama3.2:3b', 'nomic-embed-text:latest']);
		const small = (r: ModelRow) => (r.parameters ?? Infinity) <= 4.5e9;
		assert.deepEqual(names(queryRows(rows, { sortBy: 'name', candidatesOnly: true }, small)), ['llama3.2:3b', 'nomic-embed-text:latest', 'qwen3:4b']);
		assert.deepEqual(names(queryRows(rows, { search: 'LLAMA tools' })), ['llama3.1:8b', 'llama3.2:3b']);
		assert.deepEqual(names(queryRows(rows, { search: 'thinking cloud' })), ['gpt-oss:120b-cloud']);
		assert.deepEqual(names(queryRows(rows, { search: 'f16' })), ['nomic-embed-text:latest']);
		assert.deepEqual(queryRows(rows, { search: 'nothing-like-this' }), []);
	});
});

describe('models/showCache against the fake Ollama (unit)', () => {
	let fake: FakeOllama;
	afterEach(async () => fake?.stop());

	function counting(client: OllamaClient): ShowSource & { max: number; calls: string[] } {
		let inFlight = 0;
		const src = {
			max: 0,
			calls: [] as string[],
			async show(model: string, signal?: AbortSignal) {
				inFlight++;
				src.max = Math.max(src.max, inFlight);
				src.calls.push(model);
				try {
					return await client.show(model, signal);
				} finally {
					inFlight--;
				}
			},
		};
		return src;
	}

	it('fetches /api/show for 200 capability-less models at most 4 at a time, once per digest', async () => {
		const models = Array.from({ length: 200 }, (_, i) => tagModel(`m${i}:1b`, i % 2 ? '1.2B' : '', 1e9));
		fake = await startFakeOllama({ state: { version: '0.29.0', models } });
		fake.fault('/api/show', { kind: 'delay', ms: 15 });
		const client = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
		const src = counting(client);
		const cache = new ShowCache(src, { concurrency: 4 });
		let serverMax = 0;
		const sampler = setInterval(() => (serverMax = Math.max(serverMax, fake.openRequests())), 2);
		const seen: string[] = [];
		const res = await cache.ensure((await client.tags()).models, { onResult: (m) => seen.push(m) });
		clearInterval(sampler);
		assert.equal(res.fetched, 200);
		assert.equal(src.max, 4);
		assert.ok(serverMax <= 4 && serverMax >= 2, `server saw ${serverMax} at once`);
		assert.equal(fake.requests.filter((r) => r.path === '/api/show').length, 200);
		assert.equal(seen.length, 200);
		assert.deepEqual(cache.get(models[7]!)?.capabilities, ['completion']);
		// Cached: a second refresh asks nothing.
		const again = await cache.ensure(models);
		assert.equal(again.fetched, 0);
		assert.equal(fake.requests.filter((r) => r.path === '/api/show').length, 200);
	});

	it('asks nothing on 0.30+ servers whose tags carry capabilities and sizes', async () => {
		fake = await startFakeOllama();
		const client = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
		const cache = new ShowCache(client);
		const { models } = await client.tags();
		assert.equal(models.filter(needsShow).length, 0);
		assert.equal((await cache.ensure(models)).fetched, 0);
		assert.equal(fake.requests.filter((r) => r.path === '/api/show').length, 0);
	});

	it('stops on abort without caching or rejecting, and remembers real failures', async () => {
		const models = Array.from({ length: 40 }, (_, i) => tagModel(`a${i}:1b`, '1B', 1e9));
		fake = await startFakeOllama({ state: { models } });
		fake.fault('/api/show', { kind: 'delay', ms: 40 });
		const client = new OllamaClient({ baseUrl: fake.url, timeoutMs: 5000 });
		const cache = new ShowCache(client, { concurrency: 4 });
		const ac = new AbortController();
		let answers = 0;
		const res = await cache.ensure(models, { signal: ac.signal, onResult: () => ++answers === 2 && ac.abort() });
		assert.equal(res.aborted, true);
		assert.ok(res.fetched >= 2 && res.fetched <= 5, `fetched ${res.fetched}`);
		assert.equal(res.failed.length, 0);
		assert.ok(fake.requests.filter((r) => r.path === '/api/show').length <= 12);
		await waitFor(() => fake.openRequests() === 0);

		fake.clearFaults();
		const ghost = tagModel('ghost:1b', '1B', 1e9);
		const failed = await cache.ensure([ghost]);
		assert.deepEqual(failed.failed.map((f) => f.model), ['ghost:1b']);
		assert.match(cache.failure(ghost) ?? '', /404/);
		assert.equal((await cache.ensure([ghost])).failed.length, 0, 'a known failure is not retried');
		assert.equal((await cache.ensure([ghost], { retryFailed: true })).failed.length, 1);
		cache.prune([]);
		assert.equal(cache.failure(ghost), undefined);
	});
});

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
	const end = Date.now() + ms;
	while (!cond()) {
		if (Date.now() > end) throw new Error('timed out waiting');
		await new Promise((r) => setTimeout(r, 5));
	}
}
