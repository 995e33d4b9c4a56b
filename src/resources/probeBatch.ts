// One tick's probe calls, run together under per-call deadlines with a single timer.
import type { Probe, ProbeOutcome, TimerApi, TimerHandle } from './types';

export type Settled = { readonly outcome: ProbeOutcome } | { readonly error: unknown; readonly timedOut: boolean };

export interface ProbeBatch {
	/** Settles when every call has answered or passed its deadline. */
	readonly done: Promise<Settled[]>;
	/** Aborts the calls still running and settles `done` now (stop/dispose). */
	cancel(): void;
}

export interface BatchCall {
	readonly probe: Probe;
	readonly timeoutMs: number;
	/**
	 * Kept by the caller across calls until it aborts: an AbortController costs ~5 µs to make, more
	 * than a /proc read, so a fresh one per probe per tick would dominate the tick.
	 */
	readonly controller: AbortController;
}

/**
 * `onCallSettled(i, late)` fires when probe i's own promise settles; `late` means after its deadline,
 * when the batch has already moved on (the sampler may then ask that probe again).
 */
export function runProbeBatch(calls: readonly BatchCall[], timers: TimerApi, onCallSettled: (index: number, late: boolean) => void): ProbeBatch {
	const start = timers.now();
	const results: (Settled | undefined)[] = new Array(calls.length);
	const controllers = calls.map((c) => c.controller);
	const deadlines = calls.map((c) => start + c.timeoutMs);
	let pending = calls.length;
	let timer: TimerHandle | undefined;
	let resolveDone!: (results: Settled[]) => void;
	const done = new Promise<Settled[]>((resolve) => (resolveDone = resolve));

	const finish = (): void => {
		if (timer !== undefined) timers.clearTimeout(timer);
		timer = undefined;
		resolveDone(results as Settled[]);
	};
	const settle = (i: number, result: Settled): void => {
		if (results[i]) return;
		results[i] = result;
		if (--pending === 0) finish();
	};
	// Arrow functions throughout: named declarations get a runtime __name() wrapper under esbuild.
	const onDeadline = (): void => {
		timer = undefined;
		const at = timers.now();
		calls.forEach((c, i) => {
			if (results[i] || deadlines[i] > at) return;
			controllers[i].abort();
			settle(i, { error: new Error(`no answer within ${c.timeoutMs} ms`), timedOut: true });
		});
		if (pending > 0) arm();
	};
	const arm = (): void => {
		let next = Infinity;
		calls.forEach((_, i) => {
			if (!results[i]) next = Math.min(next, deadlines[i]);
		});
		timer = timers.setTimeout(onDeadline, Math.max(0, next - timers.now()));
	};

	calls.forEach((c, i) => {
		let promise: Promise<ProbeOutcome>;
		try {
			promise = c.probe.sample(controllers[i].signal);
		} catch (error) {
			promise = Promise.reject(error);
		}
		promise.then(
			(outcome) => {
				onCallSettled(i, results[i] !== undefined);
				settle(i, { outcome });
			},
			(error: unknown) => {
				onCallSettled(i, results[i] !== undefined);
				settle(i, { error, timedOut: false });
			},
		);
	});
	// Probes that answer at once (/proc, sysfs, nvidia-smi's latest line) have settled by the next
	// microtask: only arm the deadline timer when something is still out.
	queueMicrotask(() => {
		if (pending > 0) arm();
	});

	return {
		done,
		cancel: () => {
			calls.forEach((_, i) => {
				if (results[i]) return;
				controllers[i].abort();
				results[i] = { error: new Error('stopped'), timedOut: false };
			});
			pending = 0;
			finish();
		},
	};
}
