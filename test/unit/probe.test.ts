import assert from 'node:assert/strict';
import { createClients } from '../../src/clients/factory';
import type { RequestLogEntry } from '../../src/clients/http';
import { probeConnections, type OllamaVia } from '../../src/connection/probe';
import { startFakeHttp } from '../fakes/fakeHttp';
import { startFakeOllama, type FakeOllama } from '../fakes/fakeOllama';
import { adminKey, adminToken, startFakeOpenWebui, userToken, type FakeOpenWebui } from '../fakes/fakeOpenWebui';
import { english } from '../../src/shared/l10n';

describe('connection probe: the states a user sees', () => {
	let ollama: FakeOllama;
	let owui: FakeOpenWebui;
	beforeEach(async () => {
		ollama = await startFakeOllama();
		owui = await startFakeOpenWebui({ ollama: ollama.state });
	});
	afterEach(async () => {
		await ollama.stop();
		await owui.stop();
	});
	const probe = (o: { token?: string; via?: OllamaVia; ollamaUrl?: string; openWebuiUrl?: string } = {}) =>
		probeConnections({ ollamaUrl: o.ollamaUrl ?? ollama.url, openWebuiUrl: o.openWebuiUrl ?? owui.url, via: o.via ?? 'auto', timeoutMs: 500, token: o.token }, english);
	const actionIds = (v: { actions?: readonly { id: string }[] }) => (v.actions ?? []).map((a) => a.id);

	it('both up, signed in as admin', async () => {
		const r = await probe({ token: adminToken });
		assert.equal(r.ollama.kind, 'connected');
		assert.equal(r.ollama.kind === 'connected' && r.ollama.version, '0.24.0');
		assert.equal(r.ollama.kind === 'connected' && r.ollama.via, 'direct');
		assert.equal(r.openWebui.kind, 'signedIn');
		assert.equal(r.openWebui.message, 'Signed in to Open WebUI 0.11.4 as Ada Admin (admin).');
		assert.equal(r.openWebui.kind === 'signedIn' && r.openWebui.isAdmin, true);
		assert.ok(r.ollamaClient);
	});

	it('Open WebUI 0.12 (no API keys on /api/v1/auths/): the key is checked elsewhere and the role found', async () => {
		owui.state.keysNeedHumanSession = true;
		const r = await probe({ token: adminKey });
		assert.equal(r.openWebui.kind, 'signedIn');
		assert.equal(r.openWebui.kind === 'signedIn' && r.openWebui.isAdmin, true);
		assert.ok(owui.requests.some((x) => x.path === '/api/v1/auths/admin/config'));
		owui.state.tokens[`sk-${'c'.repeat(32)}`] = { id: 'u2', name: 'Uma', role: 'user' };
		const u = await probe({ token: `sk-${'c'.repeat(32)}` });
		assert.equal(u.openWebui.kind === 'signedIn' && u.openWebui.isAdmin, false);
		const bad = await probe({ token: `sk-${'d'.repeat(32)}` });
		assert.equal(bad.openWebui.kind, 'keyRejected');
	});

	it('an API key works like a token', async () => {
		const r = await probe({ token: adminKey });
		assert.equal(r.openWebui.kind, 'signedIn');
	});

	it('Ollama down: "not reachable at <url>" with Retry and Open settings', async () => {
		const url = ollama.url;
		await ollama.stop();
		const r = await probe({ token: userToken });
		assert.equal(r.ollama.kind, 'unreachable');
		assert.equal(r.ollama.message, `Ollama not reachable at ${url}. Start Ollama (\`ollama serve\`) or fix the URL.`);
		assert.deepEqual(actionIds(r.ollama as never), ['retry', 'openSettings']);
		assert.equal(r.ollamaClient, undefined);
	});

	it('auto: Ollama down but admin on Open WebUI → through the proxy, and says so', async () => {
		const direct = ollama.url;
		const server = await startFakeOllama(); // the proxy's backend keeps running inside the fake Open WebUI
		await server.stop();
		const r = await probe({ token: adminToken, ollamaUrl: server.url });
		assert.equal(r.ollama.kind, 'connected');
		assert.equal(r.ollama.kind === 'connected' && r.ollama.via, 'openWebui');
		assert.equal(r.ollama.message, `Ollama is not reachable at ${server.url}, so requests go through Open WebUI's proxy at ${owui.url} (Ollama 0.24.0).`);
		assert.notEqual(direct, server.url);
		// The client really talks to the proxy, with the token.
		const tags = await r.ollamaClient!.tags();
		assert.ok(tags.models.length > 0);
		assert.equal(owui.requests.at(-1)?.path, '/ollama/api/tags');
	});

	it('auto: Ollama down and only a non-admin → no proxy (pull and ps need admin)', async () => {
		const server = await startFakeOllama();
		await server.stop();
		const r = await probe({ token: userToken, ollamaUrl: server.url });
		assert.equal(r.ollama.kind, 'unreachable');
	});

	it('via=openWebui without sign-in explains what is needed', async () => {
		const r = await probe({ via: 'openWebui' });
		assert.equal(r.ollama.kind, 'error');
		assert.match(r.ollama.kind === 'error' ? r.ollama.message : '', /needs an admin sign-in/);
		assert.deepEqual(actionIds(r.ollama as never), ['signIn', 'openSettings']);
	});

	it('Open WebUI down: not reachable, with the port hint', async () => {
		const url = owui.url;
		await owui.stop();
		const r = await probe({ token: adminToken });
		assert.equal(r.openWebui.kind, 'unreachable');
		assert.equal(r.openWebui.message, `Open WebUI not reachable at ${url}. Start it, or fix the URL (Docker maps port 3000 to 8080).`);
		assert.deepEqual(actionIds(r.openWebui as never), ['retry', 'configureConnection']);
	});

	it('an HTML page on /api/version is "not an Open WebUI API", not success', async () => {
		owui.fault('/api/version', { kind: 'html' });
		const r = await probe({ token: adminToken });
		assert.equal(r.openWebui.kind, 'notOpenWebui');
		assert.equal(r.openWebui.message, `${owui.url} answered, but it is not an Open WebUI API. Check the URL and port.`);
	});

	it('Ollama URL pointed at Open WebUI (which also answers /api/version) is "not Ollama", not connected', async () => {
		const r = await probe({ ollamaUrl: owui.url, via: 'direct' });
		assert.equal(r.ollama.kind, 'error');
		assert.equal(r.ollama.kind === 'error' ? r.ollama.message : '', `${owui.url} answers, but it is not Ollama (it looks like a web app such as Open WebUI). Ollama usually listens on port 11434.`);
		assert.equal(r.ollamaClient, undefined);
	});

	it('both URLs serve a web page: one message that names both servers, in both places', async () => {
		const page = await startFakeHttp(() => [], { fallbackHtml: true });
		const page2 = await startFakeHttp(() => [], { fallbackHtml: true });
		try {
			const r = await probe({ ollamaUrl: page.url, openWebuiUrl: page2.url, token: adminToken });
			const want = `Both URLs answer with a web page, not an API: Ollama at ${page.url} and Open WebUI at ${page2.url}. Ollama usually listens on port 11434; Open WebUI on the port you open in the browser (Docker maps 3000 to 8080). Check both URLs.`;
			assert.equal(r.ollama.kind, 'error');
			assert.equal(r.ollama.kind === 'error' ? r.ollama.message : '', want);
			assert.equal(r.openWebui.kind, 'notOpenWebui');
			assert.equal(r.openWebui.message, want);
		} finally {
			await page.stop();
			await page2.stop();
		}
	});

	it('reachable, not signed in → Sign in', async () => {
		const r = await probe();
		assert.equal(r.openWebui.kind, 'signedOut');
		assert.equal(r.openWebui.message, `Open WebUI 0.11.4 at ${owui.url}: not signed in. Sign in with an API key or your email and password.`);
		assert.deepEqual(actionIds(r.openWebui as never), ['signIn']);
	});

	it('key rejected (401)', async () => {
		const r = await probe({ token: 'sk-0000000000000000000000000000dead' });
		assert.equal(r.openWebui.kind, 'keyRejected');
		assert.equal(r.openWebui.message, 'Open WebUI rejected the stored key or token (Your session has expired or the token is invalid. Please sign in again.). Sign in again.');
	});

	it('API keys disabled (403) says an admin must enable them, and where', async () => {
		owui.state.apiKeysEnabled = false;
		const r = await probe({ token: adminKey });
		assert.equal(r.openWebui.kind, 'keyRejected');
		assert.match(r.openWebui.message, /API keys are not enabled\. An admin must turn on Admin Panel → Settings → Authentication → "API Keys"/);
	});

	it('non-admin: can read, cannot change task settings', async () => {
		const r = await probe({ token: userToken });
		assert.equal(r.openWebui.kind, 'signedIn');
		assert.equal(r.openWebui.message, 'Signed in as Uma User (user): can read, cannot change task settings. An admin account is needed for changes.');
		assert.equal(r.openWebui.kind === 'signedIn' && r.openWebui.isAdmin, false);
	});

	it('pending account', async () => {
		owui.state.tokens['eyJ.pending'] = { id: 'p', name: 'Pat', role: 'pending' };
		const r = await probe({ token: 'eyJ.pending' });
		assert.match(r.openWebui.kind === 'signedIn' ? r.openWebui.message : '', /still pending: an admin must approve it/);
	});

	it('older Open WebUI answering 403 "Not authenticated" without a token still reads as signed out', async () => {
		owui.state.notAuthenticatedStatus = 403;
		const r = await probe();
		assert.equal(r.openWebui.kind, 'signedOut');
	});

	it('never sends the token to Ollama', async () => {
		await probe({ token: adminToken });
		assert.ok(ollama.requests.every((r) => r.authorization === undefined));
	});
});

describe('client factory: every request the probe makes reaches the log', () => {
	it('the direct Ollama, Open WebUI and the proxy clients all come from the factory it is given', async () => {
		const ollama = await startFakeOllama();
		const owui = await startFakeOpenWebui({ ollama: ollama.state });
		try {
			const seen: RequestLogEntry[] = [];
			const result = await probeConnections({ ollamaUrl: 'http://127.0.0.1:9', openWebuiUrl: owui.url, via: 'auto', timeoutMs: 500, token: adminToken, clients: createClients((e) => seen.push(e)) }, english);
			assert.equal(result.ollama.kind, 'connected');
			const lines = seen.map((e) => `${e.peer} ${e.method} ${e.path} ${e.status ?? e.error}`);
			assert.ok(lines.includes('ollama GET /api/version unreachable'), `the direct try:\n${lines.join('\n')}`);
			assert.ok(lines.includes('openWebui GET /api/version 200'), lines.join('\n'));
			assert.ok(lines.includes('ollama GET /api/version 200'), `the proxy (Ollama paths, /ollama prefix):\n${lines.join('\n')}`);
			assert.ok(seen.every((e) => !JSON.stringify(e).includes(adminToken)), 'a token reached the log');
			// Clients made later from the probe's answer (used for every later request) log too.
			const before = seen.length;
			await result.ollamaClient!.tags();
			assert.equal(seen.length, before + 1);
		} finally {
			await ollama.stop();
			await owui.stop();
		}
	});
});
