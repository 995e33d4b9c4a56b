// Pulls end to end inside the extension host, against a fake Ollama started here: the pull command
// is called with a model name, as the contract allows, and resolves with the final PullInfo. The
// fake's registry, tags and request log show what really happened on the wire.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionSnapshot } from '../../../src/connection/connectionService';
import type { PullInfo } from '../../../src/pull/pullManager';
import { commandIds, settingKeys } from '../../../src/shared/ids';
import { startFakeOllama, type FakeOllama } from '../../fakes/fakeOllama';
import { activated, config, count, waitFor } from './helpers';

const pullModel = (model: string) => vscode.commands.executeCommand<PullInfo | undefined>(commandIds.pullModel, model);
const refresh = () => vscode.commands.executeCommand<ConnectionSnapshot>(commandIds.refresh);

/** A pull that never settles would hang mocha until its own timeout with no hint: fail with one. */
function settled<T>(p: Thenable<T>, what: string, ms = 15_000): Promise<T> {
	return Promise.race([Promise.resolve(p), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms))]);
}

describe('pull (integration-api)', () => {
	let ollama: FakeOllama;
	const previous: Record<string, unknown> = {};
	const keys = [settingKeys.ollamaUrl, settingKeys.ollamaVia];
	const pulls = () => ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/pull');

	before(async () => {
		await activated();
		ollama = await startFakeOllama();
		for (const k of keys) previous[k] = config().inspect(k)?.globalValue;
		await config().update(settingKeys.ollamaVia, 'direct', vscode.ConfigurationTarget.Global);
		await config().update(settingKeys.ollamaUrl, ollama.url, vscode.ConfigurationTarget.Global);
		// The settings change starts its own check; wait until the extension's client is this fake's.
		await waitFor(`Ollama connected at ${ollama.url}`, async () => {
			const s = await refresh();
			return s.ollama.kind === 'connected' && s.ollama.url === ollama.url;
		});
	});

	after(async () => {
		for (const k of keys) await config().update(k, previous[k], vscode.ConfigurationTarget.Global);
		await ollama?.stop();
	});

	it('pullModel gemma3:1b resolves "succeeded"; the model is then in the fake\'s tags', async () => {
		assert.ok(ollama.state.registry['gemma3:1b'], 'precondition: the fake registry has gemma3:1b');
		assert.ok(!ollama.state.models.some((m) => m.name === 'gemma3:1b'), 'precondition: gemma3:1b is not installed');
		const from = pulls().length;
		const r = await settled(pullModel('gemma3:1b'), 'pullModel gemma3:1b');
		assert.ok(r, 'the command returned no PullInfo');
		assert.equal(r.state, 'succeeded', JSON.stringify(r));
		assert.equal(r.model, 'gemma3:1b');
		assert.equal(r.message, 'gemma3:1b is ready.');
		assert.equal(r.progress.fraction, 1);
		assert.equal(r.progress.totalBytes, ollama.state.registry['gemma3:1b'].layers.reduce((n, l) => n + l.size, 0), 'every layer counted');
		assert.ok(r.endedAt !== undefined && r.endedAt >= r.startedAt);
		const sent = pulls().slice(from);
		assert.equal(sent.length, 1, 'one POST /api/pull');
		assert.deepEqual(sent[0].body, { model: 'gemma3:1b', name: 'gemma3:1b', stream: true });
		// The fake adds the model once it has written its last line and slept delayMs; the client
		// returns on "success" before that (real Ollama writes the manifest first): allow a moment.
		await waitFor('gemma3:1b in the fake\'s /api/tags', () => ollama.state.models.some((m) => m.name === 'gemma3:1b'), 2_000);
		// And the extension reads it back from /api/tags (its models list refreshes after a success).
		await waitFor('a GET /api/tags after the pull', () => ollama.requests.some((q) => q.method === 'GET' && q.path === '/api/tags' && q.at >= sent[0].at), 10_000);
		await waitFor('no request left open on the fake', () => ollama.openRequests() === 0, 5_000);
	});

	it('pulling a model the library does not have resolves "failed" with the server\'s message', async () => {
		const from = pulls().length;
		const before = ollama.state.models.map((m) => m.name);
		const r = await settled(pullModel('nosuchmodel:7b'), 'pullModel nosuchmodel:7b');
		assert.ok(r, 'the command returned no PullInfo');
		assert.equal(r.state, 'failed', JSON.stringify(r));
		assert.equal(r.model, 'nosuchmodel:7b');
		assert.equal(r.errorKind, 'unknownModel', JSON.stringify(r));
		assert.match(r.message ?? '', /^nosuchmodel:7b was not found in the Ollama library\./);
		// The server's own words stay in the detail (the log shows them).
		assert.match(r.detail ?? '', /pull model manifest: file does not exist/);
		assert.equal(pulls().length - from, 1, 'the request did reach the server');
		assert.deepEqual(ollama.state.models.map((m) => m.name), before, 'nothing was added to the tags');
		await waitFor('no request left open on the fake', () => ollama.openRequests() === 0, 5_000);
	});

	it('an invalid model name is refused with a clear error and never sent', async () => {
		const from = pulls().length;
		for (const bad of ['llama 3.2:3b', 'llama3.2::3b', ':3b']) {
			await assert.rejects(
				settled(pullModel(bad), `pullModel ${JSON.stringify(bad)}`),
				(e: Error) => {
					assert.equal(e.message, `"${bad}" is not a model name Ollama accepts (e.g. llama3.2:3b).`);
					return true;
				},
				`"${bad}" was accepted`,
			);
		}
		assert.equal(pulls().length, from, 'an invalid name reached the server');
		assert.equal(count(ollama.requests, 'POST', '/api/pull'), from);
	});
});
