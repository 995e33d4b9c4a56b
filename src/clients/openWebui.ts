// One client for Open WebUI's own API. Its Ollama proxy is reached with OllamaClient and the
// `openWebuiProxy` route, so there is one way to talk Ollama.
import { HttpClient, PeerError, type HttpClientOptions } from './http';
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
		if (!res?.token) throw new PeerError('parse', 'openWebui', 'Open WebUI accepted the sign-in but returned no token.');
		return res as SessionUser & { token: string };
	}

	async models(signal?: AbortSignal): Promise<ModelsResponse> {
		const res = await this.http.json<ModelsResponse>('GET', '/api/models', { signal });
		return { data: Array.isArray(res?.data) ? res.data : [] };
	}

	taskConfig(signal?: AbortSignal): Promise<TaskConfig> {
		return this.http.json<TaskConfig>('GET', '/api/v1/tasks/config', { signal });
	}

	updateTaskConfig(config: TaskConfig, signal?: AbortSignal): Promise<TaskConfig> {
		return this.http.json<TaskConfig>('POST', '/api/v1/tasks/config/update', { body: config, signal });
	}

	/** POST /api/v1/tasks/title/completions: Open WebUI routes it to the configured task model. */
	titleCompletion(body: TitleCompletionRequest, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<TitleCompletionResponse> {
		return this.http.json<TitleCompletionResponse>('POST', '/api/v1/tasks/title/completions', { body, signal: opts.signal, timeoutMs: opts.timeoutMs });
	}
}
