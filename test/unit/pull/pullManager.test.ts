import assert from 'node:assert/strict';
import { OllamaClient } from '../../../src/clients/ollama';
import { PeerError } from '../../../src/clients/http';
import type { PullProgress } from '../../../src/clients/ollamaTypes';
import { PullManager, type PullEvent, type PullInfo, type PullSource } from '../../../src/pull/pullManager';
import { classifyPullError } from '../../../src/pull/pullErrors';
import { defaultOllamaState, hex64, startFakeOllama, tagModel, type FakeOllama, type RegistryModel } from '../../fakes/fakeOllama';
import { adminToken, startFakeOpenWebui, userToken, type FakeOpenWebui } from '../../fakes/fakeOpenWebui';
import { readFixture } from './fixtures';
import { waitFor } from './progress.test';

function registryModel(name: string, weights: number): RegistryModel {
	return {
		layers: [
			{ digest: `sha256:${hex64(`${name}-weights`)}`, size: weights },
			{ digest: `sha256:${hex64(`${name}-template`)}`, size: 1429 },
			{ digest: `sha256:${hex64(`${name}-params`)}`, size: 96 },
		],
		tag: tagModel(name, '1.5B', weights + 1525, { capabilities: ['completion'] }),
	};
}

describe('pull/pullManager against the fake Ollama (unit)', () => {
	let fake: FakeOllama;
	let manager: PullManager;
	let events: PullEvent[];
	const client = () => new OllamaClient({ baseUrl: fake.url, timeoutMs: 3000 });

	beforeEach(async () => {
		fake = await startFakeOllama();
		fake.state.registry['qwen2.5:1.5b'] = registryModel('qwen2.5:1.5b', 986_000_000);
		fake.state.registry['llama3.2:1b'] = registryModel('llama3.2:1b', 1_300_000_000);
		manager = new PullManager({ source: client(), throttleMs: 50 });
		events = [];
		manager.onEvent((e) => events.push(e));
	});
	afterEach(async () => {
		manager.dispose();
		await manager.settled();
		await fake.stop();
	});

	it('pulls a model: started, throttled progress, ended with the full total; the model is listed', async () => {
		const started = manager.start('gemma3:1b');
		assert.equal(started.state, 'running');
		assert.deepEqual(manager.snapshot().map((p) => [p.model, p.state]), [['gemma3:1b', 'running']]);
		const end = (await manager.wait(started.id))!;
		assert.equal(end.state, 'succeeded');
		assert.equal(end.message, 'gemma3:1b is ready.');
		assert.equal(end.progress.fraction, 1);
		assert.equal(end.progress.totalBytes, 815_000_000 + 358 + 77);
		assert.equal(end.progress.phase, 'done');
		assert.equal(events[0]?.type, 'started');
		assert.equal(events.at(-1)?.type, 'ended');
		assert.ok(events.some((e) => e.type === 'progress'));
		assert.equal(events.filter((e) => e.type === 'ended').length, 1);
		assert.deepEqual(manager.snapshot().map((p) => [p.model, p.state]), [['gemma3:1b', 'succeeded']]);
		// The fake lists the model and closes the response a tick after writing "success".
		await waitFor(() => fake.openRequests() === 0 && fake.state.models.some((m) => m.name === 'gemma3:1b'));
	});

	it('layers already on disk: the bar starts at their share and only the rest is downloaded', async () => {
		const entry = fake.state.registry['qwen2.5:1.5b']!;
		fake.state.pull.presentLayers = [entry.layers[0]!.digest];
		const seen: number[] = [];
		manager.onEvent((e) => e.type === 'progress' && e.pull.progress.totalBytes > 0 && seen.push(e.pull.progress.fraction));
		const end = (await manager.wait(manager.start('qwen2.5:1.5b').id))!;
		assert.equal(end.state, 'succeeded');
		assert.equal(end.progress.downloadedBytes, 1429 + 96);
		assert.equal(seen[0], 1, 'the weights layer arrives complete in one line');
		assert.equal(end.progress.totalBytes, 986_000_000 + 1429 + 96);
	});

	it('re-pulling an installed model: every layer present, success, nothing downloaded', async () => {
		const end = (await manager.wait(manager.start('gemma3:1b').id))!;
		assert.equal(end.state, 'succeeded');
		await waitFor(() => fake.state.models.some((m) => m.name === 'gemma3:1b'));
		const again = (await manager.wait(manager.start('gemma3:1b').id))!;
		assert.notEqual(again.id, end.id);
		assert.equal(again.state, 'succeeded');
		assert.equal(again.progress.downloadedBytes, 0);
		assert.equal(again.progress.layersDone, 3);
	});

	type ErrorCase = { name: string; model: string; arrange?: () => void; kind: PullInfo['errorKind']; message: string };
	const errorCases: ErrorCase[] = [
		{
			name: 'unknown model (200, then a final {error} line)',
			model: 'nosuchmodel:7b',
			kind: 'unknownModel',
			message: 'nosuchmodel:7b was not found in the Ollama library. Check the name and tag, for example llama3.2:3b.',
		},
		{
			name: 'unknown model (500, as when not streaming)',
			model: 'nosuchmodel:7b',
			arrange: () => fake.fault('/api/pull', { kind: 'status', status: 500, body: { error: 'pull model manifest: file does not exist' } }),
			kind: 'unknownModel',
			message: 'nosuchmodel:7b was not found in the Ollama library. Check the name and tag, for example llama3.2:3b.',
		},
		{ name: 'invalid name (400)', model: 'bad name', kind: 'invalidName', message: '"bad name" is not a valid model name. Use a name like llama3.2:3b.' },
		{
			name: 'connection lost mid-pull',
			model: 'qwen2.5:1.5b',
			arrange: () => (fake.state.pull.abortAfter = 3),
			kind: 'connectionLost',
			message: 'The connection to Ollama was lost while pulling qwen2.5:1.5b. Ollama keeps the partial download; pull again to resume.',
		},
		{
			name: 'stream ends without success',
			model: 'qwen2.5:1.5b',
			arrange: () => (fake.state.pull.endAfter = 4),
			kind: 'incomplete',
			message: 'The download of qwen2.5:1.5b stopped before it finished. Ollama keeps the partial download; pull again to resume.',
		},
		{
			name: 'server busy (503)',
			model: 'qwen2.5:1.5b',
			arrange: () => fake.fault('/api/pull', { kind: 'status', status: 503, body: { error: 'server busy, please try again.  maximum pending requests exceeded' } }),
			kind: 'busy',
			message: 'Ollama is busy (too many queued requests). Try pulling qwen2.5:1.5b again in a moment.',
		},
		{
			name: 'another error line mid-download keeps the server words',
			model: 'llama3.2:3b',
			arrange: () => (fake.state.registry['llama3.2:3b'] = { layers: [], tag: tagModel('llama3.2:3b', '3.2B', 2e9), script: readFixture('midStreamError') }),
			kind: 'server',
			message: 'Pulling llama3.2:3b failed: max retries exceeded: unexpected EOF',
		},
		{
			name: 'an empty 500 is a server failure, not "not in the library"',
			model: 'qwen2.5:1.5b',
			arrange: () => fake.fault('/api/pull', { kind: 'status', status: 500, body: '' }),
			kind: 'server',
			message: 'Pulling qwen2.5:1.5b failed: Ollama answered 500 to /api/pull',
		},
		{
			name: 'a null progress line is an unexpected answer, not a JavaScript error',
			model: 'qwen2.5:1.5b',
			arrange: () => (fake.state.pull.replaceLine = { index: 2, value: null }),
			kind: 'server',
			message: `Pulling qwen2.5:1.5b failed: Unexpected answer from Ollama at ${'{url}'} to /api/pull: a progress line is null.`,
		},
		{
			name: 'a line longer than 1 MiB stops the pull with a clear error',
			model: 'qwen2.5:1.5b',
			arrange: () => (fake.state.pull.hugeLine = { afterLines: 2, bytes: 3 * 1024 * 1024 }),
			kind: 'server',
			message: 'Pulling qwen2.5:1.5b failed: Ollama sent a line longer than 1 MiB from /api/pull; stopped reading it.',
		},
		{
			name: 'the server closes the socket before answering',
			model: 'qwen2.5:1.5b',
			arrange: () => fake.fault('/api/pull', { kind: 'destroy' }),
			kind: 'unreachable',
			message: 'Could not reach Ollama to pull qwen2.5:1.5b. Check that it is running and the URL in the settings.',
		},
	];
	for (const c of errorCases) {
		it(`fails with a clear message: ${c.name}`, async () => {
			c.arrange?.();
			const end = (await manager.wait(manager.start(c.model).id))!;
			assert.equal(end.state, 'failed');
			assert.equal(end.errorKind, c.kind, end.detail);
			assert.equal(end.message, c.message.replace('{url}', fake.url));
			assert.ok(end.detail && end.detail.length > 0);
			assert.equal(events.at(-1)?.type, 'ended');
			assert.equal(fake.state.models.some((m) => m.name === c.model), c.model === 'llama3.2:3b', 'a failed pull is not listed');
			await waitFor(() => fake.openRequests() === 0);
		});
	}

	it('a stalled pull (socket open, no bytes) fails after the idle timeout and says the partial download stays', async () => {
		fake.state.pull.stallAfter = 3;
		const m = new PullManager({ source: new OllamaClient({ baseUrl: fake.url, timeoutMs: 3000, streamIdleMs: 1000 }) });
		const end = (await m.wait(m.start('qwen2.5:1.5b').id))!;
		assert.equal(end.state, 'failed');
		assert.equal(end.errorKind, 'stalled');
		assert.equal(end.message, 'The download of qwen2.5:1.5b received nothing for 1 s, so it was stopped. Ollama keeps the partial download; pull again to resume.');
		assert.equal(end.progress.layersDone, 0);
		assert.ok(end.progress.downloadedBytes > 0, 'the progress seen so far is kept');
		await waitFor(() => fake.openRequests() === 0);
	});

	it('unreachable Ollama (nothing listening)', async () => {
		await fake.stop();
		const end = (await manager.wait(manager.start('qwen2.5:1.5b').id))!;
		assert.equal(end.errorKind, 'unreachable');
		fake = await startFakeOllama();
	});

	it('two pulls at once, cancelled independently; no request left open', async () => {
		fake.state.pull = { stepsPerLayer: 150, delayMs: 3 };
		const a = manager.start('qwen2.5:1.5b');
		const b = manager.start('llama3.2:1b');
		assert.notEqual(a.id, b.id);
		await waitFor(() => (manager.get(a.id)?.progress.completedBytes ?? 0) > 0 && (manager.get(b.id)?.progress.completedBytes ?? 0) > 0);
		assert.equal(fake.openRequests(), 2);
		assert.equal(manager.cancel(a.id), true);
		const endA = (await manager.wait(a.id))!;
		assert.equal(endA.state, 'cancelled');
		assert.equal(endA.message, 'Pull of qwen2.5:1.5b cancelled. Ollama keeps the partial download and resumes it next time.');
		assert.ok(endA.progress.fraction > 0 && endA.progress.fraction < 1);
		// B is untouched: still running and still moving.
		const bBefore = manager.get(b.id)!.progress.completedBytes;
		assert.equal(manager.get(b.id)?.state, 'running');
		await waitFor(() => manager.get(b.id)!.progress.completedBytes > bBefore);
		await waitFor(() => fake.openRequests() === 1);
		assert.equal(manager.cancel(b.id), true);
		assert.equal((await manager.wait(b.id))!.state, 'cancelled');
		await waitFor(() => fake.openRequests() === 0);
		assert.equal(manager.cancel(b.id), false, 'cancelling an ended pull is a no-op');
		assert.deepEqual(manager.snapshot().map((p) => [p.model, p.state]), [['llama3.2:1b', 'cancelled'], ['qwen2.5:1.5b', 'cancelled']]);
		assert.equal(fake.state.models.some((m) => m.name === 'qwen2.5:1.5b' || m.name === 'llama3.2:1b'), false);
	});

	it('cancel while waiting for the response head also closes the request', async () => {
		fake.fault('/api/pull', { kind: 'delay', ms: 300 });
		const p = manager.start('qwen2.5:1.5b');
		await waitFor(() => fake.openRequests() === 1);
		manager.cancel(p.id);
		assert.equal((await manager.wait(p.id))!.state, 'cancelled');
		await waitFor(() => fake.openRequests() === 0);
	});

	it('the same model twice is one pull; one cancelled pull does not stop the other one', async () => {
		fake.state.pull = { stepsPerLayer: 100, delayMs: 2 };
		const a = manager.start('qwen2.5:1.5b');
		assert.equal(manager.start(' qwen2.5:1.5b ').id, a.id);
		assert.equal(manager.runningCount, 1);
		const b = manager.start('gemma3:1b');
		manager.cancel(a.id);
		assert.equal((await manager.wait(b.id))!.state, 'succeeded');
		assert.equal((await manager.wait(a.id))!.state, 'cancelled');
	});

	it('throttles progress events but always delivers the final state', async () => {
		fake.state.pull = { stepsPerLayer: 300, delayMs: 1 };
		const p = manager.start('qwen2.5:1.5b');
		const end = (await manager.wait(p.id))!;
		const lines = 1 + 3 * 301 + 3;
		const progress = events.filter((e) => e.type === 'progress');
		assert.ok(progress.length < lines / 5, `${progress.length} progress events for ${lines} lines`);
		assert.ok(progress.length >= 5, 'phase changes (manifest, downloading, verifying, writing, done) each go out');
		assert.equal(end.progress.fraction, 1);
		assert.deepEqual(events.at(-1), { type: 'ended', pull: end });
		assert.equal(manager.get(p.id), end);
	});

	it('dispose cancels running pulls, emits nothing more and leaves nothing open', async () => {
		fake.state.pull = { stepsPerLayer: 200, delayMs: 3 };
		const p = manager.start('qwen2.5:1.5b');
		await waitFor(() => (manager.get(p.id)?.progress.completedBytes ?? 0) > 0);
		const count = events.length;
		manager.dispose();
		await manager.settled();
		assert.equal(events.length, count);
		assert.equal(manager.get(p.id)?.state, 'cancelled');
		await waitFor(() => fake.openRequests() === 0);
		assert.throws(() => manager.start('gemma3:1b'), /disposed/);
	});
});

describe('pull/pullManager with scripted sources (unit)', () => {
	const source = (lines: PullProgress[], error?: Error): PullSource => ({
		async *pull() {
			for (const l of lines) yield l;
			if (error) throw error;
		},
	});

	it('a source that ends quietly without success is an incomplete pull', async () => {
		const m = new PullManager({ source: source([{ status: 'pulling manifest' }]) });
		const end = (await m.wait(m.start('x:1b').id))!;
		assert.equal(end.errorKind, 'incomplete');
	});

	it('a throwing listener does not stop the pull or the other listeners', async () => {
		const errors: unknown[] = [];
		const m = new PullManager({ source: source(readFixture('alreadyPresent')), onListenerError: (e) => errors.push(e) });
		const seen: string[] = [];
		m.onEvent(() => {
			throw new Error('listener bug');
		});
		const sub = m.onEvent((e) => seen.push(e.type));
		const end = (await m.wait(m.start('llama3.2:3b').id))!;
		assert.equal(end.state, 'succeeded');
		assert.equal(seen[0], 'started');
		assert.equal(seen.at(-1), 'ended');
		assert.ok(errors.length >= 2);
		sub.dispose();
		await m.wait(m.start('again:1b').id);
		assert.equal(seen.at(-1), 'ended');
		assert.equal(seen.filter((s) => s === 'started').length, 1, 'a disposed subscription hears nothing');
	});

	it('keeps the newest ended pulls only, and dismiss forgets one', async () => {
		const m = new PullManager({ source: source(readFixture('alreadyPresent')), keepFinished: 2 });
		for (const n of ['a:1b', 'b:1b', 'c:1b']) await m.wait(m.start(n).id);
		assert.deepEqual(m.snapshot().map((p) => p.model), ['c:1b', 'b:1b']);
		m.dismiss(m.snapshot()[0]!.id);
		assert.deepEqual(m.snapshot().map((p) => p.model), ['b:1b']);
	});

	it('classifies errors by kind and status', () => {
		const cases: [unknown, boolean, string][] = [
			[new PeerError('http', 'ollama', 'x', { status: 400, serverMessage: 'invalid model name' }), false, 'invalidName'],
			[new PeerError('http', 'ollama', 'x', { status: 503 }), false, 'busy'],
			[new PeerError('http', 'ollama', 'x', { status: 500 }), false, 'server'],
			[new PeerError('http', 'ollama', 'x', { status: 500, serverMessage: 'write /root/.ollama: no space left on device' }), false, 'server'],
			[new PeerError('http', 'ollama', 'x', { serverMessage: 'pull model manifest: file does not exist' }), true, 'unknownModel'],
			[new PeerError('auth', 'openWebui', 'x', { status: 401 }), false, 'auth'],
			[new PeerError('unreachable', 'ollama', 'The download of m stopped before it finished (the stream ended without "success").'), true, 'incomplete'],
			[new PeerError('unreachable', 'ollama', 'The connection to Ollama at http://x was lost.'), true, 'connectionLost'],
			[new PeerError('unreachable', 'ollama', 'Ollama not reachable at http://x (ECONNREFUSED).'), false, 'unreachable'],
			[new PeerError('timeout', 'ollama', 'x'), false, 'timeout'],
			[new PeerError('timeout', 'ollama', 'x', { idleMs: 60_000 }), true, 'stalled'],
			[new Error('boom'), false, 'server'],
		];
		for (const [e, saw, kind] of cases) assert.equal(classifyPullError(e, saw), kind, String((e as Error).message));
	});
});

describe("pull/pullManager through Open WebUI's /ollama proxy (unit)", () => {
	let owui: FakeOpenWebui;
	afterEach(async () => owui?.stop());

	it('pulls on the chosen backend as an admin; a plain user gets the auth message', async () => {
		const ollama = defaultOllamaState();
		owui = await startFakeOpenWebui({ ollama });
		const viaProxy = (token: string) => new OllamaClient({ baseUrl: owui.url, timeoutMs: 3000, token: () => token }, { kind: 'openWebuiProxy', backendIndex: 1 });
		const m = new PullManager({ source: viaProxy(adminToken) });
		const ok = (await m.wait(m.start('gemma3:1b', { backend: 'http://laptop:11434' }).id))!;
		assert.equal(ok.state, 'succeeded');
		assert.equal(ok.backend, 'http://laptop:11434');
		assert.ok(owui.requests.some((r) => r.path === '/ollama/api/pull/1'));
		const denied = (await m.wait(m.start('gemma3:1b', { source: viaProxy(userToken) }).id))!;
		assert.equal(denied.errorKind, 'auth');
		assert.equal(denied.message, 'Not allowed to pull gemma3:1b. Through Open WebUI, pulling needs an admin account.');
	});
});
