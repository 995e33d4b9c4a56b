// Issue 12 against the real peers: a small redirecting loopback proxy in front of the real Open
// WebUI (a credential or a task config never follows a redirect; a redirected write is a failure),
// a lossless task-config round-trip through the real server (an integer above 2^53 in
// TASK_MODEL_PARAMS), and a pull that goes silent (a registry that never answers the manifest)
// stopped by the idle timeout.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OllamaClient } from '../../src/clients/ollama';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import type { TaskConfig } from '../../src/clients/openWebuiTypes';
import { PullManager } from '../../src/pull/pullManager';
import { topLevelMembers } from '../../src/tasks/rawJson';
import { TaskConfigService, type TaskConfigApi } from '../../src/tasks/taskConfig';
import { startFakeHttp, type FakeHttpServer } from '../fakes/fakeHttp';
import { compareVersions, needCredential, needOllama, skipBecause } from './harness';
import { expectPeerError, openWebuiSlots, peerFor } from './harness/testing';

/** Forwards everything to `target`, except `redirects` (method + path → [status, Location]). */
async function startRedirectingProxy(target: string) {
	const redirects = new Map<string, [number, string]>();
	const seen: string[] = [];
	const srv = http.createServer((req, res) => {
		const key = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`;
		seen.push(key);
		const hop = redirects.get(key);
		if (hop) {
			req.resume();
			res.writeHead(hop[0], { location: hop[1], 'content-length': 0 });
			return res.end();
		}
		const to = new URL(req.url ?? '/', target);
		const fwd = http.request(to, { method: req.method, headers: { ...req.headers, host: to.host } }, (up) => {
			res.writeHead(up.statusCode ?? 502, up.headers);
			up.pipe(res);
		});
		fwd.on('error', () => res.destroy());
		req.pipe(fwd);
	});
	await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
	return {
		url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
		redirects,
		seen,
		stop: () =>
			new Promise<void>((ok) => {
				srv.closeAllConnections();
				srv.close(() => ok());
			}),
	};
}

const api = (c: OpenWebuiClient): TaskConfigApi => ({ read: (s) => c.taskConfig(s), readRaw: (s) => c.taskConfigRaw(s), write: (x, s, b) => c.updateTaskConfig(x, s, b) });

const slot = openWebuiSlots()[0];

(slot ? describe : describe.skip)(`e2e: hostile paths against real Open WebUI ${slot ?? ''} and Ollama`, function () {
	this.timeout(90_000);
	let proxy: Awaited<ReturnType<typeof startRedirectingProxy>> | undefined;
	let elsewhere: FakeHttpServer | undefined;
	afterEach(async () => {
		await proxy?.stop();
		await elsewhere?.stop();
		proxy = elsewhere = undefined;
	});
	const setup = async () => {
		elsewhere = await startFakeHttp(() => [
			{ method: 'POST', path: /.*/, handler: () => ({ body: { token: 'from-elsewhere', id: 'x', role: 'admin' } }) },
			{ method: 'GET', path: /.*/, handler: () => ({ body: { version: '9.9.9' } }) },
		]);
	};

	it('sign-in redirected (307) to another host: the email and password never leave; the error names the redirect', async function () {
		const peer = peerFor(slot!, this);
		if (!peer.accounts) skipBecause(this, 'needs the harness-made accounts');
		await setup();
		proxy = await startRedirectingProxy(peer.url);
		proxy.redirects.set('POST /api/v1/auths/signin', [307, `${elsewhere!.url}/api/v1/auths/signin`]);
		const c = new OpenWebuiClient({ baseUrl: proxy.url, timeoutMs: 30_000 });
		assert.equal((await c.version()).version, peer.version, 'the proxy forwards everything else to the real server');
		const e = await expectPeerError(c.signIn(peer.accounts!.adminEmail, peer.accounts!.password), 'http');
		assert.equal(e.status, 307);
		assert.match(e.message, /redirects to another server are not followed, so nothing was sent to http:\/\/127\.0\.0\.1:\d+/);
		assert.equal(elsewhere!.requests.length, 0, 'nothing reached the other host');
	});

	it('tasks/config/update redirected (307, and a same-origin 302): a failed write, the real config unchanged, no undo entry', async function () {
		const peer = peerFor(slot!, this);
		const token = needCredential(this, peer, 'adminToken');
		await setup();
		proxy = await startRedirectingProxy(peer.url);
		const direct = new OpenWebuiClient({ baseUrl: peer.url, timeoutMs: 30_000, token: () => token });
		const before = await direct.taskConfig();
		const via = new OpenWebuiClient({ baseUrl: proxy.url, timeoutMs: 30_000, token: () => token });
		for (const [status, location] of [
			[307, `${elsewhere!.url}/api/v1/tasks/config/update`],
			[302, '/api/v1/tasks/config'],
		] as const) {
			proxy.redirects.set('POST /api/v1/tasks/config/update', [status, location]);
			const written: unknown[] = [];
			const r = await new TaskConfigService({ api: api(via), onWritten: (w) => void written.push(w) }).update({ ENABLE_TAGS_GENERATION: before.ENABLE_TAGS_GENERATION !== true });
			assert.equal(r.type, 'failed', `${status}: ${r.message}`);
			assert.match(r.message, new RegExp(`answered POST /api/v1/tasks/config/update with a redirect \\(${status}\\)`));
			assert.deepEqual(written, [], `${status}: no undo entry`);
			assert.deepEqual(await direct.taskConfig(), before, `${status}: the real server still has its config`);
		}
		assert.equal(elsewhere!.requests.length, 0, 'the config never went to the other host');
		assert.ok(!proxy.seen.includes('GET /api/v1/tasks/config/update'), 'a 302 did not turn the POST into a GET');
	});

	it('untouched task-config values survive a write byte for byte (an integer above 2^53 in TASK_MODEL_PARAMS)', async function () {
		const peer = peerFor(slot!, this);
		const token = needCredential(this, peer, 'adminToken');
		const c = new OpenWebuiClient({ baseUrl: peer.url, timeoutMs: 30_000, token: () => token });
		const original = await c.taskConfigRaw();
		const members = topLevelMembers(original.bytes);
		const params = members?.find((m) => m.key === 'TASK_MODEL_PARAMS');
		if (!params || compareVersions(peer.version, '0.12.0') < 0) skipBecause(this, `Open WebUI ${peer.version} has no TASK_MODEL_PARAMS`);
		const span = (bytes: Uint8Array) => {
			const m = topLevelMembers(bytes)!.find((x) => x.key === 'TASK_MODEL_PARAMS')!;
			return Buffer.from(bytes.subarray(m.start, m.end)).toString('utf8');
		};
		const seeded = Buffer.concat([
			Buffer.from(original.bytes.subarray(0, params!.start)),
			Buffer.from('{"seed": 18446744073709551615, "__proto__": {"a": 1}, "note": "naïve ✓"}', 'utf8'),
			Buffer.from(original.bytes.subarray(params!.end)),
		]);
		try {
			await c.updateTaskConfig({}, undefined, seeded);
			const stored = await c.taskConfigRaw();
			assert.match(span(stored.bytes), /18446744073709551615/, 'the real server keeps the exact integer');
			const was = (stored.value as TaskConfig).TASK_MODEL;
			const r = await new TaskConfigService({ api: api(c) }).update({ TASK_MODEL: was === 'llama3.2:3b' ? '' : 'llama3.2:3b' });
			assert.equal(r.type, 'written', r.message);
			const after = await c.taskConfigRaw();
			assert.equal(span(after.bytes), span(stored.bytes), 'TASK_MODEL_PARAMS came back byte for byte');
			assert.notEqual((after.value as TaskConfig).TASK_MODEL, was);
		} finally {
			await c.updateTaskConfig({}, undefined, original.bytes);
		}
	});

	it('a pull whose stream goes silent (the registry never answers the manifest) stops at the idle timeout', async function () {
		const ollamaUrl = needOllama(this, { managed: true });
		const hung: http.ServerResponse[] = [];
		const seen: string[] = [];
		const registry = http.createServer((req, res) => {
			seen.push(`${req.method} ${req.url}`);
			hung.push(res); // never answered: Ollama has sent "pulling manifest" and now sends nothing
		});
		await new Promise<void>((ok) => registry.listen(0, '127.0.0.1', ok));
		const port = (registry.address() as AddressInfo).port;
		try {
			const client = new OllamaClient({ baseUrl: ollamaUrl, timeoutMs: 20_000, streamIdleMs: 3000 });
			const manager = new PullManager({ source: { pull: (m, o) => client.pull(m, { ...o, insecure: true }) } });
			const started = Date.now();
			const end = (await manager.wait(manager.start(`127.0.0.1:${port}/library/stalled:1b`).id))!;
			assert.equal(end.state, 'failed', end.message);
			assert.equal(end.errorKind, 'stalled', end.detail);
			assert.equal(end.message, `The download of 127.0.0.1:${port}/library/stalled:1b received nothing for 3 s, so it was stopped. Ollama keeps the partial download; pull again to resume.`);
			assert.ok(Date.now() - started < 30_000);
			assert.ok(seen.some((s) => s.includes('/manifests/')), `Ollama asked the registry: ${seen.join(', ')}`);
			assert.ok(Array.isArray((await client.tags()).models), 'Ollama still answers');
		} finally {
			for (const r of hung) r.destroy();
			registry.closeAllConnections();
			await new Promise<void>((ok) => registry.close(() => ok()));
		}
	});
});
