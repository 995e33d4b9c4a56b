// Bundle sizes of a production build (what the .vsix ships), each beside its goal, and the .vsix.
// Run: node --import tsx bench/sizes.ts   (builds for production, then puts the development build back)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { report, type Figure } from './lib/figures';

const root = resolve(__dirname, '..');
const kb = (file: string): number => statSync(join(root, file)).size / 1024;

function main(): void {
	const tmp = mkdtempSync(join(tmpdir(), 'tmt-sizes-'));
	const meta = join(tmp, 'meta.json');
	try {
		const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: root, env: { ...process.env, TMT_METAFILE: meta }, encoding: 'utf8' });
		if (build.status !== 0) throw new Error(`production build failed:\n${build.stdout}${build.stderr}`);
		const lazy = ['pull', 'tasks', 'benchmark'].map((n) => ({ n, size: kb(`dist/${n}.js`) }));
		const web = kb('dist/webview/main.js') + kb('dist/webview/main.css');
		const figures: Figure[] = [
			{ id: 'size.extension', label: 'dist/extension.js (what VS Code loads to activate)', unit: 'KB', median: kb('dist/extension.js'), goal: { op: '<=', value: 120 } },
			{ id: 'size.core', label: 'dist/core.js (loaded right after: the first screen)', unit: 'KB', median: kb('dist/core.js'), note: 'was all of dist/extension.js: 151 KB' },
			{ id: 'size.lazy', label: 'bundles loaded on first use', unit: 'KB', median: lazy.reduce((a, b) => a + b.size, 0), note: lazy.map((l) => `${l.n} ${l.size.toFixed(1)}`).join(', ') },
			{ id: 'size.webview', label: 'webview JS + CSS', unit: 'KB', median: web, goal: { op: '<=', value: 80 } },
		];
		// The largest inputs of the webview bundle, to see where its size goes.
		const outputs = (JSON.parse(readFileSync(meta, 'utf8')) as ({ outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> } | undefined)[])[1]?.outputs ?? {};
		const inputs = Object.entries(outputs['dist/webview/main.js']?.inputs ?? {}).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput);
		const svelte = inputs.filter(([f]) => f.includes('node_modules/svelte/')).reduce((a, [, v]) => a + v.bytesInOutput, 0);
		console.log(`  webview JS: Svelte runtime ${(svelte / 1024).toFixed(1)} KB; largest own: ${inputs.filter(([f]) => !f.includes('node_modules')).slice(0, 4).map(([f, v]) => `${f.split('/').pop()} ${(v.bytesInOutput / 1024).toFixed(1)}`).join(', ')}`);
		const vsix = join(tmp, 'size.vsix');
		const pack = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_yes: 'true' } });
		if (pack.status === 0 && existsSync(vsix)) figures.push({ id: 'size.vsix', label: '.vsix', unit: 'KB', median: statSync(vsix).size / 1024, goal: { op: '<=', value: 250 } });
		else console.log('  .vsix: vsce package failed (run `npm run package` to see why)');
		report('sizes', figures);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
		spawnSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'ignore' }); // back to the development build the tests use
	}
}

main();
