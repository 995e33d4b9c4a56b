// UI tests for issue 14 in the real workbench, against the runner's fakes: the Servers section
// (versions, update check, features a version is too old for), the task slots' "follows / pinned"
// labels and hiding the task model from the chat picker, adding a hosted task model, the status
// bar's colour thresholds and the "would not fit" warning before a pull. They run after
// workbench.ui.mjs (signed in as the admin) and pull.ui.mjs, sharing the window.
import assert from 'node:assert/strict';
import path from 'node:path';
import { statusSummary, titleOf } from './workbench.ui.mjs';

const MODELS = 'taskModelTuner.models';
const RESOURCES = 'taskModelTuner.resources';
const HOSTED_URL = 'http://127.0.0.1:9/v1';
const HOSTED_MODEL = 'gpt-4o-mini';

/** Numbered from 40 so the names stay put whether or not the earlier files ran (--grep). */
let nr = 40;
async function shot(wb, name, target) {
	if (!wb.shotDir) return;
	await wb.page.waitForTimeout(500);
	await (target ?? wb.page).screenshot({ path: path.join(wb.shotDir, `${nr++}-${wb.mode}-${name}.png`) });
}

async function ready(wb, fakes) {
	await wb.statusItem(MODELS).waitFor({ state: 'visible', timeout: 60_000 });
	await wb.until('Ollama connected', async () => {
		const v = await statusSummary(wb);
		return v.includes(fakes.ollama.state.version) && !/not reachable|offline/i.test(v);
	}, 20_000);
}

/** Signed in as the admin (workbench.ui.mjs does it; alone under --grep, do it here through the API key). */
async function signedIn(wb, root, page, fakes) {
	const view = await wb.openPanel();
	if (/as Ada Admin \(admin\)/.test(await wb.webviewText().catch(() => ''))) return view;
	await wb.runCommand(titleOf(root, 'taskModelTuner.signIn'));
	await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Paste an API key' }).first().click();
	const input = page.locator('.quick-input-widget .quick-input-box input');
	await wb.until('the password box', async () => (await input.getAttribute('type')) === 'password');
	await input.fill(fakes.fakeOpenWebui.adminKey);
	await page.keyboard.press('Enter');
	await wb.until('signed in as admin', async () => /as Ada Admin \(admin\)/.test(await wb.webviewText()), 15_000);
	await wb.clearNotifications();
	return view;
}

/** Types a number into a setting through the Settings editor, as a user would; closes the editor after. */
async function setNumberSetting(wb, key, value) {
	await wb.runCommand('Preferences: Open User Settings');
	const editor = wb.page.locator('.settings-editor');
	await editor.waitFor({ state: 'visible', timeout: 15_000 });
	// The search box has focus and may still hold the last query.
	await wb.page.keyboard.press('ControlOrMeta+a');
	await wb.page.keyboard.type(key);
	const input = editor.locator(`.setting-item-contents[data-key="${key}"] input, [data-key="${key}"] .setting-item-control input`).first();
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(String(value));
	await wb.until(`${key} = ${value} in the Settings editor`, async () => (await input.inputValue()) === String(value), 5_000);
	await wb.page.waitForTimeout(800); // the editor writes settings.json after a short debounce
	// VS Code 1.96 may close the palette once right after the write: try again.
	for (let i = 0; ; i++) {
		try {
			await wb.runCommand('View: Close All Editors');
			break;
		} catch (e) {
			if (i >= 2) throw e;
			await wb.page.keyboard.press('Escape');
			await wb.page.waitForTimeout(500);
		}
	}
}

export const tests = [
	{
		name: 'Servers section: versions, "update available" from Open WebUI, features an old server lacks shown disabled with their release',
		async fn({ wb, root, page, fakes }) {
			await ready(wb, fakes);
			const saved = { version: fakes.openWebui.state.version, latest: fakes.openWebui.state.latestVersion };
			fakes.openWebui.state.version = '0.6.5';
			fakes.openWebui.state.latestVersion = '0.12.4';
			try {
				const view = await signedIn(wb, root, page, fakes);
				await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
				await wb.until('the Servers section for Open WebUI 0.6.5 with an update', async () => /Open WebUI 0\.12\.4 is available \(you run 0\.6\.5\)/.test(await wb.webviewText()), 20_000);
				const section = view.locator('[data-section="servers"]');
				const unload = section.locator('[data-feature="proxyUnload"]');
				assert.equal(await unload.getAttribute('data-available'), 'false');
				assert.match(await unload.innerText(), /needs 0\.6\.11 or later/);
				assert.equal(await section.locator('[data-feature="taskConfig"]').getAttribute('data-available'), 'true');
				assert.match(await section.locator('[data-feature="apiKeysOff"]').innerText(), /since 0\.6\.37/);
				await section.scrollIntoViewIfNeeded();
				await wb.widenSidebar(460);
				await shot(wb, 'servers-section', page.locator('#workbench\\.parts\\.sidebar'));
				// Offline (0.12 answers latest: null): "could not check", never a guess.
				fakes.openWebui.state.version = '0.12.4';
				fakes.openWebui.state.latestVersion = null;
				await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
				await wb.until('"could not check"', async () => /Could not check for Open WebUI updates: Open WebUI could not reach its release feed/.test(await wb.webviewText()), 20_000);
			} finally {
				fakes.openWebui.state.version = saved.version;
				fakes.openWebui.state.latestVersion = saved.latest;
				await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
			}
		},
	},
	{
		name: 'task slots say "follows the chat model" / "pinned to X"; Hide from chat picker sets meta.hidden in Open WebUI',
		async fn({ wb, root, page, fakes }) {
			await ready(wb, fakes);
			const cfg = fakes.openWebui.state.taskConfig;
			const saved = { local: cfg.TASK_MODEL, external: cfg.TASK_MODEL_EXTERNAL };
			cfg.TASK_MODEL = 'llama3.2:3b';
			cfg.TASK_MODEL_EXTERNAL = '';
			try {
				const view = await signedIn(wb, root, page, fakes);
				await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
				const local = view.locator('[data-slot="local"]');
				await wb.until('"pinned to llama3.2:3b" on the local slot', async () => /pinned to llama3\.2:3b/.test(await local.innerText()), 20_000);
				assert.match(await view.locator('[data-slot="external"]').innerText(), /follows the chat model/);
				await local.locator('[data-hide-slot="local"]').click();
				const toast = wb.toast('llama3.2:3b is now hidden from the chat model picker; it still runs background tasks.');
				await toast.waitFor({ state: 'visible', timeout: 15_000 });
				assert.equal(fakes.openWebui.state.modelRecords?.['llama3.2:3b']?.meta?.hidden, true, 'the record in Open WebUI');
				await wb.until('the hidden badge', async () => (await local.locator('[data-hidden-badge]').count()) === 1, 15_000);
				await local.scrollIntoViewIfNeeded();
				await shot(wb, 'slots-pinned-hidden', page.locator('#workbench\\.parts\\.sidebar'));
				await wb.shotAround('hidden-toast', [toast], 8);
				// Undo from the toast shows it again.
				await toast.getByRole('button', { name: 'Undo' }).click();
				await wb.until('meta.hidden false again', () => fakes.openWebui.state.modelRecords?.['llama3.2:3b']?.meta?.hidden === false, 15_000);
				await wb.clearNotifications();
			} finally {
				cfg.TASK_MODEL = saved.local;
				cfg.TASK_MODEL_EXTERNAL = saved.external;
			}
		},
	},
	{
		name: 'Add a hosted task model… from the panel: URL, key (password box), the "what leaves the machine" note, its models, External Task Model set',
		async fn({ wb, root, page, fakes }) {
			await ready(wb, fakes);
			const view = await signedIn(wb, root, page, fakes);
			const state = fakes.openWebui.state;
			state.openAiModels = { [HOSTED_URL]: [HOSTED_MODEL] };
			const savedExternal = state.taskConfig.TASK_MODEL_EXTERNAL;
			const key = 'sk-hosted-ui-test-0123456789';
			try {
				await view.locator('[data-add-hosted]').click();
				const input = page.locator('.quick-input-widget .quick-input-box input');
				await input.waitFor({ state: 'visible', timeout: 10_000 });
				await input.fill(HOSTED_URL);
				await page.keyboard.press('Enter');
				await wb.until('the password box for the key', async () => (await input.getAttribute('type')) === 'password');
				await input.fill(key);
				await page.keyboard.press('Enter');
				await wb.until('the prefix box', async () => (await input.getAttribute('type')) !== 'password' && (await input.inputValue()) === 'hosted');
				await page.keyboard.press('Enter');
				const dialog = page.locator('.monaco-dialog-box');
				await dialog.waitFor({ state: 'visible', timeout: 10_000 });
				assert.match(await dialog.innerText(), new RegExp(`sends the text of your chats .* to ${HOSTED_URL.replace(/[./]/g, '\\$&')}`));
				await shot(wb, 'hosted-what-leaves', page);
				await dialog.getByRole('button', { name: 'Add and continue' }).click();
				const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: `hosted.${HOSTED_MODEL}` });
				await pick.first().waitFor({ state: 'visible', timeout: 15_000 });
				await shot(wb, 'hosted-models', page);
				await pick.first().click();
				const toast = wb.toast(`Added the connection to ${HOSTED_URL} in Open WebUI.`);
				await toast.waitFor({ state: 'visible', timeout: 15_000 });
				assert.equal(state.taskConfig.TASK_MODEL_EXTERNAL, `hosted.${HOSTED_MODEL}`);
				assert.deepEqual(state.openAiConfig.OPENAI_API_BASE_URLS, [HOSTED_URL]);
				assert.equal(state.openAiConfig.OPENAI_API_KEYS[0], key, 'the key reached Open WebUI');
				const external = view.locator('[data-slot="external"]');
				await wb.until('"pinned to hosted.gpt-4o-mini"', async () => /pinned to hosted\.gpt-4o-mini/.test(await external.innerText()), 15_000);
				await external.scrollIntoViewIfNeeded();
				await shot(wb, 'hosted-set', page);
				// Undo in the toast: the task model back, then the connection removed.
				await toast.getByRole('button', { name: 'Undo' }).click();
				await wb.until('the connection removed', () => (state.openAiConfig.OPENAI_API_BASE_URLS ?? []).length === 0, 15_000);
				await wb.until('TASK_MODEL_EXTERNAL restored', () => state.taskConfig.TASK_MODEL_EXTERNAL === savedExternal, 15_000);
				await wb.clearNotifications();
				// The key went to Open WebUI only: the panel never saw it.
				assert.doesNotMatch(await wb.webviewText(), /sk-hosted-ui-test/);
			} finally {
				state.taskConfig.TASK_MODEL_EXTERNAL = savedExternal;
				state.openAiModels = undefined;
			}
		},
	},
	{
		name: 'status bar: the resources item turns warning, then error, as RAM passes statusBar.warningPercent / errorPercent',
		async fn({ wb, fakes }) {
			await ready(wb, fakes);
			const entry = wb.statusItem(RESOURCES);
			await entry.waitFor({ state: 'visible', timeout: 20_000 });
			const kind = async () => {
				// VS Code marks an item whose background is statusBarItem.warning/errorBackground with `<kind>-kind`.
				const all = (await entry.getAttribute('class')) ?? '';
				return /\berror-kind\b/.test(all) ? 'error' : /\bwarning-kind\b/.test(all) ? 'warning' : 'none';
			};
			assert.equal(await kind(), 'none', 'a machine running the tests is not at 85 % RAM');
			try {
				await setNumberSetting(wb, 'taskModelTuner.statusBar.warningPercent', 1);
				await wb.until('warning colour at 1 %', async () => (await kind()) === 'warning', 20_000);
				await wb.shotAround('statusbar-warning', [entry, wb.statusItem(MODELS)], 40);
				await setNumberSetting(wb, 'taskModelTuner.statusBar.errorPercent', 1);
				await wb.until('error colour at 1 %', async () => (await kind()) === 'error', 20_000);
				await wb.shotAround('statusbar-error', [entry, wb.statusItem(MODELS)], 40);
			} finally {
				await setNumberSetting(wb, 'taskModelTuner.statusBar.warningPercent', 85);
				await setNumberSetting(wb, 'taskModelTuner.statusBar.errorPercent', 95);
			}
			await wb.until('no colour with the defaults', async () => (await kind()) === 'none', 20_000);
		},
	},
	{
		name: 'Pull from the panel warns "would not fit" when the model plus the chat model exceed free memory; Cancel pulls nothing',
		async fn({ wb, root, page, fakes }) {
			await ready(wb, fakes);
			const ollama = fakes.ollama;
			// A 405B chat model (not loaded): nothing else fits beside it on this machine.
			const big = { ...ollama.state.models[0], name: 'llama3.1:405b', model: 'llama3.1:405b', size: 229e9, details: { ...ollama.state.models[0].details, parameter_size: '405B' } };
			ollama.state.models.push(big);
			// Nothing in memory, so the 405B model is the chat model and must be loaded beside the pull.
			const savedLoaded = ollama.state.loaded;
			ollama.state.loaded = [];
			const pulls = () => ollama.requests.filter((r) => r.method === 'POST' && r.path === '/api/pull').length;
			try {
				const view = await signedIn(wb, root, page, fakes);
				await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
				// The panel lists the 405B model once the refresh has rebuilt the verdicts.
				await wb.until('the panel listing llama3.1:405b', async () => (await wb.webviewText()).includes('llama3.1:405b'), 20_000);
				const button = view.getByRole('button', { name: 'Pull qwen2.5:3b' });
				await button.waitFor({ state: 'visible', timeout: 20_000 });
				const before = pulls();
				await button.click();
				const dialog = page.locator('.monaco-dialog-box');
				await dialog.waitFor({ state: 'visible', timeout: 10_000 });
				assert.match(await dialog.innerText(), /qwen2\.5:3b would not fit beside llama3\.1:405b/);
				await shot(wb, 'would-not-fit', page);
				await dialog.getByRole('button', { name: 'Cancel' }).click();
				await page.waitForTimeout(1000);
				assert.equal(pulls(), before, 'no pull after Cancel');
			} finally {
				ollama.state.models = ollama.state.models.filter((m) => m.name !== big.name);
				ollama.state.loaded = savedLoaded;
				await wb.runCommand(titleOf(root, 'taskModelTuner.refresh'));
			}
		},
	},
];
