// Each connection state, as the real host's probe produces it, shows the right text, badges and
// buttons, and each button sends the intent that fixes that state.
import * as assert from 'node:assert/strict';
import type { OllamaView, OpenWebuiView } from '../../src/shared/protocol';
import { webviewStrings } from '../../src/shared/webviewStrings';
import { assertNoProblems } from './checks';
import { actionsOf, expectedKinds, fixtureNames, kindOf, loadFixtures, type Fixture, type FixtureName } from './fixtures';
import { WebviewHarness } from './harness';

type Peer = 'ollama' | 'openWebui';

/** What the product promises for each state (issue 2): the action that fixes it is offered. */
const requiredActions: Record<string, string[]> = {
	'ollama:unreachable': ['retry', 'openSettings'],
	'ollama:error': [],
	'openWebui:unreachable': ['retry', 'configureConnection'],
	'openWebui:notOpenWebui': ['configureConnection'],
	'openWebui:signedOut': ['signIn'],
	'openWebui:keyRejected': ['signIn'],
	'openWebui:signedIn': ['signOut'],
	'openWebui:error': ['retry'],
};

describe('webview connection states (Chromium)', function () {
	let h: WebviewHarness;
	let fx: Record<FixtureName, Fixture>;

	before(async function () {
		fx = await loadFixtures(); // first: a failure here leaves no browser behind
		h = await WebviewHarness.launch();
		await h.open(fx.checking.state);
	});
	after(async function () {
		await h?.close();
	});
	afterEach(async function () {
		if (this.currentTest?.state === 'passed') await assertNoProblems(h);
	});

	it('fixtures come out of the probe as the scenarios intend', function () {
		for (const name of fixtureNames) {
			const s = fx[name].state;
			assert.deepEqual({ ollama: kindOf(s.ollama), openWebui: kindOf(s.openWebui) }, expectedKinds[name], name);
		}
	});

	for (const name of fixtureNames) {
		describe(name, function () {
			it('shows each peer’s state, message, version, badge and status dot', async function () {
				const { state, title } = fx[name];
				await h.setState(state);
				for (const peer of ['ollama', 'openWebui'] as const) {
					const view: OllamaView | OpenWebuiView = state[peer];
					const card = h.page.locator(`section[data-peer=${peer}]`);
					assert.equal(await card.getAttribute('data-state'), view.kind, `${title}: ${peer} state`);
					const message = await h.page.getByTestId(`${peer}-message`).innerText();
					assert.equal(message, view.kind === 'checking' ? webviewStrings.checking : view.message, `${peer} message`);
					// The card is labelled by its heading, for screen readers.
					assert.equal(await h.page.getByRole('region', { name: peer === 'ollama' ? 'Ollama' : 'Open WebUI', exact: true }).count(), 1, `${peer} region`);

					const head = await card.locator('.card-head').innerText();
					if ('version' in view && view.version) assert.ok(head.includes(view.version), `${peer} shows version ${view.version}: ${head}`);
					const badge = card.locator('.badge');
					// A pending account is neither admin nor a reader yet: no badge, and not shown as connected.
					const pending = view.kind === 'signedIn' && view.user.role === 'pending';
					const expectedBadge =
						view.kind === 'connected' && view.via === 'openWebui' ? webviewStrings.viaProxy : view.kind === 'signedIn' && !pending ? (view.isAdmin ? webviewStrings.admin : webviewStrings.readOnly) : undefined;
					assert.deepEqual(await badge.allInnerTexts(), expectedBadge ? [expectedBadge] : [], `${peer} badge`);

					const ok = (view.kind === 'connected' || view.kind === 'signedIn') && !pending;
					const dot = await card.getByRole('img').getAttribute('aria-label');
					assert.equal(dot, view.kind === 'checking' ? webviewStrings.checking : ok ? webviewStrings.connected : webviewStrings.notConnected, `${peer} dot label`);
					const tone = (await card.getAttribute('class')) ?? '';
					assert.match(tone, view.kind === 'checking' ? /tone-busy/ : ok ? /tone-ok/ : view.kind === 'signedOut' || pending ? /tone-info/ : /tone-bad/, `${peer} tone`);
				}
			});

			it('offers the actions of the state, first as the primary button, and each sends its intent', async function () {
				const { state } = fx[name];
				await h.setState(state);
				for (const peer of ['ollama', 'openWebui'] as const) {
					const view = state[peer];
					const actions = actionsOf(view);
					const need = requiredActions[`${peer}:${view.kind}`] ?? [];
					for (const id of need) assert.ok(actions.some((a) => a.id === id), `${peer} ${view.kind} must offer ${id}`);

					const buttons = h.page.locator(`section[data-peer=${peer}] button`);
					assert.deepEqual(await buttons.allInnerTexts(), actions.map((a) => a.label), `${peer} button labels`);
					for (let i = 0; i < actions.length; i++) {
						const b = buttons.nth(i);
						assert.equal(await b.evaluate((e) => e.classList.contains('secondary')), i > 0, `${peer} ${actions[i].id} primary/secondary`);
						await h.clearSent();
						await b.click();
						assert.deepEqual(await h.sent(), [{ type: 'action', action: actions[i].id }], `${peer} ${actions[i].label}`);
					}
				}
			});
		});
	}

	// docs/architecture.md "Product rules": "Offline or unauthorised peers show a clear state with the action that fixes it,
	// never an empty list that looks like 'no models'."
	for (const name of ['checking', 'allDown', 'ollamaUnreachable', 'ollamaError', 'ollamaProxyNeedsSignIn'] as const) {
		it(`without a working Ollama nothing reads as "no models" (${name})`, async function () {
			const { state } = fx[name];
			assert.notEqual(state.models.status, 'ready', 'fixture has no model list');
			await h.setState(state);
			const text = await h.page.locator('main').innerText();
			assert.doesNotMatch(text, new RegExp(webviewStrings.noModels.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the empty-list text');
			assert.doesNotMatch(text, /\b0 of 0\b/i, 'a model count of zero');
			assert.equal(await h.page.locator('[data-model]').count(), 0);
		});
	}

	it('while both servers are being checked, no section offers a fix yet (only Refresh)', async function () {
		await h.setState(fx.checking.state);
		const buttons = await h.page.locator('main button:visible').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent?.trim()));
		assert.deepEqual(buttons, [webviewStrings.refresh], 'a "Sign in" or "Retry" before the first answer guesses at the problem');
	});

	it('the toolbar refresh button sends `retry` in every state', async function () {
		for (const name of ['checking', 'allDown', 'owuiAdmin'] as const) {
			await h.setState(fx[name].state);
			await h.clearSent();
			await h.page.getByRole('button', { name: webviewStrings.refresh }).click();
			assert.deepEqual(await h.sent(), [{ type: 'action', action: 'retry' }], name);
		}
	});

	// VS Code lets the side bar shrink to 170 px; 220 px is a narrow but common width.
	for (const name of ['longText', 'ollamaConnected', 'owuiApiKeysDisabled'] as const) {
		it(`nothing overflows a 220 px side bar (${name})`, async function () {
			await h.open(fx[name].state, { width: 220 });
			const wide = await h.page.evaluate(() => {
				const limit = document.documentElement.clientWidth;
				return Array.from(document.querySelectorAll<HTMLElement>('main *'))
					.filter((e) => e.getBoundingClientRect().right > limit + 0.5)
					.map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> right=${Math.round(e.getBoundingClientRect().right)}`)
					.slice(0, 5);
			});
			const { scroll, client } = await h.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
			await h.screenshot(`states/${name}-220px`);
			assert.ok(scroll <= client, `page is ${scroll}px wide in a ${client}px side bar`);
			assert.deepEqual(wide, [], 'elements past the right edge');
		});
	}
});
