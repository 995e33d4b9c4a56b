// The webview's side of the protocol (docs/architecture.md "The webview"): `ready` first, nothing shown as
// data before the first snapshot, snapshots replace each other, strings come from `init`, only
// protocol messages are acted on, and every message it sends is one the host accepts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseWebviewMessage } from '../../src/sidebar/validateMessage';
import { webviewStrings } from '../../src/shared/webviewStrings';
import { assertNoProblems } from './checks';
import { loadFixtures, type Fixture, type FixtureName } from './fixtures';
import { hostCsp, repoRoot, WebviewHarness } from './harness';

describe('webview protocol (Chromium)', function () {
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

	it('says `ready` once, first, and nothing else until the user acts', async function () {
		await h.open(undefined, { answerReady: false });
		assert.deepEqual(await h.sent(), [{ type: 'ready' }]);
		await h.post({ type: 'init', strings: { ...webviewStrings }, locale: 'en' });
		await h.setState(fx.allDown.state);
		await h.setState(fx.owuiAdmin.state);
		assert.deepEqual(await h.sent(), [{ type: 'ready' }], 'init and state messages must not be answered');
	});

	it('shows "Checking…" and no peer data before the first state, even after `init`', async function () {
		const page = await h.open(undefined, { answerReady: false });
		const check = async (when: string) => {
			const main = page.locator('main');
			assert.equal(await main.getAttribute('aria-busy'), 'true', `aria-busy ${when}`);
			assert.equal((await page.getByRole('status').first().innerText()).trim(), webviewStrings.checking, `status text ${when}`);
			assert.equal(await page.locator('section.card').count(), 0, `no peer cards ${when}`);
			assert.equal(await page.locator('[data-action]').count(), 0, `no action buttons ${when}`);
			assert.doesNotMatch(await main.innerText(), /no models|not reachable|not connected|0 models/i, `nothing that reads as an answer ${when}`);
		};
		await check('before init');
		await h.post({ type: 'init', strings: { ...webviewStrings }, locale: 'en' });
		await check('after init');
		await h.screenshot('protocol/before-first-state');
		await h.setState(fx.ollamaConnected.state);
		assert.equal(await page.locator('main').getAttribute('aria-busy'), 'false');
		assert.equal(await page.locator('section.card').count(), 2);
	});

	it('renders text from the `init` strings, not its built-in English', async function () {
		const strings = { ...webviewStrings, connections: '連線', refresh: '重新整理', checking: '檢查中…', ollama: 'Ollama（本機）', checkedAt: '檢查時間 {0}' };
		const page = await h.open(undefined, { locale: 'zh-tw', strings });
		assert.equal(await page.locator('html').getAttribute('lang'), 'zh-tw');
		assert.equal(await page.locator('h2').innerText(), strings.connections);
		assert.equal((await page.getByRole('status').first().innerText()).trim(), strings.checking);
		assert.equal(await page.getByRole('button', { name: strings.refresh }).count(), 1);
		await h.setState(fx.ollamaConnected.state);
		assert.equal(await page.locator('#ollama-title').innerText(), strings.ollama);
		assert.match(await page.locator('main').innerText(), /檢查時間 /);
	});

	it('shows when the state was checked, in the host locale', async function () {
		const page = await h.open(fx.ollamaConnected.state);
		// checkedAt is 14:30:05 UTC; the page runs in UTC.
		assert.equal(await page.getByText(/^Checked at/).count(), 1);
		assert.match(await page.getByText(/^Checked at/).innerText(), /^Checked at 2:30:05\sPM$/);
	});

	it('replaces the whole view on each snapshot (no stale cards, texts or buttons)', async function () {
		const page = await h.open(fx.allDown.state);
		assert.equal(await page.locator('section[data-peer] [data-action]').count(), 4);
		await h.setState(fx.owuiAdmin.state);
		assert.equal(await page.locator('section.card').count(), 2);
		assert.equal(await page.locator('[data-peer=ollama]').getAttribute('data-state'), 'connected');
		assert.equal(await page.locator('[data-peer=openWebui]').getAttribute('data-state'), 'signedIn');
		assert.deepEqual(await page.locator('section[data-peer] [data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))), ['signOut']);
		assert.doesNotMatch(await page.locator('main').innerText(), /not reachable/);
		await h.setState(fx.checking.state);
		assert.equal(await page.locator('section[data-peer] [data-action]').count(), 0);
		assert.equal(await page.getByTestId('ollama-message').innerText(), webviewStrings.checking);
	});

	it('ignores messages that are not host protocol messages', async function () {
		const page = await h.open(fx.owuiAdmin.state);
		const before = await page.locator('main').innerHTML();
		for (const junk of [{ type: 'bogus', state: fx.allDown.state }, { state: fx.allDown.state }, 'state', null, 42, { type: 'action', action: 'retry' }]) {
			await h.post(junk as Record<string, unknown>);
		}
		assert.equal(await page.locator('main').innerHTML(), before);
		assert.deepEqual(await h.sent(), [{ type: 'ready' }], 'junk must not make the webview talk');
	});

	it('sends only messages the host validator accepts', async function () {
		const page = await h.open(fx.allDown.state);
		for (const b of await page.locator('button').all()) await b.click();
		const sent = await h.sent();
		assert.ok(sent.length >= 5, `expected ready + 5 clicks, got ${JSON.stringify(sent)}`);
		for (const m of sent) assert.deepEqual(parseWebviewMessage(m), m, `host would drop ${JSON.stringify(m)}`);
	});

	it('serves the real host page: the CSP is strict (no inline scripts or styles, no network)', function () {
		const csp = hostCsp('SRC', 'NONCE');
		assert.equal(csp, "default-src 'none'; style-src SRC; font-src SRC; img-src SRC data:; script-src 'nonce-NONCE'");
		assert.doesNotMatch(csp, /unsafe-inline|connect-src|https?:/);
		const src = fs.readFileSync(path.join(repoRoot, 'src/sidebar/panelProvider.ts'), 'utf8');
		assert.match(src, /panelHtml\(/, 'the host builds its page with panelHtml()');
	});

	it('reports CSP violations and page errors (the detector works)', async function () {
		await h.open(fx.owuiAdmin.state);
		await h.page.evaluate(() => {
			const s = document.createElement('style');
			s.textContent = 'body { color: red }';
			document.head.append(s);
			const img = document.createElement('img');
			img.src = 'https://example.invalid/x.png';
			document.body.append(img);
		});
		await h.page.waitForFunction(() => window.__tmt.csp.length >= 2);
		const p = await h.problems();
		assert.ok(p.cspViolations.some((v) => v.startsWith('style-src')), JSON.stringify(p.cspViolations));
		assert.ok(p.cspViolations.some((v) => v.startsWith('img-src')), JSON.stringify(p.cspViolations));
		assert.notEqual(await h.page.evaluate(() => getComputedStyle(document.body).color), 'rgb(255, 0, 0)', 'an inline <style> must be blocked');
		await h.open(fx.owuiAdmin.state); // a clean page for the afterEach check
	});
});
