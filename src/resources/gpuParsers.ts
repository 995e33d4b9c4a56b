// Parsers for GPU readouts: nvidia-smi csv lines, amdgpu sysfs values and Apple's ioreg text dump.
// A field the device does not report is left undefined, never turned into 0.
import type { GpuReading } from './types';

const mib = 1024 * 1024;

/** The query the NVIDIA probe runs; the line parser below expects exactly these columns. */
export const nvidiaSmiQueryArgs = [
	'--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu',
	'--format=csv,noheader,nounits',
] as const;

/**
 * One `index, name, util, mem.used MiB, mem.total MiB, temp` line. Fields read `[N/A]`, `N/A` or
 * `[Not Supported]` on some boards (GeForce utilisation, unified-memory parts' memory); those become
 * undefined. Returns undefined for anything that is not a data line (nvidia-smi prints its errors on
 * stdout too).
 */
export function parseNvidiaSmiLine(line: string): GpuReading | undefined {
	const cells = line.trim().split(',').map((c) => c.trim());
	if (cells.length < 6) return undefined;
	// Names have no commas today, but take the numbers from the ends so one would not shift them.
	const index = cells[0];
	if (!/^\d+$/.test(index)) return undefined;
	const [util, used, total, temp] = cells.slice(-4).map(numberOrUndefined);
	const name = cells.slice(1, -4).join(', ');
	const vramTotalBytes = total !== undefined && total > 0 ? total * mib : undefined;
	return withoutUndefined<GpuReading>({
		id: `nvidia:${index}`,
		vendor: 'nvidia',
		name: name || undefined,
		utilPercent: util !== undefined ? clampPercent(util) : undefined,
		vramUsedBytes: used !== undefined ? used * mib : undefined,
		vramTotalBytes,
		temperatureC: temp,
	});
}

/** Every data line of a chunk of nvidia-smi output; the rest (blank, error text) is skipped. */
export function parseNvidiaSmiOutput(text: string): GpuReading[] {
	const out: GpuReading[] = [];
	for (const line of text.split(/\r?\n/)) {
		const gpu = parseNvidiaSmiLine(line);
		if (gpu) out.push(gpu);
	}
	return out;
}

/** A sysfs attribute holding one integer, e.g. `8573157376\n`. */
export function parseSysfsInteger(text: string): number | undefined {
	const trimmed = text.trim();
	if (!/^-?\d+$/.test(trimmed)) return undefined;
	const n = Number(trimmed);
	return Number.isSafeInteger(n) ? n : undefined;
}

/** Raw attribute texts of one amdgpu card (`/sys/class/drm/cardN/device/*`); missing files are undefined. */
export interface AmdSysfsValues {
	readonly card: string;
	readonly name?: string;
	readonly vramUsed?: string;
	readonly vramTotal?: string;
	readonly busyPercent?: string;
	/** hwmon `temp1_input`, millidegrees Celsius. */
	readonly tempMilli?: string;
}

export function parseAmdSysfs(values: AmdSysfsValues): GpuReading {
	const used = values.vramUsed !== undefined ? parseSysfsInteger(values.vramUsed) : undefined;
	const total = values.vramTotal !== undefined ? parseSysfsInteger(values.vramTotal) : undefined;
	const busy = values.busyPercent !== undefined ? parseSysfsInteger(values.busyPercent) : undefined;
	const milli = values.tempMilli !== undefined ? parseSysfsInteger(values.tempMilli) : undefined;
	return withoutUndefined<GpuReading>({
		id: `amd:${values.card}`,
		vendor: 'amd',
		name: values.name?.trim() || undefined,
		utilPercent: busy !== undefined && busy >= 0 ? clampPercent(busy) : undefined,
		vramUsedBytes: used !== undefined && used >= 0 ? used : undefined,
		vramTotalBytes: total !== undefined && total > 0 ? total : undefined,
		temperatureC: milli !== undefined ? Math.round(milli / 100) / 10 : undefined,
	});
}

/**
 * `ioreg -r -d 1 -w 0 -c IOAccelerator` text: one `+-o <Class>` entry per accelerator with a
 * one-line `"PerformanceStatistics" = {…}` dictionary. Keys are matched with their closing quote so
 * `"In use system memory (driver)"` never stands in for `"In use system memory"`. Entries without
 * PerformanceStatistics are helper objects, not GPUs.
 */
export function parseIoreg(text: string): GpuReading[] {
	const gpus: GpuReading[] = [];
	const entries = text.split(/^(?=[ |]*\+-o )/m);
	for (const entry of entries) {
		const stats = /"PerformanceStatistics"\s*=\s*\{([^}]*)\}/.exec(entry)?.[1];
		if (stats === undefined) continue;
		const util = ioregNumber(stats, 'Device Utilization %') ?? ioregNumber(stats, 'Renderer Utilization %');
		const inUse = ioregNumber(stats, 'In use system memory');
		const model = /"model"\s*=\s*"([^"]*)"/.exec(entry)?.[1];
		gpus.push(
			withoutUndefined<GpuReading>({
				id: `apple:${gpus.length}`,
				vendor: 'apple',
				name: model || undefined,
				utilPercent: util !== undefined && util <= 100 ? util : undefined,
				unifiedMemory: true,
				gpuMemoryInUseBytes: inUse,
			}),
		);
	}
	return gpus;
}

function ioregNumber(dict: string, key: string): number | undefined {
	const escaped = key.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');
	const match = new RegExp(`"${escaped}"\\s*=\\s*(\\d+(?:\\.\\d+)?)`).exec(dict);
	if (!match) return undefined;
	const n = Number(match[1]);
	return Number.isFinite(n) ? n : undefined;
}

function numberOrUndefined(cell: string): number | undefined {
	if (!/^-?\d+(\.\d+)?$/.test(cell)) return undefined;
	return Number(cell);
}

function clampPercent(n: number): number {
	return Math.min(100, Math.max(0, n));
}

/** Drops undefined keys so snapshots compare and serialise the same however they were built. */
function withoutUndefined<T extends object>(value: T): T {
	for (const key of Object.keys(value) as (keyof T)[]) {
		if (value[key] === undefined) delete value[key];
	}
	return value;
}
