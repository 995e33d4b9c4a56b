// UI tests for pulling a model through the VS Code workbench (code-server + Chromium), against the
// runner's fake Ollama: the palette's quick pick, the cancellable progress notification, the
// status-bar item while it runs, and Cancel. They share the window with workbench.ui.mjs and run
// after it, so they wait for activation and a connected Ollama themselves (also under --grep).
import assert from 'node:assert/strict';
import path from 'node:path';
import { statusSummary, titleOf } from './workbench.ui.mjs';

const MODELS = 'taskModelTuner.models';
const PULL = 'taskModelTuner.pull';
const MODEL = 'gemma3:1b';

/**
 * Like wb.shotAround, but numbered from 20 (NN-<mode>-<name>.png): after workbench.ui.mjs's shots,
 * and the same name whether or not those ran (--grep).
 */
async function shotAround(wb, nr, name, locators, margin = 12) {
	if (!wb.shotDir) return undefined;
	await wb.page.waitForTimeout(400); // toasts slide in
	const boxes = (await Promise.all(locators.map((l) => l.boundingBox()))).filter(Boolean);
	if (!boxes.length) throw new Error(`shot ${name}: nothing visible to frame`);
	const vp = wb.page.viewportSize() ?? { width: 1400, height: 900 };
	const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
	const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
	const right = Math.min(vp.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
	const bottom = Math.min(vp.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
	const file = path.join(wb.shotDir, `${nr}-${wb.mode}-${name}.png`);
	await wb.page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
	return file;
}

export const tests = [
	{
		name: 'Pull a Model… from the palette: progress toast and status item, then Cancel keeps the partial download',
		async fn({ wb, page, fakes, root }) {
			// Also when run alone (--grep pull): activation comes 5-10 s after the workbench renders.
			await wb.statusItem(MODELS).waitFor({ state: 'visible', timeout: 60_000 });
			const version = fakes.ollama.state.version;
			await wb.until(`status item showing Ollama ${version} connected`, async () => {
				const v = await statusSummary(wb);
				return v.includes(version) && !/not reachable|offline/i.test(v);
			}, 20_000);
			const ollama = fakes.ollama; // the workbench tests may have restarted it: take the current one
			assert.ok(ollama.state.registry[MODEL], `precondition: the fake registry has ${MODEL}`);
			assert.ok(!ollama.state.models.some((m) => m.name === MODEL), `precondition: ${MODEL} is not installed`);
			const pulls = () => ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/pull');
			const from = pulls().length;
			// Slow enough to look at and cancel: 100 lines of the 815 MB layer 100 ms apart (~30 s in all).
			const saved = ollama.state.pull;
			ollama.state.pull = { stepsPerLayer: 100, delayMs: 100 };
			try {
				await wb.runCommand(titleOf(root, 'taskModelTuner.pullModel'));
				const widget = page.locator('.quick-input-widget');
				await widget.locator('.quick-input-title', { hasText: 'Pull a model from the Ollama library' }).waitFor({ state: 'visible', timeout: 10_000 });
				// The suggestions offer the model before anything is typed.
				await widget.locator('.monaco-list-row', { hasText: MODEL }).first().waitFor({ state: 'visible', timeout: 10_000 });
				const input = widget.locator('.quick-input-box input');
				await input.fill(MODEL);
				// Enter takes the focused row: wait until the list has filtered down to the model.
				await wb.until(`the quick pick to focus ${MODEL}`, async () => {
					const focused = widget.locator('.monaco-list-row.focused');
					return (await focused.count()) === 1 && ((await focused.getAttribute('aria-label')) ?? '').includes(MODEL);
				}, 10_000);
				await page.keyboard.press('Enter');
				await widget.waitFor({ state: 'hidden', timeout: 10_000 });

				// The cancellable progress notification: a progress bar and "Downloading · x / y · …".
				const toast = wb.toast(`Pulling ${MODEL}`);
				await toast.waitFor({ state: 'visible', timeout: 15_000 });
				const message = await wb.until('"Downloading · x / y" in the progress toast', async () => {
					const text = (await toast.innerText()).replace(/\s+/g, ' ');
					return /Downloading · [\d.]+ \w?B \/ [\d.]+ \w?B/.test(text) && text;
				}, 15_000);
				assert.match(message, new RegExp(`Pulling ${MODEL}`));
				assert.doesNotMatch(message, /NaN|undefined/);
				const bar = toast.locator('.monaco-progress-container');
				await bar.waitFor({ state: 'visible', timeout: 5_000 });
				assert.match((await bar.getAttribute('class')) ?? '', /\bactive\b/, 'the progress bar is running');
				// A determinate bar (the increments), not just the spinner stripe: its bit has a width in %.
				await wb.until('a determinate progress bar with some work done', async () => {
					const cls = (await bar.getAttribute('class')) ?? '';
					const width = await bar.locator('.progress-bit').evaluate((el) => el.style.width);
					return /\bdiscrete\b/.test(cls) && /^\d+(\.\d+)?%$/.test(width) && parseFloat(width) > 0;
				}, 10_000);
				const cancel = toast.getByRole('button', { name: 'Cancel' });
				await cancel.waitFor({ state: 'visible', timeout: 5_000 });

				// The status-bar item while it runs: "<model> NN%".
				const item = wb.statusItem(PULL);
				await item.waitFor({ state: 'visible', timeout: 10_000 });
				const status = await wb.until(`the pull status item showing "${MODEL} NN%"`, async () => {
					const { text } = await wb.statusItemInfo(PULL);
					return new RegExp(`^${MODEL} \\d{1,3}%$`).test(text) && text;
				}, 10_000);
				assert.ok(Number(/(\d+)%/.exec(status)[1]) < 100, `still running: ${status}`);
				await shotAround(wb, 20, 'pull-progress', [toast, item]);
				assert.equal(pulls().length - from, 1, 'one POST /api/pull');
				assert.equal(ollama.openRequests() >= 1, true, 'the pull stream is open on the fake');

				await cancel.click();
				const info = wb.toast('Ollama keeps the partial download');
				await info.waitFor({ state: 'visible', timeout: 10_000 });
				assert.match((await info.innerText()).replace(/\s+/g, ' '), new RegExp(`Pull of ${MODEL} cancelled\\. Ollama keeps the partial download and resumes it next time\\.`));
				await toast.waitFor({ state: 'hidden', timeout: 10_000 });
				await item.waitFor({ state: 'hidden', timeout: 10_000 });
				// The stream is closed, not left running: nothing stays open on the fake (the status bar's
				// own short polls come and go, so wait for a moment with none).
				await wb.until('no open request on the fake Ollama', () => ollama.openRequests() === 0, 10_000, 100);
				assert.equal(pulls().length - from, 1, 'Cancel sent no new pull');
				assert.ok(!ollama.state.models.some((m) => m.name === MODEL), `${MODEL} was installed although cancelled`);
			} finally {
				ollama.state.pull = saved;
				await wb.clearNotifications();
			}
		},
	},
];
