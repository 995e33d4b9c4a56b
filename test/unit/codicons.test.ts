import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The panel ships a subset of the codicon font (scripts/codicons.mjs). An icon used in the webview
// but missing from the subset would render as an empty box: re-run the script when this fails.
describe('codicon subset covers every icon the panel uses', () => {
	const root = join(__dirname, '..', '..');
	const css = readFileSync(join(root, 'media/codicons/codicon.css'), 'utf8');
	const files: string[] = [];
	const walk = (d: string) => {
		for (const e of readdirSync(d, { withFileTypes: true })) {
			if (e.isDirectory()) walk(join(d, e.name));
			else if (/\.(svelte|ts)$/.test(e.name)) files.push(join(d, e.name));
		}
	};
	walk(join(root, 'webview'));
	const used = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/codicon-([a-z0-9-]+)/g)].map((m) => m[1]).filter((n) => !n.startsWith('modifier-'))));

	it('finds the icons', () => assert.ok(used.size >= 10));
	for (const name of [...used].sort()) it(name, () => assert.match(css, new RegExp(`\\.codicon-${name}:before \\{ content: "\\\\[0-9a-f]+" \\}`)));
	it('spins the loading icon', () => assert.match(css, /codicon-loading\.codicon-modifier-spin/));
});
