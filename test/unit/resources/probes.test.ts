import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AmdSysfsProbe } from '../../../src/resources/amdProbe';
import { IoregProbe } from '../../../src/resources/appleProbe';
import { createDefaultProbes } from '../../../src/resources/defaultProbes';
import { createOllamaPsProbe } from '../../../src/resources/ollamaProbe';
import { OsSystemProbe, ProcSystemProbe, type OsApi } from '../../../src/resources/systemProbes';
import type { ProbeOutcome } from '../../../src/resources/types';

const fixtures = path.join(__dirname, '../../fixtures/resources');
const signal = new AbortController().signal;
const gib = 1024 ** 3;
const openFdCount = (): number => fs.readdirSync('/proc/self/fd').length;
const onLinux = process.platform === 'linux' ? it : it.skip;

describe('resources: CPU and RAM probes', () => {
	it('Linux: recorded /proc files through kept-open fds; CPU from the second sample on', async () => {
		// The probe reads its files again each tick, so copy them where the test can change them.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmt-proc-'));
		const stat = path.join(dir, 'stat');
		fs.copyFileSync(path.join(fixtures, 'procStat.loaded.txt'), stat);
		fs.copyFileSync(path.join(fixtures, 'meminfo.txt'), path.join(dir, 'meminfo'));
		const probe = new ProcSystemProbe({ statPath: stat, meminfoPath: path.join(dir, 'meminfo') });
		try {
			const memory = { totalBytes: 24684084 * 1024, usedBytes: (24684084 - 23620376) * 1024 };
			assert.deepEqual(await probe.sample(signal), { status: 'ok', reading: { memory } });
			assert.equal(probe.openFds, 2);
			// Same-size rewrite in place: the open fd sees the new content at offset 0.
			fs.writeFileSync(stat, fs.readFileSync(path.join(fixtures, 'procStat.a.txt')));
			const second = await probe.sample(signal);
			assert.equal(second.status, 'ok');
			assert.ok(second.status === 'ok' && Math.abs((second.reading.cpu?.percent ?? 0) - 99.797) < 0.001);
			// No time passed: the last figure stays rather than vanishing.
			assert.deepEqual(await probe.sample(signal), second);
		} finally {
			probe.dispose();
			fs.rmSync(dir, { recursive: true, force: true });
		}
		assert.equal(probe.openFds, 0);
	});

	onLinux('Linux: the real /proc, no fd left after dispose', async () => {
		const before = openFdCount();
		const probe = new ProcSystemProbe();
		await probe.sample(signal);
		await new Promise((r) => setTimeout(r, 30));
		const outcome = await probe.sample(signal);
		assert.equal(openFdCount(), before + 2);
		assert.ok(outcome.status === 'ok' && outcome.reading.memory && outcome.reading.memory.totalBytes > 0);
		probe.dispose();
		assert.equal(openFdCount(), before);
	});

	it('Linux: a missing file is a failure, not absent', async () => {
		const probe = new ProcSystemProbe({ statPath: path.join(fixtures, 'nope') });
		await assert.rejects(probe.sample(signal), /ENOENT/);
		probe.dispose();
	});

	const osCases: [NodeJS.Platform, boolean][] = [
		['darwin', true],
		['win32', false],
	];
	for (const [platform, approximate] of osCases) {
		it(`os module on ${platform}: CPU deltas over all cores, RAM ${approximate ? 'marked approximate' : 'as is'}`, async () => {
			const times = [
				[{ user: 100, nice: 0, sys: 50, idle: 850, irq: 0 }, { user: 0, nice: 0, sys: 0, idle: 1000, irq: 0 }],
				[{ user: 400, nice: 0, sys: 150, idle: 1450, irq: 0 }, { user: 100, nice: 0, sys: 0, idle: 1900, irq: 0 }],
			];
			let call = 0;
			const api: OsApi = { cpus: () => times[Math.min(call++, 1)].map((t) => ({ times: t })), totalmem: () => 16 * gib, freemem: () => 4 * gib };
			const probe = new OsSystemProbe(api, platform);
			const memory = { totalBytes: 16 * gib, usedBytes: 12 * gib, ...(approximate ? { approximate } : {}) };
			assert.deepEqual(await probe.sample(signal), { status: 'ok', reading: { memory } });
			// busy +300 +100 +100 = 500 of 2000 jiffies across both cores.
			assert.deepEqual(await probe.sample(signal), { status: 'ok', reading: { cpu: { percent: 25 }, memory } });
		});
	}
});

describe('resources: GPU probes', () => {
	it('AMD sysfs: finds the amdgpu card, skips the Intel iGPU and connectors, keeps its files open', async () => {
		const before = process.platform === 'linux' ? openFdCount() : 0;
		const probe = new AmdSysfsProbe({ drmRoot: path.join(fixtures, 'sysfs/drm') });
		assert.deepEqual(await probe.sample(signal), {
			status: 'ok',
			reading: { gpus: [{ id: 'amd:card1', vendor: 'amd', utilPercent: 23, vramUsedBytes: 1573335040, vramTotalBytes: 8573157376, temperatureC: 48 }] },
		});
		assert.equal(probe.openFds, 4);
		probe.dispose();
		assert.equal(probe.openFds, 0);
		if (process.platform === 'linux') assert.equal(openFdCount(), before);
	});

	it('AMD sysfs: a runtime-suspended card reads as idle without touching gpu_busy_percent (which would wake it)', async () => {
		const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tmt-drm-'));
		fs.cpSync(path.join(fixtures, 'sysfs/drm'), root, { recursive: true });
		const device = path.join(root, 'card1/device');
		const probe = new AmdSysfsProbe({ drmRoot: root });
		try {
			assert.ok((await probe.sample(signal)).status === 'ok');
			fs.writeFileSync(path.join(device, 'power/runtime_status'), 'suspended\n');
			fs.writeFileSync(path.join(device, 'gpu_busy_percent'), '99\n');
			assert.deepEqual(await probe.sample(signal), {
				status: 'ok',
				reading: { gpus: [{ id: 'amd:card1', vendor: 'amd', utilPercent: 0, vramTotalBytes: 8573157376 }] },
			});
			fs.writeFileSync(path.join(device, 'power/runtime_status'), 'active\n');
			const awake = await probe.sample(signal);
			assert.equal(awake.status === 'ok' ? awake.reading.gpus?.[0].utilPercent : undefined, 99);
		} finally {
			probe.dispose();
			fs.rmSync(root, { recursive: true, force: true });
		}
	});

	it('AMD sysfs: absent with no drm class or no AMD card', async () => {
		for (const root of [path.join(fixtures, 'missing'), path.join(fixtures, 'sysfs')]) {
			const outcome = await new AmdSysfsProbe({ drmRoot: root }).sample(signal);
			assert.equal(outcome.status, 'absent', root);
		}
	});

	it('Apple ioreg: parsed from the recorded M4 sample, absent on a VM, errors are failures', async () => {
		const m4 = fs.readFileSync(path.join(fixtures, 'ioreg.m4.txt'), 'utf8');
		const outcome = await new IoregProbe({ run: async () => m4 }).sample(signal);
		assert.ok(outcome.status === 'ok');
		assert.deepEqual(outcome.reading.gpus?.map((g) => [g.name, g.utilPercent, g.unifiedMemory]), [['Apple M4', 30, true]]);
		assert.equal((await new IoregProbe({ run: async () => '' }).sample(signal)).status, 'absent');
		await assert.rejects(new IoregProbe({ run: async () => Promise.reject(new Error('spawn ioreg ENOENT')) }).sample(signal), /ENOENT/);
		assert.equal(new IoregProbe().intervalFactor, 5);
	});
});

describe('resources: Ollama /api/ps probe and the default probe set', () => {
	it('maps /api/ps into loaded models on its own 5 s cadence; the request follows the sampler signal', async () => {
		let seen: AbortSignal | undefined;
		const outer = new AbortController();
		const probe = createOllamaPsProbe({
			ps: async (s) => {
				seen = s;
				return {
					models: [
						{ name: 'qwen2.5:3b', model: 'qwen2.5:3b', size: 3_300_000_000, size_vram: 3_300_000_000, expires_at: '2026-11-25T17:00:00Z', context_length: 4096 },
						{ name: 'llama3.2:1b', size: 1_900_000_000 },
					],
				};
			},
		});
		const outcome: ProbeOutcome = await probe.sample(outer.signal);
		// No listener is left on the long-lived sampler signal; aborting it aborts a request in flight.
		assert.equal(getEventListeners(outer.signal, 'abort').length, 0);
		assert.equal(seen?.aborted, false);
		const hung = createOllamaPsProbe({ ps: (s) => new Promise((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted')))) });
		const call = hung.sample(outer.signal);
		outer.abort();
		await assert.rejects(call, /aborted/);
		assert.deepEqual(outcome, {
			status: 'ok',
			reading: {
				ollama: {
					models: [
						{ name: 'qwen2.5:3b', sizeBytes: 3_300_000_000, vramBytes: 3_300_000_000, expiresAt: '2026-11-25T17:00:00Z', contextLength: 4096 },
						{ name: 'llama3.2:1b', sizeBytes: 1_900_000_000 },
					],
				},
			},
		});
		assert.deepEqual([probe.id, probe.intervalMs], ['ollama', 5000]);
	});

	const platforms: [NodeJS.Platform, string, string[]][] = [
		['linux', 'x64', ['system', 'nvidia', 'amd']],
		['darwin', 'arm64', ['system', 'apple']],
		['darwin', 'x64', ['system']],
		['win32', 'x64', ['system', 'nvidia']],
		['freebsd', 'x64', ['system']],
	];
	for (const [platform, arch, ids] of platforms) {
		it(`default probes on ${platform}/${arch}: ${ids.join(', ')}`, () => {
			const probes = createDefaultProbes({ platform, arch });
			assert.deepEqual(probes.map((p) => p.id), ids);
			for (const p of probes) p.dispose();
		});
	}
});
