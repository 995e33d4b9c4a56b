// A real Open WebUI (one cached release from scripts/peers/setup.sh) on a free loopback port, with
// a fresh DATA_DIR, the offline env of docs/test-world.md, pointed at one Ollama.
// Bootstrap: the first signup becomes admin; then a non-admin user and an admin API key.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnManaged, type ManagedProcess } from './procs';
import { compareVersions, freePort, note, openWebuiBinary, waitFor } from './util';

export interface OpenWebuiServer {
	readonly url: string;
	readonly version: string;
	readonly proc: ManagedProcess;
	/** Wall time from spawn to /health 200. */
	readonly startMs: number;
	stop(): Promise<void>;
}

export interface OpenWebuiAccounts {
	readonly adminEmail: string;
	readonly userEmail: string;
	readonly password: string;
	readonly adminToken: string;
	readonly userToken: string;
	/** An admin's API key (sk-…). */
	readonly apiKey: string;
}

export async function startOpenWebui(opts: { version: string; ollamaUrl: string; dir: string }): Promise<OpenWebuiServer> {
	const port = await freePort();
	const dataDir = path.join(opts.dir, 'data');
	fs.mkdirSync(dataDir, { recursive: true });
	const started = Date.now();
	const proc = spawnManaged({
		name: `open-webui ${opts.version}`,
		command: openWebuiBinary(opts.version),
		args: ['serve', '--host', '127.0.0.1', '--port', String(port)],
		cwd: dataDir, // .webui_secret_key and friends land here, not in the repo
		logFile: path.join(opts.dir, 'open-webui.log'),
		env: {
			PATH: process.env.PATH,
			HOME: opts.dir,
			DATA_DIR: dataDir,
			WEBUI_SECRET_KEY: crypto.randomBytes(24).toString('hex'),
			OLLAMA_BASE_URL: opts.ollamaUrl,
			ENABLE_OLLAMA_API: 'true',
			ENABLE_OPENAI_API: 'false',
			RAG_EMBEDDING_ENGINE: 'ollama',
			RAG_EMBEDDING_MODEL: 'nomic-embed-text',
			OFFLINE_MODE: 'true',
			HF_HUB_OFFLINE: '1',
			ENABLE_VERSION_UPDATE_CHECK: 'false',
			ANONYMIZED_TELEMETRY: 'false',
			DO_NOT_TRACK: 'true',
			SCARF_NO_ANALYTICS: 'true',
			ENABLE_API_KEYS: 'true', // 0.6.37+
			ENABLE_API_KEY: 'true', // before 0.6.37
			ENABLE_EVALUATION_ARENA_MODELS: 'false',
			USER_AGENT: 'task-model-tuner-e2e',
			NO_PROXY: '*',
		},
	});
	const url = `http://127.0.0.1:${port}`;
	try {
		await waitFor(
			`open-webui ${opts.version} /health`,
			240_000,
			async () => ((await fetch(`${url}/health`)).ok ? true : undefined),
			() => proc.child.exitCode === null,
		);
	} catch (e) {
		note(`open-webui ${opts.version} did not start; log tail:\n${proc.logTail()}`);
		await proc.stop();
		throw e;
	}
	const startMs = Date.now() - started;
	note(`open-webui ${opts.version} up on ${url} in ${startMs} ms`);
	return { url, version: opts.version, proc, startMs, stop: () => proc.stop() };
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
	const r = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	// the path and status only: bodies can hold tokens
	if (!r.ok) throw new Error(`POST ${new URL(url).pathname} → ${r.status}: ${text.slice(0, 200).replace(/sk-[0-9a-f]+|ey[\w.-]{20,}/g, '***')}`);
	return JSON.parse(text) as T;
}

export async function bootstrapAccounts(url: string): Promise<OpenWebuiAccounts> {
	const password = `pw-${crypto.randomBytes(9).toString('hex')}`;
	const adminEmail = 'admin@example.com';
	const userEmail = 'user@example.com';
	const admin = await post<{ token: string; role: string }>(`${url}/api/v1/auths/signup`, { name: 'E2E Admin', email: adminEmail, password });
	if (admin.role !== 'admin') throw new Error(`first signup became "${admin.role}", not admin`);
	await post(`${url}/api/v1/auths/add`, { name: 'E2E User', email: userEmail, password, role: 'user' }, admin.token);
	const user = await post<{ token: string; role: string }>(`${url}/api/v1/auths/signin`, { email: userEmail, password });
	if (user.role !== 'user') throw new Error(`added user has role "${user.role}"`);
	const key = await post<{ api_key: string }>(`${url}/api/v1/auths/api_key`, undefined, admin.token);
	if (!/^sk-/.test(key.api_key ?? '')) throw new Error('API key creation returned no sk- key');
	return { adminEmail, userEmail, password, adminToken: admin.token, userToken: user.token, apiKey: key.api_key };
}

/** "Not authenticated" is 403 through 0.6.18 and 401 from 0.6.19 (utils/auth.py). */
export function expectedNoTokenStatus(version: string): number {
	return compareVersions(version, '0.6.19') < 0 ? 403 : 401;
}

async function json<T>(url: string, token: string, body?: unknown): Promise<T> {
	const r = await fetch(url, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await r.text();
	if (!r.ok) throw new Error(`${new URL(url).pathname} → ${r.status}: ${text.slice(0, 200)}`);
	return JSON.parse(text) as T;
}

/**
 * Give Open WebUI an OpenAI-compatible ("external") connection: Ollama's own /v1 API, with model
 * ids prefixed `<prefix>.`, so the same tiny models also exist as external models (owned_by
 * "openai", connection_type "external"). Returns a function that restores the previous config.
 * Read-modify-write of the whole OpenAI config, like the product does for the task config.
 */
export async function addExternalConnection(owuiUrl: string, adminToken: string, ollamaUrl: string, prefix = 'ext'): Promise<() => Promise<void>> {
	const before = await json<Record<string, unknown>>(`${owuiUrl}/openai/config`, adminToken);
	await json(`${owuiUrl}/openai/config/update`, adminToken, {
		...before,
		ENABLE_OPENAI_API: true,
		OPENAI_API_BASE_URLS: [`${ollamaUrl}/v1`],
		OPENAI_API_KEYS: ['ollama'],
		OPENAI_API_CONFIGS: { '0': { enable: true, prefix_id: prefix, tags: [], model_ids: [] } },
	});
	// refresh the model table so task endpoints see the new ids
	await json(`${owuiUrl}/api/models?refresh=true`, adminToken);
	return async () => {
		await json(`${owuiUrl}/openai/config/update`, adminToken, before);
		await json(`${owuiUrl}/api/models?refresh=true`, adminToken);
	};
}
