// Keyboard only (issue 6): Tab reaches every button in reading order, Enter and Space activate
// them, focus is visible with --vscode-focusBorder in every theme, and the connect flow can be
// driven without a mouse.
import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/sidebar/validateMessage';
import { webviewStrings } from '../../src/shared/webviewStrings';
import { assertNoProblems, contrast, hexToRgba, textAndBackground, type Rgba } from './checks';
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
					// tabindex="-1" marks a focus target for scripts (a heading focus can fall back to), not a tab stop.
					(e) => !(e as HTMLButtonElement).disabled && e.offsetParent !== null && e.getAttribute('tabindex') !== '-1',
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
		it(`every tab stop shows focus in --vscode-focusBorder, standing out 3:1 (${theme})`, async function () {
			const t = loadTheme(theme);
			await h.open(fx.ollamaConnected.state, { theme });
			const want = hexToRgba(t.colors.focusBorder);
			const sideBar = (await textAndBackground(h.page, 'main')).bg;
			const bad: string[] = [];
			let stops = 0;
			for (let i = 0; i < 300; i++) {
				await h.page.keyboard.press('Tab');
				const name = await focused(h);
				if (name === 'body') break;
				stops++;
				const ring = await h.page.evaluate(() => {
					const s = getComputedStyle(document.activeElement!);
					const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
					const rgba = (c: string) => {
						ctx.clearRect(0, 0, 1, 1);
						ctx.fillStyle = '#00000000';
						ctx.fillStyle = c;
						ctx.fillRect(0, 0, 1, 1);
						const d = ctx.getImageData(0, 0, 1, 1).data;
						return [d[0], d[1], d[2], d[3] / 255];
					};
					return {
						outline: { color: s.outlineColor, rgba: rgba(s.outlineColor), style: s.outlineStyle, width: parseFloat(s.outlineWidth) },
						border: { color: s.borderTopColor, rgba: rgba(s.borderTopColor), width: parseFloat(s.borderTopWidth) },
					};
				});
				// An outline (the VS Code way) or a border in the focus colour.
				const [outline, border] = [ring.outline.rgba, ring.border.rgba] as Rgba[];
				const same = (c: number[]) => c.slice(0, 3).every((v, k) => Math.abs(v - want[k]) <= 1);
				const byOutline = ring.outline.style !== 'none' && ring.outline.width >= 1 && same(outline);
				const byBorder = ring.border.width >= 1 && same(border);
				if (!byOutline && !byBorder) {
					bad.push(`${name}: outline ${ring.outline.style} ${ring.outline.width}px ${ring.outline.color}, border ${ring.border.width}px ${ring.border.color}`);
					continue;
				}
				// WCAG 1.4.11: the ring against the side bar, at least 3:1.
				const ratio = contrast(byOutline ? outline : border, sideBar);
				if (ratio < 3) bad.push(`${name}: focus colour only ${ratio.toFixed(2)}:1 on the side bar`);
				if (i === 1) await h.screenshot(`${theme}/focus-first-action`, { fullPage: false });
			}
			assert.ok(stops > 10, `only ${stops} tab stops`);
			assert.deepEqual(bad, [], `tab stops without a visible ${t.colors.focusBorder} focus indicator`);
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

	it('the main flow by keyboard alone: pull a light model, then set the recommended one as the task model', async function () {
		const state = fx.owuiAdmin.state;
		const recommended = state.models.recommended;
		const suggestion = state.models.suggestions[0]?.name;
		assert.ok(recommended && suggestion, 'the fixture has a recommended model and a suggestion to pull');
		await h.open(state);
		/** Tabs forward until the focused control's name is `name`; fails if it is never reached. */
		const tabTo = async (name: string) => {
			for (let i = 0; i < 200 && (await focused(h)) !== name; i++) await h.page.keyboard.press('Tab');
			assert.equal(await focused(h), name, `Tab never reached "${name}"`);
		};
		await tabTo(`Set ${recommended} as the task model`);
		await h.clearSent();
		await h.page.keyboard.press('Enter');
		assert.deepEqual(await h.sent(), [{ type: 'tasks', intent: { kind: 'setTaskModel', model: recommended } }]);
		await tabTo(`Pull ${suggestion}`);
		await h.clearSent();
		await h.page.keyboard.press('Space');
		const sent = await h.sent();
		assert.deepEqual(sent, [{ type: 'models', intent: { kind: 'pull', model: suggestion } }]);
		assert.deepEqual(parseWebviewMessage(sent[0]), sent[0]);
	});

	it('focus stays in the panel when a snapshot replaces the focused button (Sign in → Sign out)', async function () {
		await h.open(fx.owuiSignedOut.state);
		let steps = 0;
		while ((await focused(h)) !== 'signIn' && steps++ < 20) await h.page.keyboard.press('Tab');
		assert.equal(await focused(h), 'signIn');
		await h.page.keyboard.press('Enter');
		await h.setState(fx.owuiAdmin.state); // the host's answer after a successful sign-in
		const now = await focused(h);
		assert.notEqual(now, 'body', 'focus fell to <body>: a keyboard or screen-reader user loses their place (the next Tab leaves the webview)');
	});

	it('Space and Enter toggle an automation switch by keyboard (role=switch, host accepts the intent)', async function () {
		await h.open(fx.owuiAdmin.state);
		const switches = h.page.getByRole('switch');
		assert.ok((await switches.count()) > 0, 'the tasks section shows its switches');
		let steps = 0;
		while (!(await h.page.evaluate(() => document.activeElement?.getAttribute('role') === 'switch')) && steps++ < 60) await h.page.keyboard.press('Tab');
		const sw = await h.page.evaluate(() => ({ key: document.activeElement!.getAttribute('data-automation'), checked: document.activeElement!.getAttribute('aria-checked') }));
		assert.ok(sw.key, 'a switch has focus');
		for (const key of ['Space', 'Enter']) {
			await h.clearSent();
			await h.page.keyboard.press(key);
			const sent = await h.sent();
			assert.equal(sent.length, 1, `${key}: ${JSON.stringify(sent)}`);
			assert.deepEqual(parseWebviewMessage(sent[0]), sent[0], `the host accepts ${JSON.stringify(sent[0])}`);
			assert.deepEqual(sent[0], { type: 'tasks', intent: { kind: 'toggle', key: sw.key, enabled: sw.checked !== 'true' } });
		}
	});

	it('each task-model slot has its own Change button that names the slot and sends it', async function () {
		await h.open(fx.owuiAdmin.state);
		for (const [slot, name] of [
			['local', 'Change the Local Task Model…'],
			['external', 'Change the External Task Model…'],
		] as const) {
			const button = h.page.getByRole('button', { name, exact: true });
			assert.equal(await button.count(), 1, `one "${name}" button`);
			await button.focus();
			await h.clearSent();
			await h.page.keyboard.press('Enter');
			const sent = await h.sent();
			assert.deepEqual(sent, [{ type: 'tasks', intent: { kind: 'setTaskModel', slot } }]);
			assert.deepEqual(parseWebviewMessage(sent[0]), sent[0], 'the host accepts it');
		}
		assert.equal(await h.page.getByRole('button', { name: 'Change…', exact: true }).count(), 0, 'no button that does not say which slot');
	});

	it('every button has an accessible name', async function () {
		await h.open(fx.owuiAdmin.state);
		const names = await h.page.locator('button').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()));
		assert.ok(names.length > 0);
		for (const n of names) assert.notEqual(n, '', 'a button without a name');
	});
});
