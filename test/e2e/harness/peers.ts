// The real peers for the e2e suite, as one object. Either the harness starts everything
// (Ollama + models + loopback registry + every cached Open WebUI release, bootstrapped), or, when
// OLLAMA_URL / OPEN_WEBUI_URL (+ OPEN_WEBUI_KEY) are set, it uses those servers as they are and
// tests that need what only a managed server has are skipped with a printed reason.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createModels, createRealModels, SEED_MODELS, startOllama, type OllamaServer } from './ollama';
import { bootstrapAccounts, startOpenWebui, type OpenWebuiServer } from './openWebui';
import { reapOrphans, removeOnExit } from './procs';
import { readGguf, startRegistry, variant, type Registry } from './registry';
import { modelFile, note, ollamaBinary, openWebuiVersions } from './util';

export interface OpenWebuiPeer {
	readonly url: string;
	readonly version: string;
	/** Undefined against an existing server (only OPEN_WEBUI_KEY is known there). */
	readonly adminToken?: string;
	readonly userToken?: string;
	readonly apiKey?: string;
	/** The harness-made accounts (managed servers only). Never log the password. */
	readonly accounts?: { readonly adminEmail: string; readonly userEmail: string; readonly password: string };
	/** True when this harness started it (fresh DATA_DIR, known accounts). */
	readonly managed: boolean;
	readonly startMs?: number;
	logTail(lines?: number): string;
}

export interface Peers {
	readonly ollamaUrl: string | undefined;
	readonly ollamaVersion: string | undefined;
	/** The harness started Ollama and created SEED_MODELS in it; pulls and deletes are allowed. */
	readonly ollamaManaged: boolean;
	/** The newest Open WebUI (or the existing one). */
	readonly openWebui: OpenWebuiPeer | undefined;
	/** Every Open WebUI, newest first. */
	readonly openWebuis: readonly OpenWebuiPeer[];
	/** REAL_MODELS created in the managed Ollama (those whose GGUF setup.sh cached); [] on existing servers. */
	readonly realModels: readonly string[];
	/** Loopback registry that the managed Ollama pulls from. */
	readonly registry: Registry | undefined;
	ollamaLogTail(lines?: number): string;
	stop(): Promise<void>;
}

/** Models the registry serves; each has its own blob digest, none is in Ollama's store at start. */
export const REGISTRY_MODELS = [
	{ name: 'gemma3:1b', parameterSize: '999.89M', family: 'gemma3', nameIn: 'tiny-pull-test', nameOut: 'tiny-pull-tes1' },
	{ name: 'qwen2.5:1.5b', parameterSize: '1.5B', family: 'qwen2', nameIn: 'tiny-pull-test', nameOut: 'tiny-pull-tes2' },
	{ name: 'llama3.2:1b', parameterSize: '1.2B', family: 'llama', nameIn: 'tiny-pull-test', nameOut: 'tiny-pull-tes3' },
] as const;

export async function startPeers(): Promise<Peers> {
	const external = !!(process.env.OLLAMA_URL || process.env.OPEN_WEBUI_URL);
	if (external) return externalPeers();

	const reaped = reapOrphans();
	if (reaped) note(`killed ${reaped} process group(s) left by an earlier run`);
	const bin = ollamaBinary();
	if (!bin) throw new Error('No Ollama build in the cache. Run scripts/peers/setup.sh first (or set OLLAMA_URL).');
	for (const f of ['tiny', 'pull', 'large', 'embed'] as const) {
		if (!fs.existsSync(modelFile(f))) throw new Error(`Missing ${modelFile(f)}. Run scripts/peers/setup.sh first.`);
	}
	const versions = openWebuiVersions();
	if (versions.length === 0) note('no Open WebUI release in the cache: Open WebUI tests will be skipped');

	const runDir = fs.mkdtempSync(path.join(os.tmpdir(), `tmt-e2e-${process.pid}-`));
	if (process.env.TMT_E2E_KEEP !== '1') removeOnExit(runDir);
	const stoppers: Array<() => Promise<void>> = [];
	const stop = async () => {
		await Promise.allSettled(stoppers.splice(0).reverse().map((s) => s()));
		if (process.env.TMT_E2E_KEEP !== '1') fs.rmSync(runDir, { recursive: true, force: true });
		else note(`kept logs and data in ${runDir}`);
	};
	try {
		const tiny = readGguf(modelFile('pull'));
		const registry = await startRegistry(
			REGISTRY_MODELS.map((m) => ({ name: m.name, gguf: variant(tiny, m.nameIn, m.nameOut), parameterSize: m.parameterSize, family: m.family })),
		);
		stoppers.push(() => registry.close());

		const ollama: OllamaServer = await startOllama({ bin: bin.bin, dir: path.join(runDir, 'ollama') });
		stoppers.push(() => ollama.stop());

		// Open WebUI start-up (tens of seconds each) overlaps with model creation.
		const owuiStarts = versions.map(async (version) => {
			const srv: OpenWebuiServer = await startOpenWebui({ version, ollamaUrl: ollama.url, dir: path.join(runDir, `open-webui-${version}`) });
			stoppers.push(() => srv.stop());
			return srv;
		});
		let realModels: string[] = [];
		const seed = async () => {
			await createModels(ollama.url, { version: ollama.version, registry }, SEED_MODELS);
			realModels = await createRealModels(ollama.url);
		};
		const [, ...servers] = await Promise.all([seed(), ...owuiStarts]);
		const openWebuis: OpenWebuiPeer[] = [];
		for (const srv of servers) {
			const acc = await bootstrapAccounts(srv.url);
			openWebuis.push({
				url: srv.url,
				version: srv.version,
				adminToken: acc.adminToken,
				userToken: acc.userToken,
				apiKey: acc.apiKey,
				accounts: { adminEmail: acc.adminEmail, userEmail: acc.userEmail, password: acc.password },
				managed: true,
				startMs: srv.startMs,
				logTail: (n) => srv.proc.logTail(n),
			});
		}
		return {
			ollamaUrl: ollama.url,
			ollamaVersion: ollama.version,
			ollamaManaged: true,
			openWebui: openWebuis[0],
			openWebuis,
			realModels,
			registry,
			ollamaLogTail: (n) => ollama.proc.logTail(n),
			stop,
		};
	} catch (e) {
		await stop();
		throw e;
	}
}

async function externalPeers(): Promise<Peers> {
	const ollamaUrl = process.env.OLLAMA_URL?.replace(/\/+$/, '');
	const owuiUrl = process.env.OPEN_WEBUI_URL?.replace(/\/+$/, '');
	let ollamaVersion: string | undefined;
	if (ollamaUrl) {
		const r = await fetch(`${ollamaUrl}/api/version`);
		ollamaVersion = ((await r.json()) as { version: string }).version;
		note(`using the existing Ollama ${ollamaVersion} at ${ollamaUrl} (no models created, no pulls or deletes)`);
	}
	const openWebuis: OpenWebuiPeer[] = [];
	if (owuiUrl) {
		const r = await fetch(`${owuiUrl}/api/version`);
		const version = ((await r.json()) as { version: string }).version;
		note(`using the existing Open WebUI ${version} at ${owuiUrl}${process.env.OPEN_WEBUI_KEY ? ' with OPEN_WEBUI_KEY' : ' without a key'}`);
		openWebuis.push({ url: owuiUrl, version, apiKey: process.env.OPEN_WEBUI_KEY || undefined, managed: false, logTail: () => '(external server)' });
	}
	return {
		ollamaUrl,
		ollamaVersion,
		ollamaManaged: false,
		openWebui: openWebuis[0],
		openWebuis,
		realModels: [],
		registry: undefined,
		ollamaLogTail: () => '(external server)',
		stop: async () => undefined,
	};
}
