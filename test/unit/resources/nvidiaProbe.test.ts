// Runs the real NvidiaSmiProbe against test/fixtures/resources/bin/nvidia-smi put first on PATH.
import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatResourceTooltip } from '../../../src/resources/format';
import { NvidiaSmiProbe } from '../../../src/resources/nvidiaProbe';
import { ResourceSampler } from '../../../src/resources/sampler';
import type { GpuReading, ProbeOutcome } from '../../../src/resources/types';

const binDir = path.join(__dirname, '../../fixtures/resources/bin');
const mib = 1024 * 1024;
const signal = new AbortController().signal;

async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const value = await fn();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 20));
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

const gpusOf = (o: ProbeOutcome): readonly GpuReading[] => (o.status === 'ok' ? (o.reading.gpus ?? []) : []);

(process.platform === 'win32' ? describe.skip : describe)('resources: nvidia-smi probe with a fake nvidia-smi on PATH', function () {
	this.timeout(20_000);
	let tmp: string;
	const saved = { PATH: process.env.PATH, log: process.env.FAKE_NVIDIA_SMI_LOG, control: process.env.FAKE_NVIDIA_SMI_CONTROL };
	const starts = (): string[] => (fs.existsSync(process.env.FAKE_NVIDIA_SMI_LOG!) ? fs.readFileSync(process.env.FAKE_NVIDIA_SMI_LOG!, 'utf8').trim().split('\n') : []);

	beforeEach(() => {
		tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tmt-nvsmi-'));
		process.env.PATH = `${binDir}${path.delimiter}${saved.PATH}`;
		process.env.FAKE_NVIDIA_SMI_LOG = path.join(tmp, 'starts.log');
		process.env.FAKE_NVIDIA_SMI_CONTROL = path.join(tmp, 'control');
	});
	afterEach(() => {
		// Should a regression leave a fake child running, end it by pid so mocha can still exit.
		for (const line of starts()) {
			const pid = Number(line.split(' ')[1]);
			if (alive(pid)) process.kill(pid);
		}
		process.env.PATH = saved.PATH;
		for (const [key, value] of [['FAKE_NVIDIA_SMI_LOG', saved.log], ['FAKE_NVIDIA_SMI_CONTROL', saved.control]] as const) {
			if (value === undefined) delete process.env[key];
			else process.env[key] = value;
		}
		fs.rmSync(tmp, { recursive: true, force: true });
	});

	it('starts one child, parses its lines as they come, restarts it after it dies, kills it on dispose', async () => {
		const probe = new NvidiaSmiProbe({ intervalMs: 50, restartBaseMs: 200 });
		try {
			const gpus = await waitFor('two GPUs', async () => {
				const g = gpusOf(await probe.sample(signal));
				return g.length === 2 ? g : undefined;
			});
			assert.deepEqual(
				gpus.map((g) => [g.id, g.name, g.vramUsedBytes, g.vramTotalBytes, g.temperatureC]),
				[
					['nvidia:0', 'NVIDIA GeForce RTX 3090', 20678 * mib, 24576 * mib, 61],
					['nvidia:1', 'NVIDIA GeForce RTX 3060', 11 * mib, 12288 * mib, 35],
				],
			);
			assert.equal(gpus[1].utilPercent, undefined, '[N/A] stays unknown');
			// The fake counts GPU 0's utilisation up per loop: new lines keep arriving from the same child.
			const first = gpus[0].utilPercent;
			await waitFor('a newer line', async () => gpusOf(await probe.sample(signal))[0]?.utilPercent !== first);
			const pid1 = probe.pid!;
			assert.ok(alive(pid1));
			assert.equal(probe.spawnCount, 1);
			assert.equal(starts().length, 1);
			assert.match(starts()[0], /--query-gpu=index,name,utilization\.gpu,memory\.used,memory\.total,temperature\.gpu --format=csv,noheader,nounits -lms 50$/);

			fs.writeFileSync(process.env.FAKE_NVIDIA_SMI_CONTROL!, 'exit');
			await waitFor('the child to exit', () => !alive(pid1));
			await waitFor('the exit to be seen', () => probe.pid === undefined);
			await assert.rejects(probe.sample(signal), /Error: nvidia-smi exited \(code 9\): NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
			assert.equal(probe.spawnCount, 1, 'no restart before the backoff');

			await new Promise((r) => setTimeout(r, 250));
			await waitFor('GPUs from the restarted child', async () => gpusOf(await probe.sample(signal)).length === 2);
			const pid2 = probe.pid!;
			assert.notEqual(pid2, pid1);
			assert.deepEqual([probe.spawnCount, starts().length], [2, 2]);

			probe.dispose();
			assert.equal(probe.pid, undefined);
			await waitFor('the child to be gone after dispose', () => !alive(pid2));
		} finally {
			probe.dispose();
		}
	});

	it('a new base interval restarts the loop with the new -lms, without counting as a failure', async () => {
		const probe = new NvidiaSmiProbe({ intervalMs: 50 });
		try {
			await waitFor('data', async () => gpusOf(await probe.sample(signal)).length === 2);
			const pid1 = probe.pid!;
			probe.setBaseInterval(80);
			await waitFor('old child gone', () => !alive(pid1));
			await waitFor('data again', async () => gpusOf(await probe.sample(signal)).length === 2);
			assert.match(starts()[1], / -lms 80$/);
		} finally {
			probe.dispose();
		}
	});

	it('absent cleanly, spawning nothing, when nvidia-smi is not on PATH', async () => {
		process.env.PATH = tmp;
		const probe = new NvidiaSmiProbe();
		assert.deepEqual(await probe.sample(signal), { status: 'absent', reason: 'nvidia-smi not found on PATH' });
		assert.equal(probe.spawnCount, 0);
		probe.dispose();
	});

	it('inside the sampler (real timers): GPUs reach the snapshot; dispose leaves no child and no timer', async () => {
		const probe = new NvidiaSmiProbe({ intervalMs: 50 });
		const sampler = new ResourceSampler({ probes: [probe], intervalMs: 50 });
		sampler.start();
		await waitFor('GPUs in the snapshot', () => sampler.snapshot.gpus.length === 2);
		const pid = probe.pid!;
		await new Promise((r) => setTimeout(r, 300));
		assert.equal(probe.spawnCount, 1, 'one child for many ticks');
		assert.ok(sampler.ticks >= 3, String(sampler.ticks));
		sampler.dispose();
		await waitFor('the child to be gone', () => !alive(pid));
		const ticks = sampler.ticks;
		await new Promise((r) => setTimeout(r, 200));
		assert.equal(sampler.ticks, ticks, 'no tick after dispose');
	});
});

describe('resources: nvidia-smi with a wedged driver (scripted children)', () => {
	/** A child that prints nothing and ignores SIGTERM, like nvidia-smi stuck in the driver. */
	class WedgedChild extends EventEmitter {
		static all: WedgedChild[] = [];
		readonly pid = 40_000 + WedgedChild.all.length;
		readonly signals: string[] = [];
		exitCode: number | null = null;
		signalCode: string | null = null;
		readonly stdout = Object.assign(new EventEmitter(), { setEncoding: () => undefined });
		readonly stderr = Object.assign(new EventEmitter(), { setEncoding: () => undefined });
		constructor(private readonly obeysTerm: boolean) {
			super();
			WedgedChild.all.push(this);
		}
		kill(signal: string = 'SIGTERM'): boolean {
			this.signals.push(signal);
			if (signal === 'SIGKILL' || this.obeysTerm) queueMicrotask(() => this.exit(signal));
			return true;
		}
		exit(signal: string): void {
			if (this.exitCode !== null || this.signalCode !== null) return;
			this.signalCode = signal;
			this.emit('exit', null, signal);
		}
		get alive(): boolean {
			return this.exitCode === null && this.signalCode === null;
		}
	}
	let clock = 0;
	const tick = async (probe: NvidiaSmiProbe, ms: number) => {
		clock += ms;
		const outcome = await probe.sample(signal);
		await new Promise((r) => setImmediate(r));
		return outcome;
	};
	beforeEach(() => {
		WedgedChild.all = [];
		clock = 0;
	});

	it('never more than one live child; SIGTERM, then SIGKILL; gives up after N failures and says so', async () => {
		const probe = new NvidiaSmiProbe({
			intervalMs: 1000,
			locate: () => '/usr/bin/nvidia-smi',
			spawn: (() => new WedgedChild(false)) as never,
			now: () => clock,
			restartBaseMs: 1000,
			restartMaxMs: 1000,
			killAfterMs: 5000,
			maxFailedStarts: 3,
		});
		const errors: string[] = [];
		for (let i = 0; i < 200; i++) {
			const o = await tick(probe, 500).catch((e: Error) => (errors.push(`${e.name}: ${e.message}`), undefined));
			void o;
			assert.ok(WedgedChild.all.filter((c) => c.alive).length <= 1, `at most one live child (step ${i})`);
		}
		assert.equal(WedgedChild.all.length, 3, 'three starts, then no more');
		for (const c of WedgedChild.all) assert.deepEqual(c.signals, ['SIGTERM', 'SIGKILL'], 'asked to stop, then killed');
		assert.ok(errors.some((e) => /waiting for the stuck nvidia-smi \(pid 40000\) to exit/.test(e)), 'says why it does not start another');
		assert.match(errors.at(-1)!, /^ProbeGaveUp: nvidia-smi failed 3 times in a row, so it is no longer started \(last: nvidia-smi printed nothing for \d+ s\)$/);
		probe.dispose();
	});

	it('the tooltip shows a given-up probe as "stopped retrying", not "retrying in"', () => {
		const tip = formatResourceTooltip(
			{ gpus: [], absent: [], failures: [{ probeId: 'nvidia', message: 'nvidia-smi failed 5 times in a row, so it is no longer started (last: x)', timedOut: false, consecutive: 5, retryInMs: 60_000, gaveUp: true }] },
			{ ollamaIsLocal: true },
		);
		assert.match(tip, /failed 5 times in a row, so it is no longer started .* \(stopped retrying; reload the window to try again\)$/);
		assert.doesNotMatch(tip, /retrying in/);
	});

	it('a child that obeys SIGTERM is not sent SIGKILL', async () => {
		const probe = new NvidiaSmiProbe({ intervalMs: 1000, locate: () => '/x', spawn: (() => new WedgedChild(true)) as never, now: () => clock, restartBaseMs: 1000, killAfterMs: 5000 });
		for (let i = 0; i < 40; i++) await tick(probe, 500).catch(() => undefined);
		assert.ok(WedgedChild.all.length >= 2);
		for (const c of WedgedChild.all.filter((x) => !x.alive)) assert.deepEqual(c.signals, ['SIGTERM']);
		probe.dispose();
	});
});
