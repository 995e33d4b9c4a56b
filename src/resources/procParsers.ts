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
	const total = meminfoField(text, 'MemTotal:');
	const available = meminfoField(text, 'MemAvailable:');
	if (total === undefined || available === undefined || total <= 0) return undefined;
	return { totalBytes: total * 1024, availableBytes: Math.min(available, total) * 1024 };
}

function meminfoField(text: string, key: string): number | undefined {
	const at = text.startsWith(key) ? 0 : text.indexOf('\n' + key) + 1;
	if (at <= 0 && !text.startsWith(key)) return undefined;
	const lineEnd = text.indexOf('\n', at);
	if (lineEnd < 0) return undefined; // cut off by the read: do not trust a partial number
	const match = /^\S+:\s+(\d+)\s*kB\s*$/.exec(text.slice(at, lineEnd));
	return match ? Number(match[1]) : undefined;
}
