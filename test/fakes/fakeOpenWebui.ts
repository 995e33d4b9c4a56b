// A fake Open WebUI: version/config, auth (JWT-ish tokens and sk- keys), models, task config with
// the real server's validation (a partial update body gets 422, a non-admin write gets 401), and
// the /ollama proxy backed by a FakeOllama state.
import type { OpenWebuiModel, SessionUser, TaskConfig } from '../../src/clients/openWebuiTypes';
import { startFakeHttp, type FakeHttpServer, type Handler, type Reply, type Route } from './fakeHttp';
import { ollamaRoutes, type FakeOllamaState } from './fakeOllama';
import { adminRoutes, type FakeAdminState } from './fakeOpenWebuiAdmin';

/** Task config fields per Open WebUI era (docs/task-config.md "Fields by release"). */
export const taskConfigEras = {
	'0.5.0': ['TASK_MODEL', 'TASK_MODEL_EXTERNAL', 'TITLE_GENERATION_PROMPT_TEMPLATE', 'ENABLE_AUTOCOMPLETE_GENERATION', 'AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH', 'TAGS_GENERATION_PROMPT_TEMPLATE', 'ENABLE_TAGS_GENERATION', 'ENABLE_SEARCH_QUERY_GENERATION', 'ENABLE_RETRIEVAL_QUERY_GENERATION', 'QUERY_GENERATION_PROMPT_TEMPLATE', 'TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE'],
	'0.5.12': ['+IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE', '+ENABLE_TITLE_GENERATION'],
	'0.6.14': ['+ENABLE_FOLLOW_UP_GENERATION', '+FOLLOW_UP_GENERATION_PROMPT_TEMPLATE'],
	'0.6.37': ['+VOICE_MODE_PROMPT_TEMPLATE'],
	'0.9.4': ['+ENABLE_VOICE_MODE_PROMPT'],
	'0.11.0': ['+AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE'],
} as const;
export type Era = keyof typeof taskConfigEras | '0.12';

/** Required fields of an era (every field without a default), and the optional ones. */
export function eraFields(era: Era): { required: string[]; optional: string[] } {
	const order = Object.keys(taskConfigEras) as (keyof typeof taskConfigEras)[];
	const upTo = era === '0.12' ? order.length - 1 : order.indexOf(era);
	const required: string[] = [];
	for (const e of order.slice(0, upTo + 1)) for (const f of taskConfigEras[e]) required.push(f.replace(/^\+/, ''));
	return { required, optional: era === '0.12' ? ['TASK_MODEL_PARAMS'] : [] };
}

export function defaultTaskConfig(era: Era = '0.11.0'): TaskConfig {
	const values: TaskConfig = {
		TASK_MODEL: '',
		TASK_MODEL_EXTERNAL: '',
		ENABLE_TITLE_GENERATION: true,
		TITLE_GENERATION_PROMPT_TEMPLATE: '',
		IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE: '',
		ENABLE_AUTOCOMPLETE_GENERATION: false,
		AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH: -1,
		TAGS_GENERATION_PROMPT_TEMPLATE: '',
		FOLLOW_UP_GENERATION_PROMPT_TEMPLATE: '',
		ENABLE_FOLLOW_UP_GENERATION: true,
		ENABLE_TAGS_GENERATION: true,
		ENABLE_SEARCH_QUERY_GENERATION: true,
		ENABLE_RETRIEVAL_QUERY_GENERATION: true,
		QUERY_GENERATION_PROMPT_TEMPLATE: '',
		TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE: '',
		VOICE_MODE_PROMPT_TEMPLATE: null,
		ENABLE_VOICE_MODE_PROMPT: false,
		AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE: '',
		TASK_MODEL_PARAMS: {},
	};
	const { required, optional } = eraFields(era);
	return Object.fromEntries([...required, ...optional].map((k) => [k, values[k]]));
}

export interface FakeUser extends SessionUser {
	password?: string;
}

export interface FakeOpenWebuiState extends FakeAdminState {
	version: string;
	era: Era;
	/** Status for a request without a token: 401 from 0.6.19, 403 before. */
	notAuthenticatedStatus: 401 | 403;
	apiKeysEnabled: boolean;
	/** token or sk- key → user */
	tokens: Record<string, FakeUser>;
	users: FakeUser[];
	taskConfig: TaskConfig;
	models: OpenWebuiModel[];
	/** Backs the /ollama proxy; undefined = Ollama API disabled (503). */
	ollama?: FakeOllamaState;
	/** 0.12: /api/v1/auths/ refuses API keys with 403 "A human session is required." */
	keysNeedHumanSession?: boolean;
	/** What the title task answers (default `{"title": "📝 Fake title"}`), e.g. a thinking model's empty content. */
	titleReply?: { content: string; reasoning_content?: string; finish_reason?: string };
	/** Which model answered the last title task (for "is it used" checks). */
	titleAnswers: { model: string; content: string }[];
	/** A pre-0.5 server: task config only at /api/task/config; /api/v1/tasks/* falls through to the SPA shell. */
	legacyTaskPaths?: boolean;
	/** Fields a fork adds to its TaskConfigForm (required, kept on write like the era's own). */
	extraFields?: string[];
	/**
	 * The task config as exact bytes (big integers, `__proto__`, invalid UTF-8…): served as is by GET,
	 * and replaced by each accepted POST body, so a test sees byte for byte what came back.
	 */
	taskConfigRaw?: Buffer;
}

export interface FakeOpenWebui extends FakeHttpServer {
	readonly state: FakeOpenWebuiState;
}

export const adminUser: FakeUser = { id: 'u-admin', email: 'admin@example.com', name: 'Ada Admin', role: 'admin', password: 'admin-pass' };
export const plainUser: FakeUser = { id: 'u-user', email: 'user@example.com', name: 'Uma User', role: 'user', password: 'user-pass' };
export const adminToken = 'eyJ.fake-admin-jwt';
export const userToken = 'eyJ.fake-user-jwt';
export const adminKey = `sk-${'a'.repeat(32)}`;

export function defaultOpenWebuiState(ollama?: FakeOllamaState): FakeOpenWebuiState {
	return {
		version: '0.11.4',
		era: '0.11.0',
		notAuthenticatedStatus: 401,
		apiKeysEnabled: true,
		tokens: { [adminToken]: adminUser, [userToken]: plainUser, [adminKey]: adminUser },
		users: [adminUser, plainUser],
		taskConfig: defaultTaskConfig('0.11.0'),
		models: [],
		ollama,
		titleAnswers: [],
	};
}

const denied = 'You do not have permission to access this resource. Please contact your administrator for assistance.';

export async function startFakeOpenWebui(opts: { state?: Partial<FakeOpenWebuiState>; ollama?: FakeOllamaState; port?: number } = {}): Promise<FakeOpenWebui> {
	const state: FakeOpenWebuiState = { ...defaultOpenWebuiState(opts.ollama), ...opts.state };

	const auth = (authorization: string | undefined, need: 'any' | 'user' | 'admin'): FakeUser | Reply => {
		const token = authorization?.replace(/^Bearer\s+/i, '');
		if (!token) return { status: state.notAuthenticatedStatus, body: { detail: 'Not authenticated' } };
		if (token.startsWith('sk-') && !state.apiKeysEnabled) return { status: 403, body: { detail: 'Use of API key is not enabled in the environment.' } };
		const user = state.tokens[token];
		if (!user) return { status: 401, body: { detail: 'Your session has expired or the token is invalid. Please sign in again.' } };
		if ((need !== 'any' && user.role === 'pending') || (need === 'admin' && user.role !== 'admin')) return { status: 401, body: { detail: denied } };
		return user;
	};
	const guarded = (need: 'user' | 'admin', h: Handler): Handler => (req) => {
		const who = auth(req.authorization, need);
		return 'role' in who ? h(req) : who;
	};
	const publicUser = (u: FakeUser) => ({ id: u.id, email: u.email, name: u.name, role: u.role });

	const routes = (): Route[] => [
		...adminRoutes(state, guarded),
		{ method: 'GET', path: '/health', handler: () => ({ body: { status: true } }) },
		// deployment_id from 0.6.37 (checked against the real servers by test/e2e/conformance.test.ts)
		{ method: 'GET', path: '/api/version', handler: () => ({ body: versionAtLeast(state.version, '0.6.37') ? { version: state.version, deployment_id: '' } : { version: state.version } }) },
		{ method: 'GET', path: '/api/config', handler: () => ({ body: { status: true, name: 'Open WebUI', version: state.version, features: { auth: true, enable_signup: false } } }) },
		{
			method: 'GET',
			path: '/api/v1/auths/',
			handler: ({ authorization }) => {
				// get_current_user, not get_verified_user: a pending account may ask who it is.
				if (state.keysNeedHumanSession && authorization?.includes('sk-')) return { status: 403, body: { detail: 'A human session is required.' } };
				const who = auth(authorization, 'any');
				return 'role' in who ? { body: { ...publicUser(who), token: authorization?.replace(/^Bearer\s+/i, ''), token_type: 'Bearer' } } : who;
			},
		},
		{
			method: 'POST',
			path: '/api/v1/auths/signin',
			handler: ({ body }) => {
				const b = body as { email?: string; password?: string };
				const u = state.users.find((x) => x.email?.toLowerCase() === b?.email?.toLowerCase() && x.password === b?.password);
				if (!u) return { status: 400, body: { detail: 'The email or password provided is incorrect. Please check for typos and try logging in again.' } };
				const token = Object.entries(state.tokens).find(([t, x]) => x.id === u.id && !t.startsWith('sk-'))?.[0] ?? `eyJ.fake-${u.id}`;
				state.tokens[token] = u;
				return { body: { ...publicUser(u), token, token_type: 'Bearer' } };
			},
		},
		{ method: 'GET', path: '/api/v1/auths/admin/config', handler: guarded('admin', () => ({ body: { ENABLE_API_KEYS: state.apiKeysEnabled } })) },
		{ method: 'GET', path: /^\/api(\/v1)?\/models$/, handler: guarded('user', () => ({ body: { data: state.models } })) },
		...(state.legacyTaskPaths ? legacyTaskRoutes() : []),
		{ method: 'GET', path: '/api/v1/tasks/config', handler: guarded('user', () => (state.taskConfigRaw ? { rawBody: state.taskConfigRaw } : { body: state.taskConfig })) },
		{
			method: 'POST',
			path: '/api/v1/tasks/config/update',
			handler: guarded('admin', ({ body, rawBody }) => {
				const b = (body ?? {}) as TaskConfig;
				if (state.taskConfigRaw) {
					if (typeof body !== 'object' || body === null) return { status: 422, body: { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] } };
					state.taskConfigRaw = rawBody;
					state.taskConfig = b;
					return { rawBody };
				}
				const { optional } = eraFields(state.era);
				const required = [...eraFields(state.era).required, ...(state.extraFields ?? [])];
				const missing = required.filter((k) => !(k in b));
				if (missing.length) {
					return { status: 422, body: { detail: missing.map((k) => ({ type: 'missing', loc: ['body', k], msg: 'Field required', input: b })) } };
				}
				// Pydantic keeps only the form's fields; optional ones left out become null.
				state.taskConfig = Object.fromEntries([...required.map((k) => [k, b[k]]), ...optional.map((k) => [k, k in b ? b[k] : null])]);
				return { body: state.taskConfig };
			}),
		},
		{
			method: 'POST',
			path: '/api/v1/tasks/title/completions',
			handler: guarded('user', ({ body }) => {
				if (state.taskConfig.ENABLE_TITLE_GENERATION === false) return { body: { detail: 'Title generation is disabled' } };
				const chatModel = (body as { model?: string })?.model ?? '';
				const chat = state.models.find((m) => m.id === chatModel);
				if (!chat) return { status: 404, body: { detail: `Model '${chatModel}' was not found` } };
				// 0.6.11 switched the rule from owned_by == "ollama" to connection_type == "local".
				const local = versionBefore(state.version, [0, 6, 11]) ? chat.owned_by === 'ollama' : chat.connection_type === 'local';
				const slot = local ? 'TASK_MODEL' : 'TASK_MODEL_EXTERNAL';
				const configured = String(state.taskConfig[slot] ?? '');
				const model = configured && state.models.some((m) => m.id === configured) ? configured : chatModel;
				const reply = state.titleReply ?? { content: '{"title": "📝 Fake title"}' };
				const content = reply.content;
				state.titleAnswers.push({ model, content });
				const message = { role: 'assistant', content, ...(reply.reasoning_content ? { reasoning_content: reply.reasoning_content } : {}) };
				return { body: { id: 'chatcmpl-fake', object: 'chat.completion', model, choices: [{ index: 0, message, finish_reason: reply.finish_reason ?? 'stop' }] } };
			}),
		},
		...proxyRoutes(),
	];

	const legacyTaskRoutes = (): Route[] => [
		{ method: 'GET', path: '/api/task/config', handler: guarded('user', () => ({ body: state.taskConfig })) },
		{ method: 'POST', path: '/api/task/config/update', handler: guarded('admin', ({ body }) => ((state.taskConfig = body as TaskConfig), { body: state.taskConfig })) },
	];

	const proxyRoutes = (): Route[] => {
		if (!state.ollama) return [{ method: 'GET', path: /^\/ollama\//, handler: () => ({ status: 503, body: { detail: 'The Ollama API is disabled. Please enable it to use this feature.' } }) }];
		const adminOnly = new Set(['/api/ps', '/api/pull', '/api/delete', '/api/unload']);
		const inner = ollamaRoutes(state.ollama);
		const mounted: Route[] = inner
			.filter((r) => r.path !== '/')
			.map((r) => {
				const base = typeof r.path === 'string' ? r.path : '/api/pull';
				const path = typeof r.path === 'string' ? `/ollama${r.path}` : /^\/ollama\/api\/pull(\/\d+)?$/;
				if (base === '/api/version') return { ...r, path };
				return { ...r, path, handler: guarded(adminOnly.has(base) ? 'admin' : 'user', r.handler) };
			});
		const ollama = state.ollama;
		mounted.push({
			method: 'POST',
			path: '/ollama/api/unload',
			handler: guarded('admin', ({ body }) => {
				const name = (body as { model?: string })?.model;
				if (!ollama.models.some((m) => m.name === name)) return { status: 400, body: { detail: `Model '${name}' was not found` } };
				ollama.loaded = ollama.loaded.filter((m) => m.name !== name);
				return { body: { status: true } };
			}),
		});
		return mounted;
	};

	const server = await startFakeHttp(() => routes().filter((r) => !(state.legacyTaskPaths && typeof r.path === 'string' && r.path.startsWith('/api/v1/tasks/'))), { port: opts.port, fallbackHtml: true });
	return Object.assign(server, { state });
}

function versionAtLeast(v: string, min: string): boolean {
	const a = v.split('.').map(Number);
	const b = min.split('.').map(Number);
	for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
	return true;
}

/** An Open WebUI model entry for an Ollama model, as fetch_ollama_models builds it. */
export function openWebuiOllamaModel(name: string, extra: Partial<OpenWebuiModel> = {}): OpenWebuiModel {
	return { id: name, name, object: 'model', owned_by: 'ollama', connection_type: 'local', ollama: { name, model: name, urls: [0] }, ...extra };
}

/** An Open WebUI model entry from an OpenAI-compatible (external) connection, e.g. OpenRouter. */
export function openWebuiExternalModel(id: string, extra: Partial<OpenWebuiModel> = {}): OpenWebuiModel {
	return { id, name: id, object: 'model', owned_by: 'openai', connection_type: 'external', ...extra };
}

function versionBefore(version: string, min: [number, number, number]): boolean {
	const v = (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) ?? []).slice(1).map((x) => Number(x ?? 0));
	for (let i = 0; i < 3; i++) if ((v[i] ?? 0) !== min[i]) return (v[i] ?? 0) < min[i];
	return false;
}
