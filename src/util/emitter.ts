// A tiny typed event emitter shaped like vscode.EventEmitter (event(listener) → Disposable), so
// pure modules can emit without importing vscode and the host can wrap it one-to-one.

export interface Disposable {
	dispose(): void;
}

export type Listener<T> = (event: T) => void;

export class Emitter<T> {
	private listeners = new Set<Listener<T>>();
	private disposed = false;

	/** @param onListenerError where a throwing listener's error goes; it never stops the others. */
	constructor(private readonly onListenerError?: (error: unknown) => void) {}

	readonly event = (listener: Listener<T>): Disposable => {
		if (this.disposed) return { dispose: () => undefined };
		// Wrapped so the same function can subscribe twice and unsubscribe each one on its own.
		const entry: Listener<T> = (e) => listener(e);
		this.listeners.add(entry);
		return { dispose: () => this.listeners.delete(entry) };
	};

	fire(event: T): void {
		for (const listener of [...this.listeners]) {
			try {
				listener(event);
			} catch (e) {
				this.onListenerError?.(e);
			}
		}
	}

	get listenerCount(): number {
		return this.listeners.size;
	}

	dispose(): void {
		this.disposed = true;
		this.listeners.clear();
	}
}
