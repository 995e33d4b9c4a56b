// The built webview (dist/webview) in headless Debian Chromium, hosted the way VS Code hosts it:
// the host's HTML and CSP, theme variables and body classes applied the way VS Code's webview
// frame applies them, an `acquireVsCodeApi` stand-in that records what the webview posts, and
// host messages delivered as `message` events on the window.
import { panelCsp, panelHtml } from '../../src/sidebar/panelHtml';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { HostMessage, ViewState, WebviewMessage, WebviewStrings } from '../../src/shared/protocol';
import { webviewStrings } from '../../src/shared/webviewStrings';

export const repoRoot = path.resolve(__dirname, '../..');
const defaultDistDir = path.join(repoRoot, 'dist');
export const screenshotDir = path.join(repoRoot, 'test-results', 'webview');

export const themeNames = ['darkModern', 'lightModern', 'highContrast'] as const;
export type ThemeName = (typeof themeNames)[number];

export interface Theme {
	readonly name: string;
	readonly id: string;
	readonly kind: 'vscode-dark' | 'vscode-light' | 'vscode-high-contrast';
	readonly colorScheme: 'dark' | 'light';
	/** Color ids (`button.background`); each becomes `--vscode-button-background`. */
	readonly colors: Readonly<Record<string, string>>;
	/** Ids the real theme leaves without a value (VS Code emits no variable): CSS must cope. */
	readonly unset: readonly string[];
}

export function loadTheme(name: ThemeName): Theme {
	return JSON.parse(fs.readFileSync(path.join(__dirname, 'themes', `${name}.json`), 'utf8')) as Theme;
}

/** The CSS variables VS Code sets on the webview's <html>: fonts (Linux defaults) and every theme colour. */
export function themeVariables(theme: Theme): Record<string, string> {
	const vars: Record<string, string> = {
		'--vscode-font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
		'--vscode-font-weight': 'normal',
		'--vscode-font-size': '13px',
		'--vscode-editor-font-family': '"Droid Sans Mono", "monospace", monospace',
		'--vscode-editor-font-weight': 'normal',
		'--vscode-editor-font-size': '14px',
	};
	for (const [id, value] of Object.entries(theme.colors)) vars[`--vscode-${id.replace(/\./g, '-')}`] = value;
	return vars;
}

// VS Code's default webview styles (the `_defaultStyles` element its webview frame prepends to <head>),
// plus one rule standing in for the side bar that shows through the transparent iframe.
const defaultStyles = `
html { scrollbar-color: var(--vscode-scrollbarSlider-background) var(--vscode-editor-background); background-color: var(--vscode-sideBar-background); }
body { overscroll-behavior-x: none; background-color: transparent; color: var(--vscode-editor-foreground); font-family: var(--vscode-font-family); font-weight: var(--vscode-font-weight); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }
img, video { max-width: 100%; max-height: 100%; }
a, a code { color: var(--vscode-textLink-foreground); }
a:hover { color: var(--vscode-textLink-activeForeground); }
a:focus, input:focus, select:focus, textarea:focus { outline: 1px solid -webkit-focus-ring-color; outline-offset: -1px; }
code { font-family: var(--monaco-monospace-font); color: var(--vscode-textPreformat-foreground); background-color: var(--vscode-textPreformat-background); padding: 1px 3px; border-radius: 4px; }
pre code { padding: 0; }
blockquote { background: var(--vscode-textBlockQuote-background); border-color: var(--vscode-textBlockQuote-border); }
::-webkit-scrollbar { width: 10px; height: 10px; }
::-webkit-scrollbar-corner { background-color: var(--vscode-editor-background); }
::-webkit-scrollbar-thumb { background-color: var(--vscode-scrollbarSlider-background); }
::-webkit-scrollbar-thumb:hover { background-color: var(--vscode-scrollbarSlider-hoverBackground); }
::-webkit-scrollbar-thumb:active { background-color: var(--vscode-scrollbarSlider-activeBackground); }
`;

/** The real host's CSP and page (src/sidebar/panelHtml.ts), so the page under test is the page users get. */
export const hostCsp = panelCsp;
export const hostHtml = panelHtml;

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** What VS Code's webview frame does to the extension's HTML before showing it: theme variables on <html>,
 * its default styles first in <head> (ahead of the extension's CSP meta, so they are not subject to it),
 * theme classes and data attributes on <body>. */
export function applyVsCodeFrame(html: string, theme: Theme): string {
	const style = Object.entries(themeVariables(theme))
		.map(([k, v]) => `${k}: ${v};`)
		.join(' ');
	return html
		.replace(/<html([^>]*)>/, `<html$1 style="${attr(style)}">`)
		.replace(/<head>/, `<head>\n<style id="_defaultStyles">${defaultStyles}</style>`)
		.replace(/<body([^>]*)>/, `<body$1 class="${theme.kind}" data-vscode-theme-kind="${theme.kind}" data-vscode-theme-name="${attr(theme.name)}" data-vscode-theme-id="${attr(theme.id)}">`);
}

// ---------------------------------------------------------------------------------------------
// Build freshness: the tests run against dist/webview; rebuild when a webview source is newer.

function newestMtime(dir: string): number {
	let newest = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

let buildChecked = false;
/** Runs `npm run build` when dist/webview is missing or older than webview/ or src/shared/. */
export function ensureBuilt(): void {
	if (buildChecked) return;
	const out = ['webview/main.js', 'webview/main.css', 'codicons/codicon.css', 'codicons/codicon.ttf'].map((p) => path.join(defaultDistDir, p));
	const builtAt = Math.min(...out.map((p) => (fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0)));
	const sourcesAt = Math.max(newestMtime(path.join(repoRoot, 'webview')), newestMtime(path.join(repoRoot, 'src', 'shared')));
	if (builtAt < sourcesAt || process.env.TMT_WEBVIEW_REBUILD === '1') {
		try {
			execFileSync('node', ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
		} catch (e) {
			// The extension context may fail while someone edits src/; the webview output is what we need.
			const fresh = out.every((p) => fs.existsSync(p) && fs.statSync(p).mtimeMs >= sourcesAt);
			if (!fresh) throw new Error(`the webview build failed and dist/webview is stale: ${(e as Error).message}`);
		}
	}
	buildChecked = true;
}

/** A production (`--production`, minified) build of the repo's current sources into a temp dir, leaving
 * the shared dist/ alone: runs the project's own esbuild.mjs with a working directory whose src/,
 * webview/ and node_modules/ link to the repo. Returns the temp dist/ (remove it when done). */
export function buildProduction(): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmt-webview-prod-'));
	for (const d of ['src', 'webview', 'media', 'node_modules']) fs.symlinkSync(path.join(repoRoot, d), path.join(dir, d));
	execFileSync('node', [path.join(repoRoot, 'esbuild.mjs'), '--production'], { cwd: dir, stdio: 'inherit' });
	return path.join(dir, 'dist');
}

// ---------------------------------------------------------------------------------------------
// A loopback static server: dist/ under /dist, and each page's HTML under /page/<id>.html.

const contentTypes: Record<string, string> = {
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.ttf': 'font/ttf',
	'.map': 'application/json',
	'.html': 'text/html; charset=utf-8',
	'.svg': 'image/svg+xml',
};

interface StaticServer {
	readonly origin: string;
	readonly pages: Map<string, string>;
	close(): Promise<void>;
}

async function startStaticServer(distDir: string): Promise<StaticServer> {
	const pages = new Map<string, string>();
	const server = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://x');
		if (url.pathname === '/favicon.ico') return void res.writeHead(204).end(); // a top-level page asks; a webview iframe does not
		const page = /^\/page\/([\w-]+)\.html$/.exec(url.pathname);
		if (page && pages.has(page[1])) {
			res.writeHead(200, { 'content-type': contentTypes['.html'], 'cache-control': 'no-store' });
			res.end(pages.get(page[1]));
			return;
		}
		if (url.pathname.startsWith('/dist/')) {
			const file = path.normalize(path.join(distDir, decodeURIComponent(url.pathname.slice('/dist/'.length))));
			if (file.startsWith(distDir + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
				res.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
				fs.createReadStream(file).pipe(res);
				return;
			}
		}
		res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		origin: `http://127.0.0.1:${port}`,
		pages,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

// ---------------------------------------------------------------------------------------------
// What runs in the page before any of its scripts: the VS Code API stand-in and the recorders.

export interface PageProblems {
	readonly consoleErrors: string[];
	readonly pageErrors: string[];
	readonly cspViolations: string[];
	readonly failedRequests: string[];
}

interface PageRecorder {
	sent: unknown[];
	vscodeState: unknown;
	csp: string[];
	received: number;
}

declare global {
	interface Window {
		__tmt: PageRecorder;
		acquireVsCodeApi?: () => { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
	}
}

// A string, not a function: tsx's transform would add helpers (`__name`) the page does not have.
// Registered once per page; each open() passes getState()'s start value in the URL hash.
const pageInit = `(() => {
	// Functions the tests pass to page.evaluate() are compiled by tsx, which wraps named functions in __name().
	Object.defineProperty(globalThis, '__name', { value: (f) => f });
	const hash = new URLSearchParams(location.hash.slice(1)).get('vscodeState');
	const rec = { sent: [], vscodeState: hash ? JSON.parse(hash) : undefined, csp: [], received: 0 };
	Object.defineProperty(window, '__tmt', { value: rec });
	let acquired = false;
	// Like VS Code's: callable once; messages go through structured clone; state survives hide/show.
	window.acquireVsCodeApi = () => {
		if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
		acquired = true;
		return Object.freeze({
			postMessage: (m) => void rec.sent.push(structuredClone(m)),
			getState: () => rec.vscodeState ?? undefined,
			setState: (s) => ((rec.vscodeState = s), s),
		});
	};
	window.addEventListener('securitypolicyviolation', (e) => rec.csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + e.sourceFile + ':' + e.lineNumber + ')'), true);
	window.addEventListener('message', () => void rec.received++, true);
})();`;

// ---------------------------------------------------------------------------------------------

export const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface OpenOptions {
	theme?: ThemeName;
	/** Side-bar width in CSS pixels. */
	width?: number;
	height?: number;
	/** What vscode.env.language would be; goes into <html lang> and the `init` message. */
	locale?: string;
	/** The `init` strings; defaults to the English table the host translates. */
	strings?: WebviewStrings;
	/** false: stop after the webview said `ready`, post nothing (the host has not answered yet). */
	answerReady?: boolean;
	/** What getState() returns at start (VS Code keeps it while the view is hidden). */
	vscodeState?: unknown;
}

export class WebviewHarness {
	private current: Page | undefined;
	private pageProblems = { consoleErrors: [] as string[], pageErrors: [] as string[], failedRequests: [] as string[] };
	private pageCount = 0;

	private constructor(
		private readonly browser: Browser,
		private readonly server: StaticServer,
	) {}

	/** Builds dist/ if stale, starts the static server and one Chromium. Close it in an `after` hook.
	 * `distDir`: serve another build (e.g. from buildProduction()) instead of the repo's dist/. */
	static async launch(opts: { distDir?: string } = {}): Promise<WebviewHarness> {
		if (!opts.distDir) ensureBuilt();
		const server = await startStaticServer(opts.distDir ?? defaultDistDir);
		try {
			const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: launchArgs });
			return new WebviewHarness(browser, server);
		} catch (e) {
			await server.close();
			throw e;
		}
	}

	get page(): Page {
		if (!this.current) throw new Error('no page: call open() first');
		return this.current;
	}

	/** One page for the harness's life: each open() navigates it to a fresh document (new pages are slow under load). */
	private async ensurePage(): Promise<Page> {
		if (this.current && !this.current.isClosed()) return this.current;
		const context: BrowserContext = await this.browser.newContext({ timezoneId: 'UTC', locale: 'en-US', reducedMotion: 'reduce' });
		const page = await context.newPage();
		page.on('console', (m) => m.type() === 'error' && this.pageProblems.consoleErrors.push(m.text()));
		page.on('pageerror', (e) => this.pageProblems.pageErrors.push(e.stack ?? e.message));
		page.on('requestfailed', (r) => this.pageProblems.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
		page.on('response', (r) => r.status() >= 400 && this.pageProblems.failedRequests.push(`${r.url()} ${r.status()}`));
		await page.addInitScript({ content: pageInit });
		this.current = page;
		return page;
	}

	/** Opens the panel: waits for `ready`, then answers as the host does (`init`, then `state` when given). */
	async open(state: ViewState | undefined, opts: OpenOptions = {}): Promise<Page> {
		const theme = loadTheme(opts.theme ?? 'darkModern');
		const locale = opts.locale ?? 'en';
		const page = await this.ensurePage();
		const size = { width: opts.width ?? 320, height: opts.height ?? 480 };
		const vp = page.viewportSize();
		if (vp?.width !== size.width || vp?.height !== size.height) await page.setViewportSize(size);
		await page.emulateMedia({ colorScheme: theme.colorScheme, reducedMotion: 'reduce' });

		const nonce = crypto.randomBytes(16).toString('base64');
		const html = hostHtml({ cspSource: this.server.origin, nonce, lang: locale, uri: (...p) => `${this.server.origin}/dist/${p.join('/')}` });
		const id = `p${++this.pageCount}`;
		this.server.pages.clear();
		this.server.pages.set(id, applyVsCodeFrame(html, theme));
		const hash = opts.vscodeState === undefined ? '' : `#${new URLSearchParams({ vscodeState: JSON.stringify(opts.vscodeState) })}`;
		this.pageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [] };
		await page.goto(`${this.server.origin}/page/${id}.html${hash}`, { waitUntil: 'load' });
		try {
			await page.waitForFunction(() => window.__tmt.sent.some((m) => (m as { type?: string }).type === 'ready'), undefined, { timeout: 5000 });
		} catch (e) {
			const p = await this.problems().catch(() => undefined);
			throw new Error(`the webview never posted \`ready\` within 5 s (${(e as Error).message.split('\n')[0]}); page problems: ${JSON.stringify(p)}`);
		}
		if (opts.answerReady === false) return page;
		await this.post({ type: 'init', strings: opts.strings ?? { ...webviewStrings }, locale });
		if (state) await this.setState(state);
		return page;
	}

	/** Posts a host message as VS Code delivers it (a `message` event on the window) and waits until
	 * the webview has handled it and the UI has settled. */
	async post(message: HostMessage | Record<string, unknown>): Promise<void> {
		await this.page.evaluate(async (m) => {
			const before = window.__tmt.received;
			window.postMessage(m, '*');
			// Message events are delivered in order: once ours arrived, the webview's handler ran and
			// Svelte's microtask flush is done; one frame more for layout.
			while (window.__tmt.received === before) await new Promise((r) => setTimeout(r, 0));
			await new Promise((r) => requestAnimationFrame(() => r(undefined)));
		}, message);
	}

	setState(state: ViewState): Promise<void> {
		return this.post({ type: 'state', state });
	}

	/** Everything the webview posted to the host so far, in order. */
	sent(): Promise<WebviewMessage[]> {
		return this.page.evaluate(() => window.__tmt.sent as WebviewMessage[]);
	}

	async clearSent(): Promise<void> {
		await this.page.evaluate(() => void (window.__tmt.sent.length = 0));
	}

	/** Console errors, uncaught errors, CSP violations and failed requests of the current page. */
	async problems(): Promise<PageProblems> {
		const p = this.pageProblems;
		const cspViolations = this.current ? await this.current.evaluate(() => window.__tmt?.csp.slice() ?? []) : [];
		return { consoleErrors: [...p.consoleErrors], pageErrors: [...p.pageErrors], cspViolations, failedRequests: [...p.failedRequests] };
	}

	/** A PNG at test-results/webview/<name>.png (name may contain `/`), the full page unless `fullPage: false`; returns the path. */
	async screenshot(name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
		const file = path.join(screenshotDir, `${name}.png`);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		await this.page.screenshot({ path: file, fullPage: opts.fullPage ?? true, animations: 'disabled', caret: 'hide' });
		return file;
	}

	async close(): Promise<void> {
		try {
			await this.browser.close();
		} finally {
			await this.server.close();
		}
	}
}
