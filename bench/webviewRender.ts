// Webview render time: from posting a `state` message to the DOM showing it, in the built webview
// (dist/webview) in headless Chromium, through test/webview's harness (host HTML, CSP, VS Code
// frame). Each scenario posts its `from` state, then times `from` → `to`; median and p90 of N runs.
// Run: node --import tsx bench/webviewRender.ts [runs] [--dev]
// By default it benches a production build (minified, Svelte without dev checks, as the .vsix
// ships) made in a temp dir; --dev benches the repo's dist/ as `npm run build` left it.
//
// A scenario is { name, from, to, done, goalMs }: `done` is a CSS selector (and optional count)
// that holds once `to` is on screen. To bench another list, build its ViewState (see
// test/webview/fixtures.ts: modelListState(n), viewStateOf(connection, { models, pulls })) and add
// a scenario below.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ViewState } from '../src/shared/protocol';
import { loadFixtures, modelListState } from '../test/webview/fixtures';
import { buildProduction, WebviewHarness } from '../test/webview/harness';

export interface RenderScenario {
	readonly name: string;
	readonly from: ViewState;
	readonly to: ViewState;
	/** Holds once `to` is rendered: `selector` matches `count` elements (default: at least one), the first containing `text` when given. */
	readonly done: { readonly selector: string; readonly count?: number; readonly text?: string };
	readonly goalMs: number;
}

export interface RenderResult {
	readonly name: string;
	readonly runs: number;
	/** Post → DOM updated (the `done` selector holds). */
	readonly domMs: { median: number; p90: number };
	/** Post → DOM updated and style + layout computed (forced right after): what the goal is checked against. */
	readonly layoutMs: { median: number; p90: number };
	/** Post → the next animation frame callback after that. */
	readonly frameMs: { median: number; p90: number };
	readonly goalMs: number;
	readonly ok: boolean;
}

/** Times one `from` → `to` render in the page; returns [ms to DOM, ms to layout, ms to next frame]. */
async function timeOnce(h: WebviewHarness, s: RenderScenario): Promise<[number, number, number]> {
	await h.setState(s.from);
	return h.page.evaluate(
		({ to, done }) =>
			new Promise<[number, number, number]>((resolve, reject) => {
				const holds = () => {
					const found = document.querySelectorAll(done.selector);
					if (done.text !== undefined && !found[0]?.textContent?.includes(done.text)) return false;
					return done.count === undefined ? found.length > 0 : found.length === done.count;
				};
				if (holds()) return reject(new Error(`"${done.selector}" already holds before the post: the scenario measures nothing`));
				let t0 = 0;
				const timeout = setTimeout(() => reject(new Error(`"${done.selector}" never held`)), 10_000);
				const observer = new MutationObserver(() => {
					if (!holds()) return;
					const dom = performance.now() - t0;
					observer.disconnect();
					clearTimeout(timeout);
					void document.body.getBoundingClientRect().height; // forces style and layout now
					const layout = performance.now() - t0;
					requestAnimationFrame(() => resolve([dom, layout, performance.now() - t0]));
				});
				observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
				t0 = performance.now();
				window.postMessage({ type: 'state', state: to }, '*');
			}),
		{ to: s.to, done: s.done },
	);
}

const stats = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return { median: s[Math.floor(s.length / 2)]!, p90: s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]! };
};

export async function runWebviewRenderBench(scenarios: readonly RenderScenario[], opts: { runs?: number; warmup?: number; distDir?: string } = {}): Promise<RenderResult[]> {
	const { runs = 15, warmup = 3 } = opts;
	const h = await WebviewHarness.launch({ distDir: opts.distDir });
	try {
		const results: RenderResult[] = [];
		for (const s of scenarios) {
			await h.open(s.from);
			for (let i = 0; i < warmup; i++) await timeOnce(h, s);
			const dom: number[] = [];
			const layout: number[] = [];
			const frame: number[] = [];
			for (let i = 0; i < runs; i++) {
				const [d, l, f] = await timeOnce(h, s);
				dom.push(d);
				layout.push(l);
				frame.push(f);
			}
			const problems = await h.problems();
			const errors = [...problems.consoleErrors, ...problems.pageErrors, ...problems.cspViolations];
			if (errors.length) throw new Error(`${s.name}: the page reported errors: ${errors.join('; ')}`);
			const layoutMs = stats(layout);
			results.push({ name: s.name, runs, domMs: stats(dom), layoutMs, frameMs: stats(frame), goalMs: s.goalMs, ok: layoutMs.median <= s.goalMs });
		}
		return results;
	} finally {
		await h.close();
	}
}

/** The scenarios the product has today. */
export async function defaultScenarios(): Promise<RenderScenario[]> {
	const fx = await loadFixtures();
	const [none, many] = await Promise.all([modelListState(0), modelListState(500)]);
	return [
		{
			name: 'connections: all down → signed in (both cards, 4 models)',
			from: fx.allDown.state,
			to: fx.ollamaConnected.state,
			done: { selector: 'section[data-peer=openWebui][data-state=signedIn]' },
			goalMs: 16,
		},
		{
			name: 'connections: key rejected → API keys disabled (text and buttons only)',
			from: fx.owuiKeyInvalid.state,
			to: fx.owuiApiKeysDisabled.state,
			done: { selector: '[data-testid=openWebui-message]', text: 'API keys are not enabled' },
			goalMs: 16,
		},
		// The list renders a first screenful (100 rows) at once and the rest one chunk per frame.
		{ name: 'model list: 0 → 500 models, first screenful', from: none, to: many, done: { selector: '[data-model]', count: 100 }, goalMs: 100 },
		{ name: 'model list: 0 → 500 models, every row in the DOM', from: none, to: many, done: { selector: '[data-model]', count: 500 }, goalMs: 250 },
	];
}

async function main(): Promise<void> {
	const dev = process.argv.includes('--dev');
	const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 15);
	const started = performance.now();
	const distDir = dev ? undefined : buildProduction();
	let results: RenderResult[];
	try {
		results = await runWebviewRenderBench(await defaultScenarios(), { runs, distDir });
	} finally {
		if (distDir) fs.rmSync(path.dirname(distDir), { recursive: true, force: true });
	}
	const build = dev ? 'dev build from dist/' : 'production build';
	console.log(`webview render (${build}, headless Chromium, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}; median / p90 of ${runs} runs after 3 warm-up)`);
	for (const r of results) {
		console.log(
			`  ${r.name}: ${r.layoutMs.median.toFixed(1)} ms (p90 ${r.layoutMs.p90.toFixed(1)}) to DOM + layout  goal ≤ ${r.goalMs} ms  ${r.ok ? 'OK' : 'OVER GOAL'}  [DOM alone ${r.domMs.median.toFixed(1)} ms, next frame ${r.frameMs.median.toFixed(1)} ms]`,
		);
	}
	console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
	process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) void main();
