// Small helpers shared by the harness pieces: cache paths (written by scripts/peers/setup.sh),
// free loopback ports, polling.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const cacheDir = (): string => process.env.TMT_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'task-model-tuner');

export function readCacheFile(rel: string): string | undefined {
	try {
		return fs.readFileSync(path.join(cacheDir(), rel), 'utf8').trim() || undefined;
	} catch {
		return undefined;
	}
}

/** The Ollama binary setup.sh built (or $TMT_OLLAMA_BIN), with its version. */
export function ollamaBinary(): { bin: string; version: string } | undefined {
	if (process.env.TMT_OLLAMA_BIN) return { bin: process.env.TMT_OLLAMA_BIN, version: process.env.TMT_OLLAMA_VERSION ?? 'unknown' };
	const version = readCacheFile('ollama/current/.built');
	const bin = path.join(cacheDir(), 'ollama', 'current', 'bin', 'ollama');
	return version && fs.existsSync(bin) ? { bin, version } : undefined;
}

/** Open WebUI versions installed by setup.sh, newest first ($TMT_OWUI_VERSIONS overrides). */
export function openWebuiVersions(): string[] {
	const wanted = process.env.TMT_OWUI_VERSIONS?.split(/[\s,]+/).filter(Boolean) ?? [readCacheFile('openwebui/new'), readCacheFile('openwebui/old')];
	return wanted.filter((v): v is string => !!v && fs.existsSync(path.join(cacheDir(), 'openwebui', v, '.installed')));
}

export function openWebuiBinary(version: string): string {
	return path.join(cacheDir(), 'openwebui', version, 'venv', 'bin', 'open-webui');
}

export function modelFile(name: 'tiny' | 'pull' | 'large' | 'embed'): string {
	return path.join(cacheDir(), 'models', `${name}.gguf`);
}

/** The real small instruct models setup.sh takes from PyPI wheels (docs/test-world.md). */
export type RealModelFile = 'smollm2-135m-instruct-q4_1.gguf' | 'gemma3-270m-q4_k_m.gguf';

/** Path of a real model's GGUF, if setup.sh cached it and its sha256 was verified (the .ok marker). */
export function realModelFile(file: RealModelFile): string | undefined {
	const p = path.join(cacheDir(), 'models', 'real', file);
	return fs.existsSync(p) && fs.existsSync(`${p}.ok`) ? p : undefined;
}

export function freePort(host = '127.0.0.1'): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, host, () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, stillAlive?: () => boolean): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			const v = await probe();
			if (v !== undefined) return v;
		} catch {
			/* not yet */
		}
		if (stillAlive && !stillAlive()) throw new Error(`${what}: the process exited`);
		if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

/** Compare dotted versions: negative if a < b. */
export function compareVersions(a: string, b: string): number {
	const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
	const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d) return d;
	}
	return 0;
}

/** Logs for the harness itself: never tokens, keys or passwords. */
export function note(msg: string): void {
	if (process.env.TMT_E2E_QUIET !== '1') process.stderr.write(`  [e2e] ${msg}\n`);
}
