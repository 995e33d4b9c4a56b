// Runs the probes on their cadences with one timer, never two ticks at once, a timeout per probe and
// exponential backoff for a failing probe, and emits a snapshot only when something changed.
import { plainEqual } from '../util/plainEqual';
import { runProbeBatch, type ProbeBatch, type Settled } from './probeBatch';
import {
	ProbeGaveUp,
	realTimers,
	type GpuReading,
	type Probe,
	type ProbeFailure,
	type ProbeReading,
	type ResourceSnapshot,
	type TimerApi,
	type TimerHandle,
} from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface ResourceSamplerOptions {
	readonly probes: readonly Probe[];
	/** Base interval (the `statusBar.intervalMs` setting). */
	readonly intervalMs?: number;
	readonly timers?: TimerApi;
	/** Per-probe timeout unless the probe sets its own. */
	readonly probeTimeoutMs?: number;
	/** Cap of the failure backoff. */
	readonly maxBackoffMs?: number;
	/** Intervals are multiplied by this while the window is unfocused; Infinity pauses. */
	readonly unfocusedFactor?: number;
	/** How often a probe that reported absent is asked again (a driver may get installed). */
	readonly absentRecheckMs?: number;
	/** Failure and recovery transitions, for the output channel (not every retry). */
	readonly log?: (message: string) => void;
}

export interface Disposable {
	dispose(): void;
}

interface ProbeState {
	readonly probe: Probe;
	lastStart: number;
	inFlight: boolean;
	/** Numbers calls, so an answer arriving after stop() cannot clear a newer call's flag. */
	call: number;
	/** Reused across calls until it aborts (timeout, stop). */
	controller?: AbortController;
	reading?: ProbeReading;
	absentReason?: string;
	failures: number;
	failure?: { message: string; timedOut: boolean; gaveUp: boolean };
}

export class ResourceSampler implements Disposable {
	private readonly timers: TimerApi;
	private readonly states: ProbeState[];
	private readonly listeners = new Set<(snapshot: ResourceSnapshot) => void>();
	private intervalMs: number;
	private focused = true;
	private started = false;
	private disposed = false;
	/** The tick in progress; a timer firing meanwhile is skipped. */
	private batch: ProbeBatch | undefined;
	private timer: TimerHandle | undefined;
	/** False until the first snapshot went out (the initial empty one is not emitted). */
	private emitted = false;
	private current: ResourceSnapshot = { gpus: [], failures: [], absent: [] };
	/** Timer callbacks that found a tick running (exposed for tests and the bench). */
	skippedTicks = 0;
	ticks = 0;

	constructor(private readonly options: ResourceSamplerOptions) {
		this.timers = options.timers ?? realTimers;
		this.intervalMs = options.intervalMs ?? 2000;
		this.states = options.probes.map((probe) => ({ probe, lastStart: -Infinity, inFlight: false, call: 0, failures: 0 }));
	}

	get snapshot(): ResourceSnapshot {
		return this.current;
	}

	get isRunning(): boolean {
		return this.started;
	}

	onSnapshot(listener: (snapshot: ResourceSnapshot) => void): Disposable {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}

	start(): void {
		if (this.disposed) throw new Error('ResourceSampler is disposed');
		if (this.started) return;
		this.started = true;
		this.reschedule();
	}

	/**
	 * Stops the timer and releases every probe's child, fd and timer; start() picks them up again.
	 * Idempotent, and also cleans up after sampleNow() calls made without start().
	 */
	stop(): void {
		this.started = false;
		this.clearTimer();
		this.batch?.cancel();
		this.batch = undefined;
		for (const s of this.states) {
			s.call++;
			s.inFlight = false;
			s.controller = undefined;
			s.lastStart = -Infinity;
			s.failures = 0;
			s.failure = s.reading = s.absentReason = undefined;
			s.probe.dispose();
		}
		this.emitted = false;
		this.current = { gpus: [], failures: [], absent: [] };
	}

	dispose(): void {
		this.stop();
		this.listeners.clear();
		this.disposed = true;
	}

	/** Applies at once: probes whose new due time has passed run now. */
	setInterval(ms: number): void {
		const next = Math.max(50, ms);
		if (next === this.intervalMs) return;
		this.intervalMs = next;
		for (const s of this.states) s.probe.setBaseInterval?.(next);
		this.reschedule();
	}

	setFocused(focused: boolean): void {
		if (focused === this.focused) return;
		this.focused = focused;
		this.reschedule();
	}

	/**
	 * Runs every probe now (the refresh command, the bench), except those in flight and those that
	 * reported absent, which keep their slow recheck.
	 */
	async sampleNow(): Promise<ResourceSnapshot> {
		if (this.disposed) return this.current;
		const pending = this.tick(true);
		if (pending) await pending;
		return this.current;
	}

	private probeInterval(s: ProbeState): number {
		const base = s.probe.intervalMs ?? this.intervalMs * (s.probe.intervalFactor ?? 1);
		return this.focused ? base : base * (this.options.unfocusedFactor ?? 5);
	}

	private dueAt(s: ProbeState): number {
		if (s.inFlight) return Infinity; // rescheduled when it settles
		const interval = this.probeInterval(s);
		if (s.failures > 0) return s.lastStart + this.backoff(s, interval);
		if (s.absentReason !== undefined) return s.lastStart + Math.max(interval, this.options.absentRecheckMs ?? 60_000);
		return s.lastStart + interval;
	}

	private backoff(s: ProbeState, interval: number): number {
		return Math.min(this.options.maxBackoffMs ?? 60_000, interval * 2 ** Math.min(s.failures, 16));
	}

	private clearTimer(): void {
		if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
		this.timer = undefined;
	}

	private reschedule(): void {
		this.clearTimer();
		if (!this.started) return;
		let next = Infinity;
		for (const s of this.states) next = Math.min(next, this.dueAt(s));
		if (next === Infinity) return; // paused while unfocused, or everything in flight
		this.timer = this.timers.setTimeout(() => {
			this.timer = undefined;
			void this.tick(false);
		}, Math.max(0, next - this.timers.now()));
	}

	/** Synchronous unless an async probe is due; then the returned promise ends the tick. */
	private tick(all: boolean): Promise<void> | undefined {
		if (this.batch) {
			this.skippedTicks++;
			return undefined;
		}
		const now = this.timers.now();
		let asyncDue: ProbeState[] | undefined;
		let ran = false;
		for (const s of this.states) {
			if (s.inFlight || (all ? s.absentReason !== undefined : this.dueAt(s) > now)) continue;
			ran = true;
			s.lastStart = now;
			if (!s.probe.sampleSync) {
				(asyncDue ??= []).push(s);
				continue;
			}
			// Kernel-file probes answer inline: no promise, signal or deadline to pay for.
			let settled: Settled;
			try {
				settled = { outcome: s.probe.sampleSync() };
			} catch (error) {
				settled = { error, timedOut: false };
			}
			this.record(s, settled);
		}
		if (!ran) {
			this.reschedule();
			return undefined;
		}
		this.ticks++;
		if (asyncDue) return this.finishAsync(asyncDue);
		this.emitIfChanged();
		this.reschedule();
		return undefined;
	}

	private async finishAsync(due: ProbeState[]): Promise<void> {
		if (!(await this.runAsync(due))) return; // stopped meanwhile
		this.emitIfChanged();
		this.reschedule();
	}

	/** Runs the async probes as one batch; false when stop() came first and the results were dropped. */
	private async runAsync(due: ProbeState[]): Promise<boolean> {
		const callIds = due.map((s) => {
			s.inFlight = true;
			return ++s.call;
		});
		const calls = due.map((s) => {
			if (s.controller?.signal.aborted) s.controller = undefined;
			s.controller ??= new AbortController();
			return { probe: s.probe, timeoutMs: s.probe.timeoutMs ?? this.options.probeTimeoutMs ?? 2000, controller: s.controller };
		});
		const batch = runProbeBatch(calls, this.timers, (i, late) => {
			if (due[i].call !== callIds[i]) return; // answer to a call from before stop()
			due[i].inFlight = false;
			if (late && !this.batch) this.reschedule(); // it may be asked again now
		});
		this.batch = batch;
		const results = await batch.done;
		if (this.batch !== batch) return false;
		this.batch = undefined;
		results.forEach((settled, i) => this.record(due[i], settled));
		return true;
	}

	private record(s: ProbeState, settled: Settled): void {
		const id = s.probe.id;
		if ('outcome' in settled) {
			if (s.failures > 0) this.options.log?.(`resources: ${id} recovered after ${s.failures} failure(s)`);
			s.failures = 0;
			s.failure = undefined;
			if (settled.outcome.status === 'ok') {
				s.reading = settled.outcome.reading;
				s.absentReason = undefined;
			} else {
				if (s.absentReason === undefined) this.options.log?.(`resources: ${id} absent: ${settled.outcome.reason}`);
				s.reading = undefined;
				s.absentReason = settled.outcome.reason;
			}
			return;
		}
		const message = settled.error instanceof Error ? settled.error.message : String(settled.error);
		if (message !== s.failure?.message) this.options.log?.(`resources: ${id} failed: ${message}`);
		s.failures++;
		s.failure = { message, timedOut: settled.timedOut, gaveUp: settled.error instanceof ProbeGaveUp || (settled.error as Error | undefined)?.name === 'ProbeGaveUp' };
		// One blip keeps the last figures on screen; a second failure in a row drops them.
		if (s.failures >= 2) s.reading = undefined;
	}

	private emitIfChanged(): void {
		const snapshot = this.build();
		if (this.emitted && plainEqual(snapshot, this.current)) return;
		this.emitted = true;
		this.current = snapshot;
		if (this.listeners.size === 0) return;
		for (const listener of [...this.listeners]) {
			try {
				listener(snapshot);
			} catch (err) {
				this.options.log?.(`resources: snapshot listener threw: ${err instanceof Error ? err.message : String(err)}`);
			}
		}
	}

	private build(): ResourceSnapshot {
		// Plain assignments rather than spreads: this runs every tick, usually with cold caches.
		const gpus: GpuReading[] = [];
		const failures: ProbeFailure[] = [];
		const absent: { probeId: string; reason: string }[] = [];
		const snapshot: Mutable<ResourceSnapshot> = { gpus, failures, absent };
		for (const s of this.states) {
			const r = s.reading;
			if (r) {
				if (r.cpu && !snapshot.cpu) snapshot.cpu = r.cpu;
				if (r.memory && !snapshot.memory) snapshot.memory = r.memory;
				if (r.ollama && !snapshot.ollama) snapshot.ollama = r.ollama;
				if (r.gpus) for (const gpu of r.gpus) gpus.push(gpu);
			}
			if (s.failure) {
				const { message, timedOut, gaveUp } = s.failure;
				const failure: Mutable<ProbeFailure> = { probeId: s.probe.id, message, timedOut, consecutive: s.failures, retryInMs: this.backoff(s, this.probeInterval(s)) };
				if (gaveUp) failure.gaveUp = true;
				failures.push(failure);
			}
			if (s.absentReason !== undefined) absent.push({ probeId: s.probe.id, reason: s.absentReason });
		}
		return snapshot;
	}
}
