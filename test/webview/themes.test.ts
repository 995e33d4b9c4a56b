// Every state in Dark Modern, Light Modern and High Contrast: a screenshot each
// (test-results/webview/<theme>/<fixture>.png), colours that come from the theme, readable
// contrast, and CSS that only uses variables VS Code defines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertNoProblems, contrast, hexToRgba, invisibleShapes, lowContrastText, resolveColors, textAndBackground, type Rgba } from './checks';
import { fixtureNames, loadFixtures, type Fixture, type FixtureName } from './fixtures';
import { loadTheme, repoRoot, themeNames, themeVariables, WebviewHarness } from './harness';

const css = fs.readFileSync(path.join(repoRoot, 'dist/webview/main.css'), 'utf8');

describe('webview themes and screenshots (Chromium)', function () {
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

	it('the CSS only uses --vscode-* variables the themes define (or gives a fallback)', function () {
		const used = new Set<string>();
		for (const m of css.matchAll(/var\(\s*(--vscode-[\w-]+)\s*\)/g)) used.add(m[1]);
		assert.ok(used.size > 5, `found only ${used.size} variables in main.css`);
		for (const name of themeNames) {
			const theme = loadTheme(name);
			const defined = new Set(Object.keys(themeVariables(theme)));
			const unset = new Set(theme.unset.map((id) => `--vscode-${id.replace(/\./g, '-')}`));
			const unknown = [...used].filter((v) => !defined.has(v) && !unset.has(v));
			assert.deepEqual(unknown, [], `${theme.name}: variables VS Code does not define (typo, or add a fallback)`);
		}
	});

	it('the CSS has no hard-coded colours (only --vscode-* and color-mix of them)', function () {
		const rules = css.replace(/\/\*[\s\S]*?\*\//g, '');
		const literals = [...rules.matchAll(/#[0-9a-fA-F]{3,8}\b|\brgba?\(|\bhsla?\(/g)].map((m) => m[0]);
		assert.deepEqual(literals, []);
	});

	it('the contrast check finds low-contrast text (the detector works)', async function () {
		await h.open(fx.allDown.state, { theme: 'darkModern' });
		assert.deepEqual(await lowContrastText(h.page), []);
		// CSSOM is allowed by the CSP; dark grey on the dark side bar is about 1.6:1.
		await h.page.getByTestId('ollama-message').evaluate((e) => ((e as HTMLElement).style.color = '#333333'));
		const low = await lowContrastText(h.page);
		assert.equal(low.length, 1, JSON.stringify(low));
		assert.match(low[0], /Ollama not reachable/);
	});

	// VS Code's High Contrast themes outline every control and badge with contrastBorder; the ones
	// that lean on a background colour the theme leaves unset disappear.
	for (const name of ['owuiAdmin', 'allDown'] as const) {
		it(`High Contrast: every button, switch, field and badge has a visible shape (${name})`, async function () {
			await h.open(fx[name].state, { theme: 'highContrast' });
			// Native checkboxes are drawn by Chromium itself; icon and link buttons are text-like by design.
			const selector = 'button:not(.icon-button):not(.link-button):not([role=switch]), [role=switch] .knob, input:not([type=checkbox]):not([type=radio]), select, .badge, .chip';
			assert.deepEqual(await invisibleShapes(h.page, selector), []);
		});
	}

	for (const theme of themeNames) {
		describe(theme, function () {
			const t = loadTheme(theme);

			before(async function () {
				await h.open(undefined, { theme });
			});

			it('applies the theme like VS Code (body class, data attributes, variables)', async function () {
				const body = await h.page.evaluate(() => ({ cls: document.body.className, kind: document.body.dataset.vscodeThemeKind, fg: getComputedStyle(document.documentElement).getPropertyValue('--vscode-foreground').trim() }));
				assert.equal(body.cls, t.kind);
				assert.equal(body.kind, t.kind);
				assert.equal(body.fg, t.colors.foreground);
				await h.screenshot(`${theme}/before-first-state`);
			});

			for (const name of fixtureNames) {
				it(`${name}: screenshot, theme colours, contrast`, async function () {
					await h.setState(fx[name].state);
					await h.screenshot(`${theme}/${name}`);
					const page = h.page;

					// Text colours come from the theme.
					const [msg] = await resolveColors(page, [await page.getByTestId('ollama-message').evaluate((e) => getComputedStyle(e).color)]);
					assert.deepEqual(msg.slice(0, 3), hexToRgba(t.colors.foreground).slice(0, 3), 'message colour is --vscode-foreground');
					const primary = page.locator('button[data-action]:not(.secondary)').first();
					if (await primary.count()) {
						const s = await primary.evaluate((e) => ({ bg: getComputedStyle(e).backgroundColor, border: getComputedStyle(e).borderTopColor, fg: getComputedStyle(e).color }));
						const [bg, border] = await resolveColors(page, [s.bg, s.border]);
						if (t.colors['button.background']) assert.deepEqual(bg, hexToRgba(t.colors['button.background']), 'primary button background');
						if (t.colors.contrastBorder) {
							// High contrast: buttons are outlined with contrastBorder, which must stand out.
							assert.deepEqual(border.slice(0, 3), hexToRgba(t.colors['button.border']).slice(0, 3), 'button border in high contrast');
							const behind = await textAndBackground(page, 'main');
							assert.ok(contrast(border, behind.bg) >= 3, 'button outline contrast');
						}
					}

					// WCAG AA (4.5:1) for every visible text on the page in this state.
					assert.deepEqual(await lowContrastText(page), [], 'text below 4.5:1');

					// The status dot is the only colour cue besides the text: it must be visible (non-text 3:1).
					for (const peer of ['ollama', 'openWebui'] as const) {
						const card = `section[data-peer=${peer}]`;
						const dotColor = await page.locator(`${card} .dot`).evaluate((e) => getComputedStyle(e).backgroundColor);
						const [dot] = await resolveColors(page, [dotColor]);
						const { bg } = await textAndBackground(page, `${card} .message`);
						assert.ok(contrast(dot, bg) >= 3, `${peer} status dot ${rgb(dot)} on ${rgb(bg)}: ${contrast(dot, bg).toFixed(2)}:1`);
					}
				});
			}
		});
	}
});

function rgb(c: Rgba): string {
	return `#${c
		.slice(0, 3)
		.map((v) => v.toString(16).padStart(2, '0'))
		.join('')}`;
}
