import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostStrings } from '../../support/l10nScan';

const src = join(__dirname, '..', '..', '..', 'src');

describe('models + pull: user-visible strings (unit)', () => {
	it('passes only table strings to t(): no literal t("…") calls hide outside the message tables', () => {
		for (const dir of ['models', 'pull']) {
			for (const file of readdirSync(join(src, dir)).filter((f) => f.endsWith('.ts'))) {
				const text = readFileSync(join(src, dir, file), 'utf8');
				assert.deepEqual([...text.matchAll(/(?<![\w$])t\(\s*['"`]/g)].map((m) => m.index), [], `${dir}/${file} calls t() with a literal`);
			}
		}
	});

	it('the l10n scan finds the tables, placeholders included', () => {
		const found = hostStrings();
		assert.ok(found.get('would evict {0} on every title — prefer a smaller model or a hosted endpoint')?.includes('src/models/candidates.ts'));
		assert.ok(found.get('Pull of {0} cancelled. Ollama keeps the partial download and resumes it next time.')?.includes('src/pull/pullErrors.ts'));
	});
});
