// Ollama wire types, from api/types.go (see docs/server-api.md §1). Optional where the server
// uses omitempty or where older servers lack the field.

export interface ModelDetails {
	parent_model?: string;
	format?: string;
	family?: string;
	families?: string[] | null;
	/** e.g. "3.2B", "270M", "8x7B"; may be "" or missing. */
	parameter_size?: string;
	quantization_level?: string;
	context_length?: number;
	embedding_length?: number;
}

export interface TagModel {
	name: string;
	model?: string;
	modified_at?: string;
	/** Bytes on disk. */
	size: number;
	digest?: string;
	details?: ModelDetails;
	/** From Ollama 0.30; older servers need /api/show. */
	capabilities?: string[];
	remote_model?: string;
	remote_host?: string;
	/** Only through Open WebUI's proxy: indexes of the backends that hold this model. */
	urls?: number[];
	/** Only through Open WebUI's proxy: a unix time (int) when loaded. */
	expires_at?: number | string;
}

export interface TagsResponse {
	models: TagModel[];
}

export interface PsModel {
	name: string;
	model?: string;
	/** Bytes of memory the loaded runner uses in total. */
	size: number;
	/** Bytes of that held in GPU memory. */
	size_vram?: number;
	digest?: string;
	details?: ModelDetails;
	/** RFC3339; far future when keep_alive < 0. */
	expires_at?: string;
	context_length?: number;
	urls?: number[];
}

export interface PsResponse {
	models: PsModel[];
}

export interface ShowResponse {
	license?: string;
	modelfile?: string;
	parameters?: string;
	template?: string;
	system?: string;
	details?: ModelDetails;
	model_info?: Record<string, unknown>;
	capabilities?: string[];
	modified_at?: string;
	remote_model?: string;
	remote_host?: string;
}

export interface VersionResponse {
	version: string;
}

/** One NDJSON line of /api/pull. `digest`, `total` and `completed` are omitempty. */
export interface PullProgress {
	status?: string;
	digest?: string;
	total?: number;
	completed?: number;
	error?: string;
}

export interface ChatMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string;
	thinking?: string;
}

export interface Metrics {
	total_duration?: number;
	load_duration?: number;
	prompt_eval_count?: number;
	prompt_eval_duration?: number;
	eval_count?: number;
	eval_duration?: number;
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	stream?: boolean;
	think?: boolean;
	format?: 'json' | Record<string, unknown>;
	options?: Record<string, unknown>;
	keep_alive?: number | string;
}

export interface ChatResponse extends Metrics {
	model: string;
	created_at?: string;
	message?: ChatMessage;
	done: boolean;
	done_reason?: string;
	error?: string;
}

export interface GenerateRequest {
	model: string;
	prompt?: string;
	stream?: boolean;
	keep_alive?: number | string;
	options?: Record<string, unknown>;
}

export interface GenerateResponse extends Metrics {
	model: string;
	response?: string;
	done: boolean;
	done_reason?: string;
}
