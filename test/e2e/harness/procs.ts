// Child processes of the e2e harness. Each server runs in its own process group (detached), so a
// stop kills the server *and* whatever it spawned (Ollama's runners, uvicorn workers). The group
// ids are also written to a file that a watchdog shell acts on when this process dies by SIGKILL
// (where no exit handler can run); a later run also reaps whatever is recorded there.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ManagedProcess {
	readonly name: string;
	readonly pid: number;
	readonly logFile: string;
	readonly child: ChildProcess;
	/** Resolves with the exit code (or signal) once the process is gone. */
	readonly exited: Promise<number | string | null>;
	stop(graceMs?: number): Promise<void>;
	logTail(lines?: number): string;
}

const live = new Set<ManagedProcess>();
const PID_ROOT = path.join(os.tmpdir(), 'tmt-e2e-pids');
const pidFile = path.join(PID_ROOT, `${process.pid}.pgids`);
const dirFile = path.join(PID_ROOT, `${process.pid}.dirs`);

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		/* already gone */
	}
}

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

function writePidFile(): void {
	fs.mkdirSync(PID_ROOT, { recursive: true });
	const pids = [...live].map((p) => p.pid);
	if (pids.length === 0) fs.rmSync(pidFile, { force: true });
	else fs.writeFileSync(pidFile, pids.join('\n') + '\n');
}

/** Guard against a recycled process-group id: the leader, if still there, must be one of our servers. */
function looksOurs(pgid: number): boolean {
	try {
		return /ollama|open-webui/.test(fs.readFileSync(`/proc/${pgid}/cmdline`, 'utf8'));
	} catch {
		return true; // leader gone, members (e.g. an Ollama runner) may remain
	}
}

/** Kill process groups left by earlier runs whose mocha process no longer exists. */
export function reapOrphans(): number {
	let reaped = 0;
	if (!fs.existsSync(PID_ROOT)) return 0;
	for (const f of fs.readdirSync(PID_ROOT)) {
		const owner = Number(f.split('.')[0]);
		if (!owner || owner === process.pid) continue;
		let ownerAlive = true;
		try {
			process.kill(owner, 0);
		} catch {
			ownerAlive = false;
		}
		if (ownerAlive) continue;
		const lines = fs.readFileSync(path.join(PID_ROOT, f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
		if (f.endsWith('.dirs')) {
			for (const d of lines) if (d.includes('tmt-e2e-')) fs.rmSync(d, { recursive: true, force: true });
		} else {
			for (const line of lines) {
				const pgid = Number(line);
				if (pgid > 1 && groupAlive(pgid) && looksOurs(pgid)) {
					killGroup(pgid, 'SIGKILL');
					reaped++;
				}
			}
		}
		fs.rmSync(path.join(PID_ROOT, f), { force: true });
	}
	return reaped;
}

/** Remove `dir` when this process goes, however it goes (also by the watchdog after a SIGKILL). */
export function removeOnExit(dir: string): void {
	fs.mkdirSync(PID_ROOT, { recursive: true });
	fs.appendFileSync(dirFile, dir + '\n');
}

// A tiny shell that outlives us by at most a second: when this node process is gone (even by
// SIGKILL, where no handler runs) it kills the recorded process groups and removes the run dirs.
const WATCHDOG = [
	'while kill -0 "$1" 2>/dev/null; do sleep 1; done',
	'if [ -f "$2" ]; then for g in $(cat "$2"); do kill -KILL -"$g" 2>/dev/null; done; rm -f "$2"; fi',
	'if [ -f "$3" ]; then while read -r d; do case "$d" in */tmt-e2e-*) rm -rf "$d";; esac; done < "$3"; rm -f "$3"; fi',
].join('\n');
let watchdogStarted = false;
function startWatchdog(): void {
	if (watchdogStarted) return;
	watchdogStarted = true;
	const w = spawn('/bin/sh', ['-c', WATCHDOG, 'tmt-e2e-watchdog', String(process.pid), pidFile, dirFile], { detached: true, stdio: 'ignore' });
	w.unref();
}

let handlersInstalled = false;
let signalHandlers = true;

/** For a caller that handles SIGINT/SIGTERM itself (and calls stop()); the 'exit' safety net stays. */
export function leaveSignalsToCaller(): void {
	signalHandlers = false;
}

function installExitHandlers(): void {
	if (handlersInstalled) return;
	handlersInstalled = true;
	// 'exit' handlers must be synchronous: SIGKILL every group that is still ours.
	process.on('exit', () => {
		for (const p of live) killGroup(p.pid, 'SIGKILL');
		try {
			fs.rmSync(pidFile, { force: true });
			if (fs.existsSync(dirFile)) {
				for (const d of fs.readFileSync(dirFile, 'utf8').split('\n')) if (d.includes('tmt-e2e-')) fs.rmSync(d, { recursive: true, force: true });
				fs.rmSync(dirFile, { force: true });
			}
		} catch {
			/* ignore */
		}
	});
	if (!signalHandlers) return;
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			for (const p of live) killGroup(p.pid, 'SIGKILL');
			process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
		});
	}
}

export interface SpawnOptions {
	readonly name: string;
	readonly command: string;
	readonly args: readonly string[];
	readonly env: NodeJS.ProcessEnv;
	readonly cwd: string;
	readonly logFile: string;
}

export function spawnManaged(opts: SpawnOptions): ManagedProcess {
	installExitHandlers();
	startWatchdog();
	const out = fs.openSync(opts.logFile, 'a');
	const child = spawn(opts.command, [...opts.args], {
		cwd: opts.cwd,
		env: opts.env,
		detached: true, // own process group: kill(-pid) reaches runners and workers too
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	if (child.pid === undefined) throw new Error(`could not start ${opts.name} (${opts.command})`);
	const pid = child.pid;
	const exited = new Promise<number | string | null>((resolve) => {
		child.once('exit', (code, signal) => resolve(code ?? signal));
		child.once('error', () => resolve('spawn-error'));
	});
	const proc: ManagedProcess = {
		name: opts.name,
		pid,
		logFile: opts.logFile,
		child,
		exited,
		async stop(graceMs = 5000) {
			killGroup(pid, 'SIGTERM');
			const deadline = Date.now() + graceMs;
			// wait for the whole group, not just the leader: runners must be gone too
			while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
			if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
			while (groupAlive(pid) && Date.now() < deadline + 3000) await new Promise((r) => setTimeout(r, 50));
			await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
			live.delete(proc);
			writePidFile();
		},
		logTail(lines = 40) {
			try {
				const text = fs.readFileSync(opts.logFile, 'utf8');
				return text.split('\n').slice(-lines).join('\n');
			} catch {
				return '(no log)';
			}
		},
	};
	child.unref();
	live.add(proc);
	writePidFile();
	return proc;
}

export async function stopAll(): Promise<void> {
	await Promise.all([...live].map((p) => p.stop()));
}
