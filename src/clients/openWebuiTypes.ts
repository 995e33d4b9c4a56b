// Open WebUI wire types (docs/server-api.md §2, docs/task-config.md). Task config is kept as an open record on
// purpose: every key the server sent must go back unchanged, known to us or not.

export interface OpenWebuiVersion {
	version: string;
	deployment_id?: string;
}

/** The public part of GET /api/config (more keys when a JWT is sent). */
export interface OpenWebuiConfig {
	status?: boolean;
	name?: string;
	version?: string;
	onboarding?: boolean;
	features?: Record<string, unknown> & { auth?: boolean; enable_api_keys?: boolean };
	[key: string]: unknown;
}

export type OpenWebuiRole = 'admin' | 'user' | 'pending' | (string & {});

/** GET /api/v1/auths/ (the session user), also the body of a successful sign-in. */
export interface SessionUser {
	id: string;
	email?: string;
	name?: string;
	role: OpenWebuiRole;
	token?: string;
	token_type?: string;
}

export interface OpenWebuiModel {
	id: string;
	name?: string;
	object?: string;
	owned_by?: string;
	connection_type?: string;
	/** Present for Ollama models: the raw /api/tags entry plus `urls`. */
	ollama?: Record<string, unknown> & { urls?: number[]; size?: number; details?: Record<string, unknown> };
	preset?: boolean;
	info?: Record<string, unknown> & { base_model_id?: string | null };
	[key: string]: unknown;
}

export interface ModelsResponse {
	data: OpenWebuiModel[];
}

/** Whatever GET /api/v1/tasks/config returned; unknown keys included. */
export type TaskConfig = Record<string, unknown>;

// Open WebUI's task endpoints beyond the config (routers/tasks.py).
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
