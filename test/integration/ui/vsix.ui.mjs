// vsix-mode smoke: the packaged extension (vsce package → code-server --install-extension) holds
// only what should ship, and activates and renders from the install, not from the source folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { zipEntries } from '../lib/zip.mjs';
import { tests as workbenchTests } from './workbench.ui.mjs';

const pick = (name) => {
	const t = workbenchTests.find((x) => x.name === name);
	if (!t) throw new Error(`no workbench test named "${name}"`);
	return t;
};

export const tests = [
	{
		name: 'the vsix holds dist/, media/, l10n/, the manifest, README (and its images); no sources or node_modules',
		async fn({ vsix, root }) {
			const files = zipEntries(vsix).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
			for (const f of ['dist/extension.js', 'dist/webview/main.js', 'package.json', 'package.nls.json']) assert.ok(files.includes(f), `${f} missing`);
			const allowed = /^(dist|media|l10n)\/|^package(\.nls(\.[\w-]+)?)?\.json$|^(README|CHANGELOG|LICENSE)(\.(md|txt))?$/i;
			// The README's own relative images ship with it, so the Extensions view can show them offline.
			const readme = path.join(root, 'README.md');
			const readmeImages = new Set(
				fs.existsSync(readme) ? [...fs.readFileSync(readme, 'utf8').matchAll(/!\[[^\]]*\]\((?!https?:)([^)\s]+)\)/g)].map((m) => path.posix.normalize(m[1])) : [],
			);
			const unexpected = files.filter((f) => !allowed.test(f) && !readmeImages.has(f));
			assert.ok(!files.some((f) => f.endsWith('.map')), 'source maps ship');
			assert.deepEqual(unexpected, [], 'files that should not ship');
		},
	},
	{
		name: 'the extension is installed in the extensions dir, not loaded as a development folder',
		async fn({ run, page }) {
			const installed = fs.readdirSync(path.join(run, 'extensions')).filter((d) => d.startsWith('task-model-tuner.task-model-tuner-'));
			assert.equal(installed.length, 1, `installed: ${installed.join(', ')}`);
			assert.doesNotMatch(await page.title(), /Extension Development Host/);
		},
	},
	pick('the extension activates and shows its status-bar item'),
	pick('the status-bar item shows the fake Ollama as connected'),
	pick('the sidebar panel renders both servers from the fakes'),
];
