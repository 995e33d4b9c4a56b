// A real, isolated Ollama server (built by scripts/peers/setup.sh) on a free loopback port, with
// its own OLLAMA_MODELS and HOME, and the realistic models the suite needs created via /api/create.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnManaged, type ManagedProcess } from './procs';
import type { Registry } from './registry';
import { compareVersions, freePort, modelFile, note, realModelFile, waitFor, type RealModelFile } from './util';

export interface OllamaServer {
	readonly url: string;
	readonly version: string;
	readonly modelsDir: string;
	readonly proc: ManagedProcess;
	stop(): Promise<void>;
}

export async function startOllama(opts: { bin: string; dir: string }): Promise<OllamaServer> {
	const port = await freePort();
	const home = path.join(opts.dir, 'home');
	const modelsDir = path.join(opts.dir, 'models');
	fs.mkdirSync(home, { recursive: true });
	fs.mkdirSync(modelsDir, { recursive: true });
	const started = Date.now();
	const proc = spawnManaged({
		name: 'ollama',
		command: opts.bin,
		args: ['serve'],
		cwd: opts.dir,
		logFile: path.join(opts.dir, 'ollama.log'),
		env: {
			PATH: process.env.PATH,
			HOME: home,
			OLLAMA_HOST: `127.0.0.1:${port}`,
			OLLAMA_MODELS: modelsDir,
			OLLAMA_NO_CLOUD: '1',
			OLLAMA_NUM_PARALLEL: '1',
			OLLAMA_MAX_LOADED_MODELS: '3',
			OLLAMA_KEEP_ALIVE: '5m',
			OLLAMA_DEBUG: process.env.TMT_E2E_OLLAMA_DEBUG ?? '0',
			// no proxies: the registry is on loopback and nothing else may be reached
			NO_PROXY: '*',
		},
	});
	const url = `http://127.0.0.1:${port}`;
	let version: string;
	try {
		version = await waitFor(
			'ollama /api/version',
			30_000,
			async () => {
				const r = await fetch(`${url}/api/version`);
				return r.ok ? ((await r.json()) as { version: string }).version : undefined;
			},
			() => proc.child.exitCode === null,
		);
	} catch (e) {
		note(`ollama did not start; log tail:\n${proc.logTail()}`);
		await proc.stop();
		throw e;
	}
	note(`ollama ${version} up on ${url} in ${Date.now() - started} ms`);
	return { url, version, modelsDir, proc, stop: () => proc.stop() };
}

async function uploadBlob(url: string, file: string): Promise<string> {
	const bytes = fs.readFileSync(file);
	const digest = `sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
	const head = await fetch(`${url}/api/blobs/${digest}`, { method: 'HEAD' });
	if (head.ok) return digest;
	const r = await fetch(`${url}/api/blobs/${digest}`, { method: 'POST', body: bytes });
	if (!r.ok) throw new Error(`upload ${path.basename(file)}: ${r.status} ${await r.text()}`);
	return digest;
}

export interface SeedModel {
	readonly name: string;
	readonly file: 'tiny' | 'large' | 'embed';
	readonly info: Record<string, unknown>;
	readonly template?: string;
}

/** The models every suite can rely on when the harness owns Ollama. */
export const SEED_MODELS: readonly SeedModel[] = [
	{ name: 'llama3.2:3b', file: 'tiny', info: { parameter_size: '3.2B', quantization_level: 'Q4_K_M', model_family: 'llama' } },
	{
		name: 'qwen3:4b',
		file: 'tiny',
		info: { parameter_size: '4.0B', quantization_level: 'Q4_K_M', model_family: 'qwen3', capabilities: ['thinking'] },
	},
	{ name: 'llama3.1:8b', file: 'large', info: { parameter_size: '8.0B', quantization_level: 'Q4_K_M', model_family: 'llama' } },
	{
		name: 'nomic-embed-text:latest',
		file: 'embed',
		info: { parameter_size: '137M', quantization_level: 'F16', model_family: 'nomic-bert' },
	},
];

const TEMPLATE = '{{ if .System }}{{ .System }} {{ end }}{{ .Prompt }}<|assistant|>';
// For servers without /api/create `info` (before 0.12): thinking is inferred from a template that
// renders .Thinking between tags inside a range over .Messages (thinking.InferTags), as qwen3's does.
const THINKING_TEMPLATE =
	'{{- range .Messages }}{{ if eq .Role "assistant" }}{{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}{{ .Content }}{{ else }}{{ .Content }}{{ end }}{{ end }}<|assistant|>';

/** `info` on /api/create (parameter_size, capabilities, …) exists from Ollama 0.12.0. */
export const createHasInfo = (ollamaVersion: string): boolean => compareVersions(ollamaVersion, '0.12.0') >= 0;

export async function createModels(url: string, opts: { version: string; registry?: Registry }, models: readonly SeedModel[] = SEED_MODELS): Promise<void> {
	const started = Date.now();
	if (!createHasInfo(opts.version) || process.env.TMT_E2E_SEED_VIA_REGISTRY === '1') {
		if (!opts.registry) throw new Error(`Ollama ${opts.version} has no /api/create info; seeding needs the loopback registry`);
		await seedThroughRegistry(url, opts.registry, models);
		note(`seeded ${models.length} models through the registry (Ollama ${opts.version}) in ${Date.now() - started} ms`);
		return;
	}
	const digests = new Map<string, string>();
	for (const m of models) {
		if (!digests.has(m.file)) digests.set(m.file, await uploadBlob(url, modelFile(m.file)));
		const r = await fetch(`${url}/api/create`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				model: m.name,
				files: { [`${m.file}.gguf`]: digests.get(m.file) },
				...(m.file === 'embed' ? {} : { template: m.template ?? TEMPLATE }),
				info: m.info,
				stream: false,
			}),
		});
		const text = await r.text();
		if (!r.ok || /"error"/.test(text)) throw new Error(`create ${m.name}: ${r.status} ${text}`);
	}
	note(`created ${models.length} models in ${Date.now() - started} ms`);
}

/** Pull each seed from the registry (its config blob carries parameter_size etc.), copy it to the bare name, drop the prefixed one. */
async function seedThroughRegistry(url: string, registry: Registry, models: readonly SeedModel[]): Promise<void> {
	const saved = { ...registry.throttle };
	registry.throttle.chunk = 64 * 1024 * 1024;
	registry.throttle.delayMs = 0;
	try {
		for (const m of models) {
			const caps = (m.info.capabilities as string[] | undefined) ?? [];
			registry.add({
				name: m.name,
				namespace: 'seed',
				gguf: fs.readFileSync(modelFile(m.file)),
				parameterSize: String(m.info.parameter_size),
				quantization: String(m.info.quantization_level),
				family: String(m.info.model_family),
				template: m.file === 'embed' ? undefined : caps.includes('thinking') ? THINKING_TEMPLATE : (m.template ?? TEMPLATE),
			});
			const source = registry.modelRef(m.name, 'seed');
			const post = async (p: string, body: unknown, method = 'POST') => {
				const r = await fetch(`${url}${p}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
				const text = await r.text();
				if (!r.ok || /"error"/.test(text)) throw new Error(`${p} ${m.name}: ${r.status} ${text.slice(0, 300)}`);
			};
			await post('/api/pull', { model: source, insecure: true, stream: false });
			await post('/api/copy', { source, destination: m.name });
			await post('/api/delete', { model: source }, 'DELETE');
		}
	} finally {
		Object.assign(registry.throttle, saved);
	}
}

/**
 * A real small instruct model from a PyPI wheel (scripts/peers/setup.sh), created with its own
 * chat template and a system prompt that makes it answer Open WebUI's task prompts with the JSON
 * they ask for. No `info`: Ollama reads the real parameter count, quantization and family from the
 * GGUF, so /api/tags and /api/show say what the real model is (docs/test-world.md).
 */
export interface RealModel {
	readonly name: string;
	readonly file: RealModelFile;
	readonly template: string;
	readonly system: string;
	readonly parameters: Record<string, unknown>;
}

// Said once for every task. Neither model follows Open WebUI's default prompts reliably without
// `format` (they copy the prompt or its placeholders; docs/test-world.md): with format "json" they do.
const TASK_SYSTEM = [
	'You are the background helper of a chat app. Each request is one small task: a chat title, tags, search queries or a text completion.',
	'Reply with exactly one raw JSON object in the format the task shows (for example {"title": "Tomato Plant Care"}), on one line, and nothing else.',
].join(' ');

/** ChatML, as SmolLM2's own chat template (tokenizer.chat_template in the GGUF). */
const CHATML_TEMPLATE = `{{- range .Messages }}<|im_start|>{{ .Role }}
{{ .Content }}<|im_end|>
{{ end }}<|im_start|>assistant
`;

/** Gemma's turn format (the GGUF is the base model and carries no chat template of its own). */
const GEMMA_TEMPLATE = `{{- range .Messages }}{{ if eq .Role "assistant" }}<start_of_turn>model
{{ .Content }}<end_of_turn>
{{ else }}<start_of_turn>user
{{ .Content }}<end_of_turn>
{{ end }}{{ end }}<start_of_turn>model
`;

// temperature 0 and a fixed seed: the same prompt gets the same answer on every run (per build),
// so the tests can assert what the answers parse to without flaking. num_thread 1: on 2 shared
// cores two threads spin in ggml's barriers and run ~7x slower (2 vs 15 tokens/s for SmolLM2).
export const REAL_MODELS: readonly RealModel[] = [
	{
		name: 'smollm2:135m',
		file: 'smollm2-135m-instruct-q4_1.gguf',
		template: CHATML_TEMPLATE,
		system: TASK_SYSTEM,
		parameters: { stop: ['<|im_start|>', '<|im_end|>'], temperature: 0, seed: 42, num_predict: 128, num_thread: 1 },
	},
	{
		name: 'gemma3:270m',
		file: 'gemma3-270m-q4_k_m.gguf',
		template: GEMMA_TEMPLATE,
		system: TASK_SYSTEM,
		parameters: { stop: ['<end_of_turn>', '<start_of_turn>'], temperature: 0, seed: 42, num_predict: 128, num_thread: 1 },
	},
];

/** Create the real models whose GGUF setup.sh cached; returns the names created (others are skipped with a note). */
export async function createRealModels(url: string, models: readonly RealModel[] = REAL_MODELS): Promise<string[]> {
	const started = Date.now();
	const created: string[] = [];
	for (const m of models) {
		const file = realModelFile(m.file);
		if (!file) {
			note(`no ${m.file} in the cache (scripts/peers/setup.sh without TMT_SKIP_REAL_MODELS): ${m.name} not created, its tests skip`);
			continue;
		}
		const digest = await uploadBlob(url, file);
		const r = await fetch(`${url}/api/create`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ model: m.name, files: { [m.file]: digest }, template: m.template, system: m.system, parameters: m.parameters, stream: false }),
		});
		const text = await r.text();
		if (!r.ok || /"error"/.test(text)) throw new Error(`create ${m.name}: ${r.status} ${text}`);
		created.push(m.name);
	}
	if (created.length) note(`created real models ${created.join(', ')} in ${Date.now() - started} ms`);
	return created;
}
