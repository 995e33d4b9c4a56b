// Child processes of the e2e harness. Each server runs in its own process group (detached), so a
// stop kills the server *and* whatever it spawned (Ollama's runners, uvicorn workers). The group
// ids are also written to a file, so a later run can reap the leftovers of a run that was killed
// with SIGKILL, where no exit handler could run.
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
		for (const line of fs.readFileSync(path.join(PID_ROOT, f), 'utf8').split('\n')) {
			const pgid = Number(line.trim());
			if (pgid > 1 && groupAlive(pgid)) {
				killGroup(pgid, 'SIGKILL');
				reaped++;
			}
		}
		fs.rmSync(path.join(PID_ROOT, f), { force: true });
	}
	return reaped;
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
