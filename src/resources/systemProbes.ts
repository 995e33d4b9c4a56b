// CPU and RAM. Linux reads /proc through fds kept open between ticks; macOS and Windows use node's
// os module, which asks the kernel directly (no child process on any platform).
import * as fs from 'node:fs';
import * as os from 'node:os';
import { cpuPercentBetween, parseMeminfo, parseProcStatCpu, type CpuTimes } from './procParsers';
import { settleSync, type CpuReading, type MemoryReading, type Probe, type ProbeOutcome } from './types';

export interface ProcProbeOptions {
	/** Overridable so tests can point the probe at recorded files. */
	readonly statPath?: string;
	readonly meminfoPath?: string;
}

/**
 * Linux: one positioned read of each file per tick. readFileSync would open, fstat, read and close
 * both files every time; a kept-open fd read at offset 0 makes the kernel regenerate the file, so the
 * numbers are fresh. Only the head of each file is needed, so the buffers are small.
 */
export class ProcSystemProbe implements Probe {
	readonly id = 'system';
	private readonly statPath: string;
	private readonly meminfoPath: string;
	private statFd: number | undefined;
	private meminfoFd: number | undefined;
	// 256 bytes hold the aggregate cpu line (10 counters of up to 20 digits) and MemAvailable (line 3).
	private readonly buffer = Buffer.allocUnsafe(256);
	private previous: CpuTimes | undefined;
	private lastPercent: number | undefined;

	constructor(options: ProcProbeOptions = {}) {
		this.statPath = options.statPath ?? '/proc/stat';
		this.meminfoPath = options.meminfoPath ?? '/proc/meminfo';
	}

	/** Number of fds the probe holds open now (tests check dispose closes them). */
	get openFds(): number {
		return (this.statFd !== undefined ? 1 : 0) + (this.meminfoFd !== undefined ? 1 : 0);
	}

	sample(_signal: AbortSignal): Promise<ProbeOutcome> {
		return settleSync(() => this.sampleSync());
	}

	// Synchronous reads on purpose: procfs never waits on a disk, and a hop through the libuv
	// threadpool would cost more than the read itself.
	sampleSync(): ProbeOutcome {
		// The first tick only sets the CPU baseline: a since-boot average would be a wrong figure.
		this.statFd ??= fs.openSync(this.statPath, 'r');
		this.meminfoFd ??= fs.openSync(this.meminfoPath, 'r');
		const times = parseProcStatCpu(this.read(this.statFd));
		const mem = parseMeminfo(this.read(this.meminfoFd));
		if (!times) throw new Error(`${this.statPath}: no aggregate cpu line`);
		if (!mem) throw new Error(`${this.meminfoPath}: no MemTotal/MemAvailable`);
		const percent = this.previous ? cpuPercentBetween(this.previous, times) : undefined;
		this.previous = times;
		// Two ticks inside one jiffy: keep the last figure rather than dropping the part.
		if (percent !== undefined) this.lastPercent = percent;
		const cpu: CpuReading | undefined = this.lastPercent !== undefined ? { percent: this.lastPercent } : undefined;
		const memory: MemoryReading = { totalBytes: mem.totalBytes, usedBytes: mem.totalBytes - mem.availableBytes };
		return { status: 'ok', reading: cpu ? { cpu, memory } : { memory } };
	}

	private read(fd: number): string {
		const length = fs.readSync(fd, this.buffer, 0, this.buffer.length, 0);
		return this.buffer.toString('latin1', 0, length);
	}

	dispose(): void {
		for (const fd of [this.statFd, this.meminfoFd]) {
			if (fd !== undefined) fs.closeSync(fd);
		}
		this.statFd = this.meminfoFd = undefined;
		this.previous = this.lastPercent = undefined;
	}
}

/** Injected in tests; defaults to node's os module. */
export interface OsApi {
	cpus(): Pick<os.CpuInfo, 'times'>[];
	totalmem(): number;
	freemem(): number;
}

/**
 * macOS and Windows. Windows' freemem() is "available physical memory", so used = total − free is
 * what Task Manager shows. On macOS libuv's freemem() is only the *free* page count: inactive,
 * purgeable and file-backed cache that macOS hands out on demand all count as used, so RAM reads
 * high next to Activity Monitor. The reading is marked approximate and never raises the warning.
 */
export class OsSystemProbe implements Probe {
	readonly id = 'system';
	private previous: CpuTimes | undefined;
	private lastPercent: number | undefined;

	constructor(
		private readonly api: OsApi = os,
		private readonly platform: NodeJS.Platform = process.platform,
	) {}

	sample(_signal: AbortSignal): Promise<ProbeOutcome> {
		return settleSync(() => this.sampleSync());
	}

	sampleSync(): ProbeOutcome {
		const times = sumCpuTimes(this.api.cpus());
		if (!this.previous) this.previous = times;
		const percent = cpuPercentBetween(this.previous, times);
		this.previous = times;
		if (percent !== undefined) this.lastPercent = percent;
		const total = this.api.totalmem();
		const memory: MemoryReading = {
			totalBytes: total,
			usedBytes: Math.max(0, total - this.api.freemem()),
			...(this.platform === 'darwin' ? { approximate: true } : {}),
		};
		const cpu = this.lastPercent !== undefined ? { percent: this.lastPercent } : undefined;
		return { status: 'ok', reading: cpu ? { cpu, memory } : { memory } };
	}

	dispose(): void {
		this.previous = this.lastPercent = undefined;
	}
}

export function sumCpuTimes(cpus: Pick<os.CpuInfo, 'times'>[]): CpuTimes {
	let busy = 0;
	let idle = 0;
	for (const { times } of cpus) {
		busy += times.user + times.nice + times.sys + times.irq;
		idle += times.idle;
	}
	return { busy, total: busy + idle };
}
