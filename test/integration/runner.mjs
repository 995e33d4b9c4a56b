#!/usr/bin/env node
// Integration tests in a real VS Code: code-server 4.100.3 (VS Code 1.100.3, web workbench) driven by
// Debian's headless Chromium through playwright-core. See docs/test-world.md.
//
//   node test/integration/runner.mjs api    mocha tests inside the extension host (extensionTestsPath)
//   node test/integration/runner.mjs ui     workbench tests: status bar, palette, sidebar webview
//   node test/integration/runner.mjs vsix   `vsce package` + --install-extension, then a UI smoke
//   node test/integration/runner.mjs all    the three in turn (one build; vsix last: it rebuilds for production)
//
// Flags: --shots[=DIR] save README screenshots (default test-results/integration/shots), --keep keep
// the run dir, --no-build skip `npm run build`, --vsix FILE install this package instead of packing,
// --grep RE only tests whose name matches. Needs scripts/vscode-e2e/setup.sh first.
//
// One code-server and one Chromium per run, both in a sandbox env whose XDG dirs and TMPDIR are in
// the run dir; everything is stopped by process-group kill, also on SIGINT and on failure.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { quietWorkbenchSettings } from './lib/settings.mjs';
import { Workbench } from './lib/workbench.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PREFIX = process.env.TMT_E2E_PREFIX ?? path.join(os.homedir(), '.cache/task-model-tuner/vscode-e2e');
const CS_BIN = process.env.CODE_SERVER_BIN ?? path.join(PREFIX, 'cs/node_modules/.bin/code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = path.join(ROOT, 'test-results/integration');
const RUN_TIMEOUT_MS = Number(process.env.TMT_IT_TIMEOUT_MS ?? 6 * 60_000);

// ---------------------------------------------------------------------------------------- args
const args = process.argv.slice(2);
const mode = args.find((a) => !a.startsWith('-')) ?? 'ui';
const flag = (name) => args.some((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const flagValue = (name) => {
	const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
	if (i < 0) return undefined;
	if (args[i].includes('=')) return args[i].slice(args[i].indexOf('=') + 1);
	const next = args[i + 1];
	return next && !next.startsWith('-') && !['api', 'ui', 'vsix'].includes(next) ? next : undefined;
};
if (!['api', 'ui', 'vsix', 'all'].includes(mode)) {
	console.error(`unknown mode "${mode}"; use api, ui, vsix or all`);
	process.exit(2);
}
if (mode === 'all') await runAll();
const keep = flag('keep');
const shotDir = flag('shots') ? path.resolve(flagValue('shots') ?? path.join(RESULTS_DIR, 'shots')) : undefined;
const grep = flagValue('grep') ? new RegExp(flagValue('grep'), 'i') : undefined;
const suite = `integration-${mode}`;

/** `all`: each mode in its own process (own code-server, browser and run dir); each appends its own
 * summary line to $TMT_SUMMARY_FILE, so this one only adds up for its closing line. */
async function runAll() {
	const self = fileURLToPath(import.meta.url);
	const rest = args.filter((a) => a !== 'all');
	const started = Date.now();
	if (!rest.includes('--no-build')) {
		const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
		if (r.status !== 0) {
			console.log('\nnpm run build failed\n0 passed, 1 failed');
			process.exit(1);
		}
	}
	let passed = 0;
	let failed = 0;
	let child;
	let interrupted = false;
	// Forward the signal (a terminal's Ctrl-C reaches the child anyway) and wait for it to clean up.
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			interrupted = true;
			child?.kill(sig);
		});
	}
	for (const m of ['api', 'ui', 'vsix']) {
		if (interrupted) break;
		console.log(`\n--- integration ${m} ---`);
		const argv = [self, m, ...(m === 'vsix' ? rest : [...rest.filter((a) => a !== '--no-build'), '--no-build'])];
		child = spawn(process.execPath, argv, { stdio: ['inherit', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => {
			out += d;
			process.stdout.write(d);
		});
		// Ctrl-C reaches the child too (same process group); it cleans up and exits, then so do we.
		const status = await new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
		const counts = /(\d+) passed, (\d+) failed\s*$/.exec(out);
		passed += counts ? Number(counts[1]) : 0;
		failed += counts ? Number(counts[2]) : 0;
		if (status !== 0 && (!counts || Number(counts[2]) === 0)) failed++;
	}
	if (interrupted) process.exit(130);
	console.log(`\nintegration (api, ui, vsix) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

// ------------------------------------------------------------------------------------ run dir
const t0 = Date.now();
const secs = (from = t0) => `${((Date.now() - from) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[${suite} ${secs()}] ${msg}`);
const timings = {};

if (!fs.existsSync(CS_BIN)) {
	console.error(`code-server not found at ${CS_BIN}; run scripts/vscode-e2e/setup.sh first`);
	process.exit(2);
}
// Short base: unix socket paths (vscode-ipc-<uuid>.sock in TMPDIR) are limited to 108 bytes.
const workRoot = process.env.TMT_IT_WORK_ROOT ?? os.tmpdir();
const run = fs.mkdtempSync(path.join(workRoot, 'tmt-it-'));
const dirs = {
	userData: path.join(run, 'user-data'),
	extensions: path.join(run, 'extensions'),
	workspace: path.join(run, 'workspace'),
	profile: path.join(run, 'chrome-profile'),
	home: path.join(run, 'home'),
};
for (const d of ['userData', 'extensions', 'workspace', 'profile']) fs.mkdirSync(dirs[d], { recursive: true });
for (const d of ['config', 'data', 'cache', 'tmp']) fs.mkdirSync(path.join(dirs.home, d), { recursive: true });
fs.mkdirSync(RESULTS_DIR, { recursive: true });
if (shotDir) {
	fs.mkdirSync(shotDir, { recursive: true });
	// Numbered names shift when tests change: drop this mode's shots from earlier runs.
	for (const f of fs.readdirSync(shotDir)) if (new RegExp(`^\\d+-${mode}-.*\\.png$`).test(f)) fs.rmSync(path.join(shotDir, f));
}
for (const f of fs.readdirSync(RESULTS_DIR)) if (f.startsWith(`FAIL-${mode}-`)) fs.rmSync(path.join(RESULTS_DIR, f));
fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# Task Model Tuner integration workspace\n');
// Everything this process and its children put in os.tmpdir() (tsx cache, playwright artifacts) stays here.
process.env.TMPDIR = path.join(dirs.home, 'tmp');

const sandboxEnv = (extra = {}) => {
	const env = {
		...process.env,
		XDG_CONFIG_HOME: path.join(dirs.home, 'config'),
		XDG_DATA_HOME: path.join(dirs.home, 'data'),
		XDG_CACHE_HOME: path.join(dirs.home, 'cache'),
		TMPDIR: path.join(dirs.home, 'tmp'),
		...extra,
	};
	delete env.PASSWORD;
	delete env.HASHED_PASSWORD;
	delete env.TMT_SUMMARY_FILE; // only the runner reports the suite
	return env;
};

/** npm writes a debug log per run to ~/.npm/_logs; keep it in the run dir. */
const npmEnv = () => sandboxEnv({ npm_config_logs_dir: path.join(run, 'npm-logs'), npm_config_update_notifier: 'false' });

// ------------------------------------------------------------------------------ cleanup stack
const cleanups = [];
let cleaning;
let leftovers = [];

/** code-server's process group (the extension host's command line does not name the run dir). */
const groups = new Set();

function processesUsing(dir) {
	const found = [];
	for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		if (Number(pid) === process.pid) continue;
		try {
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
			// stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after the last ")".
			const [state, , pgrp] = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').slice(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
			if (state !== 'Z' && (cmd.includes(dir) || groups.has(Number(pgrp)))) found.push({ pid: Number(pid), cmd });
		} catch {}
	}
	return found;
}
async function cleanup() {
	cleaning ??= (async () => {
		while (cleanups.length) {
			const fn = cleanups.pop();
			try {
				await fn();
			} catch (e) {
				console.error(`cleanup: ${e?.message ?? e}`);
			}
		}
		// Anything still running with the run dir on its command line is an orphan: report and kill it.
		let orphans = processesUsing(run);
		for (let i = 0; orphans.length && i < 30; i++) {
			await sleep(100); // a process may still be on its way out
			orphans = processesUsing(run);
		}
		if (orphans.length) {
			leftovers = orphans;
			console.error(`orphan processes after stop: ${orphans.map((o) => `${o.pid} ${o.cmd.slice(0, 80)}`).join('; ')}`);
			for (const o of orphans) {
				try {
					process.kill(o.pid, 'SIGKILL');
				} catch {}
			}
		}
		if (!keep) fs.rmSync(run, { recursive: true, force: true });
		else console.log(`run dir kept: ${run}`);
	})();
	return cleaning;
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.once(sig, async () => {
		console.error(`\n${sig}: stopping code-server, Chromium and the fakes`);
		await cleanup();
		process.exit(130);
	});
}
const watchdog = setTimeout(async () => {
	console.error(`the run took longer than ${RUN_TIMEOUT_MS / 1000} s; stopping`);
	await saveArtifacts('TIMEOUT');
	await cleanup();
	process.exit(1);
}, RUN_TIMEOUT_MS);
watchdog.unref();

// ------------------------------------------------------------------------------------ helpers
function sh(cmd, argv, opts = {}) {
	const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
	if (r.status !== 0) {
		throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status ?? r.signal}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trim());
	}
	return r.stdout;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/** Kills a detached child's whole process group: TERM, up to 5 s, then KILL. */
async function killGroup(child) {
	if (child.exitCode !== null || child.signalCode !== null) {
		try {
			process.kill(-child.pid, 'SIGKILL'); // stragglers of an exited leader
		} catch {}
		return;
	}
	const exited = new Promise((r) => child.once('exit', r));
	try {
		process.kill(-child.pid, 'SIGTERM');
	} catch {}
	await Promise.race([exited, sleep(5_000)]);
	try {
		process.kill(-child.pid, 'SIGKILL');
	} catch {}
}

const codeServerLog = path.join(run, 'code-server.log');
const consoleLog = path.join(run, 'browser-console.log');

async function saveArtifacts(tag) {
	for (const f of [codeServerLog, consoleLog]) {
		if (fs.existsSync(f)) fs.copyFileSync(f, path.join(RESULTS_DIR, `${tag}-${mode}-${path.basename(f)}`));
	}
}

// ---------------------------------------------------------------------------------- the steps
function build() {
	if (flag('no-build')) return;
	const s = Date.now();
	sh('npm', ['run', '--silent', 'build'], { env: npmEnv() });
	if (!fs.existsSync(path.join(ROOT, 'dist/extension.js'))) throw new Error('npm run build did not produce dist/extension.js');
	timings.build = secs(s);
}

async function buildApiTests() {
	const s = Date.now();
	const { buildApiTests: b } = await import('./build.mjs');
	await b();
	timings.buildApiTests = secs(s);
}

async function startFakes() {
	const s = Date.now();
	const { tsImport } = await import('tsx/esm/api');
	const load = (f) => tsImport(pathToFileURL(path.join(ROOT, 'test/fakes', f)).href, import.meta.url);
	const [fakeOllama, fakeOpenWebui] = await Promise.all([load('fakeOllama.ts'), load('fakeOpenWebui.ts')]);
	const fakes = { fakeOllama, fakeOpenWebui };
	fakes.ollama = await fakeOllama.startFakeOllama();
	// One model in memory, as on a machine in use: the status bar and panel then have something to show.
	const chat = fakes.ollama.state.models[0];
	fakes.ollama.state.loaded = [
		{ name: chat.name, model: chat.model, size: chat.size, size_vram: chat.size, digest: chat.digest, details: chat.details, expires_at: new Date(Date.now() + 4 * 60_000).toISOString(), context_length: 4096 },
	];
	// Open WebUI's /ollama proxy serves the same Ollama state, as a real deployment would.
	fakes.openWebui = await fakeOpenWebui.startFakeOpenWebui({ ollama: fakes.ollama.state });
	// Open WebUI lists the Ollama models as chat models, as a real one connected to that Ollama does.
	fakes.openWebui.state.models = fakes.ollama.state.models
		.filter((m) => !m.name.includes('embed'))
		.map((m) => fakeOpenWebui.openWebuiOllamaModel(m.name));
	// Tests may stop and restart a fake (same port), so stop whatever instance is current.
	cleanups.push(async () => {
		await fakes.ollama.stop();
		await fakes.openWebui.stop();
	});
	timings.fakes = secs(s);
	return fakes;
}

function writeSettings(fakes) {
	const settings = {
		...quietWorkbenchSettings,
		// Our extension talks only to the fakes, never to a real Ollama another session may run on 11434.
		'taskModelTuner.ollama.url': fakes.ollama.url,
		'taskModelTuner.openWebui.url': fakes.openWebui.url,
		'taskModelTuner.ollama.via': 'direct',
		'taskModelTuner.statusBar.intervalMs': 2000,
		'taskModelTuner.requestTimeoutMs': 3000,
	};
	fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
	fs.writeFileSync(path.join(dirs.userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
}

const csConfig = path.join(run, 'code-server-config.yaml');
fs.writeFileSync(csConfig, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
const csBaseArgs = ['--config', csConfig, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

function packageAndInstallVsix() {
	let vsix = flagValue('vsix') && path.resolve(flagValue('vsix'));
	if (!vsix) {
		const s = Date.now();
		vsix = path.join(run, 'task-model-tuner.vsix');
		// The same command users and CI package with (its vscode:prepublish makes the production build).
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		if (!pkg.scripts?.['vscode:prepublish']) build();
		if (pkg.scripts?.package) sh('npm', ['run', '--silent', 'package', '--', '--out', vsix], { env: npmEnv() });
		else sh(path.join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix], { env: sandboxEnv() });
		timings.package = secs(s);
		// vscode:prepublish left a production build in the shared dist/; put the dev build back.
		if (pkg.scripts?.['vscode:prepublish'] && !flag('no-build')) build();
	}
	const s = Date.now();
	sh(CS_BIN, [...csBaseArgs, '--install-extension', vsix, '--force'], { env: sandboxEnv() });
	timings.install = secs(s);
	return vsix;
}

async function startCodeServer(extraEnv) {
	const s = Date.now();
	const port = await freePort();
	const out = fs.openSync(codeServerLog, 'a');
	const child = spawn(
		CS_BIN,
		[
			...csBaseArgs,
			'--bind-addr',
			`127.0.0.1:${port}`,
			'--auth',
			'none',
			'--disable-telemetry',
			'--disable-update-check',
			'--disable-workspace-trust',
			'--disable-getting-started-override',
			'--ignore-last-opened',
			dirs.workspace,
		],
		{
			cwd: run,
			detached: true, // own process group: one kill reaches the server, extension host and pty host
			stdio: ['ignore', out, out],
			// EXTENSIONS_GALLERY={} turns off the (unreachable) gallery; VSCODE_CLI=1 skips the login-shell probe.
			env: sandboxEnv({ EXTENSIONS_GALLERY: '{}', VSCODE_CLI: '1', ...extraEnv }),
		},
	);
	fs.closeSync(out);
	groups.add(child.pid);
	cleanups.push(() => killGroup(child));
	const deadline = Date.now() + 60_000;
	while (!fs.readFileSync(codeServerLog, 'utf8').includes('HTTP server listening on')) {
		if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${fs.readFileSync(codeServerLog, 'utf8')}`);
		if (Date.now() > deadline) throw new Error('code-server did not start within 60 s');
		await sleep(100);
	}
	timings.codeServer = secs(s);
	return { port, child };
}

async function launchBrowser() {
	const s = Date.now();
	const { chromium } = createRequire(path.join(ROOT, 'package.json'))('playwright-core');
	const context = await chromium.launchPersistentContext(dirs.profile, {
		executablePath: CHROMIUM,
		headless: true,
		// Our own signal handlers stop everything in order; Playwright's would exit before code-server is down.
		handleSIGINT: false,
		handleSIGTERM: false,
		handleSIGHUP: false,
		env: sandboxEnv(),
		viewport: { width: 1400, height: 900 },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	cleanups.push(() => context.close());
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(15_000);
	const consoleOut = fs.createWriteStream(consoleLog, { flags: 'a' });
	cleanups.push(() => new Promise((r) => consoleOut.end(r)));
	page.on('console', (m) => {
		if (m.type() === 'error' || m.type() === 'warning') consoleOut.write(`[${m.type()}] ${m.text()}\n`);
	});
	page.on('pageerror', (e) => consoleOut.write(`[pageerror] ${e.message}\n`));
	page.on('requestfailed', (r) => consoleOut.write(`[requestfailed] ${r.url()} ${r.failure()?.errorText ?? ''}\n`));
	timings.browser = secs(s);
	return { context, page };
}

function workbenchUrl(port, payload) {
	let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`;
	if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
	return url;
}
// The web workbench reads the dev extension and tests from the URL payload, as vscode-remote URIs.
const remote = (port, p) => `vscode-remote://127.0.0.1:${port}${p}`;

// ------------------------------------------------------------------------------------- modes
async function runApi(fakes) {
	const resultsFile = path.join(run, 'api-results.json');
	const { port } = await startCodeServer({
		TMT_IT_RESULTS: resultsFile,
		TMT_IT_GREP: grep?.source ?? '',
		TMT_FAKE_OLLAMA_URL: fakes.ollama.url,
		TMT_FAKE_OPENWEBUI_URL: fakes.openWebui.url,
	});
	const { page } = await launchBrowser();
	let exitCode;
	await page.exposeFunction('codeAutomationExit', (code) => {
		exitCode = code;
	});
	page.on('console', (m) => {
		// Extension-host console output arrives as "%c INFO color: #33f <text>".
		const match = /^%c\s+\w+\s+color: #\w+\s(.*)$/s.exec(m.text());
		// index.ts marks mocha's lines; the rest is workbench noise (it stays in the browser console log).
		if (match?.[1].startsWith('[tmt-api] ')) console.log(`  ${match[1].slice('[tmt-api] '.length)}`);
	});
	const s = Date.now();
	await page.goto(
		workbenchUrl(port, [
			['extensionDevelopmentPath', remote(port, ROOT)],
			['extensionTestsPath', remote(port, path.join(ROOT, 'out/test/integration/api/index.js'))],
		]),
		{ waitUntil: 'domcontentloaded', timeout: 60_000 },
	);
	const deadline = Date.now() + 180_000;
	while (exitCode === undefined && Date.now() < deadline) await sleep(200);
	timings.apiTests = secs(s);
	if (exitCode === undefined) throw new Error('the API tests did not finish within 180 s');
	if (!fs.existsSync(resultsFile)) throw new Error(`the extension host exited with ${exitCode} and wrote no results (did run() load?)`);
	const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
	if (exitCode !== 0 && r.failed === 0) r.failures.push({ title: 'extension host', error: `exit code ${exitCode} with no failed test` });
	return { passed: r.passed, failures: r.failures };
}

async function runUi(fakes, vsixMode) {
	const { port } = await startCodeServer({});
	const { page } = await launchBrowser();
	const wb = new Workbench(page, { shotDir, mode });
	const failDir = RESULTS_DIR;
	const payload = vsixMode ? undefined : [['extensionDevelopmentPath', remote(port, ROOT)]];
	const s = Date.now();
	await page.goto(workbenchUrl(port, payload), { waitUntil: 'domcontentloaded', timeout: 60_000 });
	await wb.waitReady();
	timings.workbench = secs(s);

	// workbench.ui.mjs first (it waits for activation, and stops and restarts the fakes in order), then every other *.ui.mjs by name.
	const uiDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ui');
	const uiFiles = vsixMode ? ['vsix.ui.mjs'] : ['workbench.ui.mjs', ...fs.readdirSync(uiDir).filter((f) => f.endsWith('.ui.mjs') && !['workbench.ui.mjs', 'vsix.ui.mjs'].includes(f)).sort()];
	const tests = (await Promise.all(uiFiles.map((f) => import(`./ui/${f}`)))).flatMap((m) => m.tests);
	const ctx = { page, wb, fakes, mode, run, root: ROOT, shots: Boolean(shotDir), vsix: vsixMode?.vsix, t0: s };
	let passed = 0;
	const failures = [];
	for (const t of tests) {
		if (grep && !grep.test(t.name)) continue;
		const ts = Date.now();
		try {
			await t.fn(ctx);
			passed++;
			console.log(`  ✔ ${t.name} (${secs(ts)})`);
		} catch (e) {
			failures.push({ title: t.name, error: e?.stack ?? String(e) });
			console.log(`  ✖ ${t.name} (${secs(ts)})`);
			const file = path.join(failDir, `FAIL-${mode}-${t.name.replace(/[^\w-]+/g, '_').slice(0, 60)}.png`);
			await page.screenshot({ path: file }).catch(() => {});
			if (t.stopOnFailure) break;
		}
	}
	timings.uiTests = secs(s);
	return { passed, failures };
}

// -------------------------------------------------------------------------------------- main
let result = { passed: 0, failures: [] };
try {
	log(`run dir ${run}`);
	if (mode !== 'vsix') build(); // vsix: packaging runs vscode:prepublish (the production build)
	if (mode === 'api') await buildApiTests();
	const fakes = await startFakes();
	log(`fake Ollama ${fakes.ollama.url}, fake Open WebUI ${fakes.openWebui.url}`);
	writeSettings(fakes);
	if (mode === 'api') result = await runApi(fakes);
	else if (mode === 'ui') result = await runUi(fakes);
	else {
		const vsix = packageAndInstallVsix();
		result = await runUi(fakes, { vsix });
	}
} catch (e) {
	result.failures.push({ title: `${suite} harness`, error: e?.stack ?? String(e) });
}
if (result.failures.length) await saveArtifacts('FAIL');
await cleanup();
if (leftovers.length) result.failures.push({ title: `${suite} teardown`, error: `${leftovers.length} process(es) outlived the stop and were killed` });
clearTimeout(watchdog);

if (result.failures.length) {
	console.log(`\nFailures (${suite}):`);
	result.failures.forEach((f, i) => console.log(`\n${i + 1}) ${f.title}\n${String(f.error).replace(/^/gm, '   ')}`));
	console.log(`\nlogs and screenshots: ${path.relative(ROOT, RESULTS_DIR)}/`);
}
console.log(`\n${suite} timings: ${Object.entries({ ...timings, total: secs() }).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (shotDir) console.log(`screenshots: ${shotDir}`);
if (process.env.TMT_SUMMARY_FILE) {
	fs.appendFileSync(process.env.TMT_SUMMARY_FILE, JSON.stringify({ suite, passed: result.passed, failed: result.failures.length }) + '\n');
}
console.log(`${result.passed} passed, ${result.failures.length} failed`);
process.exit(result.failures.length ? 1 : 0);
