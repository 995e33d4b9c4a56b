// Adding an OpenAI-compatible ("hosted") connection to Open WebUI through GET /openai/config and
// POST /openai/config/update (docs/hosted-task-model.md, "OpenAI connections"). Same rules as the task
// config: read-modify-write of the whole object, re-read just before writing, refuse to overwrite
// a change made meanwhile, check after writing; undo removes exactly the connection added here.
// The key travels to Open WebUI only: nothing here logs, stores or returns it. Pure.
import { english, type Translate } from '../shared/l10n';
import { plainEqual as jsonEqual } from '../util/plainEqual';

/** Whatever GET /openai/config returned; unknown keys included. */
export type OpenAiConfig = Record<string, unknown>;

export const hostedMessages = {
	badUrl: 'Enter the base URL of an OpenAI-compatible API, e.g. https://api.example.com/v1 (http or https).',
	badPrefix: 'A prefix may only contain letters, digits, "-" and "_".',
	emptyKey: 'Enter the API key of that service (it goes to Open WebUI only; use any text if the service needs none).',
	notOpenAiConfig: 'Open WebUI did not return its OpenAI connections (no OPENAI_API_BASE_URLS): it may be too old or not an Open WebUI.',
	alreadyThere: 'Open WebUI already has a connection to {0}.',
	changedMeanwhile: 'Open WebUI\'s connections changed since they were read (someone else edited them). Nothing was written.',
	added: 'Added the connection to {0} in Open WebUI.',
	notSaved: 'Open WebUI answered but did not keep the connection to {0}.',
	removed: 'Removed the connection to {0} from Open WebUI.',
	goneAlready: 'The connection to {0} is no longer in Open WebUI; nothing to remove.',
	leavesMachine: 'With a hosted task model, Open WebUI sends the text of your chats (for titles, tags, follow-ups and search queries) to {0}. The key is stored in Open WebUI\'s database, not in VS Code.',
} as const;

export interface NewConnection {
	readonly url: string;
	readonly key: string;
	/** Open WebUI's prefix_id: model ids become `<prefix>.<model>` so they cannot clash. */
	readonly prefix?: string;
}

/** A normalised base URL (no trailing slash), or an error message. */
export function checkBaseUrl(raw: string, t: Translate = english): { url: string } | { error: string } {
	const s = raw.trim().replace(/\/+$/, '');
	try {
		const u = new URL(s);
		if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.username || u.password) return { error: t(hostedMessages.badUrl) };
		return { url: s };
	} catch {
		return { error: t(hostedMessages.badUrl) };
	}
}

export function checkPrefix(raw: string | undefined, t: Translate = english): { prefix?: string } | { error: string } {
	const p = (raw ?? '').trim();
	if (!p) return {};
	return /^[A-Za-z0-9_-]{1,40}$/.test(p) ? { prefix: p } : { error: t(hostedMessages.badPrefix) };
}

const urlsOf = (c: OpenAiConfig): string[] | undefined => (Array.isArray(c.OPENAI_API_BASE_URLS) && c.OPENAI_API_BASE_URLS.every((u) => typeof u === 'string') ? (c.OPENAI_API_BASE_URLS as string[]) : undefined);
const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** The index of a connection to `url`, or -1. */
export function findConnection(config: OpenAiConfig, url: string): number {
	return (urlsOf(config) ?? []).findIndex((u) => sameUrl(u, url));
}

/**
 * The whole config with one connection appended: every other key and connection as it came,
 * `ENABLE_OPENAI_API` switched on (an update without it stores null, which turns the API off).
 */
export function withConnection(config: OpenAiConfig, add: NewConnection): OpenAiConfig {
	const urls = urlsOf(config) ?? [];
	const keys = Array.isArray(config.OPENAI_API_KEYS) ? [...(config.OPENAI_API_KEYS as unknown[])] : [];
	// Open WebUI pads or cuts the key list to the URL list; do it here so the new key lands at its index.
	while (keys.length < urls.length) keys.push('');
	keys.length = urls.length;
	const configs = typeof config.OPENAI_API_CONFIGS === 'object' && config.OPENAI_API_CONFIGS !== null ? { ...(config.OPENAI_API_CONFIGS as Record<string, unknown>) } : {};
	const idx = urls.length;
	configs[String(idx)] = { enable: true, tags: [], model_ids: [], ...(add.prefix ? { prefix_id: add.prefix } : {}), connection_type: 'external' };
	return { ...config, ENABLE_OPENAI_API: true, OPENAI_API_BASE_URLS: [...urls, add.url], OPENAI_API_KEYS: [...keys, add.key], OPENAI_API_CONFIGS: configs };
}

/**
 * The whole config without the connection to `url`; the per-index configs of later connections
 * move down one place (Open WebUI keys them by index).
 */
export function withoutConnection(config: OpenAiConfig, url: string): OpenAiConfig | undefined {
	const urls = urlsOf(config) ?? [];
	const idx = urls.findIndex((u) => sameUrl(u, url));
	if (idx < 0) return undefined;
	const keys = Array.isArray(config.OPENAI_API_KEYS) ? (config.OPENAI_API_KEYS as unknown[]).filter((_, i) => i !== idx) : [];
	const old = typeof config.OPENAI_API_CONFIGS === 'object' && config.OPENAI_API_CONFIGS !== null ? (config.OPENAI_API_CONFIGS as Record<string, unknown>) : {};
	const configs: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(old)) {
		const i = Number(k);
		if (!Number.isInteger(i) || i === idx) continue;
		configs[String(i > idx ? i - 1 : i)] = v;
	}
	return { ...config, OPENAI_API_BASE_URLS: urls.filter((_, i) => i !== idx), OPENAI_API_KEYS: keys, OPENAI_API_CONFIGS: configs };
}

/** For logs and the webview: the config without any key. */
export function redactConfig(config: OpenAiConfig): OpenAiConfig {
	const keys = Array.isArray(config.OPENAI_API_KEYS) ? (config.OPENAI_API_KEYS as unknown[]).map((k) => (k ? '***' : '')) : config.OPENAI_API_KEYS;
	const configs = typeof config.OPENAI_API_CONFIGS === 'object' && config.OPENAI_API_CONFIGS !== null ? Object.fromEntries(Object.entries(config.OPENAI_API_CONFIGS as Record<string, unknown>).map(([i, c]) => [i, typeof c === 'object' && c !== null && 'key' in c ? { ...c, key: '***' } : c])) : config.OPENAI_API_CONFIGS;
	return { ...config, OPENAI_API_KEYS: keys, OPENAI_API_CONFIGS: configs };
}

export interface OpenAiConfigApi {
	read(signal?: AbortSignal): Promise<OpenAiConfig>;
	write(config: OpenAiConfig, signal?: AbortSignal): Promise<OpenAiConfig>;
}

export type ConnectionResult =
	| { readonly type: 'added'; readonly url: string; readonly index: number; readonly message: string; /** ENABLE_OPENAI_API before, for undo. */ readonly wasEnabled: unknown }
	| { readonly type: 'removed'; readonly url: string; readonly message: string }
	| { readonly type: 'unchanged'; readonly message: string }
	| { readonly type: 'conflict'; readonly message: string }
	| { readonly type: 'failed'; readonly message: string };

function checkShape(c: OpenAiConfig, t: Translate): string | undefined {
	return urlsOf(c) ? undefined : t(hostedMessages.notOpenAiConfig);
}

/**
 * Add a connection: `base` is the config the user saw (the caller read it to list connections);
 * the config is re-read just before writing and a difference means someone else edited it.
 */
export async function addConnection(api: OpenAiConfigApi, add: NewConnection, opts: { base?: OpenAiConfig; force?: boolean; signal?: AbortSignal; t?: Translate } = {}): Promise<ConnectionResult> {
	const t = opts.t ?? english;
	const current = await api.read(opts.signal);
	const bad = checkShape(current, t);
	if (bad) return { type: 'failed', message: bad };
	if (opts.base && !opts.force && !jsonEqual(opts.base, current)) return { type: 'conflict', message: t(hostedMessages.changedMeanwhile) };
	if (findConnection(current, add.url) >= 0) return { type: 'unchanged', message: t(hostedMessages.alreadyThere, add.url) };
	await api.write(withConnection(current, add), opts.signal);
	const after = await api.read(opts.signal);
	const index = findConnection(after, add.url);
	if (index < 0) return { type: 'failed', message: t(hostedMessages.notSaved, add.url) };
	return { type: 'added', url: add.url, index, message: t(hostedMessages.added, add.url), wasEnabled: current.ENABLE_OPENAI_API };
}

/**
 * Undo: remove the connection to `url` (and only it), re-reading first so other edits survive.
 * `enable` puts ENABLE_OPENAI_API back as it was before the add (when the add switched it on).
 */
export async function removeConnection(api: OpenAiConfigApi, url: string, opts: { signal?: AbortSignal; t?: Translate; enable?: unknown } = {}): Promise<ConnectionResult> {
	const t = opts.t ?? english;
	const current = await api.read(opts.signal);
	const bad = checkShape(current, t);
	if (bad) return { type: 'failed', message: bad };
	const without = withoutConnection(current, url);
	if (!without) return { type: 'unchanged', message: t(hostedMessages.goneAlready, url) };
	const next = opts.enable !== undefined ? { ...without, ENABLE_OPENAI_API: opts.enable } : without;
	await api.write(next, opts.signal);
	const after = await api.read(opts.signal);
	if (findConnection(after, url) >= 0) return { type: 'failed', message: t(hostedMessages.notSaved, url) };
	return { type: 'removed', url, message: t(hostedMessages.removed, url) };
}

/** Model ids Open WebUI lists for the connection at `index` (`urlIdx` on OpenAI entries). */
export function modelsOfConnection(models: readonly { id: string; urlIdx?: unknown; connection_type?: unknown; owned_by?: unknown; openai?: unknown }[], index: number, prefix?: string): string[] {
	return models
		.filter((m) => {
			if (m.owned_by === 'ollama' || m.owned_by === 'arena') return false;
			const idx = typeof m.urlIdx === 'number' ? m.urlIdx : undefined;
			if (idx !== undefined) return idx === index;
			return prefix ? m.id.startsWith(`${prefix}.`) : false;
		})
		.map((m) => m.id);
}
