// The one HTTP layer for both peers: base URL, per-request timeout, caller AbortSignal, bearer
// token, request log, content-type check and one error type. NDJSON streams are async iterables.
import { FetchError, ofetch } from 'ofetch';

export type PeerName = 'ollama' | 'openWebui';
export type PeerErrorKind = 'unreachable' | 'timeout' | 'http' | 'auth' | 'parse' | 'aborted';

/** Marks a PeerError across bundles: a feature loaded on first use (esbuild.mjs builds it as its own
 * file, with its own copy of this class) still recognises the errors of the core's clients. */
const peerErrorBrand = Symbol.for('taskModelTuner.PeerError');

export class PeerError extends Error {
	override readonly name = 'PeerError';
	readonly [peerErrorBrand] = true;
	constructor(
		readonly kind: PeerErrorKind,
		readonly peer: PeerName,
		message: string,
		readonly detail: {
			readonly status?: number;
			/** The server's own words from `{"error": …}` (Ollama) or `{"detail": …}` (Open WebUI). */
			readonly serverMessage?: string;
			readonly url?: string;
			readonly contentType?: string;
		} = {},
	) {
		super(message);
	}
	get status(): number | undefined {
		return this.detail.status;
	}
	get serverMessage(): string | undefined {
		return this.detail.serverMessage;
	}
}

export function isPeerError(e: unknown, kind?: PeerErrorKind): e is PeerError {
	return (e instanceof PeerError || (typeof e === 'object' && e !== null && peerErrorBrand in e)) && (kind === undefined || (e as PeerError).kind === kind);
}

export interface RequestLogEntry {
	readonly peer: PeerName;
	readonly method: string;
	/** Path and query only; never headers, bodies or tokens. */
	readonly path: string;
	readonly status?: number;
	readonly ms: number;
	readonly error?: PeerErrorKind;
}

export interface HttpClientOptions {
	readonly peer: PeerName;
	readonly baseUrl: string;
	readonly timeoutMs: number;
	/** Called per request, so a token changed in SecretStorage is used at once. */
	readonly token?: () => string | undefined | Promise<string | undefined>;
	readonly onRequest?: (entry: RequestLogEntry) => void;
	/** Prefix added to every path, e.g. `/ollama` to reach Ollama through Open WebUI's proxy. */
	readonly pathPrefix?: string;
}

export interface RequestOptions {
	readonly body?: unknown;
	readonly signal?: AbortSignal;
	readonly timeoutMs?: number;
	/** Send this bearer token instead of the client's own (used to verify a token before storing it). */
	readonly token?: string;
}

export function normalizeBaseUrl(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** Throws a PeerError of kind `parse` unless `url` is an absolute http(s) URL. */
export function checkUrl(url: string, peer: PeerName): string {
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		throw new PeerError('parse', peer, `"${url}" is not a URL. Enter something like http://127.0.0.1:11434.`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new PeerError('parse', peer, `"${url}" must start with http:// or https://.`);
	}
	return normalizeBaseUrl(parsed.toString());
}

const peerLabel: Record<PeerName, string> = { ollama: 'Ollama', openWebui: 'Open WebUI' };

export class HttpClient {
	readonly baseUrl: string;
	constructor(private readonly options: HttpClientOptions) {
		this.baseUrl = normalizeBaseUrl(options.baseUrl);
	}

	get peer(): PeerName {
		return this.options.peer;
	}

	/** A JSON request; resolves to the parsed body (undefined for an empty 2xx body). */
	async json<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
		const res = await this.send(method, path, opts, 'text');
		const text = (res._data as string | undefined) ?? '';
		if (text.trim() === '') return undefined as T;
		this.expectJson(res, path);
		try {
			return JSON.parse(text) as T;
		} catch {
			throw new PeerError('parse', this.peer, `${peerLabel[this.peer]} sent malformed JSON from ${path}.`, {
				status: res.status,
				url: this.urlFor(path),
			});
		}
	}

	/** A plain-text request (e.g. Ollama's `GET /` → "Ollama is running"). */
	async text(method: string, path: string, opts: RequestOptions = {}): Promise<{ text: string; contentType: string }> {
		const res = await this.send(method, path, opts, 'text');
		return { text: (res._data as string | undefined) ?? '', contentType: res.headers.get('content-type') ?? '' };
	}

	/**
	 * An NDJSON stream. The timeout covers the wait for the response head only; the stream itself
	 * may run for hours. Aborting `signal` cancels the underlying body, so no socket is left open.
	 */
	async *ndjson<T>(method: string, path: string, opts: RequestOptions = {}): AsyncGenerator<T, void, undefined> {
		const res = await this.send(method, path, opts, 'stream');
		const body = res._data as ReadableStream<Uint8Array> | undefined;
		if (!body) return;
		const reader = body.getReader();
		const decoder = new TextDecoder();
		let buffer = '';
		try {
			for (;;) {
				let chunk: ReadableStreamReadResult<Uint8Array>;
				try {
					chunk = await reader.read();
				} catch (e) {
					throw this.toPeerError(e, path, opts.signal, undefined);
				}
				if (chunk.done) break;
				// One pass over each chunk with a cursor: no re-slicing of the rest per line (that made
				// a string per line twice over and most of the parser's garbage). JSON.parse skips the
				// whitespace around a value (a CRLF's \r too); blank lines are skipped.
				const text = buffer + decoder.decode(chunk.value, { stream: true });
				let start = 0;
				for (let nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
					if (nl === start || (text.charCodeAt(start) <= 32 && !text.slice(start, nl).trim())) continue;
					yield this.parseLine<T>(text.slice(start, nl), path);
				}
				buffer = start === 0 ? text : text.slice(start);
			}
			buffer += decoder.decode();
			if (buffer.trim()) yield this.parseLine<T>(buffer.trim(), path);
		} finally {
			// Runs on normal end, on throw, and when the consumer breaks out of the loop.
			await reader.cancel().catch(() => undefined);
		}
	}

	urlFor(path: string): string {
		return `${this.baseUrl}${this.options.pathPrefix ?? ''}${path}`;
	}

	private parseLine<T>(line: string, path: string): T {
		try {
			return JSON.parse(line) as T;
		} catch {
			throw new PeerError('parse', this.peer, `${peerLabel[this.peer]} sent a malformed progress line from ${path}.`);
		}
	}

	private expectJson(res: { headers: Headers; status: number }, path: string): void {
		const type = res.headers.get('content-type') ?? '';
		if (/json/i.test(type)) return;
		const what = /html/i.test(type) ? 'a web page' : `"${type || 'no content type'}"`;
		throw new PeerError(
			'parse',
			this.peer,
			`${this.urlFor(path)} answered with ${what}, not JSON: this is not the ${peerLabel[this.peer]} API. Check the URL (and its port).`,
			{ status: res.status, url: this.urlFor(path), contentType: type },
		);
	}

	private async send(method: string, path: string, opts: RequestOptions, responseType: 'text' | 'stream') {
		const started = performance.now();
		const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
		const timeout = new AbortController();
		const timer = setTimeout(() => timeout.abort(), timeoutMs);
		const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
		const token = opts.token ?? (await this.options.token?.());
		const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson' };
		if (token) headers.authorization = `Bearer ${token}`;
		const log = (status: number | undefined, error?: PeerErrorKind) =>
			this.options.onRequest?.({ peer: this.peer, method, path, status, ms: Math.round(performance.now() - started), error });
		try {
			if (opts.signal?.aborted) throw new PeerError('aborted', this.peer, 'Cancelled.');
			const res = await ofetch.raw(this.urlFor(path), {
				method,
				body: opts.body as Record<string, unknown> | undefined,
				headers,
				signal,
				retry: 0,
				responseType,
				ignoreResponseError: true,
			});
			if (res.status >= 400) {
				const err = await this.httpError(res, path);
				log(res.status, err.kind);
				throw err;
			}
			log(res.status);
			return res;
		} catch (e) {
			if (e instanceof PeerError) {
				if (e.status === undefined) log(undefined, e.kind);
				throw e;
			}
			const err = this.toPeerError(e, path, opts.signal, timeout.signal.aborted ? timeoutMs : undefined);
			log(undefined, err.kind);
			throw err;
		} finally {
			clearTimeout(timer);
		}
	}

	private async httpError(res: { status: number; headers: Headers; _data?: unknown; statusText: string }, path: string): Promise<PeerError> {
		let text: string;
		if (typeof res._data === 'string') text = res._data;
		else if (res._data instanceof ReadableStream) text = await new Response(res._data).text().catch(() => '');
		else text = '';
		const serverMessage = extractServerMessage(text);
		const kind: PeerErrorKind = res.status === 401 || res.status === 403 ? 'auth' : 'http';
		const said = serverMessage ? `: ${serverMessage}` : '';
		return new PeerError(kind, this.peer, `${peerLabel[this.peer]} answered ${res.status} to ${path}${said}`, {
			status: res.status,
			serverMessage,
			url: this.urlFor(path),
		});
	}

	private toPeerError(e: unknown, path: string, callerSignal: AbortSignal | undefined, timedOutAfter: number | undefined): PeerError {
		const label = peerLabel[this.peer];
		if (callerSignal?.aborted) return new PeerError('aborted', this.peer, 'Cancelled.');
		if (timedOutAfter !== undefined) {
			return new PeerError('timeout', this.peer, `${label} at ${this.baseUrl} did not answer ${path} within ${timedOutAfter / 1000} s.`, {
				url: this.urlFor(path),
			});
		}
		const cause = e instanceof FetchError ? (e.cause as { cause?: { code?: string }; code?: string } | undefined) : undefined;
		const code = cause?.cause?.code ?? cause?.code ?? (e as { cause?: { code?: string } })?.cause?.code;
		const reason = code ? ` (${code})` : '';
		if (e instanceof FetchError || e instanceof TypeError) {
			const midStream = /terminated|other side closed|ECONNRESET/i.test(String((e as Error).message) + String(code));
			if (midStream) {
				return new PeerError('unreachable', this.peer, `The connection to ${label} at ${this.baseUrl} was lost.`, {
					url: this.urlFor(path),
				});
			}
			return new PeerError('unreachable', this.peer, `${label} not reachable at ${this.baseUrl}${reason}.`, { url: this.urlFor(path) });
		}
		return new PeerError('unreachable', this.peer, `${label} request to ${path} failed: ${String((e as Error)?.message ?? e)}`, {
			url: this.urlFor(path),
		});
	}
}

/** The human part of an error body: Ollama's `{error}`, Open WebUI's `{detail}` (a string or FastAPI's list). */
export function extractServerMessage(text: string): string | undefined {
	if (!text.trim()) return undefined;
	try {
		const body = JSON.parse(text) as { error?: unknown; detail?: unknown; message?: unknown };
		const value = body.error ?? body.detail ?? body.message;
		if (typeof value === 'string') return value;
		if (Array.isArray(value)) {
			return value
				.map((d: { msg?: string; loc?: unknown[] }) => (d?.msg ? `${d.msg}${Array.isArray(d.loc) ? ` (${d.loc.join('.')})` : ''}` : JSON.stringify(d)))
				.join('; ');
		}
		if (value !== undefined) return JSON.stringify(value);
		return undefined;
	} catch {
		const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
		return plain ? plain.slice(0, 200) : undefined;
	}
}
