// The fake Open WebUI's admin routes for hosted task models: the update check, the OpenAI
// connections config (with the real server's key padding and index pruning) and model records
// (meta.hidden). Mounted by fakeOpenWebui.ts; state lives on FakeOpenWebuiState.
import type { OpenWebuiModel } from '../../src/clients/openWebuiTypes';
import type { Handler, Route } from './fakeHttp';

export interface FakeAdminState {
	/** What /api/version/updates calls the newest release; null = "could not reach GitHub" (0.12). */
	latestVersion?: string | null;
	openAiConfig?: Record<string, unknown>;
	/** Model records by id (Workspace models / hidden base models). */
	modelRecords?: Record<string, Record<string, unknown> & { id: string; meta?: Record<string, unknown> }>;
	/** Models each OpenAI connection's /models lists, by base URL. */
	openAiModels?: Record<string, string[]>;
}

export function adminRoutes(state: FakeAdminState & { version: string; models: OpenWebuiModel[] }, guarded: (need: 'user' | 'admin', h: Handler) => Handler): Route[] {
	const cfg = () => (state.openAiConfig ??= { ENABLE_OPENAI_API: false, OPENAI_API_BASE_URLS: [], OPENAI_API_KEYS: [], OPENAI_API_CONFIGS: {} });
	const records = () => (state.modelRecords ??= {});
	/** /api/models: the Ollama entries plus every enabled connection's models, prefixed, with urlIdx and the record as `info`. */
	const listed = (): OpenWebuiModel[] => {
		const c = cfg();
		const urls = (c.OPENAI_API_BASE_URLS as string[]) ?? [];
		const extra: OpenWebuiModel[] = c.ENABLE_OPENAI_API
			? urls.flatMap((u, i) => {
					const conf = ((c.OPENAI_API_CONFIGS as Record<string, { prefix_id?: string }>) ?? {})[String(i)] ?? {};
					return (state.openAiModels?.[u] ?? []).map((m) => ({ id: conf.prefix_id ? `${conf.prefix_id}.${m}` : m, name: m, object: 'model', owned_by: 'openai', connection_type: 'external', urlIdx: i }));
				})
			: [];
		return [...state.models.filter((m) => m.owned_by !== 'openai' || m.urlIdx === undefined), ...extra].map((m) => (records()[m.id] ? { ...m, info: records()[m.id] } : m));
	};
	return [
		{ method: 'GET', path: '/api/version/updates', handler: guarded('user', () => ({ body: { current: state.version, latest: state.latestVersion === undefined ? state.version : state.latestVersion } })) },
		{ method: 'GET', path: '/openai/config', handler: guarded('admin', () => ({ body: cfg() })) },
		{
			method: 'POST',
			path: '/openai/config/update',
			handler: guarded('admin', ({ body }) => {
				const b = body as Record<string, unknown>;
				if (!Array.isArray(b?.OPENAI_API_BASE_URLS) || !Array.isArray(b?.OPENAI_API_KEYS) || typeof b?.OPENAI_API_CONFIGS !== 'object') return { status: 422, body: { detail: 'field required' } };
				const urls = b.OPENAI_API_BASE_URLS as string[];
				const keys = [...(b.OPENAI_API_KEYS as string[])].slice(0, urls.length);
				while (keys.length < urls.length) keys.push('');
				const configs = Object.fromEntries(Object.entries(b.OPENAI_API_CONFIGS as object).filter(([k]) => Number(k) < urls.length));
				state.openAiConfig = { ENABLE_OPENAI_API: b.ENABLE_OPENAI_API ?? null, OPENAI_API_BASE_URLS: urls, OPENAI_API_KEYS: keys, OPENAI_API_CONFIGS: configs };
				state.models = listed().map(({ info: _i, ...m }) => m as OpenWebuiModel);
				return { body: state.openAiConfig };
			}),
		},
		{ method: 'GET', path: /^\/api(\/v1)?\/models$/, handler: guarded('user', () => ({ body: { data: listed() } })) },
		{
			method: 'GET',
			path: '/api/v1/models/model',
			handler: guarded('user', ({ query }) => {
				const r = records()[query.get('id') ?? ''];
				return r ? { body: r } : { status: 404, body: { detail: "We could not find what you're looking for :/" } };
			}),
		},
		{
			method: 'POST',
			path: '/api/v1/models/create',
			handler: guarded('admin', ({ body }) => {
				const b = body as { id: string };
				if (records()[b.id]) return { status: 401, body: { detail: 'Uh-oh! This id is already registered. Please choose another id string.' } };
				records()[b.id] = structuredClone(b) as { id: string };
				return { body: records()[b.id] };
			}),
		},
		{
			method: 'POST',
			path: '/api/v1/models/model/update',
			handler: guarded('admin', ({ body }) => {
				const b = body as { id: string };
				if (!records()[b.id]) return { status: 401, body: { detail: "We could not find what you're looking for :/" } };
				records()[b.id] = structuredClone(b) as { id: string };
				return { body: records()[b.id] };
			}),
		},
	];
}
