// Playwright helpers for the VS Code 1.100 web workbench (code-server). Selectors are the ones
// docs/test-world.md "Real VS Code" verified; keep them here so a workbench change is a one-file fix.
import { setTimeout as sleep } from 'node:timers/promises';

export const EXTENSION_ID = 'task-model-tuner.task-model-tuner';
export const CONTAINER_TITLE = 'Task Model Tuner';
const STATUSBAR = '#workbench\\.parts\\.statusbar';

export class Workbench {
	/** @param {import('playwright-core').Page} page */
	constructor(page, { shotDir, mode }) {
		this.page = page;
		this.shotDir = shotDir;
		this.mode = mode;
		this.shotCount = 0;
	}

	async waitReady(timeout = 90_000) {
		await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
		await this.page.locator(STATUSBAR).waitFor({ state: 'visible', timeout });
	}

	/** A status-bar item contributed by our extension (`createStatusBarItem(id, …)`). */
	statusItem(itemId) {
		return this.page.locator(`${STATUSBAR} .statusbar-item[id="${EXTENSION_ID}.${itemId}"]`);
	}

	/** Text and accessible label of a status item (codicons are spans, so they do not show in the text). */
	async statusItemInfo(itemId) {
		const item = this.statusItem(itemId);
		const label = item.locator('a.statusbar-item-label');
		return {
			text: ((await label.textContent()) ?? '').trim(),
			ariaLabel: (await label.getAttribute('aria-label')) ?? (await item.getAttribute('aria-label')) ?? '',
		};
	}

	/** Polls `fn` until it returns a truthy value; the last value or error goes into the timeout message. */
	async until(what, fn, timeout = 15_000, interval = 250) {
		const end = Date.now() + timeout;
		let last;
		for (;;) {
			try {
				const v = await fn();
				if (v) return v;
				last = v;
			} catch (e) {
				last = e instanceof Error ? e.message.split('\n')[0] : e;
			}
			if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
			await sleep(interval);
		}
	}

	async openPalette() {
		const input = this.page.locator('.quick-input-widget .quick-input-box input');
		for (let i = 0; i < 4; i++) {
			await this.page.keyboard.press('F1');
			try {
				await input.waitFor({ state: 'visible', timeout: 5_000 });
				return input;
			} catch {
				await this.page.keyboard.press('Escape');
			}
		}
		throw new Error('the command palette did not open');
	}

	/** Rows the palette shows for a query (their aria-labels, e.g. "Task Model: Refresh"). */
	async paletteRows(query) {
		const input = await this.openPalette();
		await input.fill('>' + query);
		const rows = this.page.locator('.quick-input-widget .monaco-list-row');
		await rows.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => {});
		await sleep(300); // the list filters asynchronously
		const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
		await this.page.keyboard.press('Escape');
		await input.waitFor({ state: 'hidden', timeout: 5_000 });
		return labels;
	}

	/** Runs a command through the palette by its full title ("Category: Title"). */
	async runCommand(title) {
		const input = await this.openPalette();
		await input.fill('>' + title);
		const row = this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title });
		await row.waitFor({ state: 'visible', timeout: 10_000 });
		const label = (await row.getAttribute('aria-label')) ?? '';
		if (!label.startsWith(title)) throw new Error(`palette focused "${label}", wanted "${title}"`);
		await this.page.keyboard.press('Enter');
		// The palette closes, or the command opens its own quick pick / input box in the same widget.
		await this.until(`the palette to run "${title}"`, async () => !(await input.isVisible()) || (await input.inputValue()) !== '>' + title, 10_000);
	}

	toast(hasText) {
		return this.page.locator('.notifications-toasts .notification-toast', hasText ? { hasText } : undefined);
	}

	async clearNotifications() {
		await this.runCommand('Notifications: Clear All Notifications').catch(() => {});
	}

	activityBarEntry(title = CONTAINER_TITLE) {
		return this.page.locator(`#workbench\\.parts\\.activitybar .action-item a[aria-label^="${title}"]`);
	}

	/** Opens our view container; clicking an already open container would close it, so check first. */
	async openPanel() {
		const entry = this.activityBarEntry();
		await entry.waitFor({ state: 'visible', timeout: 30_000 });
		const item = entry.locator('xpath=..');
		const checked = (await item.getAttribute('aria-checked')) === 'true' || /\bchecked\b/.test((await item.getAttribute('class')) ?? '');
		if (!checked) await entry.click();
		return this.webview();
	}

	/** Flips a boolean setting through the Settings editor, as a user would; closes the editor after. */
	async setBoolSetting(key, value) {
		await this.runCommand('Preferences: Open User Settings');
		const editor = this.page.locator('.settings-editor');
		await editor.waitFor({ state: 'visible', timeout: 15_000 });
		await this.page.keyboard.type(key); // the search box has focus when the editor opens
		const box = editor.locator(`[data-key="${key}"] .setting-value-checkbox`);
		await box.waitFor({ state: 'visible', timeout: 10_000 });
		if ((await box.getAttribute('aria-checked')) !== String(value)) await box.click();
		await this.until(`${key} = ${value} in the Settings editor`, async () => (await box.getAttribute('aria-checked')) === String(value), 5_000);
		await this.runCommand('View: Close All Editors');
	}

	/** Drags the sash on the sidebar's right edge so the sidebar is `width` px wide (for screenshots). */
	async widenSidebar(width) {
		const sidebar = this.page.locator('#workbench\\.parts\\.sidebar');
		const box = await sidebar.boundingBox();
		if (!box) throw new Error('the sidebar is not visible');
		const y = box.y + box.height / 2;
		await this.page.mouse.move(box.x + box.width, y);
		await this.page.mouse.down();
		await this.page.mouse.move(box.x + width, y, { steps: 8 });
		await this.page.mouse.up();
		await this.page.mouse.move(box.x + width + 300, y);
	}

	/** The inner frame of our webview view (outer iframe → `#active-frame`). */
	webview() {
		return this.page.frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).frameLocator('#active-frame');
	}

	async webviewText() {
		return ((await this.webview().locator('body').innerText({ timeout: 5_000 })) ?? '').replace(/\s+/g, ' ').trim();
	}

	/** Screenshot of the smallest rectangle holding all `locators` (plus a margin), e.g. an item and its hover. */
	async shotAround(name, locators, margin = 12) {
		if (!this.shotDir) return undefined;
		await sleep(400);
		const boxes = (await Promise.all(locators.map((l) => l.boundingBox()))).filter(Boolean);
		if (!boxes.length) throw new Error(`shot ${name}: nothing visible to frame`);
		const vp = this.page.viewportSize() ?? { width: 1400, height: 900 };
		const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
		const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
		const right = Math.min(vp.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
		const bottom = Math.min(vp.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
		const file = `${this.shotDir}/${String(++this.shotCount).padStart(2, '0')}-${this.mode}-${name}.png`;
		await this.page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
		return file;
	}

	/** Screenshot named NN-<mode>-<name>.png; waits 400 ms first so toasts have finished sliding in. */
	async shot(name, target) {
		if (!this.shotDir) return undefined;
		await sleep(400);
		const file = `${this.shotDir}/${String(++this.shotCount).padStart(2, '0')}-${this.mode}-${name}.png`;
		await (target ?? this.page).screenshot({ path: file });
		return file;
	}
}
