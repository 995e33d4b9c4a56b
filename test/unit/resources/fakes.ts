// A fake clock for the sampler and a scriptable probe. Not a test file (no .test.ts): helpers only.
import type { Probe, ProbeOutcome, TimerApi, TimerHandle } from '../../../src/resources/types';

/** Lets every queued promise callback and immediate run. */
export async function flush(): Promise<void> {
	for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements TimerApi {
	private time = 0;
	private seq = 0;
	private readonly timers = new Map<number, { at: number; fn: () => void }>();

	now(): number {
		return this.time;
	}

	setTimeout(fn: () => void, ms: number): TimerHandle {
		const id = ++this.seq;
		this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
		return id;
	}

	clearTimeout(handle: TimerHandle): void {
		this.timers.delete(handle as number);
	}

	/** Timers armed and not yet fired or cleared. */
	get pending(): number {
		return this.timers.size;
	}

	/** Moves time forward, firing due timers in order and letting promises settle after each. */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (;;) {
			await flush();
			let nextId: number | undefined;
			for (const [id, timer] of this.timers) {
				if (timer.at <= end && (nextId === undefined || timer.at < this.timers.get(nextId)!.at)) nextId = id;
			}
			if (nextId === undefined) break;
			const timer = this.timers.get(nextId)!;
			this.timers.delete(nextId);
			this.time = timer.at;
			timer.fn();
		}
		this.time = end;
		await flush();
	}
}

export type Behaviour = ProbeOutcome | Error | 'hang' | 'hangIgnoringAbort' | 'manual';

/** A probe that records when it was called and answers as scripted per call. */
export class FakeProbe implements Probe {
	readonly calledAt: number[] = [];
	readonly signals: AbortSignal[] = [];
	disposed = 0;
	baseIntervals: number[] = [];
	/** Resolvers of calls made with the 'manual' behaviour. */
	readonly manual: ((outcome: ProbeOutcome) => void)[] = [];

	constructor(
		readonly id: string,
		private readonly clock: FakeClock,
		private readonly behave: (call: number) => Behaviour,
		readonly cadence: { intervalMs?: number; intervalFactor?: number; timeoutMs?: number } = {},
	) {}

	get intervalMs(): number | undefined {
		return this.cadence.intervalMs;
	}
	get intervalFactor(): number | undefined {
		return this.cadence.intervalFactor;
	}
	get timeoutMs(): number | undefined {
		return this.cadence.timeoutMs;
	}

	sample(signal: AbortSignal): Promise<ProbeOutcome> {
		this.calledAt.push(this.clock.now());
		this.signals.push(signal);
		const b = this.behave(this.calledAt.length);
		if (b instanceof Error) return Promise.reject(b);
		if (b === 'hangIgnoringAbort') return new Promise(() => {});
		if (b === 'manual') return new Promise((resolve) => this.manual.push(resolve));
		if (b === 'hang') {
			return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
		}
		return Promise.resolve(b);
	}

	setBaseInterval(ms: number): void {
		this.baseIntervals.push(ms);
	}

	dispose(): void {
		this.disposed++;
	}
}

export const cpu = (percent: number): ProbeOutcome => ({ status: 'ok', reading: { cpu: { percent } } });
