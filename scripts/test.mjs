#!/usr/bin/env node
// Runs every test suite in order and ends with one summary line across all of them:
// `N passed, N failed`. Each mocha suite appends its counts to $TMT_SUMMARY_FILE through
// test/support/summaryReporter.cjs; a suite that crashes before reporting counts as one failure.
//   node scripts/test.mjs                 all suites (installs what they need first)
//   node scripts/test.mjs unit webview    only these
//   TMT_SKIP_SETUP=1 …                    do not run the setup scripts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const suites = [
	{ name: 'unit', run: 'npx mocha --config test/unit/.mocharc.json' },
	{ name: 'webview', setup: 'bash scripts/vscode-e2e/setup.sh', run: 'npx mocha --config test/webview/.mocharc.json', needs: 'test/webview/.mocharc.json' },
	{ name: 'integration', setup: 'bash scripts/vscode-e2e/setup.sh', run: 'node test/integration/runner.mjs all', needs: 'test/integration/runner.mjs' },
	// The engines floor (^1.96.0): API and UI tests again on code-server 4.96.4 = VS Code 1.96.4.
	{ name: 'integration-1.96', setup: 'TMT_CS_VERSION=4.96.4 bash scripts/vscode-e2e/setup.sh', run: floorRun(), needs: 'test/integration/runner.mjs' },
	{ name: 'e2e', setup: 'bash scripts/peers/setup.sh', run: 'npx mocha --config test/e2e/.mocharc.json', needs: 'test/e2e/.mocharc.json' },
];

function floorRun() {
	const bin = '"${TMT_E2E_PREFIX:-$HOME/.cache/task-model-tuner/vscode-e2e}/cs-4.96.4/node_modules/.bin/code-server"';
	const one = (mode) => `CODE_SERVER_BIN=${bin} node test/integration/runner.mjs ${mode} --no-build`;
	return `${one('api')}; a=$?; ${one('ui')}; b=$?; exit $((a | b))`;
}

const wanted = process.argv.slice(2);
const selected = suites.filter((s) => (wanted.length === 0 || wanted.includes(s.name)) && (!s.needs || existsSync(s.needs)));
const dir = mkdtempSync(join(tmpdir(), 'tmt-test-'));
const summaryFile = join(dir, 'summary.jsonl');
const results = [];
const started = Date.now();

const sh = (cmd, env = {}) => spawnSync('bash', ['-c', cmd], { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

console.log('\n=== build ===');
if (sh('npm run build') !== 0) {
	console.log('\nbuild failed\n0 passed, 1 failed');
	process.exit(1);
}

for (const s of selected) {
	const t0 = Date.now();
	if (s.setup && !process.env.TMT_SKIP_SETUP) {
		console.log(`\n=== ${s.name}: setup ===`);
		if (existsSync(s.setup.split(' ').pop()) && sh(s.setup) !== 0) {
			results.push({ suite: s.name, passed: 0, failed: 1, note: 'setup failed' });
			continue;
		}
	}
	console.log(`\n=== ${s.name} ===`);
	const before = readLines().length;
	const code = sh(s.run, { TMT_SUMMARY_FILE: summaryFile, TMT_SUITE: s.name });
	const mine = readLines().slice(before);
	const passed = mine.reduce((n, l) => n + l.passed, 0);
	let failed = mine.reduce((n, l) => n + l.failed, 0);
	if (code !== 0 && failed === 0) failed = 1; // crashed, or failed outside a test
	results.push({ suite: s.name, passed, failed, seconds: Math.round((Date.now() - t0) / 1000) });
}

function readLines() {
	if (!existsSync(summaryFile)) return [];
	return readFileSync(summaryFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

rmSync(dir, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.suite.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed${r.seconds !== undefined ? `  ${r.seconds}s` : ''}${r.note ? `  (${r.note})` : ''}`);
console.log(`total time ${Math.round((Date.now() - started) / 1000)}s`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
