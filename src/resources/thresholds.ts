// Status-bar colour from RAM and VRAM use: warning above one percentage, error above another
// (settings `statusBar.warningPercent` / `statusBar.errorPercent`, default 85 / 95). Pure.
import type { ResourceSnapshot } from './types';

export type PressureLevel = 'none' | 'warning' | 'error';

export interface Thresholds {
	readonly warningPercent: number;
	readonly errorPercent: number;
}

export const defaultThresholds: Thresholds = { warningPercent: 85, errorPercent: 95 };

/** Clamp to 1–100 and keep error ≥ warning, so a typo in settings cannot invert the colours. */
export function normalizeThresholds(warning: unknown, error: unknown): Thresholds {
	const pct = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(100, Math.max(1, v)) : d);
	const w = pct(warning, defaultThresholds.warningPercent);
	const e = pct(error, defaultThresholds.errorPercent);
	return { warningPercent: w, errorPercent: Math.max(w, e) };
}

export interface Pressure {
	readonly level: PressureLevel;
	/** The fullest memory, in percent (RAM or the fullest discrete GPU). */
	readonly percent?: number;
	readonly source?: 'ram' | 'vram';
}

export function memoryPressure(snapshot: Pick<ResourceSnapshot, 'memory' | 'gpus'>, th: Thresholds = defaultThresholds): Pressure {
	const readings: { percent: number; source: 'ram' | 'vram' }[] = [];
	const mem = snapshot.memory;
	// macOS's figure counts cache as used (approximate): it would colour every healthy Mac.
	if (mem && !mem.approximate && mem.totalBytes > 0) readings.push({ percent: (mem.usedBytes / mem.totalBytes) * 100, source: 'ram' });
	for (const g of snapshot.gpus) {
		// Unified memory is RAM and already counted.
		if (g.unifiedMemory || !g.vramTotalBytes || g.vramUsedBytes === undefined) continue;
		readings.push({ percent: (g.vramUsedBytes / g.vramTotalBytes) * 100, source: 'vram' });
	}
	if (!readings.length) return { level: 'none' };
	const top = readings.reduce((a, b) => (b.percent > a.percent ? b : a));
	const level: PressureLevel = top.percent >= th.errorPercent ? 'error' : top.percent >= th.warningPercent ? 'warning' : 'none';
	return { level, percent: Math.round(top.percent), source: top.source };
}
