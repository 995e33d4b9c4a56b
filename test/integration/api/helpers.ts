// Small helpers shared by the API tests (they run inside the extension host).
import * as vscode from 'vscode';
import { extensionId, settingsSection } from '../../../src/shared/ids';

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
