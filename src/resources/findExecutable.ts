// Looks an executable up on PATH without spawning a shell (`which`/`where` would be a process).
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FindExecutableOptions {
	readonly env?: NodeJS.ProcessEnv;
	readonly platform?: NodeJS.Platform;
	/** Tried after PATH, e.g. the DriverStore folders where Windows keeps nvidia-smi.exe. */
	readonly extraDirs?: readonly string[];
}

export function findExecutable(name: string, options: FindExecutableOptions = {}): string | undefined {
	const env = options.env ?? process.env;
	const platform = options.platform ?? process.platform;
	const windows = platform === 'win32';
	const pathValue = (windows ? (env.Path ?? env.PATH) : env.PATH) ?? '';
	const dirs = [...pathValue.split(windows ? ';' : ':').filter(Boolean), ...(options.extraDirs ?? [])];
	const exts = windows ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
	for (const dir of dirs) {
		for (const ext of exts) {
			const candidate = path.join(dir, name + ext);
			if (isExecutableFile(candidate, windows)) return candidate;
		}
	}
	return undefined;
}

function isExecutableFile(file: string, windows: boolean): boolean {
	try {
		if (!fs.statSync(file).isFile()) return false;
		if (!windows) fs.accessSync(file, fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/**
 * Where NVIDIA's DCH drivers put nvidia-smi.exe when it is not on PATH
 * (`%WINDIR%\System32\DriverStore\FileRepository\nv*\`), plus the older NVSMI folder.
 */
export function windowsNvidiaSmiDirs(env: NodeJS.ProcessEnv = process.env): string[] {
	const dirs: string[] = [];
	const programFiles = env.ProgramW6432 ?? env.ProgramFiles;
	if (programFiles) dirs.push(path.win32.join(programFiles, 'NVIDIA Corporation', 'NVSMI'));
	const windir = env.WINDIR ?? env.SystemRoot;
	if (windir) {
		const store = path.win32.join(windir, 'System32', 'DriverStore', 'FileRepository');
		try {
			for (const entry of fs.readdirSync(store)) {
				if (entry.toLowerCase().startsWith('nv')) dirs.push(path.win32.join(store, entry));
			}
		} catch {
			// No DriverStore (not Windows, or no access): nothing to add.
		}
	}
	return dirs;
}
