// Small helpers shared by the API tests (they run inside the extension host).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionSnapshot } from '../../../src/connection/connectionService';
import { commandIds, extensionId, settingKeys, settingsSection } from '../../../src/shared/ids';

export async function activated(): Promise<vscode.Extension<unknown>> {
	const ext = vscode.extensions.getExtension(extensionId);
	if (!ext) throw new Error(`${extensionId} is not loaded in this extension host`);
	await ext.activate();
	return ext;
}

export function config(): vscode.WorkspaceConfiguration {
	return vscode.workspace.getConfiguration(settingsSection);
}

/** Polls until `fn` returns a truthy value or throws a message with the last value seen. */
export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
	const end = Date.now() + timeoutMs;
	let last: unknown;
	for (;;) {
		try {
			const v = await fn();
			if (v) return v;
			last = v;
		} catch (e) {
			last = e instanceof Error ? e.message : e;
		}
		if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

export function count(requests: readonly { method: string; path: string }[], method: string, path: string): number {
	return requests.filter((r) => r.method === method && r.path === path).length;
}

/** Signs in with an API key through the command and waits for the settled state (the sign-in's own
 * refresh can be superseded by the one SecretStorage triggers). */
export async function signedInAs(role: 'admin' | 'user', credential: string): Promise<void> {
	assert.deepEqual(await vscode.commands.executeCommand(commandIds.signIn, { apiKey: credential }), { ok: true, role });
	await waitFor(`signed in as ${role}`, async () => {
		const s = await vscode.commands.executeCommand<ConnectionSnapshot>(commandIds.refresh);
		return s.openWebui.kind === 'signedIn' && s.user?.role === role;
	});
}

/** Points the extension at the fakes (Ollama directly); returns what puts the settings back. */
export async function pointAtFakes(urls: { ollama: string; openWebui: string }): Promise<() => Promise<void>> {
	const keys = [settingKeys.ollamaUrl, settingKeys.openWebuiUrl, settingKeys.ollamaVia];
	const previous = Object.fromEntries(keys.map((k) => [k, config().inspect(k)?.globalValue]));
	await config().update(settingKeys.ollamaVia, 'direct', vscode.ConfigurationTarget.Global);
	await config().update(settingKeys.ollamaUrl, urls.ollama, vscode.ConfigurationTarget.Global);
	await config().update(settingKeys.openWebuiUrl, urls.openWebui, vscode.ConfigurationTarget.Global);
	return async () => {
		for (const k of keys) await config().update(k, previous[k], vscode.ConfigurationTarget.Global);
	};
}
