// Runs the real NvidiaSmiProbe against test/fixtures/resources/bin/nvidia-smi put first on PATH.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
