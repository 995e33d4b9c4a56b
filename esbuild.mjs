// Two builds: the extension host (cjs/node, `vscode` external) and the Svelte webview (iife/browser,
// CSS to its own file). `--watch` rebuilds on change; `--production` minifies and drops sourcemaps.
import * as esbuild from 'esbuild';
import sveltePlugin from 'esbuild-svelte';
import { cpSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors as file:line:column so the `$esbuild-watch` problem matcher can read them. */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log(`[watch] build started (${build.initialOptions.outfile ?? build.initialOptions.outdir})`));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
			}
			console.log('[watch] build finished');
		});
	},
};

const copyCodicons = {
	name: 'copy-codicons',
	setup(build) {
		build.onEnd(() => {
			mkdirSync('dist/codicons', { recursive: true });
			// The subset made by scripts/codicons.mjs: only the icons the panel uses (4 KB, not 123 KB).
			for (const f of ['codicon.css', 'codicon.ttf']) cpSync(`media/codicons/${f}`, `dist/codicons/${f}`);
		});
	},
};

/** dist/<name>.js → its source; main.ts and the core require() them as './<name>.js'. */
const lazyBundles = {
	core: 'src/extension.ts',
	pull: 'src/features/pullFeature.ts',
	tasks: 'src/features/tasksFeature.ts',
	benchmark: 'src/features/benchmarkFeature.ts',
	hosted: 'src/features/hostedFeature.ts',
};

/** Leaves require('./core.js') and the like to run time: each names a sibling bundle in dist/. */
const siblingBundles = {
	name: 'sibling-bundles',
	setup(build) {
		const names = new RegExp(`^\\./(${Object.keys(lazyBundles).join('|')})\\.js$`);
		build.onResolve({ filter: names }, (args) => ({ path: args.path, external: true }));
	},
};

/**
 * Svelte's package.json declares no `sideEffects`, so esbuild keeps every top-level statement of each
 * runtime module the `svelte/internal/client` barrel reaches (custom elements, unused bindings…).
 * Its runtime modules have none except the two flag/version modules below: marking the rest
 * side-effect free lets esbuild drop what the panel does not use.
 */
const svelteSideEffectFree = {
	name: 'svelte-side-effect-free',
	setup(build) {
		build.onResolve({ filter: /^(svelte|\.{1,2})(\/|$)/ }, async (args) => {
			if (args.pluginData?.svelteSideEffectFree || !(args.path.startsWith('svelte') || args.importer.includes('/node_modules/svelte/'))) return undefined;
			const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { svelteSideEffectFree: true } });
			if (r.errors.length || !r.path.includes('/node_modules/svelte/src/') || /\/(disclose-version|flags\/[^/]+)\.js$/.test(r.path)) return r;
			return { ...r, sideEffects: false };
		});
	},
};

const common = { bundle: true, minify: production, sourcemap: !production, sourcesContent: false, logLevel: 'silent', plugins: [problemMatcher], metafile: Boolean(process.env.TMT_METAFILE) };

const contexts = await Promise.all([
	esbuild.context({
		...common,
		// dist/extension.js is the entry VS Code loads: a few hundred bytes that load dist/core.js (the
		// composition root and what the first screen needs) right after activation. The features used
		// now and then are bundles of their own, require()d on first use.
		entryPoints: { extension: 'src/main.ts', ...lazyBundles },
		outdir: 'dist',
		plugins: [problemMatcher, siblingBundles],
		format: 'cjs',
		platform: 'node',
		target: 'node20',
		external: ['vscode'],
		// Node 20 has fetch: take ofetch's fetch-native build, not its node-fetch polyfill.
		conditions: ['worker'],
	}),
	esbuild.context({
		...common,
		entryPoints: ['webview/main.ts'],
		outdir: 'dist/webview',
		format: 'iife',
		platform: 'browser',
		target: 'es2022',
		mainFields: ['svelte', 'browser', 'module', 'main'],
		conditions: ['svelte', 'browser', production ? 'production' : 'development'],
		plugins: [
			problemMatcher,
			copyCodicons,
			svelteSideEffectFree,
			sveltePlugin({ compilerOptions: { css: 'external', dev: !production } }),
		],
	}),
]);

if (watch) {
	await Promise.all(contexts.map((c) => c.watch()));
} else {
	const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
	// TMT_METAFILE=<file>: what each bundle is made of (bench/sizes.ts prints the largest inputs).
	if (process.env.TMT_METAFILE) {
		const { writeFileSync } = await import('node:fs');
		writeFileSync(process.env.TMT_METAFILE, JSON.stringify(results.map((r) => (r.status === 'fulfilled' ? r.value.metafile : undefined))));
	}
	await Promise.all(contexts.map((c) => c.dispose()));
	if (results.some((r) => r.status === 'rejected')) process.exit(1);
}
