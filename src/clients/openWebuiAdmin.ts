// Open WebUI admin routes beyond the task config: the release check, the OpenAI connections
// config and model records (hide from the chat picker). A separate file so the main client stays
// small; it shares the main client's options (base URL, token, timeout, request log).
import { HttpClient, PeerError, type HttpClientOptions } from './http';
import type { OpenAiConfig } from '../hosted/openaiConnections';
import type { ModelRecord } from '../hosted/modelVisibility';
import type { OpenWebuiModel } from './openWebuiTypes';

export class OpenWebuiAdminClient {
	private readonly http: HttpClient;
	constructor(options: Omit<HttpClientOptions, 'peer'>) {
		this.http = new HttpClient({ ...options, peer: 'openWebui' });
	}

	/** GET /api/version/updates (verified user): `{current, latest}`; Open WebUI asks GitHub, not us. */
	versionUpdates(signal?: AbortSignal): Promise<{ current?: string; latest?: string | null }> {
		return this.http.json('GET', '/api/version/updates', { signal });
	}

	/** GET /openai/config (admin). The answer holds connection keys: never log or forward it. */
	openAiConfig(signal?: AbortSignal): Promise<OpenAiConfig> {
		return this.http.json<OpenAiConfig>('GET', '/openai/config', { signal });
	}

	updateOpenAiConfig(config: OpenAiConfig, signal?: AbortSignal): Promise<OpenAiConfig> {
		return this.http.json<OpenAiConfig>('POST', '/openai/config/update', { body: config, signal });
	}

	/** A model's record, or undefined when it has none (0.12: 404; 0.6: 401 "could not find"). */
	async modelRecord(id: string, signal?: AbortSignal): Promise<ModelRecord | undefined> {
		try {
			const r = await this.http.json<ModelRecord | null>('GET', `/api/v1/models/model?id=${encodeURIComponent(id)}`, { signal });
			return r && typeof r === 'object' && typeof r.id === 'string' ? r : undefined;
		} catch (e) {
			if (e instanceof PeerError && (e.status === 404 || (e.status === 401 && /not found|could not find/i.test(e.serverMessage ?? '')))) return undefined;
			throw e;
		}
	}

	/** 0.6 reads the id from the query, 0.12 from the body: send both. */
	updateModel(body: ModelRecord, signal?: AbortSignal): Promise<unknown> {
		return this.http.json('POST', `/api/v1/models/model/update?id=${encodeURIComponent(body.id)}`, { body, signal });
	}

	/** GET /api/models?refresh=true: Open WebUI caches its model table; a new connection needs a fresh one. */
	async refreshedModels(signal?: AbortSignal): Promise<OpenWebuiModel[]> {
		const r = await this.http.json<{ data?: OpenWebuiModel[] }>('GET', '/api/models?refresh=true', { signal });
		return Array.isArray(r?.data) ? r.data : [];
	}

	createModel(body: ModelRecord, signal?: AbortSignal): Promise<unknown> {
		return this.http.json('POST', '/api/v1/models/create', { body, signal });
	}
}
