// A tiny loopback HTTP server with a route table, scripted faults and a request log: the base of
// the fake Ollama and the fake Open WebUI. Fakes over mocks: the clients run their real HTTP code.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	readonly method: string;
	readonly path: string;
	readonly authorization?: string;
	readonly body: unknown;
	/** The body's exact bytes (lossless round-trip checks). */
	readonly rawBody: Buffer;
	readonly at: number;
}

export type Fault =
	| { readonly kind: 'destroy' } // close the socket without an answer
	| { readonly kind: 'hang' } // accept and never answer
	| { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly contentType?: string }
	| { readonly kind: 'html' } // 200 with an HTML page, like Open WebUI's SPA shell
	| { readonly kind: 'badJson' } // 200, JSON content type, broken body
	| { readonly kind: 'drip'; readonly chunkDelayMs: number } // the real answer, one byte at a time
	| { readonly kind: 'delay'; readonly ms: number } // the real answer, late
	| { readonly kind: 'redirect'; readonly status: number; readonly location: string }; // a hostile or misconfigured hop

export interface Reply {
	status?: number;
	body?: unknown;
	contentType?: string;
	/**
	 * NDJSON lines written one by one, `delayMs` apart; `abortAfter` cuts the connection after N lines;
	 * `stallAfter` keeps the socket open and silent after N lines; `hugeLine` writes that many bytes
	 * without a newline after `afterLines` lines.
	 */
	stream?: { lines: unknown[]; delayMs?: number; abortAfter?: number; stallAfter?: number; hugeLine?: { afterLines: number; bytes: number }; onDone?: () => void };
	/** A body sent as these exact bytes. */
	rawBody?: Uint8Array;
}

export type Handler = (req: { method: string; path: string; query: URLSearchParams; body: unknown; rawBody: Buffer; authorization?: string }) => Reply | Promise<Reply>;

export interface Route {
	readonly method: string;
	readonly path: string | RegExp;
	readonly handler: Handler;
}

export interface FakeHttpServer {
	readonly url: string;
	readonly requests: RecordedRequest[];
	/** Script a fault for every request whose path matches, until cleared. */
	fault(path: string | RegExp, fault: Fault, opts?: { method?: string; times?: number }): void;
	clearFaults(): void;
	/** Number of requests still open (streams included): proves a client closed what it opened. */
	openRequests(): number;
	stop(): Promise<void>;
}

const htmlShell = '<!doctype html><html><head><title>Open WebUI</title></head><body><div id="app"></div></body></html>';

export async function startFakeHttp(routes: () => readonly Route[], opts: { port?: number; fallbackHtml?: boolean } = {}): Promise<FakeHttpServer> {
	const requests: RecordedRequest[] = [];
	let faults: { path: string | RegExp; fault: Fault; method?: string; times: number }[] = [];
	const sockets = new Set<import('node:net').Socket>();
	let open = 0;

	const matches = (p: string | RegExp, path: string) => (typeof p === 'string' ? p === path : p.test(path));

	const server = http.createServer(async (req, res) => {
		open++;
		res.on('close', () => open--);
		const url = new URL(req.url ?? '/', 'http://fake');
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const rawBody = Buffer.concat(chunks);
		const raw = rawBody.toString('utf8');
		let body: unknown = undefined;
		if (raw) {
			try {
				body = JSON.parse(raw);
			} catch {
				body = raw;
			}
		}
		const method = req.method ?? 'GET';
		const authorization = req.headers.authorization;
		requests.push({ method, path: url.pathname, authorization, body, rawBody, at: Date.now() });

		const f = faults.find((x) => matches(x.path, url.pathname) && (!x.method || x.method === method) && x.times !== 0);
		if (f && f.times > 0) f.times--;
		const fault = f?.fault;
		if (fault?.kind === 'destroy') return req.socket.destroy();
		if (fault?.kind === 'hang') return;
		if (fault?.kind === 'html') return send(res, 200, htmlShell, 'text/html; charset=utf-8');
		if (fault?.kind === 'badJson') return send(res, 200, '{"models": [ {"name": ', 'application/json');
		if (fault?.kind === 'status') {
			const text = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? {});
			return send(res, fault.status, text, fault.contentType ?? 'application/json');
		}
		if (fault?.kind === 'redirect') {
			res.writeHead(fault.status, { location: fault.location, 'content-type': 'text/plain', 'content-length': 0 });
			return res.end();
		}
		if (fault?.kind === 'delay') await sleep(fault.ms);

		const route = routes().find((r) => (r.method === method || (r.method === 'GET' && method === 'HEAD')) && matches(r.path, url.pathname));
		if (!route) {
			if (opts.fallbackHtml && method === 'GET') return send(res, 200, htmlShell, 'text/html; charset=utf-8');
			return send(res, 404, JSON.stringify({ detail: 'Not Found' }), 'application/json');
		}
		let reply: Reply;
		try {
			reply = await route.handler({ method, path: url.pathname, query: url.searchParams, body, rawBody, authorization });
		} catch (e) {
			return send(res, 500, JSON.stringify({ error: String((e as Error).message) }), 'application/json');
		}
		if (reply.stream) {
			res.writeHead(reply.status ?? 200, { 'content-type': 'application/x-ndjson' });
			let n = 0;
			const { stallAfter, hugeLine } = reply.stream;
			for (const line of reply.stream.lines) {
				if (res.destroyed) return;
				if (stallAfter !== undefined && n >= stallAfter) return; // socket open, nothing more, ever
				if (hugeLine && n === hugeLine.afterLines) {
					const block = Buffer.alloc(64 * 1024, 'x');
					for (let sent = 0; sent < hugeLine.bytes && !res.destroyed; sent += block.length) {
						if (!res.write(block.subarray(0, Math.min(block.length, hugeLine.bytes - sent)))) await drained(res);
					}
				}
				if (reply.stream.abortAfter !== undefined && n >= reply.stream.abortAfter) return req.socket.destroy();
				res.write(JSON.stringify(line) + '\n');
				n++;
				// No pause after the last line: real Ollama has written the model when it sends "success".
				if (reply.stream.delayMs && n < reply.stream.lines.length) await sleep(reply.stream.delayMs);
			}
			if (reply.stream.abortAfter !== undefined && n >= reply.stream.abortAfter) {
				// Let the lines reach the client before the connection drops.
				if (reply.stream.delayMs) await sleep(reply.stream.delayMs);
				return req.socket.destroy();
			}
			reply.stream.onDone?.();
			return res.end();
		}
		if (reply.rawBody) {
			res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json', 'content-length': reply.rawBody.length });
			return res.end(reply.rawBody);
		}
		const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
		const type = reply.contentType ?? 'application/json';
		if (fault?.kind === 'drip') {
			res.writeHead(reply.status ?? 200, { 'content-type': type });
			for (const ch of text) {
				if (res.destroyed) return;
				res.write(ch);
				await sleep(fault.chunkDelayMs);
			}
			return res.end();
		}
		send(res, reply.status ?? 200, text, type, method === 'HEAD');
	});
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
	const port = (server.address() as AddressInfo).port;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		fault(path, fault, o = {}) {
			faults.unshift({ path, fault, method: o.method, times: o.times ?? -1 });
		},
		clearFaults() {
			faults = [];
		},
		openRequests: () => open,
		stop: () =>
			new Promise<void>((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

function send(res: http.ServerResponse, status: number, text: string, contentType: string, headOnly = false): void {
	res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
	res.end(headOnly ? undefined : text);
}

function drained(res: http.ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			res.off('drain', done);
			res.off('close', done);
			resolve();
		};
		res.on('drain', done);
		res.on('close', done);
	});
}

export function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
