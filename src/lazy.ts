// A feature that loads on first use: `get()` builds it then (its bundle is require()d inside the
// loader), `loaded()` answers without loading, and disposing disposes it only if it was built.
import type * as vscode from 'vscode';

export interface OnFirstUse<T extends vscode.Disposable> extends vscode.Disposable {
	get(): T;
	loaded(): T | undefined;
}

export function onFirstUse<T extends vscode.Disposable>(load: () => T): OnFirstUse<T> {
	let value: T | undefined;
	let disposed = false;
	return {
		get: () => {
			if (disposed) throw new Error('Task Model Tuner is shutting down.');
			return (value ??= load());
		},
		loaded: () => value,
		dispose: () => {
			disposed = true;
			value?.dispose();
			value = undefined;
		},
	};
}
