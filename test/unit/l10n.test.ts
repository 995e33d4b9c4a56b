import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, hostStrings } from '../support/l10nScan';
import { english } from '../../src/shared/l10n';

const root = join(__dirname, '..', '..');
const placeholders = (s: string) => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]).sort().join(',');

describe('localisation: English and Traditional Chinese stay complete', () => {
	const nlsEn = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
	const nlsZh = JSON.parse(readFileSync(join(root, 'package.nls.zh-tw.json'), 'utf8')) as Record<string, string>;
	const zh = bundle('zh-tw');
	const used = hostStrings();

	it('package.nls.json and package.nls.zh-tw.json have the same keys', () => {
		assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nlsEn).sort());
	});

	it('every %key% in package.json exists in package.nls.json', () => {
		const manifest = readFileSync(join(root, 'package.json'), 'utf8');
		const keys = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
		assert.ok(keys.length > 10);
		assert.deepEqual(keys.filter((k) => !(k in nlsEn)), []);
	});

	it('every host string has a zh-TW translation', () => {
		const missing = [...used.entries()].filter(([k]) => !(k in zh)).map(([k, where]) => `${k}  (${where[0]})`);
		assert.deepEqual(missing, [], 'run `node --import tsx test/support/l10nScan.ts` for a skeleton');
	});

	it('the zh-TW bundle has no strings the code no longer uses', () => {
		assert.deepEqual(Object.keys(zh).filter((k) => !used.has(k)), []);
	});

	it('translations keep the placeholders and are not empty', () => {
		for (const [k, v] of Object.entries(zh)) {
			assert.ok(v.trim(), `empty translation for ${k}`);
			assert.equal(placeholders(v), placeholders(k), `placeholders differ in ${k}`);
		}
		for (const [k, v] of Object.entries(nlsZh)) assert.ok(v.trim(), `empty translation for ${k}`);
	});

	it('the English formatter fills placeholders and leaves unknown ones', () => {
		assert.equal(english('Ollama {0} at {1}', '0.24.0', 'http://x'), 'Ollama 0.24.0 at http://x');
		assert.equal(english('{0} and {2}', 'a'), 'a and {2}');
	});
});
