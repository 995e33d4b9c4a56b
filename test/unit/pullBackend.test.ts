import assert from 'node:assert/strict';
import { OllamaClient } from '../../src/clients/ollama';
import { startFakeOllama, type FakeOllama } from '../fakes/fakeOllama';
import { adminToken, startFakeOpenWebui, type FakeOpenWebui } from '../fakes/fakeOpenWebui';

describe('pull on one of several Ollama backends behind Open WebUI (unit, against the fakes)', () => {
	let ollama: FakeOllama;
	let owui: FakeOpenWebui;
	before(async () => {
		ollama = await startFakeOllama();
		ollama.state.pull.delayMs = 1;
		owui = await startFakeOpenWebui({ ollama: ollama.state });
	});
	after(async () => {
		await ollama.stop();
		await owui.stop();
	});

	it('withRoute({ backendIndex }) pulls through /ollama/api/pull/<index>, with the token, to success', async () => {
		const proxy = new OllamaClient({ baseUrl: owui.url, timeoutMs: 2000, token: () => adminToken }, { kind: 'openWebuiProxy' });
		const lines = [];
		for await (const l of proxy.withRoute({ kind: 'openWebuiProxy', backendIndex: 1 }).pull('gemma3:1b')) lines.push(l);
		assert.equal(lines.at(-1)?.status, 'success');
		const req = owui.requests.find((r) => r.method === 'POST' && r.path.startsWith('/ollama/api/pull'));
		assert.equal(req?.path, '/ollama/api/pull/1');
		assert.equal(req?.authorization, `Bearer ${adminToken}`);
		assert.deepEqual(req?.body, { model: 'gemma3:1b', name: 'gemma3:1b', stream: true });
	});

	it('without an index the proxy picks its default backend (/ollama/api/pull)', async () => {
		const proxy = new OllamaClient({ baseUrl: owui.url, timeoutMs: 2000, token: () => adminToken }, { kind: 'openWebuiProxy' });
		owui.requests.length = 0;
		for await (const _ of proxy.pull('gemma3:1b')) void _;
		assert.equal(owui.requests.find((r) => r.method === 'POST')?.path, '/ollama/api/pull');
	});
});
