// One client for Ollama, direct or through Open WebUI's `/ollama` proxy (same paths, a prefix and
// a token). Every method takes an AbortSignal.
import { HttpClient, PeerError, describe, type HttpClientOptions } from './http';
import type {
	PsModel,
	TagModel,
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

	async version(signal?: AbortSignal): Promise<VersionResponse> {
		const res = await this.http.json<unknown>('GET', '/api/version', { signal });
		if (!isObject(res) || typeof res.version !== 'string') throw this.http.unexpected('/api/version', 'no version');
		return res as unknown as VersionResponse;
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
		return { models: this.modelList(await this.http.json<unknown>('GET', '/api/tags', { signal }), '/api/tags') as TagModel[] };
	}

	async ps(signal?: AbortSignal): Promise<PsResponse> {
		return { models: this.modelList(await this.http.json<unknown>('GET', '/api/ps', { signal }), '/api/ps') as PsModel[] };
	}

	async show(model: string, signal?: AbortSignal): Promise<ShowResponse> {
		// `name` too: Open WebUI's proxy before 0.6.x-late validates the old field (422 without it).
		const res = await this.http.json<unknown>('POST', '/api/show', { body: { model, name: model }, signal });
		if (!isObject(res)) throw this.http.unexpected('/api/show', `${describe(res)} instead of the model's details`);
		if (res.details !== undefined && res.details !== null && !isObject(res.details)) throw this.http.unexpected('/api/show', '"details" is not an object');
		return res as ShowResponse;
	}

	/** The `models` list of /api/tags or /api/ps, each entry checked (a missing list is an empty one). */
	private modelList(res: unknown, path: string): unknown[] {
		if (res === undefined || res === null) return [];
		if (!isObject(res)) throw this.http.unexpected(path, `${describe(res)} instead of a model list`);
		if (res.models === undefined || res.models === null) return [];
		if (!Array.isArray(res.models)) throw this.http.unexpected(path, '"models" is not a list');
		res.models.forEach((m, i) => {
			const bad = checkModelEntry(m);
			if (bad) throw this.http.unexpected(path, `models[${i}] ${bad}`);
		});
		return res.models;
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
		for await (const raw of this.http.ndjson<unknown>('POST', path, { body, signal: opts.signal })) {
			const bad = checkPullLine(raw);
			if (bad) throw this.http.unexpected(path, `a progress line ${bad}`);
			const line = raw as PullProgress;
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
		if (!isObject(res)) throw this.http.unexpected('/api/chat', `${describe(res)} instead of a chat answer`);
		if (res.error) throw new PeerError('http', 'ollama', res.error, { serverMessage: res.error });
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

function isObject(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null && !Array.isArray(x);
}


const optionalTypes = (o: Record<string, unknown>, fields: Record<string, 'string' | 'number'>): string | undefined => {
	for (const [k, type] of Object.entries(fields)) {
		const v = o[k];
		if (v !== undefined && v !== null && typeof v !== type) return `has a ${typeof v} "${k}", not a ${type}`;
	}
	return undefined;
};

/** Why an /api/tags or /api/ps entry cannot be used, or undefined when it can. */
export function checkModelEntry(m: unknown): string | undefined {
	if (!isObject(m)) return `is ${describe(m)}, not a model`;
	if (typeof m.name !== 'string' || !m.name) return typeof m.name === 'string' ? 'has an empty name' : `has ${describe(m.name)} as its name`;
	const bad = optionalTypes(m, { model: 'string', size: 'number', size_vram: 'number', digest: 'string' });
	if (bad) return bad;
	if (m.size !== undefined && m.size !== null && !(Number.isFinite(m.size) && (m.size as number) >= 0)) return 'has an impossible size';
	if (m.details !== undefined && m.details !== null && !isObject(m.details)) return 'has "details" that are not an object';
	if (m.capabilities !== undefined && m.capabilities !== null && !Array.isArray(m.capabilities)) return 'has "capabilities" that are not a list';
	return undefined;
}

/** Why a /api/pull line cannot be used, or undefined when it can. */
export function checkPullLine(line: unknown): string | undefined {
	if (!isObject(line)) return `is ${describe(line)}`;
	return optionalTypes(line, { status: 'string', digest: 'string', total: 'number', completed: 'number', error: 'string' });
}
