// Open WebUI's task endpoints beyond the config (routers/tasks.py). Kept apart from openWebui.ts so
// the lead can fold `titleCompletion` into OpenWebuiClient without a merge fight.
import { HttpClient, type HttpClientOptions } from './http';

export interface TaskChatMessage {
	role: 'system' | 'user' | 'assistant';
	content: string;
}

export interface TitleCompletionRequest {
	/** The chat model's Open WebUI id; Open WebUI picks the task model from it. */
	model: string;
	messages: TaskChatMessage[];
	stream: false;
}

/** An OpenAI-style completion, or `{detail}` with 200 when title generation is off. */
export interface TitleCompletionResponse {
	id?: string;
	model?: string;
	choices?: { index?: number; message?: { role?: string; content?: string }; finish_reason?: string | null }[];
	detail?: string;
	[key: string]: unknown;
}

export class OpenWebuiTasksClient {
	private readonly http: HttpClient;
	constructor(options: Omit<HttpClientOptions, 'peer'>) {
		this.http = new HttpClient({ ...options, peer: 'openWebui' });
	}

	/** POST /api/v1/tasks/title/completions (verified user). A real model may need more than the usual timeout. */
	titleCompletion(body: TitleCompletionRequest, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<TitleCompletionResponse> {
		return this.http.json<TitleCompletionResponse>('POST', '/api/v1/tasks/title/completions', { body, signal: opts.signal, timeoutMs: opts.timeoutMs });
	}
}
