// The panel in Traditional Chinese, as a zh-TW VS Code shows it: the host translates the webview
// strings and its own messages with the l10n bundle (here: the same bundle through the same
// lookup vscode.l10n.t does), the webview renders what it gets and leaks no English.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ViewState, WebviewStrings } from '../../src/shared/protocol';
import { webviewStrings } from '../../src/shared/webviewStrings';
import { assertNoProblems } from './checks';
import { bundleTranslate, localizedFixture } from './fixtures';
import { repoRoot, WebviewHarness } from './harness';

const bundle = JSON.parse(fs.readFileSync(path.join(repoRoot, 'l10n/bundle.l10n.zh-tw.json'), 'utf8')) as Record<string, string>;
const t = bundleTranslate(bundle);
const strings: WebviewStrings = Object.fromEntries(Object.entries(webviewStrings).map(([k, v]) => [k, t(v)]));
const names = ['allDown', 'ollamaViaProxy', 'owuiApiKeysDisabled', 'owuiUser'] as const;
const cjk = /[\u3400-\u9fff]/;

describe('webview in zh-TW (Chromium)', function () {
	let h: WebviewHarness;
	const states = {} as Record<(typeof names)[number], ViewState>;

	before(async function () {
		let fonts = '';
		try {
			fonts = execFileSync('fc-list', [':lang=zh-tw', 'family'], { encoding: 'utf8' });
		} catch {
			/* no fontconfig: same as no font */
		}
		if (!fonts.trim()) console.warn('    (no CJK font: zh-TW screenshots show boxes; apt-get install fonts-wqy-microhei)');
		for (const n of names) states[n] = await localizedFixture(n, t);
		h = await WebviewHarness.launch();
	});
	after(async function () {
		await h?.close();
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'passed') await assertNoProblems(h);
	});

	it('every webview string has a zh-TW translation', function () {
		const missing = Object.entries(webviewStrings)
			.filter(([, en]) => !(en in bundle))
			.map(([k]) => k);
		assert.deepEqual(missing, []);
	});

	for (const name of names) {
		it(`${name}: host messages and labels in Chinese, no English left, fits the side bar`, async function () {
			const state = states[name];
			const page = await h.open(state, { locale: 'zh-tw', strings });
			for (const peer of ['ollama', 'openWebui'] as const) {
				const view = state[peer];
				if (view.kind === 'checking') continue;
				assert.match(view.message, cjk, `${peer} message not translated: ${view.message}`);
				assert.equal(await page.getByTestId(`${peer}-message`).innerText(), view.message);
				for (const a of 'actions' in view ? view.actions : []) assert.match(a.label, cjk, `${peer} button "${a.label}" not translated`);
			}
			// English of anything the bundle translates must not be on screen (a string that skipped t()).
			const text = await page.locator('main').innerText();
			const leaks = Object.entries(bundle)
				.filter(([en, zh]) => en !== zh && !en.includes('{') && en.length >= 8 && /\s/.test(en))
				.map(([en]) => en)
				.filter((en) => text.includes(en));
			assert.deepEqual(leaks, [], 'English text that has a translation');
			const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
			assert.ok(scroll <= client, `page is ${scroll}px wide in a ${client}px side bar`);
			await h.screenshot(`zh-tw/${name}`);
		});
	}
});
