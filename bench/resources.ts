// Resource sampler cost: CPU per tick against systeminformation's currentLoad()+mem() in the same run,
// CPU share of one core at the default 2 s interval, and child processes spawned after start-up.
// Run: node --import tsx bench/resources.ts [--live]  (systeminformation is optional: without it the
// comparison is skipped; NODE_PATH may point at a copy installed elsewhere). --live adds two real
// minutes: the sampler at 2 s on real timers, then an empty 2 s timer for the baseline.
import { ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { createDefaultProbes } from '../src/resources/defaultProbes';
import { ResourceSampler } from '../src/resources/sampler';
import type { TimerApi, TimerHandle } from '../src/resources/types';
import { rateStats, report, type Figure } from './lib/figures';

interface SystemInformation {
	currentLoad(): Promise<unknown>;
	mem(): Promise<unknown>;
}

export interface TickCost {
	/** CPU µs per tick, ticks back to back (code and caches hot). */
	readonly hot: number;
	/** CPU µs per tick with a pause before each, as at a 2 s interval (interpreter, cold caches). */
	readonly spaced: number;
}

export interface ResourcesBenchResult {
	readonly ticks: number;
	readonly spacedTicks: number;
	readonly sampler: TickCost;
	readonly systemInformation?: TickCost & { readonly spawnsPerTick: number; /** systeminformation ÷ sampler, per round. */ readonly ratios: { readonly hot: number[]; readonly spaced: number[] } };
	/** What the measurement itself reads for an empty call after the same pause. */
	readonly emptyCallUs: number;
	/** 30 ticks a minute × per-tick cost, against 60 s of one core: from hot and from spaced ticks. */
	readonly cpuSharePercent: TickCost;
	/** `--live`: a real minute at 2 s on real timers, less an empty 2 s timer's minute. */
	readonly live?: { readonly samplerUs: number; readonly emptyTimerUs: number; readonly ticks: number };
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

const collectGarbage = ((): (() => void) => {
	// Each side's rounds start with a clean heap, so one side's garbage is not collected on the other's time.
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc') as (() => void) | undefined;
	return () => gc?.();
})();

/** CPU µs per call of `fn` over `n` awaited calls, back to back or with `pauseMs` before each. */
async function cpuPerCall(n: number, fn: () => Promise<unknown>, pauseMs = 0): Promise<number> {
	collectGarbage();
	let total = 0;
	if (pauseMs === 0) {
		const start = cpuNowUs();
		for (let i = 0; i < n; i++) await fn();
		return (cpuNowUs() - start) / n;
	}
	for (let i = 0; i < n; i++) {
		await new Promise((r) => setTimeout(r, pauseMs));
		const start = cpuNowUs();
		await fn();
		total += cpuNowUs() - start;
	}
	return total / n;
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

export async function runResourcesBench(ticks = 2000, spacedTicks = 100, live = false): Promise<ResourcesBenchResult> {
	const sampler = new ResourceSampler({ probes: createDefaultProbes({ intervalMs: 2000 }) });
	const si = loadSystemInformation();
	const ourTick = (): Promise<unknown> => sampler.sampleNow();
	const siTick = (): Promise<unknown> => Promise.all([si!.currentLoad(), si!.mem()]);
	// Warm both up (open files, first-call setup), then alternate in rounds under the same load.
	for (let i = 0; i < 50; i++) await ourTick();
	if (si) for (let i = 0; i < 50; i++) await siTick();
	const rounds = 6;
	const ours = { hot: 0, spaced: 0 };
	const theirs = { hot: 0, spaced: 0 };
	let siSpawns = 0;
	const pauseMs = 150;
	const ratios = { hot: [] as number[], spaced: [] as number[] };
	for (let r = 0; r < rounds; r++) {
		const round = { hot: await cpuPerCall(ticks / rounds, ourTick), spaced: await cpuPerCall(spacedTicks / rounds, ourTick, pauseMs) };
		ours.hot += round.hot / rounds;
		ours.spaced += round.spaced / rounds;
		if (si) {
			const s0 = spawns;
			const theirHot = await cpuPerCall(ticks / rounds, siTick);
			const theirSpaced = await cpuPerCall(spacedTicks / rounds, siTick, pauseMs);
			theirs.hot += theirHot / rounds;
			theirs.spaced += theirSpaced / rounds;
			ratios.hot.push(theirHot / round.hot);
			ratios.spaced.push(theirSpaced / round.spaced);
			siSpawns += spawns - s0;
		}
	}
	sampler.dispose();
	const emptyCallUs = await cpuPerCall(spacedTicks, async () => {}, pauseMs);
	const minute = await spawnsPerMinute();
	const fakeNvidia = process.platform === 'win32' ? undefined : await withFakeNvidiaSmi(spawnsPerMinute);
	return {
		ticks,
		spacedTicks,
		sampler: ours,
		...(si ? { systemInformation: { ...theirs, spawnsPerTick: siSpawns / (rounds * (ticks + spacedTicks) / rounds), ratios } } : {}),
		emptyCallUs,
		cpuSharePercent: { hot: ((ours.hot * 30) / 60e6) * 100, spaced: ((ours.spaced * 30) / 60e6) * 100 },
		...(live ? { live: await liveMinute() } : {}),
		spawnsAtStartup: minute.atStartup,
		spawnsPerMinute: minute.perMinute,
		...(fakeNvidia ? { fakeNvidia } : {}),
	};
}

/** One real minute of the sampler at 2 s, then one of an empty 2 s timer, CPU of the whole process. */
async function liveMinute(): Promise<{ samplerUs: number; emptyTimerUs: number; ticks: number }> {
	const minute = async (start: () => () => void): Promise<number> => {
		const stop = start();
		await new Promise((r) => setTimeout(r, 1000));
		const c0 = cpuNowUs();
		await new Promise((r) => setTimeout(r, 60_000));
		const used = cpuNowUs() - c0;
		stop();
		return used;
	};
	let ticks = 0;
	const samplerUs = await minute(() => {
		const sampler = new ResourceSampler({ probes: createDefaultProbes({ intervalMs: 2000 }), intervalMs: 2000 });
		sampler.start();
		const t0 = sampler.ticks;
		return () => {
			ticks = sampler.ticks - t0;
			sampler.dispose();
		};
	});
	const emptyTimerUs = await minute(() => {
		const timer = setInterval(() => {}, 2000);
		return () => clearInterval(timer);
	});
	return { samplerUs, emptyTimerUs, ticks };
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
	const lines = [`resources (${os.platform()} ${os.arch()}, ${os.cpus().length} cores, node ${process.version})`];
	const si = r.systemInformation;
	for (const mode of ['hot', 'spaced'] as const) {
		const label = mode === 'hot' ? `${r.ticks} ticks back to back` : `${r.spacedTicks} ticks, 150 ms apart`;
		if (si) {
			const ratio = si[mode] / r.sampler[mode];
			lines.push(`  sampler tick: ${us(r.sampler[mode])} CPU (systeminformation: ${us(si[mode])}) → ${ratio.toFixed(1)}× cheaper (goal ≥ 20×) [${label}]`);
		} else {
			lines.push(`  sampler tick: ${us(r.sampler[mode])} CPU [${label}] (systeminformation not installed: no comparison; goal ≥ 20× cheaper)`);
		}
	}
	if (si?.spawnsPerTick) lines.push(`    systeminformation spawned ${si.spawnsPerTick.toFixed(2)} processes per tick`);
	const share = r.cpuSharePercent;
	lines.push(`  CPU share at 2 s over 60 s: 30 ticks × ${us(r.sampler.hot)} / 60 s = ${share.hot.toFixed(4)}% of one core (goal ≤ 0.005%)`);
	lines.push(`    from spaced ticks (cold caches): 30 × ${us(r.sampler.spaced)} / 60 s = ${share.spaced.toFixed(4)}% (measurement floor ${us(r.emptyCallUs)})`);
	if (r.live) {
		const pct = (us: number): string => `${((us / 60e6) * 100).toFixed(4)}%`;
		lines.push(
			`    live minute on real timers (whole process, noisy here): sampler ${r.live.ticks} ticks, ${Math.round(r.live.samplerUs / 1000)} ms = ${pct(r.live.samplerUs)}; empty 2 s timer ${Math.round(r.live.emptyTimerUs / 1000)} ms = ${pct(r.live.emptyTimerUs)}`,
		);
	}
	lines.push(`  child processes spawned per minute after start-up: ${r.spawnsPerMinute} (goal 0); at start-up: ${r.spawnsAtStartup}`);
	if (r.fakeNvidia) {
		lines.push(`    with a fake nvidia-smi on PATH: ${r.fakeNvidia.atStartup} at start-up, ${r.fakeNvidia.perMinute} per minute after (goal 0)`);
	}
	return lines;
}

/** The figures bench/run.mjs collects: how many times cheaper than systeminformation (median and the
 * slow tail over the rounds), CPU per tick, and child processes per minute. */
export function resourcesFigures(r: ResourcesBenchResult): Figure[] {
	const figures: Figure[] = [];
	const si = r.systemInformation;
	if (si) {
		figures.push(
			{ id: 'resources.ratio.hot', label: 'sampler vs systeminformation, ticks back to back', unit: '×', ...rateStats(si.ratios.hot), goal: { op: '>=', value: 20 }, note: `${r.sampler.hot.toFixed(1)} µs vs ${si.hot.toFixed(0)} µs CPU per tick` },
			{ id: 'resources.ratio.spaced', label: 'sampler vs systeminformation, ticks 150 ms apart', unit: '×', ...rateStats(si.ratios.spaced), goal: { op: '>=', value: 20 }, note: `${r.sampler.spaced.toFixed(1)} µs vs ${si.spaced.toFixed(0)} µs CPU per tick (cold caches)` },
		);
	}
	figures.push(
		{ id: 'resources.share', label: 'sampler CPU share at the default 2 s interval', unit: '%', median: r.cpuSharePercent.spaced, goal: { op: '<=', value: 0.005 }, note: 'from spaced ticks, % of one core' },
		{ id: 'resources.spawns', label: 'child processes spawned per minute after start-up', unit: 'count', median: r.spawnsPerMinute, goal: { op: '<=', value: 0 } },
	);
	return figures;
}

if (require.main === module) {
	void runResourcesBench(2000, 100, process.argv.includes('--live')).then((r) => {
		console.log(formatResourcesBench(r).join('\n'));
		report('resources', resourcesFigures(r));
	});
}
