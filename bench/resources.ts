// Resource sampler cost: CPU per tick against systeminformation's currentLoad()+mem() in the same run,
// CPU share of one core at the default 2 s interval, and child processes spawned after start-up.
// Run: node --import tsx bench/resources.ts  (systeminformation is optional: without it the
// comparison is skipped; NODE_PATH may point at a copy installed elsewhere).
import { ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDefaultProbes } from '../src/resources/defaultProbes';
import { ResourceSampler } from '../src/resources/sampler';
import type { TimerApi, TimerHandle } from '../src/resources/types';

interface SystemInformation {
	currentLoad(): Promise<unknown>;
	mem(): Promise<unknown>;
}

export interface ResourcesBenchResult {
	readonly ticks: number;
	readonly samplerTickUs: number;
	readonly scheduledTickUs: number;
	readonly siTickUs?: number;
	readonly siSpawnsPerTick?: number;
	readonly cpuSharePercent: number;
	readonly spawnsAtStartup: number;
	readonly spawnsPerMinute: number;
	readonly fakeNvidia?: { readonly atStartup: number; readonly perMinute: number };
}

// Every way node starts a process (spawn, exec, execFile, fork) goes through ChildProcess#spawn,
// which @types/node does not declare.
let spawns = 0;
const proto = ChildProcess.prototype as unknown as { spawn: (...args: unknown[]) => unknown };
const originalSpawn = proto.spawn;
proto.spawn = function (this: unknown, ...args: unknown[]) {
	spawns++;
	return originalSpawn.apply(this, args);
};

const cpuNowUs = (): number => {
	const u = process.cpuUsage();
	return u.user + u.system;
};

/** CPU µs per call of `fn`, measured over `n` awaited calls after a warm-up. */
async function cpuPerCall(n: number, fn: () => Promise<unknown>): Promise<number> {
	for (let i = 0; i < Math.min(50, n); i++) await fn();
	const start = cpuNowUs();
	for (let i = 0; i < n; i++) await fn();
	return (cpuNowUs() - start) / n;
}

/** Timers whose time only moves when told: a minute of 2 s ticks runs in a blink. */
class VirtualTimers implements TimerApi {
	private time = 0;
	private readonly timers = new Map<number, { at: number; fn: () => void }>();
	private seq = 0;
	now = (): number => this.time;
	setTimeout = (fn: () => void, ms: number): TimerHandle => {
		this.timers.set(++this.seq, { at: this.time + ms, fn });
		return this.seq;
	};
	clearTimeout = (h: TimerHandle): void => void this.timers.delete(h as number);
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (;;) {
			for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
			const next = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!next) break;
			this.timers.delete(next[0]);
			this.time = next[1].at;
			next[1].fn();
		}
		this.time = end;
	}
}

/** Spawns during the first tick, then during one virtual minute of 2 s ticks. */
async function spawnsPerMinute(): Promise<{ atStartup: number; perMinute: number }> {
	const timers = new VirtualTimers();
	const sampler = new ResourceSampler({ probes: createDefaultProbes({ intervalMs: 2000 }), intervalMs: 2000, timers });
	const before = spawns;
	sampler.start();
	await timers.advance(0);
	await new Promise((r) => setTimeout(r, 300)); // a started child has printed its first lines
	const atStartup = spawns - before;
	await timers.advance(60_000);
	const perMinute = spawns - before - atStartup;
	sampler.dispose();
	return { atStartup, perMinute };
}

function loadSystemInformation(): SystemInformation | undefined {
	try {
		return require('systeminformation') as SystemInformation;
	} catch {
		return undefined;
	}
}

export async function runResourcesBench(ticks = 2000): Promise<ResourcesBenchResult> {
	const sampler = new ResourceSampler({ probes: createDefaultProbes({ intervalMs: 2000 }) });
	const si = loadSystemInformation();
	// Alternate in rounds so both sides see the same machine load.
	let ours = 0;
	let theirs = 0;
	let siSpawns = 0;
	const rounds = 4;
	for (let r = 0; r < rounds; r++) {
		ours += await cpuPerCall(ticks / rounds, () => sampler.sampleNow());
		if (si) {
			const s0 = spawns;
			theirs += await cpuPerCall(ticks / rounds, () => Promise.all([si.currentLoad(), si.mem()]));
			siSpawns += spawns - s0;
		}
	}
	sampler.dispose();

	// Scheduled ticks on real timers, so the figure includes the event-loop wake-up of each tick.
	const scheduledTickUs = await scheduledTickCost(20, 3000);
	const minute = await spawnsPerMinute();
	const fakeNvidia = process.platform === 'win32' ? undefined : await withFakeNvidiaSmi(spawnsPerMinute);
	return {
		ticks,
		samplerTickUs: ours / rounds,
		scheduledTickUs,
		...(si ? { siTickUs: theirs / rounds, siSpawnsPerTick: siSpawns / (ticks + 50 * rounds) } : {}),
		// 30 ticks a minute at 2 s; one core is 60 s of CPU per minute.
		cpuSharePercent: ((scheduledTickUs * 30) / 60e6) * 100,
		spawnsAtStartup: minute.atStartup,
		spawnsPerMinute: minute.perMinute,
		...(fakeNvidia ? { fakeNvidia } : {}),
	};
}

async function scheduledTickCost(intervalMs: number, wallMs: number): Promise<number> {
	const sampler = new ResourceSampler({ probes: createDefaultProbes({ intervalMs }), intervalMs });
	sampler.start();
	await new Promise((r) => setTimeout(r, 200)); // first ticks open files
	const ticks0 = sampler.ticks;
	const cpu0 = cpuNowUs();
	await new Promise((r) => setTimeout(r, wallMs));
	const perTick = (cpuNowUs() - cpu0) / Math.max(1, sampler.ticks - ticks0);
	sampler.dispose();
	return perTick;
}

async function withFakeNvidiaSmi<T>(fn: () => Promise<T>): Promise<T> {
	const saved = process.env.PATH;
	process.env.PATH = `${path.join(__dirname, '../test/fixtures/resources/bin')}${path.delimiter}${saved}`;
	try {
		return await fn();
	} finally {
		process.env.PATH = saved;
	}
}

export function formatResourcesBench(r: ResourcesBenchResult): string[] {
	const us = (n: number): string => `${n < 10 ? n.toFixed(1) : Math.round(n)} µs`;
	const lines = [`resources (${os.platform()} ${os.arch()}, ${os.cpus().length} cores, node ${process.version}, ${r.ticks} ticks each)`];
	if (r.siTickUs !== undefined) {
		const ratio = r.siTickUs / r.samplerTickUs;
		lines.push(
			`  sampler tick: ${us(r.samplerTickUs)} CPU (systeminformation currentLoad()+mem(): ${us(r.siTickUs)}) → ${Math.round(ratio)}× cheaper (goal ≥ 10×)`,
		);
		if (r.siSpawnsPerTick) lines.push(`    systeminformation spawned ${r.siSpawnsPerTick.toFixed(2)} processes per tick`);
	} else {
		lines.push(`  sampler tick: ${us(r.samplerTickUs)} CPU (systeminformation not installed: comparison skipped; goal ≥ 10× cheaper)`);
	}
	lines.push(`  scheduled tick incl. timer wake-up: ${us(r.scheduledTickUs)} CPU`);
	lines.push(`  CPU share at 2 s over 60 s: 30 ticks × ${us(r.scheduledTickUs)} / 60 s = ${r.cpuSharePercent.toFixed(4)}% of one core (goal ≤ 0.005%)`);
	lines.push(`  child processes spawned per minute after start-up: ${r.spawnsPerMinute} (goal 0); at start-up: ${r.spawnsAtStartup}`);
	if (r.fakeNvidia) {
		lines.push(`    with a fake nvidia-smi on PATH: ${r.fakeNvidia.atStartup} at start-up, ${r.fakeNvidia.perMinute} per minute after (goal 0)`);
	}
	return lines;
}

if (require.main === module) {
	void runResourcesBench().then((r) => console.log(formatResourcesBench(r).join('\n')));
}
