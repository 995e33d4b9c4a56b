// Runs pulls: several at once, each with its own AbortController; throttled progress events (the
// final one always delivered); a snapshot so a reopened panel or the status bar can show what runs.
import type { PullProgress } from '../clients/ollamaTypes';
import { Emitter, type Disposable, type Listener } from '../util/emitter';
import { classifyPullError, pullErrorMessage, pullMessages, type PullErrorKind } from './pullErrors';
import { PullProgressTracker, type PullSnapshot } from './progress';
import { english, type Translate } from '../shared/l10n';

/** What OllamaClient offers: an async iterable that ends on success and throws otherwise. */
export interface PullSource {
	pull(model: string, opts: { signal?: AbortSignal }): AsyncIterable<PullProgress>;
}

export type PullState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface PullInfo {
	readonly id: string;
	readonly model: string;
	/** Which Ollama (e.g. an Open WebUI backend URL), when there are several. */
	readonly backend?: string;
	readonly state: PullState;
	readonly progress: PullSnapshot;
	readonly startedAt: number;
	readonly endedAt?: number;
	/** For ended pulls: what to tell the user. */
	readonly message?: string;
	readonly errorKind?: PullErrorKind;
	/** The technical cause, for the log (untranslated). */
	readonly detail?: string;
}

export type PullEvent =
	| { readonly type: 'started'; readonly pull: PullInfo }
	| { readonly type: 'progress'; readonly pull: PullInfo }
	| { readonly type: 'ended'; readonly pull: PullInfo };

export interface PullManagerOptions {
	readonly source: PullSource;
	readonly t?: Translate;
	readonly now?: () => number;
	/** At most one progress event per pull per this many ms (phase changes and the end go at once). */
	readonly throttleMs?: number;
	/** Ended pulls kept in the snapshot (newest first); default 10. */
	readonly keepFinished?: number;
	readonly onListenerError?: (error: unknown) => void;
}

export interface StartOptions {
	/** Another source, e.g. a client for a different Open WebUI backend. */
	readonly source?: PullSource;
	readonly backend?: string;
}

interface Running {
	info: PullInfo;
	readonly controller: AbortController;
	readonly tracker: PullProgressTracker;
	done: Promise<PullInfo>;
	cancelRequested: boolean;
	lastEmit: number;
	timer?: ReturnType<typeof setTimeout>;
}

export class PullManager implements Disposable {
	private readonly pulls = new Map<string, Running>();
	private finished: PullInfo[] = [];
	private readonly emitter: Emitter<PullEvent>;
	private readonly t: Translate;
	private readonly now: () => number;
	private readonly throttleMs: number;
	private readonly keepFinished: number;
	private nextId = 1;
	private disposed = false;

	constructor(private readonly options: PullManagerOptions) {
		this.emitter = new Emitter<PullEvent>(options.onListenerError);
		this.t = options.t ?? english;
		this.now = options.now ?? (() => Date.now());
		this.throttleMs = options.throttleMs ?? 200;
		this.keepFinished = options.keepFinished ?? 10;
	}

	onEvent(listener: Listener<PullEvent>): Disposable {
		return this.emitter.event(listener);
	}

	/** Starts a pull, or returns the one already running for this model and backend. */
	start(model: string, opts: StartOptions = {}): PullInfo {
		if (this.disposed) throw new Error('PullManager is disposed');
		const name = model.trim();
		for (const r of this.pulls.values()) if (r.info.model === name && r.info.backend === opts.backend) return r.info;
		const id = `pull-${this.nextId++}`;
		const tracker = new PullProgressTracker({ now: this.now });
		const controller = new AbortController();
		const info: PullInfo = { id, model: name, backend: opts.backend, state: 'running', progress: tracker.snapshot(), startedAt: this.now() };
		const run: Running = { info, controller, tracker, cancelRequested: false, lastEmit: 0, done: Promise.resolve(info) };
		this.pulls.set(id, run);
		run.done = this.run(run, opts.source ?? this.options.source);
		this.emitter.fire({ type: 'started', pull: info });
		return info;
	}

	/** Resolves with the final state of a pull (at once for an ended one still in the snapshot). */
	wait(id: string): Promise<PullInfo | undefined> {
		const r = this.pulls.get(id);
		if (r) return r.done;
		return Promise.resolve(this.finished.find((f) => f.id === id));
	}

	cancel(id: string): boolean {
		const r = this.pulls.get(id);
		if (!r) return false;
		r.cancelRequested = true;
		r.controller.abort();
		return true;
	}

	cancelAll(): void {
		for (const id of [...this.pulls.keys()]) this.cancel(id);
	}

	get(id: string): PullInfo | undefined {
		return this.pulls.get(id)?.info ?? this.finished.find((f) => f.id === id);
	}

	/** Running pulls in start order, then ended ones newest first. */
	snapshot(): PullInfo[] {
		return [...[...this.pulls.values()].map((r) => r.info), ...this.finished];
	}

	get runningCount(): number {
		return this.pulls.size;
	}

	/** Forget an ended pull (the user closed its message). */
	dismiss(id: string): void {
		this.finished = this.finished.filter((f) => f.id !== id);
	}

	/** Resolves once every pull has ended (used by tests and by deactivate). */
	async settled(): Promise<void> {
		await Promise.all([...this.pulls.values()].map((r) => r.done));
	}

	dispose(): void {
		this.disposed = true;
		this.emitter.dispose();
		this.cancelAll();
	}

	private async run(r: Running, source: PullSource): Promise<PullInfo> {
		// Let start() return (and fire "started") before the first line can arrive.
		await Promise.resolve();
		const model = r.info.model;
		let sawLines = false;
		let succeeded = false;
		let failure: unknown;
		try {
			for await (const line of source.pull(model, { signal: r.controller.signal })) {
				if (r.controller.signal.aborted) break;
				sawLines = true;
				const before = r.info.progress.phase;
				r.info = { ...r.info, progress: r.tracker.push(line) };
				if (line.status === 'success') succeeded = true;
				this.progress(r, r.info.progress.phase !== before);
			}
		} catch (e) {
			failure = e;
		}
		if (r.timer) clearTimeout(r.timer);
		const endedAt = this.now();
		const progress = r.tracker.snapshot();
		let info: PullInfo;
		if (succeeded) info = { ...r.info, progress, state: 'succeeded', endedAt, message: this.t(pullMessages.succeeded, model) };
		else if (r.cancelRequested) info = { ...r.info, progress, state: 'cancelled', endedAt, message: this.t(pullMessages.cancelled, model) };
		else {
			// A source that ends quietly without "success" failed just the same.
			const error = failure ?? new Error('The stream ended without "success".');
			const kind = failure === undefined ? 'incomplete' : classifyPullError(error, sawLines);
			const detail = error instanceof Error ? error.message : String(error);
			info = { ...r.info, progress, state: 'failed', endedAt, errorKind: kind, message: pullErrorMessage(kind, model, error, this.t), detail };
		}
		r.info = info;
		this.pulls.delete(r.info.id);
		this.finished = [info, ...this.finished].slice(0, this.keepFinished);
		this.emitter.fire({ type: 'ended', pull: info });
		return info;
	}

	private progress(r: Running, immediate: boolean): void {
		const elapsed = this.now() - r.lastEmit;
		if (immediate || elapsed >= this.throttleMs) {
			if (r.timer) clearTimeout(r.timer);
			r.timer = undefined;
			this.emitProgress(r);
			return;
		}
		// Trailing edge: the latest state goes out when the window closes, so nothing is lost.
		r.timer ??= setTimeout(() => {
			r.timer = undefined;
			if (this.pulls.has(r.info.id)) this.emitProgress(r);
		}, this.throttleMs - elapsed);
	}

	private emitProgress(r: Running): void {
		r.lastEmit = this.now();
		this.emitter.fire({ type: 'progress', pull: r.info });
	}
}
