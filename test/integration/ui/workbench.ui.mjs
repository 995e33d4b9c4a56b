// UI tests through the VS Code workbench (code-server + Chromium), in order: they share one window.
// The runner's fakes back the extension (settings point at them); tests that stop a fake come last.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const MODELS = 'taskModelTuner.models';

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
		async fn({ wb, fakes }) {
			const version = fakes.ollama.state.version;
			const s = await wb.until(`status item mentioning Ollama ${version}`, async () => {
				const v = await statusSummary(wb);
				return v.includes(version) && v;
			});
			assert.doesNotMatch(s, /not reachable|offline/i);
			await wb.shot('statusbar', wb.page.locator('#workbench\\.parts\\.statusbar'));
		},
	},
	{
		name: 'the palette lists every contributed command under "Task Model"',
		async fn({ wb, root }) {
			const titles = commandTitles(root);
			assert.ok(titles.length >= 6, `only ${titles.length} commands contributed`);
			for (const t of titles) assert.match(t.title, /^Task Model: /, t.id);
			const rows = await wb.paletteRows('Task Model: ');
			const missing = titles.filter((t) => !rows.some((r) => r.startsWith(t.title)));
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
		name: 'Show Log opens the "Task Model Tuner" channel with request lines and no secrets',
		async fn({ wb, root, page }) {
			await wb.runCommand(titleOf(root, 'taskModelTuner.showLog'));
			const lines = page.locator('.part.panel .view-lines');
			await wb.until('log lines with GET /api/version', async () => /GET \S*\/api\/version/.test((await lines.innerText()) ?? ''), 15_000);
			const text = await lines.innerText();
			assert.doesNotMatch(text, /sk-[a-z0-9]{8,}|eyJ\.|Bearer /i, 'the log shows a credential');
			await page.keyboard.press('Escape');
			await wb.runCommand('View: Close Panel').catch(() => {});
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
			assert.ok(!status.includes(fakes.ollama.state.version) || /not reachable|offline/i.test(status));
			await wb.openPanel();
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
