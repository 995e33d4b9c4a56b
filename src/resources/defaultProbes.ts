// The probes for this machine. Probes for hardware that is not there report absent and cost nothing.
import { AmdSysfsProbe } from './amdProbe';
import { IoregProbe } from './appleProbe';
import { NvidiaSmiProbe } from './nvidiaProbe';
import { OsSystemProbe, ProcSystemProbe } from './systemProbes';
import type { Probe } from './types';

export interface DefaultProbesOptions {
	readonly platform?: NodeJS.Platform;
	readonly arch?: string;
	/** The sampler's base interval, used for nvidia-smi's `-lms` loop. */
	readonly intervalMs?: number;
}

export function createDefaultProbes(options: DefaultProbesOptions = {}): Probe[] {
	const platform = options.platform ?? process.platform;
	const arch = options.arch ?? process.arch;
	switch (platform) {
		case 'linux':
			return [new ProcSystemProbe(), new NvidiaSmiProbe({ intervalMs: options.intervalMs }), new AmdSysfsProbe()];
		case 'darwin':
			// Intel Macs have discrete GPUs whose ioreg statistics differ; only Apple Silicon is read.
			return arch === 'arm64' ? [new OsSystemProbe(), new IoregProbe()] : [new OsSystemProbe()];
		case 'win32':
			return [new OsSystemProbe(), new NvidiaSmiProbe({ intervalMs: options.intervalMs })];
		default:
			return [new OsSystemProbe()];
	}
}
