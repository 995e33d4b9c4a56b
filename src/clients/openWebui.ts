// One client for Open WebUI's own API. Its Ollama proxy is reached with OllamaClient and the
// `openWebuiProxy` route, so there is one way to talk Ollama.
import { HttpClient, PeerError, describe, type HttpClientOptions, type RawJson } from './http';
import type { ModelsResponse, OpenWebuiConfig, OpenWebuiVersion, SessionUser, TaskConfig, TitleCompletionRequest, TitleCompletionResponse } from './openWebuiTypes';

export class OpenWebuiClient {
	private readonly http: HttpClient;
	constructor(readonly options: Omit<HttpClientOptions, 'peer'>) {
		this.http = new HttpClient({ ...options, peer: 'openWebui' });
	}

	get baseUrl(): string {
		return this.http.baseUrl;
	}

	async version(signal?: AbortSignal): Promise<OpenWebuiVersion> {
		const res = await this.http.json<OpenWebuiVersion>('GET', '/api/version', { signal });
		if (!res || typeof res.version !== 'string') {
			throw new PeerError('parse', 'openWebui', `${this.baseUrl}/api/version did not return a version: this is not an Open WebUI API.`);
		}
		return res;
	}

	config(signal?: AbortSignal): Promise<OpenWebuiConfig> {
		return this.http.json<OpenWebuiConfig>('GET', '/api/config', { signal });
	}

	/**
	 * Who the stored key or token belongs to. `token` checks a key before it is stored. Open WebUI
	 * 0.12 answers an API key on /api/v1/auths/ with 403 "A human session is required": then the key
	 * is checked on /api/models (any verified user) and the role on an admin-only read.
	 */
	async sessionUser(opts: { signal?: AbortSignal; token?: string } = {}): Promise<SessionUser> {
		let res: SessionUser;
		try {
			res = await this.http.json<SessionUser>('GET', '/api/v1/auths/', opts);
		} catch (e) {
			if (!(e instanceof PeerError && e.kind === 'auth' && e.status === 403 && /human session/i.test(e.serverMessage ?? ''))) throw e;
			await this.http.json<unknown>('GET', '/api/models', opts);
			const admin = await this.http.json<unknown>('GET', '/api/v1/auths/admin/config', opts).then(
				() => true,
				(err) => {
					if (err instanceof PeerError && err.kind === 'auth') return false;
					throw err;
				},
			);
			return { id: 'api-key', name: 'API key', role: admin ? 'admin' : 'user' };
		}
		if (!res || typeof res.role !== 'string') {
			throw new PeerError('parse', 'openWebui', 'Open WebUI did not say who is signed in (no role in /api/v1/auths/).');
		}
		return res;
	}

	async signIn(email: string, password: string, signal?: AbortSignal): Promise<SessionUser & { token: string }> {
		const res = await this.http.json<SessionUser>('POST', '/api/v1/auths/signin', { body: { email, password }, signal });
		if (res !== undefined && (typeof res !== 'object' || res === null)) throw this.http.unexpected('/api/v1/auths/signin', `${describe(res)} instead of a session`);
		if (typeof res?.token !== 'string' || !res.token) throw new PeerError('parse', 'openWebui', 'Open WebUI accepted the sign-in but returned no token.');
		return res as SessionUser & { token: string };
	}

	async models(signal?: AbortSignal): Promise<ModelsResponse> {
		const res = await this.http.json<unknown>('GET', '/api/models', { signal });
		if (res === undefined || res === null) return { data: [] };
		const data = (res as { data?: unknown }).data;
		if (typeof res !== 'object' || Array.isArray(res)) throw this.http.unexpected('/api/models', `${describe(res)} instead of a model list`);
		if (data === undefined || data === null) return { data: [] };
		if (!Array.isArray(data)) throw this.http.unexpected('/api/models', '"data" is not a list');
		data.forEach((m, i) => {
			if (typeof m !== 'object' || m === null || Array.isArray(m)) throw this.http.unexpected('/api/models', `data[${i}] is ${describe(m)}, not a model`);
			if (typeof (m as { id?: unknown }).id !== 'string') throw this.http.unexpected('/api/models', `data[${i}] has ${describe((m as { id?: unknown }).id)} as its id`);
		});
		return { data: data as ModelsResponse['data'] };
	}

	taskConfig(signal?: AbortSignal): Promise<TaskConfig> {
		return this.http.json<TaskConfig>('GET', '/api/v1/tasks/config', { signal });
	}

	/** The task config with the exact bytes it came in, so untouched values go back unchanged. */
	taskConfigRaw(signal?: AbortSignal): Promise<RawJson<TaskConfig | undefined>> {
		return this.http.jsonRaw<TaskConfig>('GET', '/api/v1/tasks/config', { signal });
	}

	/** POSTs `config` as JSON, or `body` as its exact bytes when given (a lossless splice of the server's text). */
	updateTaskConfig(config: TaskConfig, signal?: AbortSignal, body?: Uint8Array): Promise<TaskConfig> {
		return this.http.json<TaskConfig>('POST', '/api/v1/tasks/config/update', { body: body ?? config, signal });
	}

	/** POST /api/v1/tasks/title/completions: Open WebUI routes it to the configured task model. */
	async titleCompletion(body: TitleCompletionRequest, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<TitleCompletionResponse> {
		const path = '/api/v1/tasks/title/completions';
		const res = await this.http.json<unknown>('POST', path, { body, signal: opts.signal, timeoutMs: opts.timeoutMs });
		if (typeof res !== 'object' || res === null || Array.isArray(res)) throw this.http.unexpected(path, `${describe(res)} instead of a completion`);
		const choices = (res as { choices?: unknown }).choices;
		if (choices !== undefined && choices !== null && !(Array.isArray(choices) && choices.every((c) => typeof c === 'object' && c !== null))) throw this.http.unexpected(path, '"choices" is not a list of choices');
		return res as TitleCompletionResponse;
	}
}
