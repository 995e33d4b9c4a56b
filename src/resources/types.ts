// Shapes shared by the probes, the sampler and the formatter. Plain data only, so a snapshot can be
// compared, logged or posted to the webview as it is.

/** Busy share of all cores together, 0–100. */
export interface CpuReading {
	readonly percent: number;
}

export interface MemoryReading {
	readonly totalBytes: number;
	/** total − available (Linux MemAvailable), so reclaimable cache does not count as used. */
	readonly usedBytes: number;
	/** True where the OS gives no "available" figure (macOS: node's os.freemem() leaves cache out). */
	readonly approximate?: boolean;
}

export type GpuVendor = 'nvidia' | 'amd' | 'apple';

export interface GpuReading {
	/** Stable per device: `nvidia:0`, `amd:card1`, `apple:0`. */
	readonly id: string;
	readonly vendor: GpuVendor;
	readonly name?: string;
	/** Each figure is left out when the device does not report it (nvidia-smi `[N/A]`), never 0. */
	readonly utilPercent?: number;
	readonly vramUsedBytes?: number;
	readonly vramTotalBytes?: number;
	readonly temperatureC?: number;
	/** Apple Silicon: the GPU uses system RAM, so there is no VRAM figure to show. */
	readonly unifiedMemory?: boolean;
	/** Apple: bytes of system memory the GPU driver has in use. */
	readonly gpuMemoryInUseBytes?: number;
}

/** One model from Ollama's `/api/ps`. */
export interface LoadedModel {
	readonly name: string;
	readonly sizeBytes: number;
	/** Bytes Ollama placed in GPU memory; with sizeBytes this is Ollama's *planned* split. */
	readonly vramBytes?: number;
	readonly expiresAt?: string;
	readonly contextLength?: number;
}

export interface OllamaReading {
	readonly models: readonly LoadedModel[];
}

/** What one probe contributes; the sampler merges all of them into a snapshot. */
export interface ProbeReading {
	readonly cpu?: CpuReading;
	readonly memory?: MemoryReading;
	readonly gpus?: readonly GpuReading[];
	readonly ollama?: OllamaReading;
}

/**
 * `absent`: this machine has no such thing (no nvidia-smi, no AMD card): leave the part out quietly.
 * A *failure* is a thrown error or a timeout: it is kept in the snapshot for the tooltip and log.
 */
export type ProbeOutcome =
	| { readonly status: 'ok'; readonly reading: ProbeReading }
	| { readonly status: 'absent'; readonly reason: string };

export interface Probe {
	readonly id: string;
	/** Own fixed cadence (e.g. Ollama `/api/ps` every 5000 ms), independent of the base interval. */
	readonly intervalMs?: number;
	/** Or a multiple of the sampler's base interval (e.g. 5 for ioreg). Default 1. */
	readonly intervalFactor?: number;
	/** Overrides the sampler's default per-probe timeout. */
	readonly timeoutMs?: number;
	/**
	 * Must settle soon after `signal` aborts; a call that never settles is never repeated. The signal
	 * is shared by successive calls until it aborts, so remove any listener you add to it.
	 */
	sample(signal: AbortSignal): Promise<ProbeOutcome>;
	/**
	 * For probes that only read kernel files or memory: the sampler calls this instead, skipping the
	 * promise, abort and deadline machinery, which would cost more than the read. Throws on failure.
	 */
	sampleSync?(): ProbeOutcome;
	/** Told when the base interval changes (nvidia-smi restarts its loop with the new period). */
	setBaseInterval?(ms: number): void;
	/** Releases every child, fd and timer. A later sample() may acquire them again (stop → start). */
	dispose(): void;
}

export interface ProbeFailure {
	readonly probeId: string;
	readonly message: string;
	readonly timedOut: boolean;
	/** Consecutive failed calls; the retry delay doubles with each. */
	readonly consecutive: number;
	readonly retryInMs: number;
	/** The probe stopped retrying on its own (e.g. nvidia-smi failed too often): no retry is coming. */
	readonly gaveUp?: boolean;
}

/** Thrown by a probe that has stopped retrying; the tooltip says so instead of "retrying in". */
export class ProbeGaveUp extends Error {
	override readonly name = 'ProbeGaveUp';
}

export interface ResourceSnapshot {
	readonly cpu?: CpuReading;
	readonly memory?: MemoryReading;
	readonly gpus: readonly GpuReading[];
	readonly ollama?: OllamaReading;
	readonly failures: readonly ProbeFailure[];
	/** Probe ids that reported absent, with their reasons, for the log. */
	readonly absent: readonly { readonly probeId: string; readonly reason: string }[];
}

/** sample() for a probe that has sampleSync(). */
export function settleSync(sampleSync: () => ProbeOutcome): Promise<ProbeOutcome> {
	try {
		return Promise.resolve(sampleSync());
	} catch (err) {
		return Promise.reject(err);
	}
}

export type TimerHandle = unknown;

/** Injected so tests drive time with a fake clock. */
export interface TimerApi {
	now(): number;
	setTimeout(fn: () => void, ms: number): TimerHandle;
	clearTimeout(handle: TimerHandle): void;
}

export const realTimers: TimerApi = {
	now: () => performance.now(),
	setTimeout: (fn, ms) => {
		const handle = setTimeout(fn, ms);
		// A status-bar sampler must never keep a process (tests, bench, CLI) alive by itself.
		handle.unref?.();
		return handle;
	},
	clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
