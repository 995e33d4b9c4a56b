// A minimal typed event emitter for pure modules (vscode.EventEmitter is host-only).

export interface Disposable {
	dispose(): void;
}

export class Emitter<T> {
	private listeners = new Set<(value: T) => void>();
	readonly event = (listener: (value: T) => void): Disposable => {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	};
	fire(value: T): void {
		for (const l of [...this.listeners]) l(value);
	}
	dispose(): void {
		this.listeners.clear();
	}
}
