// Connection states end to end inside the extension host, against fakes started here: commands are
// called with arguments, as the contract allows, and return the snapshot the status bar and panel show.
// The fakes' request logs show what really went over the wire.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionSnapshot } from '../../../src/connection/connectionService';
import { commandIds, settingKeys } from '../../../src/shared/ids';
import { startFakeOllama, type FakeOllama } from '../../fakes/fakeOllama';
import { adminKey, plainUser, startFakeOpenWebui, type FakeOpenWebui } from '../../fakes/fakeOpenWebui';
import { activated, config, count, waitFor } from './helpers';

const refresh = () => vscode.commands.executeCommand<ConnectionSnapshot>(commandIds.refresh);
const signIn = (args: { apiKey?: string; email?: string; password?: string }) =>
	vscode.commands.executeCommand<{ ok: boolean; role?: string; message?: string }>(commandIds.signIn, args);

describe('connection (integration-api)', () => {
	let ollama: FakeOllama;
	let openWebui: FakeOpenWebui;
	const previous: Record<string, unknown> = {};
	const keys = [settingKeys.ollamaUrl, settingKeys.openWebuiUrl, settingKeys.ollamaVia];

	before(async () => {
		await activated();
		ollama = await startFakeOllama();
		openWebui = await startFakeOpenWebui({ ollama: ollama.state });
		for (const k of keys) previous[k] = config().inspect(k)?.globalValue;
		await config().update(settingKeys.ollamaVia, 'direct', vscode.ConfigurationTarget.Global);
	});

	after(async () => {
		await vscode.commands.executeCommand(commandIds.signOut);
		for (const k of keys) await config().update(k, previous[k], vscode.ConfigurationTarget.Global);
		await ollama?.stop();
		await openWebui?.stop();
	});

	it('changing the Ollama URL checks the new server at once', async () => {
		await config().update(settingKeys.ollamaUrl, ollama.url, vscode.ConfigurationTarget.Global);
		await waitFor('GET /api/version on the new Ollama URL', () => count(ollama.requests, 'GET', '/api/version') > 0, 10_000);
	});

	it('changing the Open WebUI URL checks version and config at once', async () => {
		await config().update(settingKeys.openWebuiUrl, openWebui.url, vscode.ConfigurationTarget.Global);
		await waitFor(
			'GET /api/version and /api/config on the new Open WebUI URL',
			() => count(openWebui.requests, 'GET', '/api/version') > 0 && count(openWebui.requests, 'GET', '/api/config') > 0,
			10_000,
		);
	});

	it('configureConnection with arguments refuses a non-URL and leaves the setting alone', async () => {
		const before = config().get<string>(settingKeys.ollamaUrl);
		await assert.rejects(
			Promise.resolve(vscode.commands.executeCommand(commandIds.configureConnection, { ollamaUrl: 'localhost 11434' })),
			/is not a URL/,
		);
		assert.equal(config().get<string>(settingKeys.ollamaUrl), before);
	});

	it('configureConnection with arguments saves both URLs and returns the new state', async () => {
		const s = await vscode.commands.executeCommand<ConnectionSnapshot>(commandIds.configureConnection, { ollamaUrl: `${ollama.url}/`, openWebuiUrl: openWebui.url });
		assert.equal(config().get<string>(settingKeys.ollamaUrl), ollama.url, 'saved without the trailing slash');
		assert.equal(config().get<string>(settingKeys.openWebuiUrl), openWebui.url);
		assert.equal(s.ollama.kind, 'connected');
		assert.equal(s.openWebui.kind, 'signedOut');
	});

	it('refresh re-reads both servers and reports Ollama connected, Open WebUI signed out', async () => {
		const o = count(ollama.requests, 'GET', '/api/version');
		const w = count(openWebui.requests, 'GET', '/api/version');
		const s = await refresh();
		assert.ok(count(ollama.requests, 'GET', '/api/version') > o, 'no new Ollama /api/version');
		assert.ok(count(openWebui.requests, 'GET', '/api/version') > w, 'no new Open WebUI /api/version');
		assert.equal(s.ollama.kind, 'connected');
		assert.equal(s.ollama.kind === 'connected' && s.ollama.version, ollama.state.version);
		assert.equal(s.ollama.kind === 'connected' && s.ollama.message, `Ollama ${ollama.state.version} at ${ollama.url}`);
		assert.equal(s.openWebui.kind, 'signedOut');
		assert.ok(s.openWebui.kind === 'signedOut' && s.openWebui.actions.some((a) => a.id === 'signIn'), 'signed out offers Sign in');
	});

	it('no request carries a credential while signed out', () => {
		const withAuth = [...ollama.requests, ...openWebui.requests].filter((r) => r.authorization);
		assert.deepEqual(
			withAuth.map((r) => `${r.method} ${r.path}`),
			[],
		);
	});

	it('an unknown key is refused with the server message and nothing is stored', async () => {
		const r = await signIn({ apiKey: `sk-${'0'.repeat(32)}` });
		assert.equal(r.ok, false);
		assert.match(r.message ?? '', /rejected/i);
		const s = await refresh();
		assert.equal(s.openWebui.kind, 'signedOut');
	});

	it('signing in with an admin API key: stored, sent as a Bearer header, admin state', async () => {
		const r = await signIn({ apiKey: adminKey });
		assert.deepEqual(r, { ok: true, role: 'admin' });
		const s = await refresh();
		assert.equal(s.openWebui.kind, 'signedIn');
		assert.ok(s.openWebui.kind === 'signedIn' && s.openWebui.isAdmin);
		const authed = openWebui.requests.filter((q) => q.path === '/api/v1/auths/' && q.authorization === `Bearer ${adminKey}`);
		assert.ok(authed.length > 0, 'the key was never sent to /api/v1/auths/');
		// Ollama is direct: it never sees the Open WebUI key.
		assert.equal(ollama.requests.filter((q) => q.authorization).length, 0);
	});

	it('signing in with email and password keeps the token; a non-admin can read but not change', async () => {
		const r = await signIn({ email: plainUser.email, password: plainUser.password });
		assert.deepEqual(r, { ok: true, role: 'user' });
		const s = await refresh();
		assert.equal(s.openWebui.kind, 'signedIn');
		assert.ok(s.openWebui.kind === 'signedIn' && !s.openWebui.isAdmin);
		assert.match(s.openWebui.message, /cannot change task settings/);
		const signin = openWebui.requests.filter((q) => q.method === 'POST' && q.path === '/api/v1/auths/signin');
		assert.equal(signin.length, 1);
		const last = openWebui.requests.filter((q) => q.path === '/api/v1/auths/').at(-1);
		assert.match(last?.authorization ?? '', /^Bearer eyJ\./, 'the returned token is what is sent afterwards');
	});

	it('a wrong password is refused with the server message', async () => {
		const r = await signIn({ email: plainUser.email, password: 'wrong' });
		assert.equal(r.ok, false);
		assert.match(r.message ?? '', /email or password provided is incorrect/);
	});

	it('sign out forgets the token: the next checks carry no credential', async () => {
		await vscode.commands.executeCommand(commandIds.signOut);
		const from = openWebui.requests.length;
		const s = await refresh();
		assert.equal(s.openWebui.kind, 'signedOut');
		assert.deepEqual(
			openWebui.requests.slice(from).filter((q) => q.authorization).map((q) => q.path),
			[],
		);
	});

	it('API keys disabled on the server: the key is refused and the message says an admin must enable them', async () => {
		openWebui.state.apiKeysEnabled = false;
		try {
			const r = await signIn({ apiKey: adminKey });
			assert.equal(r.ok, false);
			assert.match(r.message ?? '', /API keys are not enabled/);
			assert.match(r.message ?? '', /Admin Panel/);
		} finally {
			openWebui.state.apiKeysEnabled = true;
		}
	});

	it('a stored key the server no longer accepts shows "key rejected" with Sign in', async () => {
		assert.deepEqual(await signIn({ apiKey: adminKey }), { ok: true, role: 'admin' });
		const user = openWebui.state.tokens[adminKey];
		delete openWebui.state.tokens[adminKey];
		try {
			const s = await refresh();
			assert.equal(s.openWebui.kind, 'keyRejected', JSON.stringify(s.openWebui));
			assert.ok(s.openWebui.kind === 'keyRejected' && s.openWebui.actions.some((a) => a.id === 'signIn'));
		} finally {
			openWebui.state.tokens[adminKey] = user;
			await vscode.commands.executeCommand(commandIds.signOut);
		}
	});

	it('an HTML answer on /api/version reads as "not an Open WebUI API", not success', async () => {
		openWebui.fault('/api/version', { kind: 'html' });
		try {
			const s = await refresh();
			assert.equal(s.openWebui.kind, 'notOpenWebui');
			assert.match(s.openWebui.kind === 'notOpenWebui' ? s.openWebui.message : '', /not an Open WebUI API/);
		} finally {
			openWebui.clearFaults();
		}
	});

	it('refresh after Ollama stops reports "not reachable" with Retry and Open settings', async () => {
		await ollama.stop();
		const s = await Promise.race([
			refresh(),
			new Promise<never>((_, reject) => setTimeout(() => reject(new Error('refresh did not settle within 15 s')), 15_000)),
		]);
		assert.equal(s.ollama.kind, 'unreachable');
		assert.ok(s.ollama.kind === 'unreachable' && s.ollama.message.startsWith(`Ollama not reachable at ${ollama.url}`), JSON.stringify(s.ollama));
		assert.deepEqual(
			s.ollama.kind === 'unreachable' && s.ollama.actions.map((a) => a.id),
			['retry', 'openSettings'],
		);
		assert.equal(s.openWebui.kind, 'signedOut', 'Open WebUI is still checked while Ollama is down');
	});

	it('via auto with Ollama down and an admin session goes through Open WebUI\'s proxy', async () => {
		await config().update(settingKeys.ollamaVia, 'auto', vscode.ConfigurationTarget.Global);
		assert.deepEqual(await signIn({ apiKey: adminKey }), { ok: true, role: 'admin' });
		const s = await refresh();
		assert.equal(s.ollama.kind, 'connected', JSON.stringify(s.ollama));
		assert.ok(s.ollama.kind === 'connected' && s.ollama.via === 'openWebui');
		assert.match(s.ollama.kind === 'connected' ? s.ollama.message : '', /proxy/);
		const proxied = openWebui.requests.filter((q) => q.path === '/ollama/api/version' && q.authorization === `Bearer ${adminKey}`);
		assert.ok(proxied.length > 0, 'no authenticated /ollama/api/version request');
	});
});
