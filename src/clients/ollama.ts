// One client for Ollama, direct or through Open WebUI's `/ollama` proxy (same paths, a prefix and
// a token). Every method takes an AbortSignal.
import { HttpClient, PeerError, type HttpClientOptions } from './http';
import type {
	ChatRequest,
	ChatResponse,
	GenerateResponse,
	PsResponse,
	PullProgress,
	ShowResponse,
	TagsResponse,
	VersionResponse,
} from './ollamaTypes';

export type OllamaRoute = { readonly kind: 'direct' } | { readonly kind: 'openWebuiProxy'; readonly backendIndex?: number };

export class OllamaClient {
	private readonly http: HttpClient;
	constructor(
		private readonly options: Omit<HttpClientOptions, 'peer' | 'pathPrefix'>,
		readonly route: OllamaRoute = { kind: 'direct' },
	) {
		this.http = new HttpClient({ ...options, peer: 'ollama', pathPrefix: route.kind === 'openWebuiProxy' ? '/ollama' : '' });
	}

	/** The same server and token on another route, e.g. one backend behind Open WebUI's proxy. */
	withRoute(route: OllamaRoute): OllamaClient {
		return new OllamaClient(this.options, route);
	}

	/** The same server, route and token with another per-request timeout (a cold model on CPU takes minutes). */
	withTimeout(timeoutMs: number): OllamaClient {
		return new OllamaClient({ ...this.options, timeoutMs }, this.route);
	}

	get baseUrl(): string {
		return this.http.baseUrl;
	}

	version(signal?: AbortSignal): Promise<VersionResponse> {
		return this.http.json<VersionResponse>('GET', '/api/version', { signal });
	}

	/**
	 * True when the server at the base URL is Ollama itself: `GET /` answers "Ollama is running".
	 * Open WebUI also answers /api/version, so a version alone does not prove it is Ollama.
	 */
	async isOllama(signal?: AbortSignal): Promise<boolean> {
		if (this.route.kind === 'openWebuiProxy') return true;
		const res = await this.http.text('GET', '/', { signal });
		return /ollama/i.test(res.text) && !/html/i.test(res.contentType);
	}

	async tags(signal?: AbortSignal): Promise<TagsResponse> {
		const res = await this.http.json<TagsResponse>('GET', '/api/tags', { signal });
		return { models: Array.isArray(res?.models) ? res.models : [] };
	}

	async ps(signal?: AbortSignal): Promise<PsResponse> {
		const res = await this.http.json<PsResponse>('GET', '/api/ps', { signal });
		return { models: Array.isArray(res?.models) ? res.models : [] };
	}

	show(model: string, signal?: AbortSignal): Promise<ShowResponse> {
		// `name` too: Open WebUI's proxy before 0.6.x-late validates the old field (422 without it).
		return this.http.json<ShowResponse>('POST', '/api/show', { body: { model, name: model }, signal });
	}

	async delete(model: string, signal?: AbortSignal): Promise<void> {
		await this.http.json<unknown>('DELETE', '/api/delete', { body: { model, name: model }, signal });
	}

	/**
	 * Pull progress lines. Ends only on `status: "success"`; throws on an `{error}` line and when the
	 * stream ends without success (Ollama's own rule: anything else is a failed pull).
	 */
	async *pull(model: string, opts: { signal?: AbortSignal; insecure?: boolean } = {}): AsyncGenerator<PullProgress, void, undefined> {
		const body: Record<string, unknown> = { model, name: model, stream: true };
		if (opts.insecure) body.insecure = true;
		const path = this.route.kind === 'openWebuiProxy' && this.route.backendIndex !== undefined ? `/api/pull/${this.route.backendIndex}` : '/api/pull';
		for await (const line of this.http.ndjson<PullProgress>('POST', path, { body, signal: opts.signal })) {
			if (line.error) {
				throw new PeerError('http', 'ollama', `Pulling ${model} failed: ${line.error}`, { serverMessage: line.error });
			}
			yield line;
			if (line.status === 'success') return;
		}
		throw new PeerError('unreachable', 'ollama', `The download of ${model} stopped before it finished (the stream ended without "success").`);
	}

	/** A non-streaming chat; `keep_alive` passes through so callers can restore what was there. */
	async chat(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
		const res = await this.http.json<ChatResponse>('POST', '/api/chat', { body: { ...req, stream: false }, signal });
		if (res?.error) throw new PeerError('http', 'ollama', res.error, { serverMessage: res.error });
		return res;
	}

	/** Unload a model now (empty prompt with keep_alive 0). */
	async unload(model: string, signal?: AbortSignal): Promise<void> {
		if (this.route.kind === 'openWebuiProxy') {
			try {
				await this.http.json<unknown>('POST', '/api/unload', { body: { model }, signal });
				return;
			} catch (e) {
				// Open WebUI before 0.6.11 has no /ollama/api/unload (405/404): fall back to generate.
				if (!(e instanceof PeerError && e.kind === 'http' && (e.status === 405 || e.status === 404))) throw e;
			}
		}
		await this.http.json<GenerateResponse>('POST', '/api/generate', { body: { model, prompt: '', keep_alive: 0, stream: false }, signal });
	}
}
