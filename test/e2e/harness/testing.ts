// Test-side helpers shared by the e2e spec files: error expectations, the project's clients bound
// to a peer, and the list of Open WebUI "slots" (known before the root hook starts anything).
import assert from 'node:assert/strict';
import type { Context } from 'mocha';
import { isPeerError, type PeerError } from '../../../src/clients/http';
import { OllamaClient } from '../../../src/clients/ollama';
import { OpenWebuiClient } from '../../../src/clients/openWebui';
import { peers, skipBecause, waitFor } from './index';
import type { OpenWebuiPeer } from './peers';
import { openWebuiVersions } from './util';

/** What every text model of the suite answers (scripts/peers/make_models.py). */
export const ANSWER = 'Hello from the tiny test model.';

export async function expectPeerError(p: Promise<unknown> | (() => Promise<unknown>), kind: PeerError['kind']): Promise<PeerError> {
	try {
		await (typeof p === 'function' ? p() : p);
	} catch (e) {
		assert.ok(isPeerError(e), `expected a PeerError, got ${String(e)}`);
		assert.equal(e.kind, kind, `kind: ${e.message}`);
		return e;
	}
	assert.fail(`expected a PeerError of kind ${kind}, but the call succeeded`);
}

export const ollamaClient = (url: string, timeoutMs = 20_000) => new OllamaClient({ baseUrl: url, timeoutMs });

export const owuiClient = (peer: OpenWebuiPeer, token?: string, timeoutMs = 30_000) =>
	new OpenWebuiClient({ baseUrl: peer.url, timeoutMs, token: () => token });

/** OllamaClient through Open WebUI's /ollama proxy. */
export const proxyClient = (peer: OpenWebuiPeer, token?: string, timeoutMs = 30_000) =>
	new OllamaClient({ baseUrl: peer.url, timeoutMs, token: () => token }, { kind: 'openWebuiProxy' });

const external = () => !!(process.env.OLLAMA_URL || process.env.OPEN_WEBUI_URL);

/**
 * One entry per Open WebUI the run will have: each cached release (newest first), or "existing"
 * for OPEN_WEBUI_URL. Spec files loop over it to make one describe block per release.
 */
export function openWebuiSlots(): string[] {
	if (external()) return process.env.OPEN_WEBUI_URL ? ['existing'] : [];
	return openWebuiVersions();
}

/** The running peer for a slot, or skip the test. */
export function peerFor(slot: string, ctx: Context): OpenWebuiPeer {
	const p = slot === 'existing' ? peers().openWebuis[0] : peers().openWebuis.find((o) => o.version === slot);
	if (!p) skipBecause(ctx, `Open WebUI ${slot} did not start`);
	return p!;
}

/** A placeholder suite that says why there is nothing to run. */
export function describeNoOpenWebui(title: string): void {
	describe(title, function () {
		it('needs an Open WebUI (run scripts/peers/setup.sh, or set OPEN_WEBUI_URL)', function () {
			skipBecause(this, 'no Open WebUI release in the cache and OPEN_WEBUI_URL not set');
		});
	});
}

/**
 * Unload every model so a following /api/ps assertion sees only what the test loads. Needed because
 * Ollama names a runner after the first model that loaded its blob: llama3.2:3b and qwen3:4b share
 * the tiny GGUF, so after a qwen3:4b chat a llama3.2:3b chat reuses a runner that ps calls qwen3:4b.
 */
export async function unloadAll(url: string): Promise<void> {
	const c = ollamaClient(url, 60_000);
	for (const m of (await c.ps()).models) await c.unload(m.name);
	await waitFor('ps empty', 15_000, async () => ((await c.ps()).models.length === 0 ? true : undefined));
}
