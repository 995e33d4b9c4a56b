// The model list with 0, 1 and 500 models (issue 4), each read from the fake Ollama by the host's
// ModelsService: what is shown, that row actions send the right intents, and that the list's UI
// state (search, filter) survives the view being hidden and shown through getState/setState.
import * as assert from 'node:assert/strict';
import type { ViewState } from '../../src/shared/protocol';
import { parseWebviewMessage } from '../../src/sidebar/validateMessage';
import { webviewStrings } from '../../src/shared/webviewStrings';
import { assertNoProblems, invisibleShapes, lowContrastText } from './checks';
import { modelListState, pullsState } from './fixtures';
import { themeNames, WebviewHarness } from './harness';

describe('webview model list (Chromium)', function () {
	let h: WebviewHarness;
	let zero: ViewState;
	let one: ViewState;
	let some: ViewState;
	let many: ViewState;
	let pulling: ViewState;

	before(async function () {
		[zero, one, some, many, pulling] = await Promise.all([modelListState(0), modelListState(1), modelListState(40), modelListState(500), pullsState()]);
		h = await WebviewHarness.launch(); // after the fixtures: a failure there leaves no browser behind
	});
	after(async function () {
		await h?.close();
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'passed') await assertNoProblems(h);
	});

	it('0 models: says so, with the way to get one, and no rows', async function () {
		assert.equal(zero.models.status, 'ready');
		const page = await h.open(zero);
		assert.equal(await page.locator('[data-model]').count(), 0);
		assert.equal(await page.getByText(webviewStrings.noModels).count(), 1, 'the empty-list text');
		assert.ok((await page.getByRole('button', { name: /^Pull / }).count()) > 0, 'suggested light models to pull');
		await h.screenshot('models/0-models');
	});

	it('1 model: one row, marked, with its size and parameters, and its delete intent', async function () {
		const page = await h.open(one);
		const row = page.locator('[data-model]');
		assert.equal(await row.count(), 1);
		const name = one.models.rows[0].name;
		assert.equal(await row.getAttribute('data-model'), name);
		const text = await row.innerText();
		assert.ok(text.includes(one.models.rows[0].sizeLabel), `size in ${text}`);
		assert.equal(one.models.recommended, name, 'the only light model is the recommended one');
		assert.ok(text.includes(webviewStrings.recommended), 'recommended badge');
		await h.clearSent();
		await page.getByRole('button', { name: `Delete ${name}` }).click();
		const sent = await h.sent();
		assert.deepEqual(sent, [{ type: 'models', intent: { kind: 'delete', model: name } }]);
		assert.deepEqual(parseWebviewMessage(sent[0]), sent[0], 'the host accepts it');
		await h.screenshot('models/1-model');
	});

	it('500 models: all rows, counted, unique, with no errors', async function () {
		const page = await h.open(many);
		// A first screenful renders at once, the rest one chunk per frame: all rows within a second.
		await page.waitForFunction(() => document.querySelectorAll('[data-model]').length === 500, undefined, { timeout: 5000 });
		const names = await page.locator('[data-model]').evaluateAll((els) => els.map((e) => e.getAttribute('data-model')));
		assert.equal(names.length, 500);
		assert.equal(new Set(names).size, 500);
		assert.match((await page.locator('#models-title').textContent()) ?? '', /500 of 500/);
		await h.screenshot('models/500-models', { fullPage: false }); // the top: 500 rows are ~45 000 px tall
	});

	it('500 models, one row changes: only that row\'s DOM is touched (keyed list)', async function () {
		const page = await h.open(many);
		await page.waitForFunction(() => document.querySelectorAll('[data-model]').length === 500, undefined, { timeout: 5000 });
		// The same snapshot again, except one model is now in memory.
		const target = many.models.rows[250]!;
		const loaded = { memoryBytes: 1e9, memoryLabel: '1.0 GB', vramBytes: 0, gpuShare: 0, processorLabel: '100% CPU' };
		const next: ViewState = JSON.parse(JSON.stringify({ ...many, models: { ...many.models, rows: many.models.rows.map((r) => (r === target ? { ...r, loaded } : r)) } }));
		const touched = await page.evaluate(
			(state) =>
				new Promise<string[]>((resolve) => {
					const rows = new Set<string>();
					const observer = new MutationObserver((records) => {
						for (const r of records) {
							const el = r.target instanceof Element ? r.target : r.target.parentElement;
							rows.add(el?.closest('[data-model]')?.getAttribute('data-model') ?? `outside a row: <${el?.tagName.toLowerCase()}>`);
						}
					});
					observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
					window.postMessage({ type: 'state', state }, '*');
					setTimeout(() => {
						observer.disconnect();
						resolve([...rows]);
					}, 300);
				}),
			next,
		);
		assert.deepEqual(touched, [target.name]);
		assert.match((await page.locator(`[data-model="${target.name}"]`).textContent()) ?? '', /1\.0 GB/);
	});

	it('search and "candidates only" filter the list, and survive hide/show through setState', async function () {
		const page = await h.open(some);
		await page.getByRole('searchbox', { name: webviewStrings.search }).fill('qwen3');
		const visible = await page.locator('[data-model]').evaluateAll((els) => els.map((e) => e.getAttribute('data-model') ?? ''));
		assert.ok(visible.length > 0 && visible.length < 40, `${visible.length} rows`);
		assert.ok(visible.every((n) => n.includes('qwen3')), JSON.stringify(visible.slice(0, 5)));
		await page.getByRole('checkbox', { name: webviewStrings.candidatesOnly }).check();
		const saved = await page.evaluate(() => window.__tmt.vscodeState);
		assert.deepEqual(saved, { sortBy: 'size', candidatesOnly: true, search: 'qwen3' }, 'UI state only, never server data');
		// VS Code keeps that state while the view is hidden, and hands it back to the new page.
		const again = await h.open(some, { vscodeState: saved });
		assert.equal(await again.getByRole('searchbox', { name: webviewStrings.search }).inputValue(), 'qwen3');
		assert.equal(await again.getByRole('checkbox', { name: webviewStrings.candidatesOnly }).isChecked(), true);
		assert.equal(await again.locator('[data-model]').count(), visible.length);
	});

	it('pulls: progress bar, cancel and dismiss intents, the suggestion being pulled is disabled', async function () {
		const page = await h.open(pulling);
		const running = pulling.pulls.find((p) => p.state === 'running')!;
		const ended = pulling.pulls.filter((p) => p.state !== 'running');
		assert.ok(running && ended.length === 2, JSON.stringify(pulling.pulls.map((p) => p.state)));
		const bar = page.getByRole('progressbar', { name: `Pulling ${running.model}` });
		assert.equal(await bar.getAttribute('aria-valuenow'), String(Math.floor(running.progress.fraction * 100)));
		const group = page.locator(`[data-pull="${running.model}"]`);
		await h.clearSent();
		await group.getByRole('button', { name: webviewStrings.cancel }).click();
		assert.deepEqual(await h.sent(), [{ type: 'models', intent: { kind: 'cancelPull', id: running.id } }]);
		for (const p of ended) {
			const g = page.locator(`[data-pull="${p.model}"]`);
			assert.ok((await g.innerText()).includes(p.message!), `${p.state} pull says why: ${p.message}`);
			await h.clearSent();
			await g.getByRole('button', { name: webviewStrings.dismiss }).click();
			assert.deepEqual(await h.sent(), [{ type: 'models', intent: { kind: 'dismissPull', id: p.id } }]);
		}
		const pullRunning = page.getByRole('button', { name: `Pull ${running.model}` });
		if (await pullRunning.count()) assert.equal(await pullRunning.isDisabled(), true, 'no second pull of the same model');
		for (const m of await h.sent()) assert.deepEqual(parseWebviewMessage(m), m);
	});

	for (const theme of themeNames) {
		it(`pulls in ${theme}: screenshot, readable text, visible progress`, async function () {
			await h.open(pulling, { theme });
			await h.page.locator('#pull-title').scrollIntoViewIfNeeded();
			await h.screenshot(`${theme}/pulls`);
			assert.deepEqual(await lowContrastText(h.page), [], 'text below 4.5:1');
			// The filled part must show; an unlit track is how VS Code's own progress bars look.
			assert.deepEqual(await invisibleShapes(h.page, '[role=progressbar] > *'), [], 'progress fill');
		});
	}
});
