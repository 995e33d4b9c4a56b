// Keyboard only (issue 6): Tab reaches every button in reading order, Enter and Space activate
// them, focus is visible with --vscode-focusBorder in every theme, and the connect flow can be
// driven without a mouse.
import * as assert from 'node:assert/strict';
import { webviewStrings } from '../../src/shared/webviewStrings';
import { assertNoProblems, contrast, hexToRgba, resolveColors, textAndBackground } from './checks';
import { actionsOf, loadFixtures, type Fixture, type FixtureName } from './fixtures';
import { loadTheme, themeNames, WebviewHarness } from './harness';

/** A short name for whatever has focus: an action id, an aria-label, or the tag. */
function focused(h: WebviewHarness): Promise<string> {
	return h.page.evaluate(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return 'body';
		const label = (el as HTMLInputElement).labels?.[0]?.textContent?.trim();
		return el.getAttribute('data-action') ?? el.getAttribute('aria-label') ?? (label || el.textContent?.trim() || el.tagName.toLowerCase());
	});
}

describe('webview keyboard and focus (Chromium)', function () {
	let h: WebviewHarness;
	let fx: Record<FixtureName, Fixture>;

	before(async function () {
		fx = await loadFixtures(); // first: a failure here leaves no browser behind
		h = await WebviewHarness.launch();
	});
	after(async function () {
		await h?.close();
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'passed') await assertNoProblems(h);
	});

	for (const name of ['allDown', 'owuiApiKeysDisabled', 'ollamaProxyNeedsSignIn', 'ollamaConnected'] as const) {
		it(`Tab reaches every control once, connections first in reading order; Shift+Tab walks back (${name})`, async function () {
			await h.open(fx[name].state);
			const connections = [webviewStrings.refresh, ...actionsOf(fx[name].state.ollama).map((a) => a.id), ...actionsOf(fx[name].state.openWebui).map((a) => a.id)];
			const forward: string[] = [];
			for (let i = 0; i < 300; i++) {
				await h.page.keyboard.press('Tab');
				const el = await h.page.evaluateHandle(() => document.activeElement);
				const name = await focused(h);
				const first = await el.evaluate((e) => (e as Element & { __tmtSeen?: boolean }).__tmtSeen !== true && ((e as Element & { __tmtSeen?: boolean }).__tmtSeen = true));
				await el.dispose();
				if (name === 'body' || !first) break;
				forward.push(name);
			}
			assert.deepEqual(forward.slice(0, connections.length), connections, 'the connections section comes first, in reading order');
			// Everything a mouse user can operate is in that walk: nothing is left out of the tab order.
			const operable = await h.page.evaluate(() =>
				Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea, [tabindex], [role=button], [role=switch], [role=checkbox], [onclick]')).filter(
					(e) => !(e as HTMLButtonElement).disabled && e.offsetParent !== null,
				).length,
			);
			assert.equal(forward.length, operable, `tab stops ${JSON.stringify(forward)}`);
			// Focus has left the page; Shift+Tab comes back in at the last control.
			const backward: string[] = [];
			for (let i = 0; i < forward.length; i++) {
				await h.page.keyboard.press('Shift+Tab');
				backward.push(await focused(h));
			}
			assert.deepEqual(backward, [...forward].reverse());
		});
	}

	for (const key of ['Enter', 'Space'] as const) {
		it(`${key} on a focused button sends its intent, once`, async function () {
			await h.open(fx.allDown.state);
			const expected = ['retry', ...actionsOf(fx.allDown.state.ollama).map((a) => a.id), ...actionsOf(fx.allDown.state.openWebui).map((a) => a.id)];
			for (const action of expected) {
				await h.page.keyboard.press('Tab');
				await h.clearSent();
				await h.page.keyboard.press(key);
				assert.deepEqual(await h.sent(), [{ type: 'action', action }], `${key} on ${action}`);
			}
		});
	}

	for (const theme of themeNames) {
		it(`focus is visible with --vscode-focusBorder and stands out (${theme})`, async function () {
			const t = loadTheme(theme);
			await h.open(fx.allDown.state, { theme });
			const want = hexToRgba(t.colors.focusBorder);
			for (let i = 0; i < 5; i++) {
				await h.page.keyboard.press('Tab');
				const ring = await h.page.evaluate(() => {
					const s = getComputedStyle(document.activeElement!);
					return { color: s.outlineColor, style: s.outlineStyle, width: parseFloat(s.outlineWidth), name: document.activeElement!.getAttribute('data-action') ?? 'refresh' };
				});
				assert.notEqual(ring.style, 'none', `${ring.name}: no focus outline`);
				assert.ok(ring.width >= 1, `${ring.name}: outline ${ring.width}px`);
				const [got] = await resolveColors(h.page, [ring.color]);
				assert.deepEqual(got.slice(0, 3), want.slice(0, 3), `${ring.name}: outline ${ring.color}, theme focusBorder ${t.colors.focusBorder}`);
				// WCAG 1.4.11: the ring against what is behind it, at least 3:1.
				const behind = await textAndBackground(h.page, 'main');
				assert.ok(contrast(got, behind.bg) >= 3, `${ring.name}: focus ring contrast ${contrast(got, behind.bg).toFixed(2)} on the side bar`);
				if (i === 1) await h.screenshot(`${theme}/focus-retry`);
			}
		});
	}

	it('a mouse click does not leave a focus ring (only keyboard focus shows it)', async function () {
		await h.open(fx.allDown.state);
		await h.page.locator('[data-action=retry]').first().click();
		assert.equal(await h.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'none');
	});

	it('the connect flow works by keyboard alone: retry, sign in, then sign out', async function () {
		await h.open(fx.allDown.state);
		const page = h.page;
		// Ollama is down: Retry is the first button after the toolbar.
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		assert.equal(await focused(h), 'retry');
		await h.clearSent();
		await page.keyboard.press('Enter');
		assert.deepEqual(await h.sent(), [{ type: 'action', action: 'retry' }]);
		// The host answers: Ollama still down, Open WebUI up but signed out.
		await h.setState(fx.ollamaUnreachable.state);
		assert.equal(await focused(h), 'retry', 'focus stays on Retry when the same button is still there');
		await page.keyboard.press('Tab'); // Open settings
		await page.keyboard.press('Tab'); // Sign in
		assert.equal(await focused(h), 'signIn');
		await h.clearSent();
		await page.keyboard.press('Space');
		assert.deepEqual(await h.sent(), [{ type: 'action', action: 'signIn' }]);
		// Signed in: the Sign in button is gone; Sign out must still be reachable by Tab.
		await h.setState(fx.ollamaViaProxy.state);
		let steps = 0;
		while ((await focused(h)) !== 'signOut' && steps++ < 60) await page.keyboard.press('Tab');
		assert.equal(await focused(h), 'signOut', 'Sign out reachable by keyboard');
		await h.clearSent();
		await page.keyboard.press('Enter');
		assert.deepEqual(await h.sent(), [{ type: 'action', action: 'signOut' }]);
	});

	it('every button has an accessible name', async function () {
		await h.open(fx.allDown.state);
		const names = await h.page.locator('button').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
		assert.ok(names.length > 0);
		for (const n of names) assert.notEqual(n, '', 'a button without a name');
	});
});
