// Parsers for Linux /proc/stat and /proc/meminfo. They take the text of a positioned read, which may
// stop mid-file: only the first line of /proc/stat and the first few of /proc/meminfo are needed.

/** Jiffies counted on the aggregate `cpu` line since boot. */
export interface CpuTimes {
	readonly busy: number;
	readonly total: number;
}

/**
 * The aggregate `cpu` line: user nice system idle iowait irq softirq steal guest guest_nice.
 * guest and guest_nice are already inside user and nice, so they are not added again; iowait is idle
 * time (the CPU was free to run something else).
 */
export function parseProcStatCpu(text: string): CpuTimes | undefined {
	// One native regex instead of split/map: this runs every tick, mostly with cold caches.
	const m = /^cpu +(\d+) (\d+) (\d+) (\d+)(?: (\d+))?(?: (\d+))?(?: (\d+))?(?: (\d+))?[ \d]*\n/.exec(text);
	if (!m) return undefined; // a line cut off by the read would give wrong totals
	const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
	const busy = n(1) + n(2) + n(3) + n(6) + n(7) + n(8);
	return { busy, total: busy + n(4) + n(5) };
}

/** Busy share between two readings, 0–100; undefined when no time passed (two reads in one jiffy). */
export function cpuPercentBetween(previous: CpuTimes, next: CpuTimes): number | undefined {
	const total = next.total - previous.total;
	const busy = next.busy - previous.busy;
	if (total <= 0 || busy < 0) return undefined;
	return Math.min(100, Math.max(0, (busy / total) * 100));
}

export interface MeminfoReading {
	readonly totalBytes: number;
	readonly availableBytes: number;
}

/**
 * MemTotal and MemAvailable (kB in the file, KiB really). MemAvailable is the kernel's own estimate of
 * what can be allocated without swapping; MemFree alone would count page cache as used.
 */
export function parseMeminfo(text: string): MeminfoReading | undefined {
	// One native regex over the head of the file (MemAvailable is line 3); a number cut off by the
	// read has no " kB\n" after it and does not match.
	const m = /^MemTotal: +(\d+) kB\n(?:[^\n]*\n)*?MemAvailable: +(\d+) kB\n/.exec(text);
	if (!m) return undefined;
	const total = Number(m[1]);
	if (total <= 0) return undefined;
	return { totalBytes: total * 1024, availableBytes: Math.min(Number(m[2]), total) * 1024 };
}
