// UI tests through the VS Code workbench (code-server + Chromium), in order: they share one window.
// The runner's fakes back the extension (settings point at them); tests that stop a fake come last.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const MODELS = 'taskModelTuner.models';
const RESOURCES = 'taskModelTuner.resources';

/** "Task Model: Refresh" etc., from package.json + package.nls.json, as the palette shows them. */
export function commandTitles(root) {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const nlsFile = path.join(root, 'package.nls.json');
	const nls = fs.existsSync(nlsFile) ? JSON.parse(fs.readFileSync(nlsFile, 'utf8')) : {};
	const resolve = (s) => (typeof s === 'string' ? s.replace(/^%(.+)%$/, (_, k) => nls[k] ?? s) : s?.value ?? '');
	return (pkg.contributes?.commands ?? []).map((c) => ({ id: c.command, title: `${resolve(c.category)}: ${resolve(c.title)}` }));
}

export const titleOf = (root, id) => {
	const c = commandTitles(root).find((x) => x.id === id);
	if (!c) throw new Error(`${id} is not contributed in package.json`);
	return c.title;
};

/** Status text + aria-label, which carries the tooltip-free label VS Code reads out. */
export async function statusSummary(wb) {
	const { text, ariaLabel } = await wb.statusItemInfo(MODELS);
	return `${text} | ${ariaLabel}`;
}

export const tests = [
	{
		name: 'the extension activates and shows its status-bar item',
		stopOnFailure: true,
		async fn({ wb }) {
			// onStartupFinished comes 5-10 s after the workbench renders.
			await wb.statusItem(MODELS).waitFor({ state: 'visible', timeout: 60_000 });
		},
	},
	{
		name: 'the status-bar item shows the fake Ollama as connected',
		async fn({ wb, fakes, shots }) {
			const version = fakes.ollama.state.version;
			const s = await wb.until(`status item mentioning Ollama ${version}`, async () => {
				const v = await statusSummary(wb);
				return v.includes(version) && v;
			});
			assert.doesNotMatch(s, /not reachable|offline/i);
			// Once the loaded-models list is known the text counts them ("1 loaded"); check it against the fake.
			const n = /(\d+) loaded/.exec(s);
			if (n) assert.equal(Number(n[1]), fakes.ollama.state.loaded.length, `loaded count in "${s}"`);
			if (shots) {
				// The MarkdownString tooltip: both servers' state.
				await wb.statusItem(MODELS).hover();
				const hover = wb.page.locator('.monaco-hover:visible, .workbench-hover:visible').first();
				await hover.waitFor({ state: 'visible', timeout: 10_000 });
				assert.match(await hover.innerText(), /Open WebUI/);
				await wb.shotAround('statusbar-tooltip', [wb.statusItem(MODELS), hover]);
				await wb.page.mouse.move(700, 300);
			}
		},
	},
	{
		name: 'the resources item samples CPU and RAM; statusBar.enabled=false hides it at once',
		async fn({ wb, shots }) {
			const item = wb.statusItem(RESOURCES);
			const text = await wb.until('CPU and RAM figures in the resources item', async () => {
				const { text: t } = await wb.statusItemInfo(RESOURCES);
				return /CPU \d+%/.test(t) && /RAM [\d.]+\/[\d.]+ GB/.test(t) && t;
			}, 20_000);
			assert.doesNotMatch(text, /NaN|undefined/);
			if (shots) await wb.shotAround('statusbar-resources', [item, wb.statusItem(MODELS)], 40);
			await wb.setBoolSetting('taskModelTuner.statusBar.enabled', false);
			try {
				await item.waitFor({ state: 'hidden', timeout: 10_000 });
				assert.ok(await wb.statusItem(MODELS).isVisible(), 'the models item stays');
			} finally {
				await wb.setBoolSetting('taskModelTuner.statusBar.enabled', true);
			}
			await item.waitFor({ state: 'visible', timeout: 10_000 });
		},
	},
	{
		name: 'the palette lists every contributed command under "Task Model"',
		async fn({ wb, root }) {
			const titles = commandTitles(root);
			assert.ok(titles.length >= 6, `only ${titles.length} commands contributed`);
			for (const t of titles) assert.match(t.title, /^Task Model: /, t.id);
			const rows = await wb.paletteRows('Task Model: ');
			// The palette's list is virtualised: rows below its fold are not in the DOM, so those are
			// looked up one by one.
			const missing = [];
			for (const t of titles.filter((x) => !rows.some((r) => r.startsWith(x.title)))) {
				if (!(await wb.paletteRows(t.title)).some((r) => r.startsWith(t.title))) missing.push(t);
			}
			assert.deepEqual(missing.map((m) => m.title), [], `palette rows: ${JSON.stringify(rows)}`);
		},
	},
	{
		name: 'the sidebar panel renders both servers from the fakes',
		async fn({ wb, fakes }) {
			const view = await wb.openPanel();
			const ollamaLine = `Ollama ${fakes.ollama.state.version} at ${fakes.ollama.url}`;
			const owuiVersion = fakes.openWebui.state.version;
			await wb.until(`panel showing "${ollamaLine}" and Open WebUI ${owuiVersion}`, async () => {
				const text = await wb.webviewText();
				return text.includes(ollamaLine) && text.includes(owuiVersion) && /not signed in/i.test(text);
			}, 30_000);
			// Signed out: the panel offers the action that fixes it.
			await view.getByRole('button', { name: /sign in/i }).first().waitFor({ state: 'visible', timeout: 5_000 });
			await wb.shot('panel');
			await wb.shot('panel-only', wb.page.locator('#workbench\\.parts\\.sidebar'));
		},
	},
	{
		name: 'Sign In from the palette with an API key: notification, then the panel shows the admin',
		async fn({ wb, root, page, fakes, shots }) {
			await wb.runCommand(titleOf(root, 'taskModelTuner.signIn'));
			const rows = page.locator('.quick-input-widget .monaco-list-row');
			await rows.filter({ hasText: 'Paste an API key' }).first().click();
			const input = page.locator('.quick-input-widget .quick-input-box input');
			await wb.until('the password box for the key', async () => (await input.getAttribute('type')) === 'password' && (await input.isVisible()));
			await input.fill(fakes.fakeOpenWebui.adminKey);
			await page.keyboard.press('Enter');
			const admin = fakes.fakeOpenWebui.adminUser.name;
			const toast = wb.toast(`Signed in to Open WebUI as ${admin} (admin).`);
			await toast.waitFor({ state: 'visible', timeout: 15_000 });
			// The "Signing in…" progress toast closes when the task settles.
			await wb.toast('Signing in to Open WebUI').waitFor({ state: 'hidden', timeout: 10_000 });
			await wb.shotAround('notification-signed-in', [toast], 8);
			await wb.shot('signed-in');
			const line = `Signed in to Open WebUI ${fakes.openWebui.state.version} as ${admin} (admin).`;
			await wb.openPanel();
			await wb.until(`panel showing "${line}"`, async () => (await wb.webviewText()).includes(line), 15_000);
			await wb.webview().getByRole('button', { name: /sign out/i }).first().waitFor({ state: 'visible', timeout: 5_000 });
			const sent = fakes.openWebui.requests.filter((r) => r.authorization === `Bearer ${fakes.fakeOpenWebui.adminKey}`);
			assert.ok(sent.length > 0, 'the key never reached Open WebUI');
			await wb.clearNotifications();
			if (shots) {
				// README: the signed-in panel, in a sidebar wide enough to read.
				await wb.widenSidebar(460);
				await wb.shot('readme-panel', page.locator('#workbench\\.parts\\.sidebar'));
				await wb.shot('readme-window');
			}
		},
	},
	{
		name: 'clicking the models item lists the model in memory; picking it unloads it',
		async fn({ wb, page, fakes, shots }) {
			const loaded = fakes.ollama.state.loaded[0];
			assert.ok(loaded, 'the runner seeds one loaded model');
			await wb.statusItem(MODELS).click();
			const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: loaded.name });
			await row.first().waitFor({ state: 'visible', timeout: 15_000 });
			assert.match(await row.first().innerText(), /100% GPU/);
			if (shots) await wb.shotAround('loaded-models-pick', [page.locator('.quick-input-widget')], 8);
			await row.first().click();
			await page.mouse.move(700, 300); // no tooltip over later screenshots
			await wb.until('the fake Ollama to have nothing in memory', () => fakes.ollama.state.loaded.length === 0, 15_000);
			await wb.until('the models item to count 0 loaded', async () => /\b0 loaded\b/.test(await statusSummary(wb)), 15_000);
		},
	},
	{
		name: 'Show Log opens the "Task Model Tuner" channel with request lines and no secrets',
		async fn({ wb, root, page, fakes }) {
			await wb.runCommand(titleOf(root, 'taskModelTuner.showLog'));
			const channel = page.locator('.part.panel select.monaco-select-box').first();
			await wb.until('the Output view showing the "Task Model Tuner" channel', async () =>
				(await channel.evaluate((el) => el.options[el.selectedIndex]?.text ?? '', undefined, { timeout: 2_000 })) === 'Task Model Tuner',
			);
			// Monaco renders only the lines in view, and the Output filter box is not always laid out
			// (narrow panel, VS Code < 1.97): count matches with the editor's Find widget instead, which
			// searches the whole channel on every version.
			const editor = page.locator('.part.panel .monaco-editor').first();
			const findInput = page.locator('.part.panel .find-widget .input').first();
			const matches = async (query) => {
				if (!(await findInput.isVisible().catch(() => false))) {
					await editor.click({ position: { x: 40, y: 8 }, timeout: 3_000 });
					await page.keyboard.press('Control+F');
					await findInput.waitFor({ state: 'visible', timeout: 3_000 });
				}
				await findInput.fill(query, { timeout: 3_000 });
				await page.waitForTimeout(300);
				const text = (await page.locator('.part.panel .find-widget .matchesCount').innerText({ timeout: 3_000 })).trim();
				const m = /of\s+(\d+)/.exec(text) ?? /^(\d+)/.exec(text);
				return m ? Number(m[1]) : 0; // "No results" / "No Results"
			};
			let seen = '';
			const count = async (query) => {
				const n = await matches(query);
				seen = `${query}: ${n}`;
				return n;
			};
			// inside `until`, a miss (a fill during a re-render, lines still arriving) is retried
			await wb
				.until('log lines "ollama GET /api/version 200 N ms"', async () => (await count('ollama GET /api/version 200 ')) > 0, 15_000)
				.catch((e) => {
					throw new Error(`${e.message}\nlast count: ${seen}`);
				});
			assert.ok((await count('openWebui GET /api/config 200 ')) > 0, 'no Open WebUI /api/config line');
			// The counter itself must work: a line we know is absent counts 0.
			assert.equal(await count('no such line 7f3a'), 0);
			// Signed in with a key by now: neither it nor a header may appear anywhere in the log.
			for (const secret of [fakes.fakeOpenWebui.adminKey, 'Bearer', 'eyJ.']) assert.equal(await count(secret), 0, `the log shows ${secret.slice(0, 6)}…`);
			await page.keyboard.press('Escape');
			await wb.shot('log');
			await wb.runCommand('View: Hide Panel');
		},
	},
	{
		name: 'refresh after the fake Ollama stops shows "not reachable" in the status bar and the panel',
		async fn({ wb, fakes, root }) {
			await fakes.ollama.stop();
			await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
			const status = await wb.until('status item saying Ollama is not reachable', async () => {
				const v = await statusSummary(wb);
				return /not reachable|offline/i.test(v) && v;
			});
			assert.match(status, new RegExp(`Ollama not reachable at ${fakes.ollama.url}`), 'accessible label names the URL');
			await wb.shotAround('statusbar-offline', [wb.statusItem(MODELS)], 40);
			// Offline, the item's click opens the panel that explains what to do.
			await wb.runCommand('View: Close Primary Side Bar');
			await wb.statusItem(MODELS).click();
			const wanted = `Ollama not reachable at ${fakes.ollama.url}`;
			await wb.until(`panel showing "${wanted}"`, async () => (await wb.webviewText()).includes(wanted), 15_000);
			await wb.webview().getByRole('button', { name: /retry/i }).first().waitFor({ state: 'visible', timeout: 5_000 });
			await wb.shot('panel-offline');
		},
	},
	{
		name: 'Retry in the panel reconnects once Ollama is back',
		async fn({ wb, fakes }) {
			const port = Number(new URL(fakes.ollama.url).port);
			fakes.ollama = await fakes.fakeOllama.startFakeOllama({ port, state: fakes.ollama.state });
			await wb.webview().getByRole('button', { name: /retry/i }).first().click();
			const line = `Ollama ${fakes.ollama.state.version} at ${fakes.ollama.url}`;
			await wb.until(`panel showing "${line}" again`, async () => (await wb.webviewText()).includes(line), 15_000);
			await wb.until('status item without the offline warning', async () => !/not reachable|offline/i.test(await statusSummary(wb)));
		},
	},
];
