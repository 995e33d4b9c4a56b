// A fake Ollama: the endpoints the extension uses, with the shapes from docs/server-api.md §1
// (checked against the real server by test/e2e's conformance test).
import type { ChatResponse, PsModel, PullProgress, ShowResponse, TagModel } from '../../src/clients/ollamaTypes';
import { startFakeHttp, type FakeHttpServer, type Reply, type Route } from './fakeHttp';

export interface RegistryModel {
	/** Layers in pull order; the first is the weights. */
	layers: { digest: string; size: number }[];
	/** What /api/tags will list once pulled. */
	tag: TagModel;
	/** Lines replayed verbatim instead of the generated ones (e.g. a recorded fixture). */
	script?: PullProgress[];
}

export interface ChatScript {
	content: string;
	/** Per-prompt answers: the first whose `when` (every one, if a list) the prompt contains wins over `content`. */
	answers?: { when: string | string[]; content: string }[];
	thinking?: string;
	/** Ollama metrics in nanoseconds. */
	metrics?: Partial<Pick<ChatResponse, 'load_duration' | 'prompt_eval_count' | 'prompt_eval_duration' | 'eval_count' | 'eval_duration' | 'total_duration'>>;
	/** Real wall-clock delay before answering. */
	delayMs?: number;
	/** Metrics merged over `metrics` when the model was not resident when the request came (a cold load). */
	coldMetrics?: ChatScript['metrics'];
	/** Extra wall-clock delay for a cold load. */
	coldDelayMs?: number;
}

export interface FakeOllamaState {
	version: string;
	models: TagModel[];
	loaded: PsModel[];
	show: Record<string, ShowResponse>;
	registry: Record<string, RegistryModel>;
	/** Lines per layer and the delay between progress lines, plus optional pull faults. */
	pull: {
		stepsPerLayer: number;
		delayMs: number;
		/** Destroy the connection after N lines: "connection lost mid-pull". */
		abortAfter?: number;
		/** End the stream cleanly after N lines, without "success". */
		endAfter?: number;
		/** Layer digests already on disk: one line with completed == total each. */
		presentLayers?: string[];
		/** Keep the socket open and send nothing after N lines (a wedged server). */
		stallAfter?: number;
		/** After N lines, one line of this many bytes without a newline. */
		hugeLine?: { afterLines: number; bytes: number };
		/** Replace line N with this value (e.g. null): a payload the client must reject by name. */
		replaceLine?: { index: number; value: unknown };
	};
	chat: Record<string, ChatScript>;
	/** Every /api/chat with when it started and ended (ms): shows overlapping requests. */
	chatLog?: ChatLogEntry[];
}

export interface ChatLogEntry {
	model: string;
	start: number;
	end?: number;
	/** Models resident when the request came. */
	loaded: string[];
	body: { messages?: unknown[]; keep_alive?: number | string; think?: boolean; format?: unknown; options?: Record<string, unknown> };
}

export interface FakeOllama extends FakeHttpServer {
	readonly state: FakeOllamaState;
}

export const gib = 1024 ** 3;

export function tagModel(name: string, parameterSize: string, sizeBytes: number, extra: Partial<TagModel> & { capabilities?: string[]; family?: string; quantization?: string } = {}): TagModel {
	const { family, quantization, ...rest } = extra;
	return {
		name,
		model: name,
		modified_at: '2026-11-01T10:00:00Z',
		size: sizeBytes,
		digest: hex64(name),
		details: { format: 'gguf', family: family ?? name.split(':')[0].replace(/[\d.]+$/, ''), families: null, parameter_size: parameterSize, quantization_level: quantization ?? 'Q4_K_M' },
		...rest,
	};
}

export function defaultOllamaState(): FakeOllamaState {
	return {
		version: '0.24.0',
		models: [
			tagModel('llama3.1:8b', '8.0B', 4.9 * gib, { capabilities: ['completion', 'tools'] }),
			tagModel('qwen3:4b', '4.0B', 2.5 * gib, { capabilities: ['completion', 'tools', 'thinking'] }),
			tagModel('llama3.2:3b', '3.2B', 2.0 * gib, { capabilities: ['completion', 'tools'] }),
			tagModel('nomic-embed-text:latest', '137M', 0.27 * gib, { capabilities: ['embedding'], family: 'nomic-bert', quantization: 'F16' }),
		],
		loaded: [],
		show: {},
		registry: {
			'gemma3:1b': {
				layers: [
					{ digest: `sha256:${hex64('gemma-weights')}`, size: 815_000_000 },
					{ digest: `sha256:${hex64('gemma-template')}`, size: 358 },
					{ digest: `sha256:${hex64('gemma-params')}`, size: 77 },
				],
				tag: tagModel('gemma3:1b', '999.89M', 815_000_435, { capabilities: ['completion'] }),
			},
		},
		pull: { stepsPerLayer: 4, delayMs: 5 },
		chat: {},
	};
}

export function hex64(seed: string): string {
	// FNV-1a over the whole seed (seeds sharing their first 8 characters used to collide), then
	// more rounds until there are 64 hex digits.
	let h = 0x811c9dc5;
	for (let i = 0; i < seed.length; i++) {
		h ^= seed.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	let out = '';
	for (let i = 0; out.length < 64; i++) {
		h ^= i + 0x9e37;
		h = Math.imul(h, 0x01000193) >>> 0;
		out += h.toString(16).padStart(8, '0');
	}
	return out.slice(0, 64);
}

const notFound = (m: string): Reply => ({ status: 404, body: { error: `model '${m}' not found` } });
const validName = (m: unknown): m is string => typeof m === 'string' && /^[a-zA-Z0-9][\w.\-/:]*$/.test(m) && !m.includes('::');

/** Routes shared with the fake Open WebUI proxy (which mounts them under /ollama). */
export function ollamaRoutes(state: FakeOllamaState): Route[] {
	// Like Ollama, a name without a tag means ":latest".
	const find = (m: unknown) => state.models.find((x) => x.name === m || x.model === m || (typeof m === 'string' && !m.includes(':') && x.name === `${m}:latest`));
	return [
		{ method: 'GET', path: '/', handler: () => ({ body: 'Ollama is running', contentType: 'text/plain; charset=utf-8' }) },
		{ method: 'GET', path: '/api/version', handler: () => ({ body: { version: state.version } }) },
		{ method: 'GET', path: '/api/tags', handler: () => ({ body: { models: state.models } }) },
		{ method: 'GET', path: '/api/ps', handler: () => ({ body: { models: state.loaded } }) },
		{
			method: 'POST',
			path: '/api/show',
			handler: ({ body }) => {
				const name = (body as { model?: string; name?: string })?.model ?? (body as { name?: string })?.name;
				if (!name) return { status: 400, body: { error: 'model is required' } };
				const m = find(name);
				if (!m) return notFound(name);
				return { body: state.show[m.name] ?? { details: m.details, model_info: {}, capabilities: m.capabilities ?? ['completion'] } };
			},
		},
		{
			method: 'DELETE',
			path: '/api/delete',
			handler: ({ body }) => {
				const name = (body as { model?: string })?.model;
				if (!validName(name)) return { status: 400, body: { error: 'invalid model name' } };
				if (!find(name)) return notFound(name);
				state.models = state.models.filter((x) => x.name !== name);
				state.loaded = state.loaded.filter((x) => x.name !== name);
				return { body: '' };
			},
		},
		{ method: 'POST', path: /^\/api\/pull(\/\d+)?$/, handler: ({ body }) => pull(state, body as { model?: string; name?: string; stream?: boolean }) },
		{
			method: 'POST',
			path: '/api/generate',
			handler: ({ body }) => {
				const b = body as { model: string; prompt?: string; keep_alive?: number };
				const m = find(b.model);
				if (!m) return notFound(b.model);
				if (!b.prompt && b.keep_alive === 0) {
					state.loaded = state.loaded.filter((x) => x.name !== m.name);
					return { body: { model: m.name, response: '', done: true, done_reason: 'unload' } };
				}
				load(state, m);
				return { body: { model: m.name, response: b.prompt ? 'ok' : '', done: true, done_reason: b.prompt ? 'stop' : 'load' } };
			},
		},
		{
			method: 'POST',
			path: '/api/chat',
			handler: async ({ body }) => {
				const b = body as ChatLogEntry['body'] & { model: string };
				const m = find(b.model);
				if (!m) return notFound(b.model);
				// Empty messages: Ollama's load (or, with keep_alive 0, unload) request, answered at once.
				if (Array.isArray(b.messages) && b.messages.length === 0) {
					if (b.keep_alive === 0) state.loaded = state.loaded.filter((x) => x.name !== m.name);
					else load(state, m, b.keep_alive);
					return { body: { model: m.name, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: b.keep_alive === 0 ? 'unload' : 'load' } };
				}
				const loaded = state.loaded.map((x) => x.name);
				const entry: ChatLogEntry = { model: m.name, start: Date.now(), body: b, loaded };
				state.chatLog?.push(entry);
				const script = state.chat[m.name] ?? { content: '{"title": "A short title"}' };
				const cold = !loaded.includes(m.name);
				// Like Ollama: the model is resident before the answer starts (and stays if the client leaves).
				if (b.keep_alive !== 0) load(state, m, b.keep_alive);
				const delay = (script.delayMs ?? 0) + (cold ? (script.coldDelayMs ?? 0) : 0);
				if (delay) await new Promise((r) => setTimeout(r, delay));
				entry.end = Date.now();
				if (b.keep_alive === 0) state.loaded = state.loaded.filter((x) => x.name !== m.name);
				return {
					body: {
						model: m.name,
						created_at: new Date().toISOString(),
						message: { role: 'assistant', content: answerFor(script, b.messages), ...(script.thinking ? { thinking: script.thinking } : {}) },
						done: true,
						done_reason: 'stop',
						...script.metrics,
						...(cold ? script.coldMetrics : undefined),
					},
				};
			},
		},
	];
}

function answerFor(script: ChatScript, messages: unknown[] | undefined): string {
	const prompt = messages?.map((m) => String((m as { content?: unknown })?.content ?? '')).join('\n') ?? '';
	return script.answers?.find((a) => [a.when].flat().every((w) => prompt.includes(w)))?.content ?? script.content;
}

/** Ollama's keep_alive: a number is seconds, a Go duration string, negative = forever; default 5m. */
function expiresAt(keepAlive: number | string | undefined): string {
	const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
	const g = typeof keepAlive === 'string' ? /^(-?\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(keepAlive) : null;
	const ms = typeof keepAlive === 'number' ? keepAlive * 1000 : g ? Number(g[1]) * unit[g[2] ?? 's'] : 5 * 60_000;
	return new Date(ms < 0 ? Date.UTC(2318, 0, 1) : Date.now() + ms).toISOString();
}

function load(state: FakeOllamaState, m: TagModel, keepAlive?: number | string): void {
	const resident = state.loaded.find((x) => x.name === m.name);
	if (resident) {
		resident.expires_at = expiresAt(keepAlive);
		return;
	}
	state.loaded.unshift({
		name: m.name,
		model: m.name,
		size: Math.round(m.size * 1.2),
		size_vram: 0,
		digest: m.digest,
		details: m.details,
		expires_at: expiresAt(keepAlive),
		context_length: 4096,
	});
}

function pull(state: FakeOllamaState, body: { model?: string; name?: string; stream?: boolean }): Reply {
	const name = body?.model ?? body?.name;
	if (!validName(name)) return { status: 400, body: { error: 'invalid model name' } };
	const entry = state.registry[name];
	if (body.stream === false) {
		if (!entry) return { status: 500, body: { error: 'pull model manifest: file does not exist' } };
		addPulled(state, entry);
		return { body: { status: 'success' } };
	}
	const lines: PullProgress[] = [{ status: 'pulling manifest' }];
	if (!entry) {
		lines.push({ error: 'pull model manifest: file does not exist' });
		return { stream: { lines, delayMs: state.pull.delayMs } };
	}
	const have = new Set(state.models.flatMap((m) => (m.name === name ? entry.layers.map((l) => l.digest) : [])));
	for (const d of state.pull.presentLayers ?? []) have.add(d);
	if (entry.script) lines.length = 0;
	for (const layer of entry.script ? [] : entry.layers) {
		const short = `pulling ${layer.digest.slice(7, 19)}`;
		if (have.has(layer.digest)) {
			lines.push({ status: short, digest: layer.digest, total: layer.size, completed: layer.size });
			continue;
		}
		for (let i = 0; i <= state.pull.stepsPerLayer; i++) {
			const completed = Math.round((layer.size * i) / state.pull.stepsPerLayer);
			lines.push(completed === 0 ? { status: short, digest: layer.digest, total: layer.size } : { status: short, digest: layer.digest, total: layer.size, completed });
		}
	}
	if (entry.script) lines.push(...entry.script);
	else lines.push({ status: 'verifying sha256 digest' }, { status: 'writing manifest' }, { status: 'success' });
	if (state.pull.endAfter !== undefined) lines.length = Math.min(lines.length, state.pull.endAfter);
	const replace = state.pull.replaceLine;
	if (replace) (lines as unknown[])[replace.index] = replace.value;
	const succeeds = lines.at(-1)?.status === 'success';
	// The model appears in /api/tags once the stream has sent "success".
	const { stallAfter, hugeLine } = state.pull;
	return { stream: { lines, delayMs: state.pull.delayMs, abortAfter: state.pull.abortAfter, stallAfter, hugeLine, onDone: succeeds ? () => addPulled(state, entry) : undefined } };
}

function addPulled(state: FakeOllamaState, entry: RegistryModel): void {
	state.models = [entry.tag, ...state.models.filter((m) => m.name !== entry.tag.name)];
}


export async function startFakeOllama(opts: { state?: Partial<FakeOllamaState>; port?: number } = {}): Promise<FakeOllama> {
	const state: FakeOllamaState = { ...defaultOllamaState(), ...opts.state };
	const server = await startFakeHttp(() => ollamaRoutes(state), { port: opts.port });
	return Object.assign(server, { state });
}
