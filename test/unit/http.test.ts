import assert from 'node:assert/strict';
import http from 'node:http';
import { HttpClient, PeerError, checkUrl, extractServerMessage, isPeerError, type RequestLogEntry } from '../../src/clients/http';
import { OllamaClient } from '../../src/clients/ollama';
import { OpenWebuiClient } from '../../src/clients/openWebui';
import { startFakeHttp } from '../fakes/fakeHttp';
import { startFakeOllama, type FakeOllama } from '../fakes/fakeOllama';
import { startFakeOpenWebui, adminToken, type FakeOpenWebui } from '../fakes/fakeOpenWebui';

async function rejects(p: Promise<unknown>): Promise<PeerError> {
	try {
		await p;
	} catch (e) {
		assert.ok(e instanceof PeerError, `expected PeerError, got ${String(e)}`);
		return e;
	}
	assert.fail('expected a rejection');
}

describe('http client errors (against the loopback fakes)', () => {
	let ollama: FakeOllama;
	let owui: FakeOpenWebui;
	let log: RequestLogEntry[];
	const client = () => new OllamaClient({ baseUrl: ollama.url, timeoutMs: 400, onRequest: (e) => log.push(e) });
	const webui = (token?: string) => new OpenWebuiClient({ baseUrl: owui.url, timeoutMs: 400, token: () => token, onRequest: (e) => log.push(e) });

	beforeEach(async () => {
		log = [];
		ollama = await startFakeOllama();
		owui = await startFakeOpenWebui({ ollama: ollama.state });
	});
	afterEach(async () => {
		await ollama.stop();
		await owui.stop();
	});

	it('succeeds and logs method, path, status and duration but no token', async () => {
		const v = await webui(adminToken).sessionUser();
		assert.equal(v.role, 'admin');
		assert.equal(log.length, 1);
		assert.equal(log[0].method, 'GET');
		assert.equal(log[0].path, '/api/v1/auths/');
		assert.equal(log[0].status, 200);
		assert.equal(typeof log[0].ms, 'number');
		assert.ok(!JSON.stringify(log).includes(adminToken));
		assert.equal(owui.requests.at(-1)?.authorization, `Bearer ${adminToken}`);
	});

	it('unreachable: a refused connection says where it looked', async () => {
		const url = ollama.url;
		await ollama.stop();
		const e = await rejects(client().version());
		assert.equal(e.kind, 'unreachable');
		assert.equal(e.message, `Ollama not reachable at ${url} (ECONNREFUSED).`);
		assert.equal(log[0].error, 'unreachable');
	});

	it('unreachable: the server closes the socket without answering', async () => {
		ollama.fault('/api/version', { kind: 'destroy' });
		const e = await rejects(client().version());
		assert.equal(e.kind, 'unreachable');
		assert.match(e.message, /^(Ollama not reachable at|The connection to Ollama at) http:\/\/127\.0\.0\.1:\d+/);
	});

	it('timeout: a server that hangs past the per-request timeout', async () => {
		ollama.fault('/api/tags', { kind: 'hang' });
		const e = await rejects(client().tags());
		assert.equal(e.kind, 'timeout');
		assert.equal(e.message, `Ollama at ${ollama.url} did not answer /api/tags within 0.4 s.`);
	});

	it('aborted: the caller cancels', async () => {
		ollama.fault('/api/tags', { kind: 'hang' });
		const c = new AbortController();
		const p = client().tags(c.signal);
		setTimeout(() => c.abort(), 50);
		const e = await rejects(p);
		assert.equal(e.kind, 'aborted');
	});

	it('auth: 401 with Open WebUI {detail} keeps the server message', async () => {
		const e = await rejects(webui('eyJ.expired').sessionUser());
		assert.equal(e.kind, 'auth');
		assert.equal(e.status, 401);
		assert.equal(e.serverMessage, 'Your session has expired or the token is invalid. Please sign in again.');
		assert.match(e.message, /^Open WebUI answered 401 to \/api\/v1\/auths\/: Your session has expired/);
	});

	it('auth: 403 "API key not enabled"', async () => {
		owui.state.apiKeysEnabled = false;
		const e = await rejects(webui(`sk-${'b'.repeat(32)}`).sessionUser());
		assert.equal(e.kind, 'auth');
		assert.equal(e.status, 403);
		assert.equal(e.serverMessage, 'Use of API key is not enabled in the environment.');
	});

	it('http: 500 with Ollama {error} keeps the server message', async () => {
		ollama.fault('/api/tags', { kind: 'status', status: 500, body: { error: 'llama runner process has terminated' } });
		const e = await rejects(client().tags());
		assert.equal(e.kind, 'http');
		assert.equal(e.status, 500);
		assert.equal(e.message, 'Ollama answered 500 to /api/tags: llama runner process has terminated');
	});

	it('http: 404 for an unknown model', async () => {
		const e = await rejects(client().show('nope:1b'));
		assert.equal(e.kind, 'http');
		assert.equal(e.serverMessage, "model 'nope:1b' not found");
	});

	it('parse: an HTML page with 200 is "not the API", not success', async () => {
		const e = await rejects(new HttpClient({ peer: 'openWebui', baseUrl: owui.url, timeoutMs: 400 }).json('GET', '/api/v1/no-such-thing'));
		assert.equal(e.kind, 'parse');
		assert.equal(e.message, `${owui.url}/api/v1/no-such-thing answered with a web page, not JSON: this is not the Open WebUI API. Check the URL (and its port).`);
	});

	it('parse: Ollama pointed at an Open WebUI URL', async () => {
		const e = await rejects(new OllamaClient({ baseUrl: owui.url, timeoutMs: 400 }).tags());
		assert.equal(e.kind, 'parse');
		assert.match(e.message, /answered with a web page, not JSON: this is not the Ollama API/);
	});

	it('parse: a JSON body that stops early says it was cut off', async () => {
		ollama.fault('/api/tags', { kind: 'badJson' });
		const e = await rejects(client().tags());
		assert.equal(e.kind, 'parse');
		assert.equal(e.detail.truncated, true);
		assert.equal(e.message, 'The answer from Ollama to /api/tags was cut off (incomplete JSON). Try again; if it keeps happening, check the connection or proxy in front of Ollama.');
	});

	it('parse: malformed JSON', async () => {
		ollama.fault('/api/tags', { kind: 'status', status: 200, body: '{"models": nope}' });
		const e = await rejects(client().tags());
		assert.equal(e.kind, 'parse');
		assert.equal(e.detail.truncated, false);
		assert.equal(e.message, 'Ollama sent malformed JSON from /api/tags.');
	});

	it('a slow drip that finishes inside the timeout is fine', async () => {
		ollama.fault('/api/version', { kind: 'drip', chunkDelayMs: 5 });
		assert.deepEqual(await new OllamaClient({ baseUrl: ollama.url, timeoutMs: 5000 }).version(), { version: '0.24.0' });
	});

	it('an empty 200 body (DELETE /api/delete) resolves', async () => {
		await client().delete('llama3.2:3b');
		assert.ok(!ollama.state.models.some((m) => m.name === 'llama3.2:3b'));
	});
});

describe('ndjson streams', () => {
	let ollama: FakeOllama;
	beforeEach(async () => {
		ollama = await startFakeOllama();
		ollama.state.pull.delayMs = 2;
	});
	afterEach(() => ollama.stop());

	it('pull yields every line and ends on success', async () => {
		const lines = [];
		for await (const l of new OllamaClient({ baseUrl: ollama.url, timeoutMs: 1000 }).pull('gemma3:1b')) lines.push(l);
		assert.equal(lines[0].status, 'pulling manifest');
		assert.equal(lines.at(-1)?.status, 'success');
		assert.ok(lines.some((l) => l.digest && l.completed === l.total));
	});

	it('pull throws the server error from a final {error} line (HTTP 200)', async () => {
		const e = await rejects((async () => {
			for await (const _ of new OllamaClient({ baseUrl: ollama.url, timeoutMs: 1000 }).pull('no-such:model')) void _;
		})());
		assert.equal(e.message, 'Pulling no-such:model failed: pull model manifest: file does not exist');
		assert.equal(e.serverMessage, 'pull model manifest: file does not exist');
	});

	it('pull throws when the stream ends without success', async () => {
		ollama.fault('/api/pull', { kind: 'status', status: 200, body: '{"status":"pulling manifest"}\n', contentType: 'application/x-ndjson' });
		const e = await rejects((async () => {
			for await (const _ of new OllamaClient({ baseUrl: ollama.url, timeoutMs: 1000 }).pull('gemma3:1b')) void _;
		})());
		assert.equal(e.kind, 'unreachable');
		assert.match(e.message, /stopped before it finished/);
	});

	it('a connection lost mid-stream is "unreachable: connection lost", not success', async () => {
		ollama.state.pull.delayMs = 5;
		const cut = await startFakeHttp(() => [
			{ method: 'POST', path: '/api/pull', handler: () => ({ stream: { lines: [{ status: 'pulling manifest' }, { status: 'pulling abc', digest: 'sha256:abc', total: 10, completed: 1 }], abortAfter: 2, delayMs: 5 } }) },
		]);
		try {
			const seen: string[] = [];
			const e = await rejects((async () => {
				for await (const l of new OllamaClient({ baseUrl: cut.url, timeoutMs: 1000 }).pull('gemma3:1b')) seen.push(l.status ?? '');
			})());
			assert.deepEqual(seen, ['pulling manifest', 'pulling abc']);
			assert.equal(e.kind, 'unreachable');
			assert.equal(e.message, `The connection to Ollama at ${cut.url} was lost.`);
		} finally {
			await cut.stop();
		}
	});

	it('lines split across chunks, CRLF, blank lines, a multi-byte character cut in two and a last line without a newline all parse', async () => {
		const body = Buffer.from('{"status":"a"}\r\n\n   \n{"status":"b — é"}\n{"status":"c"}\n \t\r\n{"status":"d"}');
		const cut = body.indexOf('é') + 1; // inside the two bytes of é
		const server = http.createServer((req, res) => {
			req.resume();
			res.writeHead(200, { 'content-type': 'application/x-ndjson' });
			// Chunks cut mid-line, mid-character and between \r and \n.
			const parts = [body.subarray(0, 5), body.subarray(5, 15), body.subarray(15, cut), body.subarray(cut, cut + 3), body.subarray(cut + 3)];
			let i = 0;
			const next = () => (i < parts.length ? res.write(parts[i++], () => setTimeout(next, 5)) : res.end());
			next();
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
			const seen: string[] = [];
			for await (const l of new HttpClient({ peer: 'ollama', baseUrl: url, timeoutMs: 2000 }).ndjson<{ status: string }>('POST', '/api/pull')) seen.push(l.status);
			assert.deepEqual(seen, ['a', 'b — é', 'c', 'd']);
		} finally {
			server.close();
		}
	});

	it('a malformed line is a parse error that names the path', async () => {
		ollama.fault('/api/pull', { kind: 'status', status: 200, body: '{"status":"ok"}\n{"status": nope}\n', contentType: 'application/x-ndjson' });
		const seen: string[] = [];
		const e = await rejects((async () => {
			for await (const l of new HttpClient({ peer: 'ollama', baseUrl: ollama.url, timeoutMs: 1000 }).ndjson<{ status: string }>('POST', '/api/pull')) seen.push(l.status);
		})());
		assert.deepEqual(seen, ['ok']);
		assert.equal(e.kind, 'parse');
		assert.match(e.message, /malformed progress line from \/api\/pull/);
	});

	it('a consumer that stops early closes the request', async () => {
		ollama.state.pull.delayMs = 30;
		for await (const l of new OllamaClient({ baseUrl: ollama.url, timeoutMs: 1000 }).pull('gemma3:1b')) {
			if (l.digest) break;
		}
		await new Promise((r) => setTimeout(r, 100));
		assert.equal(ollama.openRequests(), 0);
	});
});

describe('url and message helpers', () => {
	const cases: [string, string | RegExp][] = [
		['http://127.0.0.1:11434/', 'http://127.0.0.1:11434'],
		[' https://owui.example.com/base/ ', 'https://owui.example.com/base'],
		['localhost:3000', /must start with http/],
		['not a url', /is not a URL/],
	];
	for (const [input, want] of cases) {
		it(`checkUrl(${JSON.stringify(input)})`, () => {
			if (typeof want === 'string') assert.equal(checkUrl(input, 'ollama'), want);
			else assert.throws(() => checkUrl(input, 'ollama'), want);
		});
	}
	const bodies: [string, string | undefined][] = [
		['{"error":"model \'x\' not found"}', "model 'x' not found"],
		['{"detail":"Not authenticated"}', 'Not authenticated'],
		['{"detail":[{"msg":"Field required","loc":["body","TASK_MODEL"]}]}', 'Field required (body.TASK_MODEL)'],
		['<html><body>Bad Gateway</body></html>', 'Bad Gateway'],
		['', undefined],
	];
	for (const [body, want] of bodies) {
		it(`extractServerMessage(${body.slice(0, 30)})`, () => assert.equal(extractServerMessage(body), want));
	}
});

describe('isPeerError across bundles', () => {
	it('recognises a PeerError made by another copy of the class (a feature bundle loaded on first use)', () => {
		// What a second copy of src/clients/http.ts builds: another class, the same global brand.
		class OtherCopy extends Error {
			constructor(readonly kind: string) {
				super('x');
				Object.defineProperty(this, Symbol.for('taskModelTuner.PeerError'), { value: true });
			}
		}
		assert.equal(isPeerError(new OtherCopy('auth')), true);
		assert.equal(isPeerError(new OtherCopy('auth'), 'auth'), true);
		assert.equal(isPeerError(new OtherCopy('auth'), 'timeout'), false);
		assert.equal(isPeerError(new Error('plain')), false);
		assert.equal(isPeerError(Object.assign(new Error('kind only'), { kind: 'auth' })), false);
		assert.equal(isPeerError(undefined), false);
		assert.equal(isPeerError(new PeerError('timeout', 'ollama', 'late'), 'timeout'), true);
	});
});
