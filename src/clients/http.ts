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
			/** `parse`: the JSON body ended early (a cut-off answer), not a body of the wrong kind. */
			readonly truncated?: boolean;
			/** `timeout`: a stream that went quiet after this many ms (not the wait for the first byte). */
			readonly idleMs?: number;
			/** `http` 3xx: where the server tried to send us (never followed across origins or with a body). */
			readonly location?: string;
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
	/** A stream that sends nothing for this long fails with a `timeout` (default: never). */
	readonly streamIdleMs?: number;
	/** The longest NDJSON line accepted (default 1 MiB). */
	readonly maxLineBytes?: number;
}

export interface RequestOptions {
	/** An object is sent as JSON; a Uint8Array is sent as these exact JSON bytes. */
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

export const peerLabel: Record<PeerName, string> = { ollama: 'Ollama', openWebui: 'Open WebUI' };

export const defaultMaxLineBytes = 1024 * 1024;
const maxSameOriginRedirects = 3;

/** A JSON answer with the exact bytes it came in (for lossless read-modify-write). */
export interface RawJson<T> {
	readonly value: T;
	readonly bytes: Uint8Array;
}

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
		return this.parseJson<T>(text, path, res.status);
	}

	/** Like json(), plus the body's exact bytes (undefined value for an empty body). */
	async jsonRaw<T>(method: string, path: string, opts: RequestOptions = {}): Promise<RawJson<T | undefined>> {
		const res = await this.send(method, path, opts, 'arrayBuffer');
		const bytes = new Uint8Array((res._data as ArrayBuffer | undefined) ?? new ArrayBuffer(0));
		const text = new TextDecoder().decode(bytes);
		if (text.trim() === '') return { value: undefined, bytes };
		this.expectJson(res, path);
		return { value: this.parseJson<T>(text, path, res.status), bytes };
	}

	/** The error for a payload that parsed but is not what `path` should answer. */
	unexpected(path: string, what: string): PeerError {
		return new PeerError('parse', this.peer, `Unexpected answer from ${peerLabel[this.peer]} at ${this.baseUrl} to ${path}: ${what}.`, { url: this.urlFor(path) });
	}

	private parseJson<T>(text: string, path: string, status: number): T {
		try {
			return JSON.parse(text) as T;
		} catch (e) {
			// V8 says "Unexpected end of JSON input" / "Unterminated string" for a body that stops early.
			const truncated = /end of JSON input|Unterminated/i.test(String((e as Error)?.message));
			const message = truncated
				? `The answer from ${peerLabel[this.peer]} to ${path} was cut off (incomplete JSON). Try again; if it keeps happening, check the connection or proxy in front of ${peerLabel[this.peer]}.`
				: `${peerLabel[this.peer]} sent malformed JSON from ${path}.`;
			throw new PeerError('parse', this.peer, message, { status, url: this.urlFor(path), truncated });
		}
	}

	/** A plain-text request (e.g. Ollama's `GET /` → "Ollama is running"). */
	async text(method: string, path: string, opts: RequestOptions = {}): Promise<{ text: string; contentType: string }> {
		const res = await this.send(method, path, opts, 'text');
		return { text: (res._data as string | undefined) ?? '', contentType: res.headers.get('content-type') ?? '' };
	}

	/**
	 * An NDJSON stream. The timeout covers the wait for the response head only; the stream itself
	 * may run for hours, but not silently: `idleTimeoutMs` (or the client's `streamIdleMs`) without
	 * a byte fails it. Lines are split on bytes, each at most `maxLineBytes`, in linear time.
	 * Aborting `signal` cancels the underlying body, so no socket is left open.
	 */
	async *ndjson<T>(method: string, path: string, opts: RequestOptions & { idleTimeoutMs?: number } = {}): AsyncGenerator<T, void, undefined> {
		const res = await this.send(method, path, opts, 'stream');
		const body = res._data as ReadableStream<Uint8Array> | undefined;
		if (!body) return;
		const reader = body.getReader();
		const idleMs = opts.idleTimeoutMs ?? this.options.streamIdleMs;
		const maxLine = this.options.maxLineBytes ?? defaultMaxLineBytes;
		const pieces: Uint8Array[] = [];
		let pending = 0;
		const decoder = new TextDecoder(); // each call decodes one whole line, so one instance serves all
		const tooLong = () =>
			new PeerError('parse', this.peer, `${peerLabel[this.peer]} sent a line longer than ${formatLimit(maxLine)} from ${path}; stopped reading it.`, { url: this.urlFor(path) });
		const take = (last: Uint8Array): string => {
			const line = pieces.length ? concatBytes([...pieces, last], pending + last.length) : last;
			pieces.length = 0;
			pending = 0;
			return decoder.decode(line).trim();
		};
		try {
			for (;;) {
				const chunk = await this.readWithin(reader, idleMs, path, opts.signal);
				if (chunk.done) break;
				const bytes = chunk.value;
				let from = 0;
				// Fast path: the lines that start and end inside this chunk, decoded in one call and
				// split with a cursor (one decode per line was most of the parser's cost). A newline
				// byte never falls inside a UTF-8 sequence, and lines within one chunk are capped by
				// its size, so when the chunk is within the cap no line in it can be over.
				const first = bytes.indexOf(10);
				const last = bytes.lastIndexOf(10);
				if (first >= 0 && last > first && last - first - 1 <= maxLine) {
					const head = bytes.subarray(0, first);
					if (pending + head.length > maxLine) throw tooLong();
					const line = take(head);
					if (line) yield this.parseLine<T>(line, path);
					const text = decoder.decode(bytes.subarray(first + 1, last));
					for (let start = 0, end = text.indexOf('\n'); start <= text.length; start = end + 1, end = text.indexOf('\n', start)) {
						if (end < 0) end = text.length;
						if (end === start || (text.charCodeAt(start) <= 32 && !text.slice(start, end).trim())) continue;
						yield this.parseLine<T>(text.slice(start, end), path);
					}
					from = last + 1;
				}
				for (let nl = bytes.indexOf(10, from); nl >= 0; nl = bytes.indexOf(10, from)) {
					const part = bytes.subarray(from, nl);
					if (pending + part.length > maxLine) throw tooLong();
					from = nl + 1;
					const line = take(part);
					if (line) yield this.parseLine<T>(line, path);
				}
				const rest = bytes.subarray(from);
				if (pending + rest.length > maxLine) throw tooLong();
				if (rest.length) {
					pieces.push(rest);
					pending += rest.length;
				}
			}
			const last = take(new Uint8Array(0));
			if (last) yield this.parseLine<T>(last, path);
		} finally {
			// Runs on normal end, on throw, and when the consumer breaks out of the loop.
			await reader.cancel().catch(() => undefined);
		}
	}

	private async readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number | undefined, path: string, signal?: AbortSignal): Promise<ReadableStreamReadResult<Uint8Array>> {
		let timer: ReturnType<typeof setTimeout> | undefined;
		const idle =
			idleMs && idleMs > 0
				? new Promise<never>((_, reject) => {
						timer = setTimeout(() => {
							const s = Math.round(idleMs / 100) / 10;
							reject(
								new PeerError('timeout', this.peer, `${peerLabel[this.peer]} at ${this.baseUrl} sent nothing on ${path} for ${s} s; stopped waiting.`, {
									url: this.urlFor(path),
									idleMs,
								}),
							);
						}, idleMs);
					})
				: undefined;
		try {
			return await (idle ? Promise.race([reader.read(), idle]) : reader.read());
		} catch (e) {
			if (e instanceof PeerError) throw e;
			throw this.toPeerError(e, path, signal, undefined);
		} finally {
			if (timer) clearTimeout(timer);
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

	private async send(method: string, path: string, opts: RequestOptions, responseType: 'text' | 'stream' | 'arrayBuffer') {
		const started = performance.now();
		const timeoutMs = opts.timeoutMs ?? this.options.timeoutMs;
		const timeout = new AbortController();
		const timer = setTimeout(() => timeout.abort(), timeoutMs);
		const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
		const token = opts.token ?? (await this.options.token?.());
		const headers: Record<string, string> = { accept: 'application/json, application/x-ndjson' };
		if (token) headers.authorization = `Bearer ${token}`;
		const raw = opts.body instanceof Uint8Array;
		if (raw) headers['content-type'] = 'application/json';
		const log = (status: number | undefined, error?: PeerErrorKind) =>
			this.options.onRequest?.({ peer: this.peer, method, path, status, ms: Math.round(performance.now() - started), error });
		try {
			if (opts.signal?.aborted) throw new PeerError('aborted', this.peer, 'Cancelled.');
			let url = this.urlFor(path);
			for (let hop = 0; ; hop++) {
				// Manual redirects: a credential or a body never goes anywhere but the configured origin.
				const res = await ofetch.raw(url, {
					method,
					body: opts.body as Record<string, unknown> | undefined,
					headers,
					signal,
					retry: 0,
					responseType,
					ignoreResponseError: true,
					redirect: 'manual',
				});
				if (res.status >= 300 && res.status < 400 && res.status !== 304) {
					const next = this.redirectTarget(res, url, method, path, hop);
					if (next instanceof PeerError) {
						await discard(res._data);
						log(res.status, next.kind);
						throw next;
					}
					await discard(res._data);
					url = next;
					continue;
				}
				if (res.status >= 400) {
					const err = await this.httpError(res, path);
					log(res.status, err.kind);
					throw err;
				}
				log(res.status);
				return res;
			}
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

	/** The URL to follow, or why not: only GET/HEAD, only to the configured origin, only a few hops. */
	private redirectTarget(res: { status: number; headers: Headers }, from: string, method: string, path: string, hop: number): string | PeerError {
		const label = peerLabel[this.peer];
		const location = res.headers.get('location') ?? '';
		let target: URL | undefined;
		try {
			target = new URL(location, from);
		} catch {
			target = undefined;
		}
		const sameOrigin = target !== undefined && target.origin === new URL(this.baseUrl).origin;
		const safe = method === 'GET' || method === 'HEAD';
		if (target && sameOrigin && safe && hop < maxSameOriginRedirects) return target.toString();
		const where = target?.toString() ?? (location || 'nowhere');
		const why = !sameOrigin
			? `redirects to another server are not followed, so nothing was sent to ${target?.origin ?? where}`
			: !safe
				? 'a request with a body is not sent twice, so it was not repeated there'
				: 'too many redirects';
		return new PeerError(
			'http',
			this.peer,
			`${label} at ${this.baseUrl} answered ${method} ${path} with a redirect (${res.status}) to ${where}: ${why}. Set the URL to the address the server answers on itself.`,
			{ status: res.status, url: this.urlFor(path), location: where },
		);
	}

	private async httpError(res: { status: number; headers: Headers; _data?: unknown; statusText: string }, path: string): Promise<PeerError> {
		let text: string;
		if (typeof res._data === 'string') text = res._data;
		else if (res._data instanceof ArrayBuffer) text = new TextDecoder().decode(res._data);
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

async function discard(data: unknown): Promise<void> {
	if (data instanceof ReadableStream) await data.cancel().catch(() => undefined);
}

function concatBytes(parts: readonly Uint8Array[], length: number): Uint8Array {
	const out = new Uint8Array(length);
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

function formatLimit(bytes: number): string {
	return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** A short name for what came instead ("null", "a number", "a list"). */
export function describe(x: unknown): string {
	if (x === null) return 'null';
	if (x === undefined) return 'nothing';
	if (Array.isArray(x)) return 'a list';
	return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}
