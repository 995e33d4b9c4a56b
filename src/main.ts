// The entry VS Code loads (dist/extension.js): a few hundred bytes, so activation costs next to
// nothing. The core (src/extension.ts → dist/core.js: connection, models, resources, the panel, the
// status bar) loads on the next turn of the event loop, and activation settles once it is up, so a
// command run during start-up waits for it. Pulling, the benchmark and editing the task settings
// are bundles of their own that the core loads on first use (see esbuild.mjs).
import type * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): Promise<void> {
	return new Promise((resolve, reject) =>
		setImmediate(() => {
			try {
				(require('./core.js') as typeof import('./extension')).activate(context);
				resolve();
			} catch (e) {
				reject(e);
			}
		}),
	);
}

export function deactivate(): void {
	// Everything is in context.subscriptions.
}
