import * as assert from 'node:assert/strict';
import { ResourceSampler, type ResourceSamplerOptions } from '../../../src/resources/sampler';
import { ProbeGaveUp, type Probe, type ResourceSnapshot } from '../../../src/resources/types';
import { cpu, FakeClock, FakeProbe, type Behaviour } from './fakes';

function setup(options: Partial<ResourceSamplerOptions> & { probes: Probe[] }, clock: FakeClock) {
	const sampler = new ResourceSampler({ intervalMs: 1000, timers: clock, ...options });
	const snapshots: ResourceSnapshot[] = [];
	sampler.onSnapshot((s) => snapshots.push(s));
	return { sampler, snapshots };
}

describe('resources: ResourceSampler (fake clock)', () => {
	it('samples at once on start, then every interval, and emits only when something changed', async () => {
		const clock = new FakeClock();
		const values = [10, 10, 10, 20];
		const probe = new FakeProbe('system', clock, (n) => cpu(values[n - 1] ?? 20));
		const { sampler, snapshots } = setup({ probes: [probe] }, clock);
		sampler.start();
		await clock.advance(4500);
		assert.deepEqual(probe.calledAt, [0, 1000, 2000, 3000, 4000]);
		assert.deepEqual(snapshots.map((s) => s.cpu?.percent), [10, 20]);
		sampler.dispose();
	});

	const cadences: [string, { intervalMs?: number; intervalFactor?: number }, number[]][] = [
		['own interval (Ollama /api/ps every 5 s)', { intervalMs: 5000 }, [0, 5000, 10000]],
		['factor of the base interval (ioreg × 3)', { intervalFactor: 3 }, [0, 3000, 6000, 9000]],
		['base interval', {}, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]],
	];
	for (const [name, cadence, expected] of cadences) {
		it(`per-probe cadence: ${name}`, async () => {
			const clock = new FakeClock();
			const base = new FakeProbe('system', clock, () => cpu(1));
			const other = new FakeProbe('other', clock, () => ({ status: 'ok', reading: {} }), cadence);
			const { sampler } = setup({ probes: [base, other] }, clock);
			sampler.start();
			await clock.advance(10_500);
			assert.deepEqual(other.calledAt, expected);
			assert.equal(base.calledAt.length, 11);
			sampler.dispose();
		});
	}

	it('never runs two ticks at once: a slow probe holds the next tick back', async () => {
		const clock = new FakeClock();
		const slow = new FakeProbe('slow', clock, (n) => (n === 1 ? 'manual' : cpu(5)), { timeoutMs: 60_000 });
		const fast = new FakeProbe('fast', clock, () => ({ status: 'ok', reading: {} }));
		const { sampler } = setup({ probes: [slow, fast] }, clock);
		sampler.start();
		await clock.advance(5000);
		assert.deepEqual([slow.calledAt, fast.calledAt], [[0], [0]]);
		sampler.setFocused(false); // re-arms the timer while the tick runs: that callback must be skipped
		sampler.setFocused(true);
		await clock.advance(1000);
		assert.equal(slow.calledAt.length, 1);
		assert.ok(sampler.skippedTicks >= 1);
		slow.manual[0](cpu(7));
		await clock.advance(0);
		// Overdue on settling: the next tick runs at once, then the normal cadence resumes.
		assert.deepEqual(slow.calledAt, [0, 6000]);
		assert.equal(sampler.snapshot.cpu?.percent, 5);
		sampler.dispose();
	});

	it('times a probe out, aborts its signal, reports it, and keeps the other probes going', async () => {
		const clock = new FakeClock();
		const stuck = new FakeProbe('stuck', clock, () => 'hang', { timeoutMs: 300 });
		const deaf = new FakeProbe('deaf', clock, () => 'hangIgnoringAbort', { timeoutMs: 300 });
		const ok = new FakeProbe('system', clock, () => cpu(3));
		const { sampler } = setup({ probes: [stuck, deaf, ok], maxBackoffMs: 4000 }, clock);
		sampler.start();
		await clock.advance(300);
		assert.equal(stuck.signals[0].aborted, true);
		assert.deepEqual(
			sampler.snapshot.failures.map((f) => [f.probeId, f.timedOut, f.consecutive]),
			[
				['stuck', true, 1],
				['deaf', true, 1],
			],
		);
		assert.equal(sampler.snapshot.cpu?.percent, 3);
		await clock.advance(10_000);
		// A call that never settles is never repeated; the others keep their cadence.
		assert.equal(deaf.calledAt.length, 1);
		assert.ok(ok.calledAt.length >= 10, String(ok.calledAt.length));
		assert.ok(stuck.calledAt.length >= 3);
		sampler.dispose();
	});

	it('backs a failing probe off exponentially up to the cap, keeps its error, recovers', async () => {
		const clock = new FakeClock();
		const log: string[] = [];
		const probe = new FakeProbe('nvidia', clock, (n): Behaviour => (n === 1 ? cpu(1) : n <= 6 ? new Error('nvidia-smi exited (code 9)') : cpu(2)));
		const { sampler, snapshots } = setup({ probes: [probe], maxBackoffMs: 5000, log: (m) => log.push(m) }, clock);
		sampler.start();
		await clock.advance(1000); // call 2 fails: one blip keeps the last figure
		assert.equal(sampler.snapshot.cpu?.percent, 1);
		assert.equal(sampler.snapshot.failures[0]?.message, 'nvidia-smi exited (code 9)');
		await clock.advance(2000); // call 3 fails again: the stale figure goes
		assert.equal(sampler.snapshot.cpu?.percent, undefined);
		await clock.advance(30_000);
		// Fails at 1000, 3000 (+2 s), 7000 (+4 s), then the 5 s cap: 12000, 17000; recovers at 22000.
		assert.deepEqual(probe.calledAt.slice(0, 8), [0, 1000, 3000, 7000, 12000, 17000, 22000, 23000]);
		assert.equal(sampler.snapshot.cpu?.percent, 2);
		assert.deepEqual(sampler.snapshot.failures, []);
		assert.ok(snapshots.some((s) => s.failures[0]?.consecutive === 5 && s.failures[0].retryInMs === 5000));
		// The log gets the transitions, not every retry.
		assert.deepEqual(log, ['resources: nvidia failed: nvidia-smi exited (code 9)', 'resources: nvidia recovered after 5 failure(s)']);
		sampler.dispose();
	});

	it('absent probes leave their part out, are not failures, and are asked again rarely', async () => {
		const clock = new FakeClock();
		const amd = new FakeProbe('amd', clock, () => ({ status: 'absent', reason: 'no amdgpu card' }));
		const sys = new FakeProbe('system', clock, () => cpu(4));
		const { sampler } = setup({ probes: [sys, amd], absentRecheckMs: 60_000 }, clock);
		sampler.start();
		await clock.advance(61_000);
		assert.deepEqual(amd.calledAt, [0, 60_000]);
		assert.deepEqual(sampler.snapshot, { cpu: { percent: 4 }, gpus: [], failures: [], absent: [{ probeId: 'amd', reason: 'no amdgpu card' }] });
		sampler.dispose();
	});

	// Focus back at 12 500: a figure older than the base interval is refreshed at once.
	const blur: [string, number, number[], number[]][] = [
		['slows down by the factor', 5, [0, 1000, 2000, 7000, 12000], [13000, 14000]],
		['pauses with an infinite factor', Infinity, [0, 1000, 2000], [12500, 13500]],
	];
	for (const [name, factor, expected, afterFocus] of blur) {
		it(`unfocused window ${name}; focus back resumes the base cadence`, async () => {
			const clock = new FakeClock();
			const probe = new FakeProbe('system', clock, () => cpu(1));
			const { sampler } = setup({ probes: [probe], unfocusedFactor: factor }, clock);
			sampler.start();
			await clock.advance(2500);
			sampler.setFocused(false);
			await clock.advance(10_000);
			assert.deepEqual(probe.calledAt, expected);
			if (factor === Infinity) assert.equal(clock.pending, 0);
			sampler.setFocused(true);
			await clock.advance(1500);
			assert.deepEqual(probe.calledAt.slice(expected.length), afterFocus);
			sampler.dispose();
		});
	}

	it('setInterval applies at once and is passed on to the probes', async () => {
		const clock = new FakeClock();
		const probe = new FakeProbe('system', clock, () => cpu(1));
		const { sampler } = setup({ probes: [probe], intervalMs: 10_000 }, clock);
		sampler.start();
		await clock.advance(1500);
		sampler.setInterval(500);
		await clock.advance(0);
		assert.deepEqual(probe.calledAt, [0, 1500]);
		await clock.advance(1000);
		assert.deepEqual(probe.calledAt, [0, 1500, 2000, 2500]);
		assert.deepEqual(probe.baseIntervals, [500]);
		sampler.dispose();
	});

	it('dispose leaves no timer, aborts the call in flight, disposes every probe and emits nothing more', async () => {
		const clock = new FakeClock();
		const hung = new FakeProbe('hung', clock, () => 'hang', { timeoutMs: 5000 });
		const sys = new FakeProbe('system', clock, () => cpu(1));
		const { sampler, snapshots } = setup({ probes: [hung, sys] }, clock);
		sampler.start();
		await clock.advance(100);
		assert.ok(clock.pending > 0);
		sampler.dispose();
		assert.equal(clock.pending, 0);
		assert.equal(hung.signals[0].aborted, true);
		assert.ok(hung.disposed >= 1 && sys.disposed >= 1);
		await clock.advance(10_000);
		assert.deepEqual([hung.calledAt.length, sys.calledAt.length, snapshots.length], [1, 1, 0]);
		assert.throws(() => sampler.start(), /disposed/);
	});

	it('stop releases the probes and start picks up again from a clean snapshot', async () => {
		const clock = new FakeClock();
		const probe = new FakeProbe('system', clock, (n) => cpu(n));
		const { sampler, snapshots } = setup({ probes: [probe] }, clock);
		sampler.start();
		await clock.advance(1000);
		sampler.stop();
		assert.deepEqual([clock.pending, probe.disposed, sampler.snapshot.cpu], [0, 1, undefined]);
		await clock.advance(5000);
		sampler.start();
		await clock.advance(0);
		assert.deepEqual(probe.calledAt, [0, 1000, 6000]);
		assert.deepEqual(snapshots.map((s) => s.cpu?.percent), [1, 2, 3]);
		sampler.dispose();
	});

	it('kernel-file probes answer inline (sampleSync): no deadline timer, failures still reported, mixed ticks emit once', async () => {
		const clock = new FakeClock();
		const readings = [cpu(10), new Error('/proc/stat: no aggregate cpu line'), cpu(30)];
		let syncCalls = 0;
		const syncProbe: Probe = {
			id: 'system',
			sample: () => Promise.reject(new Error('sample() must not be used when sampleSync() exists')),
			sampleSync: () => {
				const r = readings[syncCalls++];
				if (r instanceof Error) throw r;
				return r;
			},
			dispose: () => {},
		};
		const ollama = new FakeProbe('ollama', clock, () => 'manual', { intervalMs: 2000, timeoutMs: 500 });
		const { sampler, snapshots } = setup({ probes: [syncProbe, ollama] }, clock);
		sampler.start();
		await clock.advance(0);
		// The sync probe ran at once; the tick waits for Ollama before emitting, under a deadline timer.
		assert.deepEqual([syncCalls, snapshots.length], [1, 0]);
		ollama.manual[0]({ status: 'ok', reading: { ollama: { models: [] } } });
		await clock.advance(0);
		assert.deepEqual(snapshots.map((s) => [s.cpu?.percent, s.ollama?.models.length]), [[10, 0]]);
		await clock.advance(1000); // sync-only tick: the failure is recorded, one blip keeps the figure
		assert.equal(syncCalls, 2);
		assert.deepEqual(sampler.snapshot.failures.map((f) => [f.probeId, f.message, f.timedOut]), [['system', '/proc/stat: no aggregate cpu line', false]]);
		assert.equal(sampler.snapshot.cpu?.percent, 10);
		assert.equal(clock.pending, 1, 'only the next tick is armed, no deadline timer for an inline probe');
		sampler.dispose();
	});
	it('a probe that gave up (ProbeGaveUp) is marked so in the snapshot; an ordinary failure is not', async () => {
		const clock = new FakeClock();
		let calls = 0;
		const probe: Probe = {
			id: 'nvidia',
			sample: () => Promise.reject(new Error('unused')),
			sampleSync: () => {
				throw calls++ === 0 ? new Error('nvidia-smi exited (code 9)') : new ProbeGaveUp('nvidia-smi failed 5 times in a row, so it is no longer started (last: x)');
			},
			dispose: () => {},
		};
		const { sampler } = setup({ probes: [probe] }, clock);
		sampler.start();
		await clock.advance(0);
		assert.deepEqual(sampler.snapshot.failures.map((f) => f.gaveUp ?? false), [false]);
		await clock.advance(60_000);
		assert.deepEqual(sampler.snapshot.failures.map((f) => [f.message, f.gaveUp]), [['nvidia-smi failed 5 times in a row, so it is no longer started (last: x)', true]]);
		sampler.dispose();
	});
});
