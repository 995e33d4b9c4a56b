// One owner for a group of disposables: a feature's commands and listeners, or the listeners of
// the webview view that is showing now. Shaped like vscode.Disposable so host glue can hand it
// vscode objects, but pure (no vscode import).
import type { Disposable } from './emitter';

export class DisposableStore implements Disposable {
	private items: Disposable[];
	private disposed = false;

	constructor(initial: readonly Disposable[] = []) {
		this.items = [...initial];
	}

	/** Keeps `item` until `clear()` or `dispose()`; after `dispose()` it is disposed at once. */
	add<T extends Disposable>(item: T): T {
		if (this.disposed) item.dispose();
		else this.items.push(item);
		return item;
	}

	/** Disposes what it holds, in the order added, and stays usable. */
	clear(): void {
		for (const item of this.items.splice(0)) item.dispose();
	}

	dispose(): void {
		this.disposed = true;
		this.clear();
	}
}
