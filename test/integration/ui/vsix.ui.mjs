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
		name: 'the vsix holds dist/, media/, l10n/ and the manifest, and no sources or node_modules',
		async fn({ vsix }) {
			const files = zipEntries(vsix).filter((f) => f.startsWith('extension/')).map((f) => f.slice('extension/'.length));
			assert.ok(files.includes('dist/extension.js'), 'dist/extension.js missing');
			assert.ok(files.includes('package.json'), 'package.json missing');
			const allowed = /^(dist|media|l10n)\/|^package(\.nls(\.[\w-]+)?)?\.json$|^(README|CHANGELOG|LICENSE)(\.(md|txt))?$/i;
			const unexpected = files.filter((f) => !allowed.test(f));
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
