// A real, isolated Ollama server (built by scripts/peers/setup.sh) on a free loopback port, with
// its own OLLAMA_MODELS and HOME, and the realistic models the suite needs created via /api/create.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnManaged, type ManagedProcess } from './procs';
import { freePort, modelFile, note, waitFor } from './util';

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

export async function createModels(url: string, models: readonly SeedModel[] = SEED_MODELS): Promise<void> {
	const started = Date.now();
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
