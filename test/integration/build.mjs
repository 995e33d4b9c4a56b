// Bundles the API tests (test/integration/api/*.ts) to out/test/integration/api/*.js: index.js exports
// run() for the runner's extensionTestsPath, each *.test.js is a mocha file that @vscode/test-cli
// (.vscode-test.mjs) can load directly. `vscode` and `mocha` stay external (the host provides them).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = path.join(ROOT, 'test/integration/api');
export const OUT = path.join(ROOT, 'out/test/integration/api');

function options() {
	const entryPoints = fs
		.readdirSync(SRC)
		.filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
		.map((f) => path.join(SRC, f));
	return {
		entryPoints,
		outdir: OUT,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		sourcemap: 'inline',
		external: ['vscode', 'mocha'],
		logLevel: 'warning',
		absWorkingDir: ROOT,
	};
}

export async function buildApiTests() {
	fs.rmSync(OUT, { recursive: true, force: true });
	await esbuild.build(options());
}

/** For .vscode-test.mjs, which is evaluated synchronously before VS Code starts. */
export function buildApiTestsSync() {
	fs.rmSync(OUT, { recursive: true, force: true });
	esbuild.buildSync(options());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	await buildApiTests();
	console.log(`built ${path.relative(ROOT, OUT)}`);
}
