// Whole-model progress from /api/pull's per-layer NDJSON lines (docs/server-api.md §1.4): a map
// digest → {total, completed}; the overall total grows as layers start, so the reported fraction
// is held monotone. Speed is an EWMA over bytes per second with an injected clock.
import type { PullProgress } from '../clients/ollamaTypes';
import { formatBytes, formatDuration, formatSpeed } from '../models/format';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';

export const progressMessages = {
	manifest: 'Fetching the manifest',
	downloading: 'Downloading',
	verifying: 'Verifying',
	writing: 'Writing the manifest',
	removing: 'Removing unused layers',
	done: 'Done',
	bytes: '{0} / {1}',
	left: '{0} left',
} as const;

export type PullPhase = 'manifest' | 'downloading' | 'verifying' | 'writing' | 'removing' | 'done';

export interface LayerProgress {
	readonly digest: string;
	readonly total: number;
	readonly completed: number;
	/** Already on disk: its first line said completed == total. */
	readonly present: boolean;
}

export interface PullSnapshot {
	readonly phase: PullPhase;
	/** Ollama's last status text, e.g. "pulling 74701a8c35f6". */
	readonly status: string;
	readonly completedBytes: number;
	/** Grows as layers start; final only once every layer has sent a line. */
	readonly totalBytes: number;
	/** 0..1, never goes backwards. */
	readonly fraction: number;
	readonly layersSeen: number;
	readonly layersDone: number;
	/** Bytes actually downloaded in this pull (excludes layers present and resumed parts). */
	readonly downloadedBytes: number;
	readonly bytesPerSecond?: number;
	readonly etaMs?: number;
}

export interface ProgressOptions {
	readonly now?: () => number;
	/** Smoothing time constant of the speed EWMA; default 3 s (steady, still reacts to a stall). */
	readonly tauMs?: number;
	/** Shortest interval between speed samples; Ollama writes a line every ~60 ms. Default 250 ms. */
	readonly sampleMs?: number;
}

export function phaseOf(line: PullProgress): PullPhase | undefined {
	// Layer lines are nearly all of a stream: decide them before any string work.
	if (line.digest) return 'downloading';
	const s = (line.status ?? '').toLowerCase();
	if (s === 'success') return 'done';
	if (s.startsWith('pulling manifest')) return 'manifest';
	if (s.startsWith('pulling ') || s.startsWith('downloading')) return 'downloading';
	if (s.startsWith('verifying')) return 'verifying';
	if (s.startsWith('writing')) return 'writing';
	if (s.startsWith('removing') || s.startsWith("couldn't remove")) return 'removing';
	return undefined;
}

export class PullProgressTracker {
	private readonly layers = new Map<string, { total: number; completed: number; present: boolean }>();
	private phase: PullPhase = 'manifest';
	private status = '';
	private fraction = 0;
	private downloaded = 0;
	private speed: number | undefined;
	private pendingBytes = 0;
	private sampleAt: number | undefined;
	private sumTotal = 0;
	private sumCompleted = 0;
	private layersDone = 0;
	private readonly now: () => number;
	private readonly tauMs: number;
	private readonly sampleMs: number;

	constructor(options: ProgressOptions = {}) {
		this.now = options.now ?? (() => Date.now());
		this.tauMs = options.tauMs ?? 3000;
		this.sampleMs = options.sampleMs ?? 250;
	}

	push(line: PullProgress): PullSnapshot {
		if (line.status) this.status = line.status;
		const phase = phaseOf(line);
		if (phase) this.phase = phase;
		if (line.digest) this.layer(line);
		return this.snapshot();
	}

	private layer(line: PullProgress): void {
		const digest = line.digest as string;
		// omitempty: a missing completed means 0, a missing total means "not known yet".
		const total = Math.max(0, line.total ?? 0);
		const completed = Math.max(0, line.completed ?? 0);
		const prev = this.layers.get(digest);
		const at = this.now();
		if (!prev) {
			// The first line of a layer: what it already has (present or resumed) is not speed.
			const layer = { total, completed: Math.min(completed, total || completed), present: total > 0 && completed >= total };
			this.layers.set(digest, layer);
			this.account(layer, 1);
			this.sampleAt ??= at;
			return;
		}
		const next = Math.max(prev.completed, completed);
		const delta = next - prev.completed;
		// Running sums instead of a walk over every layer per line: the bench feeds ~10^5 lines/s.
		this.account(prev, -1);
		prev.completed = next;
		prev.total = Math.max(prev.total, total);
		this.account(prev, 1);
		this.downloaded += delta;
		this.pendingBytes += delta;
		const dt = at - (this.sampleAt ?? at);
		if (this.sampleAt === undefined) this.sampleAt = at;
		else if (dt >= this.sampleMs) {
			const instant = (this.pendingBytes * 1000) / dt;
			const alpha = 1 - Math.exp(-dt / this.tauMs);
			this.speed = this.speed === undefined ? instant : this.speed + alpha * (instant - this.speed);
			this.pendingBytes = 0;
			this.sampleAt = at;
		}
	}

	private account(l: { total: number; completed: number }, sign: 1 | -1): void {
		this.sumTotal += sign * l.total;
		this.sumCompleted += sign * Math.min(l.completed, l.total);
		if (l.total > 0 && l.completed >= l.total) this.layersDone += sign;
	}

	layerList(): LayerProgress[] {
		return [...this.layers].map(([digest, l]) => ({ digest, total: l.total, completed: l.completed, present: l.present }));
	}

	snapshot(): PullSnapshot {
		const total = this.sumTotal;
		const completed = this.sumCompleted;
		const raw = this.phase === 'done' ? 1 : total > 0 ? completed / total : 0;
		this.fraction = Math.min(1, Math.max(this.fraction, raw));
		const downloading = this.phase === 'downloading';
		const speed = downloading ? this.speed : undefined;
		const eta = speed && speed > 1 && total > 0 ? ((total - completed) / speed) * 1000 : undefined;
		return {
			phase: this.phase,
			status: this.status,
			completedBytes: completed,
			totalBytes: total,
			fraction: this.fraction,
			layersSeen: this.layers.size,
			layersDone: this.layersDone,
			downloadedBytes: this.downloaded,
			bytesPerSecond: speed,
			etaMs: eta,
		};
	}
}

export function phaseLabel(phase: PullPhase, t: Translate = english): string {
	switch (phase) {
		case 'manifest':
			return t(progressMessages.manifest);
		case 'downloading':
			return t(progressMessages.downloading);
		case 'verifying':
			return t(progressMessages.verifying);
		case 'writing':
			return t(progressMessages.writing);
		case 'removing':
			return t(progressMessages.removing);
		case 'done':
			return t(progressMessages.done);
		default:
			return assertNever(phase);
	}
}

/** One line for a notification or tooltip: "Downloading · 1.2 GB / 2.0 GB · 35 MB/s · 25 s left". */
export function describeProgress(s: PullSnapshot, t: Translate = english): string {
	const parts = [phaseLabel(s.phase, t)];
	if (s.totalBytes > 0 && s.phase === 'downloading') parts.push(t(progressMessages.bytes, formatBytes(s.completedBytes), formatBytes(s.totalBytes)));
	if (s.bytesPerSecond !== undefined) parts.push(formatSpeed(s.bytesPerSecond));
	if (s.etaMs !== undefined) parts.push(t(progressMessages.left, formatDuration(s.etaMs, t)));
	return parts.join(' · ');
}
