import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTables } from '../../scripts/readmeTables';

describe('README stays true', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

	it('its settings and commands tables match package.json (run scripts/readmeTables.ts --write)', () => {
		assert.ok(readme.includes('<!-- settings -->') && readme.includes('<!-- commands -->'));
		assert.equal(withTables(readme), readme);
	});

	it('shows the two newcomer commands, and the test command is what CI runs', () => {
		assert.match(readme, /npm ci && npm run dev/);
		assert.match(readme, /npm ci && npm test/);
		const ci = readFileSync(join(__dirname, '..', '..', '.ci', 'run'), 'utf8');
		assert.match(ci, /npm ci/);
		assert.match(ci, /npm test/);
	});

	it('every image it shows exists', () => {
		for (const m of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.doesNotThrow(() => readFileSync(join(__dirname, '..', '..', m[1])), m[1]);
	});
});
