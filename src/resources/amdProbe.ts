// AMD on Linux through amdgpu's sysfs files: a few positioned reads per tick, no tool needed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAmdSysfs } from './gpuParsers';
import { settleSync, type GpuReading, type Probe, type ProbeOutcome } from './types';

const amdVendorId = '0x1002';

interface Card {
	readonly card: string;
	readonly name?: string;
	readonly vramTotal?: string;
	readonly fds: { used?: number; busy?: number; temp?: number; runtimeStatus?: number };
}

export interface AmdSysfsProbeOptions {
	/** `/sys/class/drm` unless a test points elsewhere. */
	readonly drmRoot?: string;
}

export class AmdSysfsProbe implements Probe {
	readonly id = 'amd';
	private readonly drmRoot: string;
	private cards: Card[] | undefined;
	private readonly buffer = Buffer.allocUnsafe(64);

	constructor(options: AmdSysfsProbeOptions = {}) {
		this.drmRoot = options.drmRoot ?? '/sys/class/drm';
	}

	get openFds(): number {
		return (this.cards ?? []).reduce((n, c) => n + Object.values(c.fds).filter((fd) => fd !== undefined).length, 0);
	}

	sample(_signal: AbortSignal): Promise<ProbeOutcome> {
		return settleSync(() => this.sampleSync());
	}

	sampleSync(): ProbeOutcome {
		this.cards ??= this.discover();
		if (this.cards.length === 0) return { status: 'absent', reason: 'no amdgpu card under ' + this.drmRoot };
		const gpus: GpuReading[] = this.cards.map((c) => this.readCard(c));
		return { status: 'ok', reading: { gpus } };
	}

	dispose(): void {
		for (const card of this.cards ?? []) {
			for (const fd of Object.values(card.fds)) if (fd !== undefined) fs.closeSync(fd);
		}
		this.cards = undefined;
	}

	/** Once per start: which cards are amdgpu with VRAM figures; their files stay open. */
	private discover(): Card[] {
		let entries: string[];
		try {
			entries = fs.readdirSync(this.drmRoot);
		} catch {
			return []; // no drm class at all (containers, WSL): absent
		}
		const cards: Card[] = [];
		for (const card of entries.filter((e) => /^card\d+$/.test(e)).sort()) {
			const device = path.join(this.drmRoot, card, 'device');
			if (readText(path.join(device, 'vendor'))?.trim() !== amdVendorId) continue;
			const vramTotal = readText(path.join(device, 'mem_info_vram_total'));
			if (vramTotal === undefined) continue; // not an amdgpu-driven card (radeon, or no VRAM info)
			cards.push({
				card,
				name: readText(path.join(device, 'product_name'))?.trim() || undefined,
				vramTotal, // fixed for the card's life; read once
				fds: {
					used: openIfPresent(path.join(device, 'mem_info_vram_used')),
					busy: openIfPresent(path.join(device, 'gpu_busy_percent')),
					temp: openIfPresent(findHwmonTemp(path.join(device, 'hwmon'))),
					runtimeStatus: openIfPresent(path.join(device, 'power', 'runtime_status')),
				},
			});
		}
		return cards;
	}

	private readCard(c: Card): GpuReading {
		// amdgpu resumes a runtime-suspended card to answer gpu_busy_percent: polling it every tick
		// would keep a laptop's sleeping dGPU awake. A suspended card is idle; say only that.
		if (this.read(c.fds.runtimeStatus)?.trim() === 'suspended') {
			return parseAmdSysfs({ card: c.card, name: c.name, vramTotal: c.vramTotal, busyPercent: '0' });
		}
		return parseAmdSysfs({
			card: c.card,
			name: c.name,
			vramTotal: c.vramTotal,
			vramUsed: this.read(c.fds.used),
			busyPercent: this.read(c.fds.busy),
			tempMilli: this.read(c.fds.temp),
		});
	}

	private read(fd: number | undefined): string | undefined {
		if (fd === undefined) return undefined;
		const length = fs.readSync(fd, this.buffer, 0, this.buffer.length, 0);
		return this.buffer.toString('latin1', 0, length);
	}
}

function readText(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'latin1');
	} catch {
		return undefined;
	}
}

function openIfPresent(file: string | undefined): number | undefined {
	if (!file) return undefined;
	try {
		return fs.openSync(file, 'r');
	} catch {
		return undefined;
	}
}

function findHwmonTemp(hwmonDir: string): string | undefined {
	try {
		const hwmon = fs.readdirSync(hwmonDir).find((e) => /^hwmon\d+$/.test(e));
		return hwmon ? path.join(hwmonDir, hwmon, 'temp1_input') : undefined;
	} catch {
		return undefined;
	}
}
