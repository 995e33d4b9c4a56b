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
import { report, type Figure } from './lib/figures';

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

/** A state whose every model is on `n` Open WebUI backends (OLLAMA_BASE_URLS): the worst case, each row lists them all. */
function onBackends(state: ViewState, n: number): ViewState {
	const backends = Array.from({ length: n }, (_, index) => ({ index, label: `http://gpu-${String(index).padStart(2, '0')}.lan:11434` }));
	return { ...state, models: { ...state.models, rows: state.models.rows.map((r) => ({ ...r, backends })) } };
}

/** The same state with one model now in memory: what a /api/ps poll changes. */
function oneRowLoaded(state: ViewState, index: number): { state: ViewState; name: string } {
	const target = state.models.rows[index]!;
	const loaded = { memoryBytes: 1.2e9, memoryLabel: '1.2 GB', vramBytes: 0, gpuShare: 0, processorLabel: '100% CPU' };
	return { name: target.name, state: { ...state, models: { ...state.models, rows: state.models.rows.map((r) => (r === target ? { ...r, loaded } : r)) } } };
}

/** Rows ModelsSection.svelte renders at once (its `first`); the rest follow in chunks, one per frame. */
export const FIRST_SCREENFUL = 40;

export interface ScenarioWithId extends RenderScenario {
	readonly id: string;
}

/** The scenarios the product has today, and the scale cases (5,000 models; 50 backends). */
export async function defaultScenarios(): Promise<ScenarioWithId[]> {
	const fx = await loadFixtures();
	const [none, many, huge] = await Promise.all([modelListState(0), modelListState(500), modelListState(5000)]);
	const changed = oneRowLoaded(many, 250);
	const list = (id: string, n: string, to: ViewState, count: number, goalMs: number, from = none): ScenarioWithId[] => [
		{ id: `${id}.first`, name: `model list: 0 → ${n}, first screenful (${FIRST_SCREENFUL} rows)`, from, to, done: { selector: '[data-model]', count: FIRST_SCREENFUL }, goalMs: goalMs },
		{ id: `${id}.all`, name: `model list: 0 → ${n}, every row in the DOM`, from, to, done: { selector: '[data-model]', count }, goalMs: goalMs * 3 },
	];
	return [
		{
			id: 'webview.connections.signIn',
			name: 'connections: all down → signed in (both cards, 4 models)',
			from: fx.allDown.state,
			to: fx.ollamaConnected.state,
			done: { selector: 'section[data-peer=openWebui][data-state=signedIn]' },
			goalMs: 16,
		},
		{
			id: 'webview.connections.text',
			name: 'connections: key rejected → API keys disabled (text and buttons only)',
			from: fx.owuiKeyInvalid.state,
			to: fx.owuiApiKeysDisabled.state,
			done: { selector: '[data-testid=openWebui-message]', text: 'API keys are not enabled' },
			goalMs: 16,
		},
		...list('webview.models500', '500 models', many, 500, 50),
		{
			id: 'webview.models500.oneRow',
			name: 'model list: 500 models, one row changes (keyed update)',
			from: many,
			to: changed.state,
			done: { selector: `[data-model="${changed.name}"] .loaded` },
			goalMs: 16,
		},
		// Scale: ten times the models; every model on 50 backends.
		...list('webview.models5000', '5,000 models', huge, 5000, 500),
		...list('webview.backends50', '500 models on 50 backends', onBackends(many, 50), 500, 100),
	];
}

async function main(): Promise<void> {
	const dev = process.argv.includes('--dev');
	const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 15);
	const started = performance.now();
	const distDir = dev ? undefined : buildProduction();
	// --only=<substring of an id>: a few scenarios (then the growth figures are left out).
	const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
	const scenarios = (await defaultScenarios()).filter((s) => !only || s.id.includes(only));
	let results: RenderResult[];
	try {
		results = await runWebviewRenderBench(scenarios, { runs, distDir });
	} finally {
		if (distDir) fs.rmSync(path.dirname(distDir), { recursive: true, force: true });
	}
	const build = dev ? 'dev build from dist/' : 'production build';
	console.log(`webview render (${build}, headless Chromium, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(1)}; median / p90 of ${runs} runs after 3 warm-up; post → DOM + layout)`);
	const figures: Figure[] = results.map((r, i) => ({
		id: scenarios[i]!.id,
		label: r.name,
		unit: 'ms',
		median: r.layoutMs.median,
		p90: r.layoutMs.p90,
		samples: r.runs,
		goal: { op: '<=', value: r.goalMs },
		note: `DOM alone ${r.domMs.median.toFixed(1)} ms, next frame ${r.frameMs.median.toFixed(1)} ms`,
	}));
	// How each figure grows: 10× the models, and 50 backends per row, against 500 models on one.
	const at = (id: string) => figures.find((f) => f.id === id)?.median ?? NaN;
	for (const [id, label, base, bigger, factor] of only ? [] : [
		['webview.scale.models.first', 'growth 500 → 5,000 models, first screenful', 'webview.models500.first', 'webview.models5000.first', 10],
		['webview.scale.models.all', 'growth 500 → 5,000 models, every row', 'webview.models500.all', 'webview.models5000.all', 10],
		['webview.scale.backends.all', 'growth 1 → 50 backends per row, every row', 'webview.models500.all', 'webview.backends50.all', 50],
	] as const) {
		figures.push({ id, label, unit: '×', median: at(bigger) / at(base), goal: { op: '<=', value: factor }, note: `linear would be ${factor}×` });
	}
	report('webviewRender', figures);
	console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
}

if (require.main === module) void main();
