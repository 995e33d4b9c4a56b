import { english, type Translate } from '../shared/l10n';
// Human units. Bytes use decimal units (1 GB = 10^9 B) because that is what Ollama's CLI and
// ollama.com show, so "2.0 GB" here matches "2.0 GB" there.

export const formatMessages = {
	never: 'never',
	now: 'now',
	seconds: '{0} s',
	minutes: '{0} min',
	hoursMinutes: '{0} h {1} min',
	days: '{0} d',
} as const;

const byteUnits = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes) || bytes < 0) return '?';
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < byteUnits.length - 1) {
		value /= 1000;
		unit++;
	}
	if (unit === 0) return `${Math.round(value)} B`;
	// One decimal below 10 ("2.0 GB", "8.5 MB"), none above ("815 MB") — Ollama's own style.
	return `${value < 10 ? value.toFixed(1) : Math.round(value).toString()} ${byteUnits[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
	return `${formatBytes(bytesPerSecond)}/s`;
}

/** A duration for "unloads in" and ETA: "45 s", "4 min", "2 h 5 min", "3 d". */
export function formatDuration(ms: number, t: Translate = english): string {
	if (!Number.isFinite(ms)) return t(formatMessages.never);
	if (ms <= 0) return t(formatMessages.now);
	const s = Math.round(ms / 1000);
	if (s < 60) return t(formatMessages.seconds, Math.max(1, s));
	const min = Math.round(s / 60);
	if (min < 60) return t(formatMessages.minutes, min);
	const h = Math.floor(min / 60);
	if (h < 48) return t(formatMessages.hoursMinutes, h, min % 60);
	return t(formatMessages.days, Math.round(h / 24));
}
