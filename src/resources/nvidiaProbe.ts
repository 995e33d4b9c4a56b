// NVIDIA through ONE long-lived `nvidia-smi … -lms <interval>` child. Its stdout lines are parsed as
// they arrive and sample() only hands out the latest figures, so a tick costs no process. Spawning
// nvidia-smi per tick is what makes other resource monitors expensive (NVML init each time).
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { findExecutable, windowsNvidiaSmiDirs } from './findExecutable';
import { nvidiaSmiQueryArgs, parseNvidiaSmiLine } from './gpuParsers';
import { ProbeGaveUp, settleSync, type GpuReading, type Probe, type ProbeOutcome } from './types';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface NvidiaSmiProbeOptions {
	/** nvidia-smi's own loop period (`-lms`); follows the sampler's base interval. */
	readonly intervalMs?: number;
	/** Finds the executable; undefined means absent. Default: PATH (+ DriverStore on Windows). */
	readonly locate?: () => string | undefined;
	readonly spawn?: SpawnFn;
	readonly now?: () => number;
	/** Restart backoff after the child dies: base doubles per failed start, up to max. */
	readonly restartBaseMs?: number;
	readonly restartMaxMs?: number;
	/** How long "not on PATH" is believed before looking again. */
	readonly relocateMs?: number;
	/** A child asked to stop (SIGTERM) that is still alive this long later gets SIGKILL. */
	readonly killAfterMs?: number;
	/** Consecutive failed children after which no new one is started (a wedged driver). */
	readonly maxFailedStarts?: number;
}

export class NvidiaSmiProbe implements Probe {
	readonly id = 'nvidia';
	private loopMs: number;
	private child: ChildProcess | undefined;
	private readonly latest = new Map<number, GpuReading>();
	private partial = '';
	private lastText: string | undefined;
	private startedAt = 0;
	private lastLineAt = 0;
	private gotData = false;
	private failedStarts = 0;
	private nextStartAt = 0;
	private exitMessage = '';
	private located: { path: string | undefined; at: number } | undefined;
	/** A child told to stop that has not exited yet: no new child starts while it lives. */
	private dying: { child: ChildProcess; since: number; killed: boolean; planned: boolean } | undefined;
	private gaveUp = false;
	/** Children started so far (the bench reports spawns per minute; tests check "once"). */
	spawnCount = 0;

	constructor(private readonly options: NvidiaSmiProbeOptions = {}) {
		this.loopMs = options.intervalMs ?? 2000;
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	private now(): number {
		return this.options.now?.() ?? performance.now();
	}

	sample(_signal: AbortSignal): Promise<ProbeOutcome> {
		return settleSync(() => this.sampleSync());
	}

	/** Hands out the latest parsed lines; starts (or restarts, after the backoff) the child if needed. */
	sampleSync(): ProbeOutcome {
		const now = this.now();
		this.escalate(now);
		if (!this.child) {
			if (this.gaveUp) throw new ProbeGaveUp(this.exitMessage);
			const exe = this.locate(now);
			if (!exe) return { status: 'absent', reason: 'nvidia-smi not found on PATH' };
			// Same message until the restart, so the log gets one line per crash, not one per retry.
			if (now < this.nextStartAt) throw new Error(this.exitMessage);
			// At most one live child: a wedged one that ignores SIGTERM must be gone before the next.
			if (this.dying?.planned) return { status: 'ok', reading: {} }; // a restart: the old loop is on its way out
			if (this.dying) throw new Error(`${this.exitMessage}; waiting for the stuck nvidia-smi (pid ${this.dying.child.pid ?? '?'}) to exit`);
			this.start(exe, now);
		}
		// A wedged driver can leave nvidia-smi alive but silent: old figures must not pose as live ones.
		const staleMs = Math.max(3 * this.loopMs, 10_000);
		if (this.child && now - this.lastLineAt > staleMs) {
			const child = this.child;
			this.onExit(child, `nvidia-smi printed nothing for ${Math.round((now - this.lastLineAt) / 1000)} s`);
			this.terminate(child, now, false);
			throw this.gaveUp ? new ProbeGaveUp(this.exitMessage) : new Error(this.exitMessage);
		}
		// Until the first line arrives (NVML can take a second or two to start) there is nothing to add.
		const gpus = [...this.latest.entries()].sort(([a], [b]) => a - b).map(([, gpu]) => gpu);
		return { status: 'ok', reading: gpus.length ? { gpus } : {} };
	}

	setBaseInterval(ms: number): void {
		if (ms === this.loopMs) return;
		this.loopMs = ms;
		// Restart the loop with the new period; not a failure, so no backoff.
		this.killChild();
	}

	dispose(): void {
		this.killChild();
		const dying = this.dying;
		// No sample() will come to escalate: a child that ignores SIGTERM gets SIGKILL on a timer.
		if (dying && !dying.killed) {
			const timer = setTimeout(() => this.escalate(Number.POSITIVE_INFINITY), this.options.killAfterMs ?? 5000);
			timer.unref?.();
		}
		this.failedStarts = 0;
		this.nextStartAt = 0;
		this.located = undefined;
		this.gaveUp = false;
	}

	/** SIGTERM now; SIGKILL from escalate() if it is still alive `killAfterMs` later. */
	private terminate(child: ChildProcess, now: number, planned: boolean): void {
		if (child.exitCode !== null || child.signalCode !== null) return;
		this.dying = { child, since: now, killed: false, planned };
		child.once('exit', () => {
			if (this.dying?.child === child) this.dying = undefined;
		});
		child.kill('SIGTERM');
	}

	private escalate(now: number): void {
		const d = this.dying;
		if (!d || d.killed || now - d.since < (this.options.killAfterMs ?? 5000)) return;
		d.killed = true;
		d.child.kill('SIGKILL');
	}

	private locate(now: number): string | undefined {
		const relocateMs = this.options.relocateMs ?? 60_000;
		if (this.located && (this.located.path !== undefined || now - this.located.at < relocateMs)) return this.located.path;
		const locate =
			this.options.locate ??
			(() => findExecutable('nvidia-smi', { extraDirs: process.platform === 'win32' ? windowsNvidiaSmiDirs() : [] }));
		this.located = { path: locate(), at: now };
		return this.located.path;
	}

	private start(exe: string, now: number): void {
		const spawn = this.options.spawn ?? nodeSpawn;
		const child = spawn(exe, [...nvidiaSmiQueryArgs, '-lms', String(this.loopMs)], {
			stdio: ['ignore', 'pipe', 'pipe'],
			windowsHide: true,
		});
		this.spawnCount++;
		this.child = child;
		this.latest.clear();
		this.partial = '';
		this.lastText = undefined;
		this.gotData = false;
		this.startedAt = this.lastLineAt = now;
		child.stdout?.setEncoding('utf8');
		child.stdout?.on('data', (chunk: string) => this.child === child && this.onData(chunk));
		child.stderr?.setEncoding('utf8');
		child.stderr?.on('data', (chunk: string) => {
			const text = lastLine(chunk);
			if (text) this.lastText = text;
		});
		child.on('error', (err: NodeJS.ErrnoException) => {
			if (err.code === 'ENOENT') this.located = undefined; // uninstalled since: look again
			this.onExit(child, `nvidia-smi could not run: ${err.message}`);
		});
		child.on('exit', (code, signal) => {
			const how = code !== null ? `code ${code}` : `signal ${signal}`;
			this.onExit(child, `nvidia-smi exited (${how})${this.lastText ? `: ${this.lastText}` : ''}`);
		});
	}

	private onData(chunk: string): void {
		const lines = (this.partial + chunk).split('\n');
		this.partial = lines.pop() ?? '';
		for (const line of lines) {
			const gpu = parseNvidiaSmiLine(line);
			if (gpu) {
				this.latest.set(Number(gpu.id.slice('nvidia:'.length)), gpu);
				this.gotData = true;
				this.lastLineAt = this.now();
			} else if (line.trim()) {
				this.lastText = line.trim(); // e.g. "NVIDIA-SMI has failed because …", kept for the exit message
			}
		}
	}

	/** The child is gone (or given up on): schedule the next start with backoff. */
	private onExit(child: ChildProcess, message: string): void {
		if (this.child !== child) return; // killed on purpose, or already handled
		this.child = undefined;
		this.latest.clear();
		const now = this.now();
		// A child that ran for a minute and reported was healthy: start the backoff over.
		if (this.gotData && now - this.startedAt > 60_000) this.failedStarts = 0;
		this.failedStarts++;
		const base = this.options.restartBaseMs ?? 1000;
		this.nextStartAt = now + Math.min(this.options.restartMaxMs ?? 60_000, base * 2 ** (this.failedStarts - 1));
		this.exitMessage = message;
		const max = this.options.maxFailedStarts ?? 5;
		if (this.failedStarts >= max) {
			this.gaveUp = true;
			this.exitMessage = `nvidia-smi failed ${this.failedStarts} times in a row, so it is no longer started (last: ${message})`;
		}
	}

	private killChild(): void {
		const child = this.child;
		this.child = undefined;
		this.latest.clear();
		if (child) this.terminate(child, this.now(), true);
	}
}

function lastLine(text: string): string | undefined {
	const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
	return lines[lines.length - 1];
}
