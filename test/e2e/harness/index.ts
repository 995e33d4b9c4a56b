// Entry point for e2e tests: the shared peers (started once by the root hooks in
// test/e2e/hooks.ts) and helpers that skip a test with a printed reason.
import type { Context } from 'mocha';
import { note } from './util';
import type { OpenWebuiPeer, Peers } from './peers';

export type { OpenWebuiPeer, Peers } from './peers';
export { REGISTRY_MODELS } from './peers';
export { REAL_MODELS, SEED_MODELS } from './ollama';
export { addExternalConnection, expectedNoTokenStatus } from './openWebui';
export { compareVersions, sleep, waitFor } from './util';

let current: Peers | undefined;

export function setPeers(p: Peers | undefined): void {
	current = p;
}

export function peers(): Peers {
	if (!current) throw new Error('e2e peers are not running (the root hook did not start them)');
	return current;
}

/** Skip the running test (or hook's suite) and say why, since mocha itself prints no reason. */
export function skipBecause(ctx: Context, reason: string): never {
	note(`skipped "${ctx.currentTest?.fullTitle() ?? ctx.test?.fullTitle() ?? ''}": ${reason}`);
	ctx.skip();
	throw new Error('unreachable');
}

/** The Ollama URL, or skip. `managed` also demands a server this harness started (seed models, registry). */
export function needOllama(ctx: Context, opts: { managed?: boolean } = {}): string {
	const p = peers();
	if (!p.ollamaUrl) skipBecause(ctx, 'no Ollama (OLLAMA_URL not set while using existing servers)');
	if (opts.managed && !p.ollamaManaged) skipBecause(ctx, 'needs the harness-managed Ollama (seed models, loopback registry, pulls/deletes)');
	return p.ollamaUrl!;
}

export type Credential = 'adminToken' | 'userToken' | 'apiKey';

/** A credential of `peer`, or skip (existing servers only have OPEN_WEBUI_KEY). */
export function needCredential(ctx: Context, peer: OpenWebuiPeer | undefined, which: Credential): string {
	if (!peer) skipBecause(ctx, 'no Open WebUI available');
	const v = peer![which];
	if (!v) skipBecause(ctx, `Open WebUI ${peer!.version} at ${peer!.url}: no ${which} (existing server; set OPEN_WEBUI_KEY, or let the harness start one)`);
	return v!;
}

/** The Ollama URL when the harness created the real model `name` (smollm2:135m, gemma3:270m), or skip. */
export function needRealModel(ctx: Context, name: string): string {
	const url = needOllama(ctx, { managed: true });
	if (!peers().realModels.includes(name)) skipBecause(ctx, `${name} was not created (no GGUF in the cache: run scripts/peers/setup.sh)`);
	return url;
}
