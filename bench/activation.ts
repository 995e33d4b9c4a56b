// Activation time, extension-host memory with the panel open on 500 models, and idle extension-host
// CPU, all in real VS Code: code-server 4.100.3 (VS Code 1.100.3, web workbench) driven by Debian's
// headless Chromium, as test/integration/runner.mjs runs it (same sandbox env, settings, URL payload
// and process-group teardown). Figures are printed beside their goals, never asserted.
// Run: node --import tsx bench/activation.ts [--dev] [--runs N] [--idle S] [--keep]
//   default  a production build (minified, no sourcemap: what the .vsix ships) made in a temp dir
//   --dev    the repo's dist/ as `npm run build` left it (built first if missing)
//   --runs N activation samples: the first load plus N-1 page reloads, each a fresh extension host (default 5)
//   --idle S the idle CPU window in seconds (default 60)
//   --baseline  without Task Model Tuner: only the idle CPU of the same host (built-ins, the empty
//            extension, the agent), to tell how much of the idle figure is ours
//
// How each figure is measured:
// 1. Activation. Task Model Tuner is loaded as the development extension through the URL payload
//    (the payload holds one extensionDevelopmentPath only: the workbench reads it into a Map), and
//    bench/fixtures/emptyExtension is installed in the run's extensions dir; both are
//    `onStartupFinished`, so the host activates them in the same batch. The web workbench shows no
//    "Running Extensions" timings, and an API test (extensionTestsPath) is loaded only after that
//    batch has activated. So a generated agent extension, activated on `*` (before the
//    onStartupFinished batch), hooks Module._load inside the extension host and times, with
//    performance.now(): require() of each watched `main`, and the synchronous activate() call
//    (through a proxy on the exports: esbuild's are fixed getters). Activation = load + call, the
//    same two spans VS Code's Running Extensions view adds up (codeLoadingTime + activateCallTime).
//    Beside it, the host's own performance marks (vs/base/common/performance, on
//    globalThis.MonacoPerformanceMarks): willLoadExtensionCode → didLoadExtensionCode and
//    willActivateExtension → didActivateExtension (until activate()'s promise settles). Those are
//    Date.now() (whole ms) and wall clock, so the batch's extensions interleave in them (the empty
//    extension's "activate" then holds Task Model Tuner's work); they are printed as a cross-check.
//    Each page reload starts a fresh extension host: --runs samples, medians printed.
//    Goal ≤ 15 ms and ≤ 3× the empty extension.
// 2. Memory. The agent reports process.pid (the extension host: its cmdline has --type=extensionHost)
//    and, on request, runs a full GC (v8 --expose-gc set at run time) and returns process.memoryUsage(). VmRSS comes from
//    /proc/<pid>/status. Before: after the last activation, settled and GC'd. After: the panel
//    opened in the sidebar, 500 fake Ollama models rendered ([data-model] × 500 in the webview),
//    3 s to settle, GC'd. Added RSS is checked against the goal (≤ 15 MB); heap is printed beside it.
// 3. Idle CPU. The panel is closed again (sidebar toggled off), 5 s to settle, then utime+stime of
//    the extension host from /proc/<pid>/stat over the window, as % of one core. The extension host
//    also runs VS Code's built-in extensions (git is off, no TS files are open), so this is an upper
//    bound for ours; the agent is an idle loopback HTTP server meanwhile (no timers). Requests the
//    extension made to the fakes in that window are printed too.
//
// Needs scripts/vscode-e2e/setup.sh first (prints a line and exits 0 when code-server is missing).
// Everything it starts (code-server's process group, Chromium, the fakes) is stopped at the end,
// also on failure, SIGINT or the 4-minute watchdog.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { quietWorkbenchSettings } from '../test/integration/lib/settings.mjs';
import type { BrowserContext, Page } from 'playwright-core';
import { startFakeOllama, tagModel, gib } from '../test/fakes/fakeOllama';
import { startFakeOpenWebui } from '../test/fakes/fakeOpenWebui';
import { report, stats, type Figure } from './lib/figures';

const ROOT = path.resolve(__dirname, '..');
const PREFIX = process.env.TMT_E2E_PREFIX ?? path.join(os.homedir(), '.cache/task-model-tuner/vscode-e2e');
const CS_BIN = process.env.CODE_SERVER_BIN ?? path.join(PREFIX, 'cs/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const EMPTY_DIR = path.join(ROOT, 'bench/fixtures/emptyExtension');
const MODELS = 500;
const WATCHDOG_MS = 4 * 60_000;

const args = process.argv.slice(2);
const argValue = (name: string, dflt: number): number => {
	const i = args.indexOf(`--${name}`);
	const v = i >= 0 ? Number(args[i + 1]) : NaN;
	return Number.isFinite(v) && v > 0 ? v : dflt;
};
const devBuild = args.includes('--dev');
const baseline = args.includes('--baseline');
const keep = args.includes('--keep');
const runs = Math.round(argValue('runs', 5));
const idleSeconds = argValue('idle', 60);

const idOf = (dir: string): string => {
	const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { publisher: string; name: string };
	return `${pkg.publisher}.${pkg.name}`;
};
const TMT_ID = idOf(ROOT);
const EMPTY_ID = idOf(EMPTY_DIR);

/** What bench/activation.ts uses of test/integration/lib/workbench.mjs (plain JS, loaded at run time). */
interface WorkbenchLib {
	Workbench: new (page: Page, opts: { shotDir?: string; mode: string }) => {
		waitReady(timeout?: number): Promise<void>;
		openPanel(): Promise<ReturnType<Page['frameLocator']>>;
		activityBarEntry(): ReturnType<Page['locator']>;
		until<T>(what: string, fn: () => Promise<T>, timeout?: number, interval?: number): Promise<T>;
	};
}

const line = (label: string, value: string, goal: string, ok?: boolean): void =>
	console.log(`${label.padEnd(50)} ${value.padStart(10)}   goal ${goal}${ok === undefined ? '' : ok ? '   ✓' : '   ✗'}`);
const load = (): string => os.loadavg().map((l) => l.toFixed(2)).join(', ');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]): number => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ------------------------------------------------------------------------------ the agent
/** The agent: an extension generated into the run's extensions dir, activated on `*`, so before
 * the onStartupFinished batch (the host activates that batch once the eager extensions are up).
 * Its module hooks require() at load; its activate() starts an idle loopback HTTP server. */
const AGENT_PACKAGE = {
	name: 'agent',
	publisher: 'task-model-tuner-bench',
	version: '0.0.1',
	private: true,
	engines: { vscode: '^1.96.0' },
	activationEvents: ['*'],
	main: './agent.js',
};
const AGENT_JS = `'use strict';
const fs = require('fs');
const http = require('http');
const Module = require('module');
const v8 = require('v8');
const vm = require('vm');
const { performance } = require('perf_hooks');

// From here on, time each watched extension: require() of its main, the synchronous activate() call, and the wait
// for the promise activate() returned, with performance.now() (the host's own marks are whole ms).
const watched = JSON.parse(process.env.TMT_BENCH_WATCH || '{}'); // realpath of main -> extension id
const timings = {};
const marked = () => (globalThis.MonacoPerformanceMarks?.getMarks?.() ?? []).filter((m) => m.name.startsWith('code/extHost/'));
const late = Object.values(watched).filter((id) => marked().some((m) => m.name === 'code/extHost/willLoadExtensionCode/' + id));
const load = Module._load;
Module._load = function (request, parent, isMain) {
	// The host require()s an extension's main by absolute path; everything else (builtins, 'vscode',
	// relative paths) passes straight through, so the hook adds next to nothing to what it times.
	if (typeof request !== 'string' || !request.startsWith('/')) return load.apply(this, arguments);
	let file;
	try { file = fs.realpathSync(Module._resolveFilename(request, parent, isMain)); } catch { return load.apply(this, arguments); }
	const id = watched[file];
	if (!id || timings[id]) return load.apply(this, arguments);
	const t = (timings[id] = {});
	const start = performance.now();
	const exported = load.apply(this, arguments);
	t.loadMs = performance.now() - start;
	if (!exported || (typeof exported !== 'object' && typeof exported !== 'function')) return exported;
	// esbuild's CJS exports are getters that cannot be redefined: hand the host a proxy instead.
	return new Proxy(exported, {
		get(target, prop, receiver) {
			const value = Reflect.get(target, prop, receiver);
			if (prop !== 'activate' || typeof value !== 'function') return value;
			return function activate(...args) {
				const callStart = performance.now();
				let result;
				try { result = value.apply(this, args); } finally { t.callMs = performance.now() - callStart; }
				const resolveStart = performance.now();
				const settled = () => { t.resolveMs = performance.now() - resolveStart; };
				Promise.resolve(result).then(settled, () => { settled(); t.failed = true; });
				return result;
			};
		},
	});
};

exports.activate = function () {
	v8.setFlagsFromString('--expose-gc');
	const gc = vm.runInNewContext('gc');
	const server = http.createServer((req, res) => {
		const reply = (body) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
		if (req.url === '/marks') {
			const perf = globalThis.MonacoPerformanceMarks;
			const marks = perf && typeof perf.getMarks === 'function' ? marked() : null;
			return reply({ pid: process.pid, marks, timings, late });
		}
		if (req.url === '/mem') {
			if (typeof gc === 'function') { gc(); gc(); }
			return reply({ pid: process.pid, gc: typeof gc === 'function', ...process.memoryUsage() });
		}
		res.writeHead(404).end();
	});
	server.listen(0, '127.0.0.1', () => {
		// One line per extension host (a page reload starts a new one): pid and port.
		fs.appendFileSync(process.env.TMT_BENCH_AGENT_FILE, JSON.stringify({ pid: process.pid, port: server.address().port }) + '\\n');
	});
	return { dispose: () => server.close() };
};
`;

interface Mark {
	name: string;
	startTime: number;
}
interface AgentInfo {
	pid: number;
	port: number;
}

function agentGet<T>(agent: AgentInfo, what: string): Promise<T> {
	return new Promise((resolve, reject) => {
		const req = http.get({ host: '127.0.0.1', port: agent.port, path: `/${what}`, timeout: 15_000 }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d: string) => (body += d));
			res.on('end', () => {
				try {
					resolve(JSON.parse(body) as T);
				} catch (e) {
					reject(e);
				}
			});
		});
		req.on('timeout', () => req.destroy(new Error(`agent /${what} timed out`)));
		req.on('error', reject);
	});
}

/** Load and activate spans (whole ms, wall clock) of one extension from the extension host's own
 * marks, or undefined until it has activated. */
function spans(marks: Mark[], id: string): { load: number; activate: number; total: number } | undefined {
	const at = (n: string): number | undefined => marks.find((m) => m.name === `code/extHost/${n}/${id}`)?.startTime;
	const [wl, dl, wa, da] = ['willLoadExtensionCode', 'didLoadExtensionCode', 'willActivateExtension', 'didActivateExtension'].map(at);
	if (wl === undefined || dl === undefined || wa === undefined || da === undefined) return undefined;
	return { load: dl - wl, activate: da - wa, total: dl - wl + (da - wa) };
}

// ------------------------------------------------------------------------------ /proc
function procStat(pid: number): { pgrp: number; ticks: number } {
	// "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ..."
	const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
	return { pgrp: Number(f[2]), ticks: Number(f[11]) + Number(f[12]) };
}
const vmRss = (pid: number): number => Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
const cmdline = (pid: number): string => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
const clockTicks = (): number => Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

function processesOf(pgrps: Set<number>, dir: string): { pid: number; cmd: string }[] {
	const found: { pid: number; cmd: string }[] = [];
	for (const p of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		const pid = Number(p);
		if (pid === process.pid) continue;
		try {
			const cmd = cmdline(pid);
			const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
			const state = s.slice(s.lastIndexOf(')') + 2).split(' ')[0];
			if (state !== 'Z' && (cmd.includes(dir) || pgrps.has(procStat(pid).pgrp))) found.push({ pid, cmd });
		} catch {}
	}
	return found;
}

// ------------------------------------------------------------------------------ helpers
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** Kills a detached child's whole process group: TERM, up to 5 s, then KILL (as the runner does). */
async function killGroup(child: ChildProcess): Promise<void> {
	if (child.pid === undefined) return;
	if (child.exitCode === null && child.signalCode === null) {
		const exited = new Promise((r) => child.once('exit', r));
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {}
		await Promise.race([exited, sleep(5_000)]);
	}
	try {
		process.kill(-child.pid, 'SIGKILL'); // stragglers (the extension host, the pty host)
	} catch {}
}

/** The shipped build: the files the .vsix ships beside dist/ (esbuild.mjs copies from media/ too),
 * then esbuild --production in a temp dir with src/, webview/ and node_modules/ linked in. */
function productionExtension(into: string): string {
	const build = path.join(into, 'tmt');
	fs.mkdirSync(build);
	for (const f of fs.readdirSync(ROOT)) {
		if (/^(package(\.nls(\.[\w-]+)?)?\.json|README\.md|CHANGELOG\.md|LICENSE)$/.test(f) || f === 'l10n' || f === 'media') {
			fs.cpSync(path.join(ROOT, f), path.join(build, f), { recursive: true });
		}
	}
	for (const d of ['src', 'webview', 'node_modules']) fs.symlinkSync(path.join(ROOT, d), path.join(build, d));
	const r = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs'), '--production'], { cwd: build, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`production build failed (node esbuild.mjs --production in ${build}):\n${r.stdout}${r.stderr}`);
	return build;
}

/** Installs an extension folder into the run's extensions dir, as `--install-extension` of its
 * .vsix would (the folder plus its entry in extensions.json), without packaging it. (The URL payload
 * holds only one extensionDevelopmentPath: the workbench reads it into a Map.) */
function installExtension(extensionsDir: string, files: Record<string, string>): string {
	const pkg = JSON.parse(files['package.json']) as { publisher: string; name: string; version: string };
	const id = `${pkg.publisher}.${pkg.name}`;
	const rel = `${id}-${pkg.version}`;
	const dir = path.join(extensionsDir, rel);
	fs.mkdirSync(dir, { recursive: true });
	for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
	const manifest = path.join(extensionsDir, 'extensions.json');
	const entries = fs.existsSync(manifest) ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as unknown[]) : [];
	entries.push({
		identifier: { id },
		version: pkg.version,
		location: { $mid: 1, fsPath: dir, external: pathToFileURL(dir).href, path: dir, scheme: 'file' },
		relativeLocation: rel,
		metadata: { installedTimestamp: Date.now(), pinned: false, source: 'vsix' },
	});
	fs.writeFileSync(manifest, JSON.stringify(entries));
	return dir;
}

/** The real path of an extension's `main` (what the host require()s), for the agent's hook. */
function mainOf(dir: string): string {
	const { main } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { main: string };
	const file = path.resolve(dir, main);
	return fs.realpathSync(fs.existsSync(file) ? file : `${file}.js`);
}

interface HookTiming {
	loadMs?: number;
	callMs?: number;
	resolveMs?: number;
	failed?: boolean;
}
/** One extension in one extension host: the agent's precise spans, and the host's marks beside them. */
interface Sample {
	/** load + synchronous activate() call (VS Code's "activation time"), from the hooks, else from the marks. */
	total: number;
	loadMs: number;
	callMs?: number;
	resolveMs?: number;
	marks: { load: number; activate: number; total: number };
	source: 'hooks' | 'marks';
}

// ------------------------------------------------------------------------------ main
async function main(): Promise<void> {
	if (!fs.existsSync(CS_BIN)) {
		console.log(`code-server not found at ${CS_BIN}: run bash scripts/vscode-e2e/setup.sh first (activation bench skipped)`);
		return;
	}
	if (!fs.existsSync(CHROMIUM)) {
		console.log(`Chromium not found at ${CHROMIUM}: run bash scripts/vscode-e2e/setup.sh first (activation bench skipped)`);
		return;
	}
	const t0 = Date.now();
	const secs = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const log = (msg: string): void => console.log(`[activation ${secs()}] ${msg}`);
	console.log(`load average at start: ${load()} (${os.cpus().length} cores)`);

	// Short base: unix socket paths (vscode-ipc-<uuid>.sock in TMPDIR) are limited to 108 bytes.
	const run = fs.mkdtempSync(path.join(process.env.TMT_IT_WORK_ROOT ?? os.tmpdir(), 'tmt-bench-'));
	const dirs = {
		userData: path.join(run, 'user-data'),
		extensions: path.join(run, 'extensions'),
		workspace: path.join(run, 'workspace'),
		profile: path.join(run, 'chrome-profile'),
		home: path.join(run, 'home'),
	};
	for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
	for (const d of ['config', 'data', 'cache', 'tmp']) fs.mkdirSync(path.join(dirs.home, d), { recursive: true });
	fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# Task Model Tuner bench workspace\n');
	const sandboxEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
		const env: NodeJS.ProcessEnv = {
			...process.env,
			XDG_CONFIG_HOME: path.join(dirs.home, 'config'),
			XDG_DATA_HOME: path.join(dirs.home, 'data'),
			XDG_CACHE_HOME: path.join(dirs.home, 'cache'),
			TMPDIR: path.join(dirs.home, 'tmp'),
			...extra,
		};
		delete env.PASSWORD;
		delete env.HASHED_PASSWORD;
		return env;
	};
	// playwright-core puts its artifacts in this process's tmpdir: keep them in the run dir too.
	process.env.TMPDIR = path.join(dirs.home, 'tmp');

	const cleanups: (() => Promise<unknown> | unknown)[] = [];
	const groups = new Set<number>();
	let cleaning: Promise<void> | undefined;
	const cleanup = (): Promise<void> =>
		(cleaning ??= (async () => {
			while (cleanups.length) {
				try {
					await cleanups.pop()!();
				} catch (e) {
					console.error(`cleanup: ${(e as Error)?.message ?? e}`);
				}
			}
			let left = processesOf(groups, run);
			for (let i = 0; left.length && i < 30; i++) {
				await sleep(100);
				left = processesOf(groups, run);
			}
			for (const o of left) {
				console.error(`left over after stop, killing: ${o.pid} ${o.cmd.slice(0, 100)}`);
				try {
					process.kill(o.pid, 'SIGKILL');
				} catch {}
			}
			if (keep) console.log(`run dir kept: ${run}`);
			else fs.rmSync(run, { recursive: true, force: true });
		})());
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(sig, () => {
			console.error(`\n${sig}: stopping code-server, Chromium and the fakes`);
			void cleanup().then(() => process.exit(130));
		});
	}
	const watchdog = setTimeout(() => {
		console.error(`the bench took longer than ${WATCHDOG_MS / 1000} s; stopping`);
		void cleanup().then(() => process.exit(1));
	}, WATCHDOG_MS);
	watchdog.unref();

	try {
		// The extension under test.
		let extDir = ROOT;
		if (baseline) {
			log('--baseline: Task Model Tuner is not loaded');
		} else if (devBuild) {
			if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
		} else {
			extDir = productionExtension(run);
		}
		if (!baseline) log(`${devBuild ? 'development build (repo dist/)' : 'production build'}: dist/extension.js ${(fs.statSync(path.join(extDir, 'dist/extension.js')).size / 1024).toFixed(1)} KB`);
		const emptyInstalled = installExtension(
			dirs.extensions,
			Object.fromEntries(fs.readdirSync(EMPTY_DIR).map((f) => [f, fs.readFileSync(path.join(EMPTY_DIR, f), 'utf8')])),
		);
		installExtension(dirs.extensions, { 'package.json': JSON.stringify(AGENT_PACKAGE), 'agent.js': AGENT_JS });
		const watch = { [mainOf(emptyInstalled)]: EMPTY_ID, ...(baseline ? {} : { [mainOf(extDir)]: TMT_ID }) };
		const agentFile = path.join(run, 'agent.jsonl');

		// Fakes: 500 models on the fake Ollama, one loaded; Open WebUI so the extension never reaches a real one.
		const ollama = await startFakeOllama();
		cleanups.push(() => ollama.stop());
		const families = ['llama3.1', 'qwen3', 'gemma3', 'mistral', 'phi4', 'deepseek-r1', 'granite3.3', 'smollm2'];
		ollama.state.models = Array.from({ length: MODELS }, (_, i) => {
			const family = families[i % families.length];
			const b = 1 + (i % 14);
			return tagModel(`${family}:${b}b-bench${i}`, `${b}.0B`, b * 0.6 * gib, { capabilities: i % 3 ? ['completion', 'tools'] : ['completion'] });
		});
		const first = ollama.state.models[0];
		ollama.state.loaded = [
			{ name: first.name, model: first.model, size: first.size, size_vram: first.size, digest: first.digest, details: first.details, expires_at: new Date(Date.now() + 30 * 60_000).toISOString(), context_length: 4096 },
		];
		const openWebui = await startFakeOpenWebui({ ollama: ollama.state });
		cleanups.push(() => openWebui.stop());

		// The integration runner's settings, with the extension's own defaults otherwise (status-bar interval etc.).
		fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
		fs.writeFileSync(
			path.join(dirs.userData, 'User/settings.json'),
			JSON.stringify(
				{
					...quietWorkbenchSettings,
					'taskModelTuner.ollama.url': ollama.url,
					'taskModelTuner.openWebui.url': openWebui.url,
					'taskModelTuner.ollama.via': 'direct',
				},
				null,
				2,
			),
		);

		// code-server in its own process group.
		const csConfig = path.join(run, 'code-server-config.yaml');
		fs.writeFileSync(csConfig, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
		const csLog = path.join(run, 'code-server.log');
		const port = await freePort();
		const out = fs.openSync(csLog, 'a');
		const cs = spawn(
			CS_BIN,
			[
				'--config', csConfig, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions,
				'--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
				'--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened',
				dirs.workspace,
			],
			{ cwd: run, detached: true, stdio: ['ignore', out, out], env: sandboxEnv({ EXTENSIONS_GALLERY: '{}', VSCODE_CLI: '1', TMT_BENCH_AGENT_FILE: agentFile, TMT_BENCH_WATCH: JSON.stringify(watch) }) },
		);
		fs.closeSync(out);
		if (cs.pid !== undefined) groups.add(cs.pid);
		cleanups.push(() => killGroup(cs));
		for (const deadline = Date.now() + 60_000; !fs.readFileSync(csLog, 'utf8').includes('HTTP server listening on'); await sleep(100)) {
			if (cs.exitCode !== null) throw new Error(`code-server exited (${cs.exitCode}):\n${fs.readFileSync(csLog, 'utf8')}`);
			if (Date.now() > deadline) throw new Error('code-server did not start within 60 s');
		}
		log(`code-server on port ${port}`);

		// Chromium through playwright-core.
		const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core') as typeof import('playwright-core');
		const context: BrowserContext = await chromium.launchPersistentContext(dirs.profile, {
			executablePath: CHROMIUM,
			headless: true,
			handleSIGINT: false,
			handleSIGTERM: false,
			handleSIGHUP: false,
			env: sandboxEnv() as Record<string, string>,
			viewport: { width: 1400, height: 900 },
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		cleanups.push(() => context.close());
		const page = context.pages()[0] ?? (await context.newPage());
		page.setDefaultTimeout(15_000);
		const { Workbench } = (await import(pathToFileURL(path.join(ROOT, 'test/integration/lib/workbench.mjs')).href)) as WorkbenchLib;
		const wb = new Workbench(page, { mode: 'bench' });

		const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
		const payload = baseline ? [] : [['extensionDevelopmentPath', remote(extDir)]];
		const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

		/** The agent of the n-th extension host (one line per host in the agent file). */
		const agentNo = async (n: number): Promise<AgentInfo> => {
			for (const deadline = Date.now() + 90_000; ; await sleep(200)) {
				const lines = fs.existsSync(agentFile) ? fs.readFileSync(agentFile, 'utf8').trim().split('\n').filter(Boolean) : [];
				if (lines.length >= n) return JSON.parse(lines[n - 1]) as AgentInfo;
				if (Date.now() > deadline) throw new Error(`the agent of extension host #${n} did not start within 90 s (see ${csLog} with --keep)`);
			}
		};
		/** Waits until both extensions have activated in that host; returns their figures. */
		const activationOf = async (agent: AgentInfo): Promise<{ tmt: Sample; empty: Sample }> => {
			for (const deadline = Date.now() + 60_000; ; await sleep(250)) {
				const r = await agentGet<{ marks: Mark[] | null; timings: Record<string, HookTiming>; late: string[] }>(agent, 'marks');
				if (!r.marks) throw new Error('globalThis.MonacoPerformanceMarks is missing in this extension host: the activation method needs another VS Code');
				const sample = (id: string): Sample | undefined => {
					const m = spans(r.marks ?? [], id);
					if (!m) return undefined;
					const h = r.timings[id];
					// The hooks are in place unless the host loaded the extension before the agent.
					if (h?.loadMs !== undefined && h.callMs !== undefined && !r.late.includes(id)) {
						if (h.resolveMs === undefined) return undefined; // activate()'s promise is still pending
						return { total: h.loadMs + h.callMs, loadMs: h.loadMs, callMs: h.callMs, resolveMs: h.resolveMs, marks: m, source: 'hooks' };
					}
					return { total: m.total, loadMs: m.load, marks: m, source: 'marks' };
				};
				const tmt = sample(TMT_ID);
				const empty = sample(EMPTY_ID);
				if (tmt && empty) return { tmt, empty };
				if (Date.now() > deadline) throw new Error(`no activation within 60 s (${TMT_ID}: ${Boolean(tmt)}, ${EMPTY_ID}: ${Boolean(empty)})`);
			}
		};
		const fmt = (x: Sample): string =>
			x.source === 'hooks'
				? `${x.total.toFixed(2)} ms (load ${x.loadMs.toFixed(2)} + activate() ${x.callMs!.toFixed(2)}; its promise settled ${x.resolveMs!.toFixed(1)} ms later; host marks: load ${x.marks.load} + activate ${x.marks.activate} ms)`
				: `${x.total.toFixed(0)} ms from the host's marks (load ${x.marks.load} + activate ${x.marks.activate}; the agent loaded too late to hook it)`;

		/** utime+stime of the extension host over the idle window, and the requests the fakes got meanwhile. */
		const idleCpu = async (host: number): Promise<{ cpuSeconds: number; wallSeconds: number; requests: number }> => {
			const hz = clockTicks();
			const c0 = procStat(host).ticks;
			const w0 = Date.now();
			const req0 = ollama.requests.length + openWebui.requests.length;
			await sleep(idleSeconds * 1000);
			return { cpuSeconds: (procStat(host).ticks - c0) / hz, wallSeconds: (Date.now() - w0) / 1000, requests: ollama.requests.length + openWebui.requests.length - req0 };
		};
		const idleLine = (label: string, x: { cpuSeconds: number; wallSeconds: number; requests: number }): void => {
			line(`${label}, ${x.wallSeconds.toFixed(0)} s`, `${((x.cpuSeconds / x.wallSeconds) * 100).toFixed(2)} %`, '(printed; % of one core)');
			console.log(`  ${x.cpuSeconds.toFixed(2)} s CPU in ${x.wallSeconds.toFixed(1)} s; ${x.requests} requests to the fakes meanwhile; the host also runs VS Code's built-in extensions`);
		};

		if (baseline) {
			await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
			await wb.waitReady();
			const a = await agentNo(1);
			await wb.until(`${EMPTY_ID} to activate`, async () => spans((await agentGet<{ marks: Mark[] }>(a, 'marks')).marks ?? [], EMPTY_ID), 60_000);
			await page.keyboard.press('Control+b'); // the Explorer is open in a fresh profile: close the sidebar
			await wb.until('the sidebar to close', async () => !(await page.locator('#workbench\\.parts\\.sidebar').isVisible()), 10_000).catch(() => log('note: the sidebar did not close'));
			await sleep(5_000);
			const idle = await idleCpu(a.pid);
			console.log(`\nload average at the end: ${load()} (${os.cpus().length} cores)`);
			idleLine('idle ext host CPU WITHOUT Task Model Tuner', idle);
			console.log(`  bench took ${secs()}`);
			return;
		}

		// ---- 1. activation: the first load plus reloads, each a fresh extension host
		const samples: { tmt: Sample; empty: Sample }[] = [];
		let agent: AgentInfo | undefined;
		for (let n = 1; n <= runs; n++) {
			if (n === 1) await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
			else await page.reload({ waitUntil: 'domcontentloaded', timeout: 60_000 });
			await wb.waitReady();
			agent = await agentNo(n);
			const a = await activationOf(agent);
			samples.push(a);
			log(`host #${n} (pid ${agent.pid}): Task Model Tuner ${fmt(a.tmt)}`);
			log(`host #${n} (pid ${agent.pid}): empty extension  ${fmt(a.empty)}`);
		}
		if (!agent) throw new Error('no extension host');
		const host = agent.pid;
		const hostCmd = cmdline(host);
		if (!/--type=extensionHost/.test(hostCmd)) log(`note: pid ${host} has no --type=extensionHost in its command line: ${hostCmd.slice(0, 160)}`);
		if (!groups.has(procStat(host).pgrp)) log(`note: the extension host ${host} is not in code-server's process group`);

		// ---- 2. memory with the panel open on 500 models
		await sleep(3_000);
		const before = await agentGet<NodeJS.MemoryUsage & { gc: boolean }>(agent, 'mem');
		const rssBefore = vmRss(host);
		const view = await wb.openPanel();
		const rendered = await wb
			.until(`${MODELS} models in the panel`, async () => (await view.locator('[data-model]').count()) >= MODELS, 60_000, 500)
			.then(() => true)
			.catch(async (e: Error) => {
				log(`panel: ${e.message.split('\n')[0]} (${await view.locator('[data-model]').count().catch(() => 0)} [data-model] rows)`);
				return false;
			});
		await sleep(3_000);
		const after = await agentGet<NodeJS.MemoryUsage & { gc: boolean }>(agent, 'mem');
		const rssAfter = vmRss(host);

		// ---- 3. idle CPU with the panel closed
		const entry = wb.activityBarEntry();
		await entry.click(); // the container is open: a click closes the sidebar
		await wb.until('the sidebar to close', async () => !(await page.locator('#workbench\\.parts\\.sidebar').isVisible()), 10_000).catch(() => log('note: the sidebar did not close'));
		await sleep(5_000);
		const idle = await idleCpu(host);
		const rssIdle = vmRss(host);

		// ---- report
		const hooked = samples.every((x) => x.tmt.source === 'hooks' && x.empty.source === 'hooks');
		const tmtStats = stats(samples.map((x) => x.tmt.total));
		const emptyStats = stats(samples.map((x) => x.empty.total));
		// dist/extension.js is a small shell: activate() returns a promise that settles once the core
		// (dist/core.js: what the first screen needs) is loaded and set up, on the next turn of the loop.
		const readyStats = stats(samples.map((x) => x.tmt.total + (x.tmt.resolveMs ?? NaN)).filter(Number.isFinite));
		const mTmt = stats(samples.map((x) => x.tmt.marks.total));
		console.log(`\nload average at the end: ${load()} (${os.cpus().length} cores); ${devBuild ? 'development' : 'production'} build, ${samples.length} extension host(s)`);
		console.log(`  each host, ms: TMT ${samples.map((x) => `${x.tmt.loadMs.toFixed(2)}+${x.tmt.callMs?.toFixed(2) ?? '?'}`).join(', ')} | empty ${samples.map((x) => `${x.empty.loadMs.toFixed(2)}+${x.empty.callMs?.toFixed(2) ?? '?'}`).join(', ')} (load + activate() call)`);
		console.log(`  activate()'s promise settled after, ms: TMT ${samples.map((x) => x.tmt.resolveMs?.toFixed(1) ?? '?').join(', ')} | empty ${samples.map((x) => x.empty.resolveMs?.toFixed(1) ?? '?').join(', ')} (wall clock: the batch's other extensions run meanwhile)`);
		console.log(`  host marks, ms (load + activate until settled): TMT ${samples.map((x) => `${x.tmt.marks.load}+${x.tmt.marks.activate}`).join(', ')} | empty ${samples.map((x) => `${x.empty.marks.load}+${x.empty.marks.activate}`).join(', ')}`);
		const addedRss = rssAfter - rssBefore;
		console.log(`  RSS ${mb(rssBefore)} → ${mb(rssAfter)} (${mb(rssIdle)} after idle); heapUsed ${mb(before.heapUsed)} → ${mb(after.heapUsed)}; external ${mb(before.external)} → ${mb(after.external)}${before.gc ? '' : ' (no GC available)'}`);
		const figures: Figure[] = [
			{ id: 'activation.tmt', label: `activation in real VS Code (${hooked ? 'require + activate() call' : 'host marks'})`, unit: 'ms', ...tmtStats, goal: { op: '<=', value: 5 }, note: `empty extension ${emptyStats.median.toFixed(2)} ms` },
			{ id: 'activation.empty', label: 'activation, empty extension (baseline)', unit: 'ms', ...emptyStats },
			{ id: 'activation.coreReady', label: 'core up: activate()\'s promise settled', unit: 'ms', ...readyStats, note: 'dist/core.js loaded and set up, wall clock (other extensions run meanwhile)' },
			{ id: 'activation.marks', label: 'activation, host marks (whole ms, until settled)', unit: 'ms', ...mTmt },
			{ id: 'activation.rss', label: `ext host RSS added, panel open on ${MODELS} models${rendered ? '' : ' (NOT rendered)'}`, unit: 'MB', median: addedRss / 1024 / 1024, goal: { op: '<=', value: 15 } },
			{ id: 'activation.idleCpu', label: `idle ext host CPU, panel closed (${idle.wallSeconds.toFixed(0)} s)`, unit: '%', median: (idle.cpuSeconds / idle.wallSeconds) * 100, note: `${idle.requests} requests meanwhile; includes VS Code's built-in extensions` },
		];
		report('activation', figures);
		console.log(`  bench took ${secs()}`);
	} finally {
		clearTimeout(watchdog);
		await cleanup();
	}
}

main().then(
	() => process.exit(0),
	(e: unknown) => {
		console.error(`activation bench failed: ${(e as Error)?.stack ?? e}`);
		process.exit(1);
	},
);
