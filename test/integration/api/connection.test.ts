// The extension's HTTP behaviour seen from the fakes' request logs: a URL change re-checks at once,
// refresh re-reads both servers, and a server that goes away does not break refresh.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandIds, settingKeys } from '../../../src/shared/ids';
import { startFakeOllama, type FakeOllama } from '../../fakes/fakeOllama';
import { startFakeOpenWebui, type FakeOpenWebui } from '../../fakes/fakeOpenWebui';
import { activated, config, count, waitFor } from './helpers';

suite('connection (integration-api)', () => {
	let ollama: FakeOllama;
	let openWebui: FakeOpenWebui;
	const previous: Record<string, unknown> = {};

	suiteSetup(async () => {
		await activated();
		ollama = await startFakeOllama();
		openWebui = await startFakeOpenWebui({ ollama: ollama.state });
		for (const k of [settingKeys.ollamaUrl, settingKeys.openWebuiUrl]) previous[k] = config().inspect(k)?.globalValue;
	});

	suiteTeardown(async () => {
		for (const [k, v] of Object.entries(previous)) await config().update(k, v, vscode.ConfigurationTarget.Global);
		await ollama?.stop();
		await openWebui?.stop();
	});

	test('changing the Ollama URL checks the new server at once', async () => {
		await config().update(settingKeys.ollamaUrl, ollama.url, vscode.ConfigurationTarget.Global);
		await waitFor('GET /api/version on the new Ollama URL', () => count(ollama.requests, 'GET', '/api/version') > 0, 5_000);
	});

	test('changing the Open WebUI URL checks version and config at once', async () => {
		await config().update(settingKeys.openWebuiUrl, openWebui.url, vscode.ConfigurationTarget.Global);
		await waitFor(
			'GET /api/version and /api/config on the new Open WebUI URL',
			() => count(openWebui.requests, 'GET', '/api/version') > 0 && count(openWebui.requests, 'GET', '/api/config') > 0,
			5_000,
		);
	});

	test('refresh re-reads both servers', async () => {
		const o = count(ollama.requests, 'GET', '/api/version');
		const w = count(openWebui.requests, 'GET', '/api/version');
		await vscode.commands.executeCommand(commandIds.refresh);
		await waitFor(
			'a new /api/version request on both fakes',
			() => count(ollama.requests, 'GET', '/api/version') > o && count(openWebui.requests, 'GET', '/api/version') > w,
			5_000,
		);
	});

	test('no request carries a credential while signed out', async () => {
		const withAuth = [...ollama.requests, ...openWebui.requests].filter((r) => r.authorization);
		assert.deepEqual(
			withAuth.map((r) => `${r.method} ${r.path}`),
			[],
		);
	});

	test('refresh settles when Ollama has gone away', async () => {
		await ollama.stop();
		const w = count(openWebui.requests, 'GET', '/api/version');
		// Must neither throw nor hang: the offline state is shown, not raised.
		await Promise.race([
			vscode.commands.executeCommand(commandIds.refresh),
			new Promise((_, reject) => setTimeout(() => reject(new Error('refresh did not settle within 8 s')), 8_000)),
		]);
		await waitFor('Open WebUI still checked while Ollama is down', () => count(openWebui.requests, 'GET', '/api/version') > w, 5_000);
	});
});
