// Assertions shared by the webview tests: no page problems, colours as the browser resolves them,
// WCAG contrast.
import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { WebviewHarness } from './harness';

/** Fails with everything that went wrong on the page: console errors, uncaught errors, CSP violations, failed loads. */
export async function assertNoProblems(h: WebviewHarness): Promise<void> {
	const p = await h.problems();
	const all = [...p.consoleErrors.map((x) => `console: ${x}`), ...p.pageErrors.map((x) => `uncaught: ${x}`), ...p.cspViolations.map((x) => `CSP: ${x}`), ...p.failedRequests.map((x) => `request: ${x}`)];
	assert.deepEqual(all, [], 'the page reported problems');
}

export type Rgba = [number, number, number, number];

/** '#RRGGBB' / '#RRGGBBAA' → [r, g, b, a 0..1]. */
export function hexToRgba(hex: string): Rgba {
	const h = hex.replace('#', '');
	const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
	return [n(0), n(2), n(4), h.length >= 8 ? n(6) / 255 : 1];
}

/** Resolves any CSS colour (rgb(), color(srgb …) from color-mix(), named) to RGBA by painting it on a canvas. */
export function resolveColors(page: Page, colors: string[]): Promise<Rgba[]> {
	return page.evaluate((list) => {
		const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
		return list.map((c) => {
			ctx.clearRect(0, 0, 1, 1);
			ctx.fillStyle = '#00000000';
			ctx.fillStyle = c;
			ctx.fillRect(0, 0, 1, 1);
			const d = ctx.getImageData(0, 0, 1, 1).data;
			return [d[0], d[1], d[2], d[3] / 255] as [number, number, number, number];
		});
	}, colors);
}

/** The colour of an element's text and the opaque colour behind it (its and its ancestors' backgrounds composited). */
export async function textAndBackground(page: Page, selector: string): Promise<{ fg: Rgba; bg: Rgba }> {
	const { color, layers } = await page.locator(selector).first().evaluate((el) => {
		const layers: string[] = [];
		for (let n: Element | null = el; n; n = n.parentElement) layers.push(getComputedStyle(n).backgroundColor);
		return { color: getComputedStyle(el).color, layers };
	});
	const [fg, ...bgs] = await resolveColors(page, [color, ...layers]);
	// Composite from the root (last) to the element (first), over the page canvas colour under <html>.
	let bg: Rgba = [255, 255, 255, 1];
	for (const layer of bgs.reverse()) bg = over(layer, bg);
	return { fg: over(fg, bg), bg };
}

function over(top: Rgba, under: Rgba): Rgba {
	const a = top[3];
	return [0, 1, 2].map((i) => Math.round(top[i] * a + under[i] * (1 - a))).concat(1) as Rgba;
}

export function contrast(a: Rgba, b: Rgba): number {
	const lum = (c: Rgba) => {
		const [r, g, bl] = c.slice(0, 3).map((v) => {
			const s = v / 255;
			return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
	};
	const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}

/** Every visible piece of text on the page whose contrast with what is behind it is below `min`
 * (WCAG AA: 4.5 for normal text). Disabled controls are exempt, as in WCAG. Runs in the page. */
export function lowContrastText(page: Page, min = 4.5): Promise<string[]> {
	return page.evaluate((minRatio) => {
		const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
		const colors = new Map<string, number[]>();
		const rgba = (c: string): number[] => {
			let v = colors.get(c);
			if (v) return v;
			ctx.clearRect(0, 0, 1, 1);
			ctx.fillStyle = '#00000000';
			ctx.fillStyle = c;
			ctx.fillRect(0, 0, 1, 1);
			const d = ctx.getImageData(0, 0, 1, 1).data;
			v = [d[0], d[1], d[2], d[3] / 255];
			colors.set(c, v);
			return v;
		};
		const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
		const lum = (c: number[]) => {
			const [r, g, b] = c.slice(0, 3).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
			return 0.2126 * r + 0.7152 * g + 0.0722 * b;
		};
		// The opaque colour behind each element and the opacity it inherits, memoised up the tree.
		const memo = new Map<Element, { bg: number[]; alpha: number }>();
		const behind = (el: Element | null): { bg: number[]; alpha: number } => {
			if (!el) return { bg: [255, 255, 255, 1], alpha: 1 };
			let v = memo.get(el);
			if (v) return v;
			const up = behind(el.parentElement);
			const s = getComputedStyle(el);
			v = { bg: over(rgba(s.backgroundColor), up.bg), alpha: up.alpha * Number(s.opacity) };
			memo.set(el, v);
			return v;
		};
		const out: string[] = [];
		for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
			const text = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
			if (!text || el.closest('script, style, [aria-hidden=true]') || (el.closest('button, input, select') as HTMLButtonElement | null)?.disabled) continue;
			const rect = el.getBoundingClientRect();
			const style = getComputedStyle(el);
			if (!rect.width || !rect.height || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
			const { bg, alpha } = behind(el);
			const fgRaw = rgba(style.color);
			const fg = over([fgRaw[0], fgRaw[1], fgRaw[2], fgRaw[3] * alpha], bg);
			const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
			const ratio = (hi + 0.05) / (lo + 0.05);
			const hex = (c: number[]) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
			if (ratio < minRatio) out.push(`${ratio.toFixed(2)}:1 "${text.slice(0, 40)}" <${el.tagName.toLowerCase()} class="${el.className}"> ${hex(fg)} on ${hex(bg)}`);
		}
		return out;
	}, min);
}

/** Controls and badges whose shape cannot be seen: neither their own background nor their border
 * reaches `min` contrast (WCAG 1.4.11: 3:1) against what is behind them. Runs in the page. */
export function invisibleShapes(page: Page, selector: string, min = 3): Promise<string[]> {
	return page.evaluate(
		({ selector, minRatio }) => {
			const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
			const rgba = (c: string): number[] => {
				ctx.clearRect(0, 0, 1, 1);
				ctx.fillStyle = '#00000000';
				ctx.fillStyle = c;
				ctx.fillRect(0, 0, 1, 1);
				const d = ctx.getImageData(0, 0, 1, 1).data;
				return [d[0], d[1], d[2], d[3] / 255];
			};
			const over = (top: number[], under: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
			const lum = (c: number[]) => {
				const [r, g, b] = c.slice(0, 3).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
				return 0.2126 * r + 0.7152 * g + 0.0722 * b;
			};
			const ratio = (a: number[], b: number[]) => {
				const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
				return (hi + 0.05) / (lo + 0.05);
			};
			const behind = (el: Element | null) => {
				const layers: string[] = [];
				for (let n = el; n; n = n.parentElement) layers.push(getComputedStyle(n).backgroundColor);
				let bg = [255, 255, 255, 1];
				for (const l of layers.reverse()) bg = over(rgba(l), bg);
				return bg;
			};
			const out: string[] = [];
			for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
				const r = el.getBoundingClientRect();
				if (!r.width || !r.height || (el as HTMLButtonElement).disabled) continue;
				const s = getComputedStyle(el);
				const back = behind(el.parentElement);
				const own = over(rgba(s.backgroundColor), back);
				const borderVisible = parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none' ? ratio(over(rgba(s.borderTopColor), back), back) : 0;
				const best = Math.max(ratio(own, back), borderVisible);
				const label = el.getAttribute('aria-label') || el.textContent?.trim() || el.closest('[aria-label], button, li')?.textContent?.trim() || '';
				if (best < minRatio) out.push(`${best.toFixed(2)}:1 <${el.tagName.toLowerCase()} class="${el.className}"> "${label.replace(/\s+/g, ' ').slice(0, 40)}"`);
			}
			return out;
		},
		{ selector, minRatio: min },
	);
}
