#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, each printing its figures beside its goal. Figures are
// printed, never asserted: these machines are noisy. Sizes are measured on a production build.
//   node bench/run.mjs              all
//   node bench/run.mjs sizes pull   only these
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const line = (label, value, goal, ok) => console.log(`${label.padEnd(38)} ${value.padStart(10)}   goal ${goal}${ok === undefined ? '' : ok ? '   ✓' : '   ✗'}`);

if (want('sizes')) {
	console.log('\n=== sizes (production build) ===');
	if (run('node', ['esbuild.mjs', '--production']) !== 0) process.exit(1);
	const ext = statSync(join(root, 'dist/extension.js')).size;
	const web = ['main.js', 'main.css'].map((f) => statSync(join(root, 'dist/webview', f)).size).reduce((a, b) => a + b, 0);
	line('dist/extension.js', kb(ext), '≤ 150 KB', ext <= 150 * 1024);
	line('webview bundle (JS + CSS)', kb(web), '≤ 80 KB', web <= 80 * 1024);
	const out = join(root, 'bench-size.vsix');
	rmSync(out, { force: true });
	if (spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: root, stdio: 'ignore' }).status === 0 && existsSync(out)) {
		const v = statSync(out).size;
		line('.vsix', kb(v), '≤ 250 KB', v <= 250 * 1024);
		rmSync(out, { force: true });
	} else console.log('.vsix: vsce package failed (run `npm run package` to see why)');
	run('node', ['esbuild.mjs']); // back to the development build the tests use
}

for (const file of readdirSync(join(root, 'bench')).filter((f) => f.endsWith('.ts')).sort()) {
	const name = file.replace(/\.ts$/, '');
	if (!want(name)) continue;
	console.log(`\n=== ${name} ===`);
	run('node', ['--import', 'tsx', join('bench', file)]);
}
