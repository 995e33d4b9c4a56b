import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelsEnglishStrings } from '../../../src/models/strings';
import { pullEnglishStrings } from '../../../src/pull/strings';

const src = join(__dirname, '..', '..', '..', 'src');

describe('models + pull: user-visible strings (unit)', () => {
	const all = [...modelsEnglishStrings, ...pullEnglishStrings];

	it('lists each string once, none empty', () => {
		assert.equal(all.length, 47, "update the zh-TW bundle when this count changes");
		assert.equal(new Set(all).size, all.length);
		for (const s of all) assert.ok(s.trim(), 'empty string');
	});

	it('passes only table strings to t(): no literal t("…") calls hide outside the exported lists', () => {
		for (const dir of ['models', 'pull']) {
			for (const file of readdirSync(join(src, dir)).filter((f) => f.endsWith('.ts'))) {
				const text = readFileSync(join(src, dir, file), 'utf8');
				assert.deepEqual([...text.matchAll(/(?<![\w$])t\(\s*['"`]/g)].map((m) => m.index), [], `${dir}/${file} calls t() with a literal`);
			}
		}
	});

	it('a sample keeps its placeholders', () => {
		assert.ok(all.includes('would evict {0} on every title — prefer a smaller model or a hosted endpoint'));
		assert.ok(all.includes('Pull of {0} cancelled. Ollama keeps the partial download and resumes it next time.'));
	});
});
