// Apple Silicon GPU utilisation from `ioreg` (no sudo, unlike powermetrics). ioreg has no loop mode,
// so this is one short process per sample: hence a slower cadence than the other probes.
import { execFile } from 'node:child_process';
import { parseIoreg } from './gpuParsers';
import type { Probe, ProbeOutcome } from './types';

/** Runs ioreg and returns its stdout; injected in tests. */
export type RunIoreg = (signal: AbortSignal) => Promise<string>;

export interface IoregProbeOptions {
	/** Multiple of the base interval; 5 × 2 s = one ioreg every 10 s. */
	readonly intervalFactor?: number;
	readonly run?: RunIoreg;
}

export const ioregArgs = ['-r', '-d', '1', '-w', '0', '-c', 'IOAccelerator'] as const;

export class IoregProbe implements Probe {
	readonly id = 'apple';
	readonly intervalFactor: number;
	private readonly run: RunIoreg;

	constructor(options: IoregProbeOptions = {}) {
		this.intervalFactor = options.intervalFactor ?? 5;
		this.run = options.run ?? runIoreg;
	}

	async sample(signal: AbortSignal): Promise<ProbeOutcome> {
		const gpus = parseIoreg(await this.run(signal));
		// VMs and headless Macs list no accelerator with statistics: nothing to show, not an error.
		if (gpus.length === 0) return { status: 'absent', reason: 'ioreg lists no IOAccelerator with PerformanceStatistics' };
		return { status: 'ok', reading: { gpus } };
	}

	dispose(): void {
		// Each run is killed by its AbortSignal; nothing is kept between samples.
	}
}

function runIoreg(signal: AbortSignal): Promise<string> {
	return new Promise((resolve, reject) => {
		// The IOReportLegend line alone can be ~45 KB, so allow a generous buffer.
		execFile('/usr/sbin/ioreg', [...ioregArgs], { signal, maxBuffer: 4 * 1024 * 1024, windowsHide: true }, (err, stdout) =>
			err ? reject(err) : resolve(stdout),
		);
	});
}
