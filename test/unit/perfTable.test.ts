import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { perfTable, readRecordedRun, withPerfTable, type RecordedRun } from '../../scripts/perfTable';

describe('README performance table', () => {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

	it('is the table of bench/recorded-run.json (regenerate with `npm run bench -- --record`)', () => {
		const run = readRecordedRun();
		assert.ok(readme.includes('<!-- perf -->') && readme.includes('<!-- /perf -->'));
		assert.equal(withPerfTable(readme, run), readme);
	});

	it('the recorded run says when, where and under what load it ran, and holds the figures the goals name', () => {
		const run = readRecordedRun();
		assert.ok(!Number.isNaN(Date.parse(run.date)), run.date);
		assert.ok(run.machine.cores > 0 && run.machine.cpu && run.machine.node);
		assert.ok(run.load.start.length === 3 && run.load.end.length === 3);
		assert.ok(run.calibration.start.loopMs.median > 0);
		const ids = new Set(run.figures.map((f) => f.id));
		for (const id of ['activation.tmt', 'size.extension', 'size.webview', 'webview.models500.first', 'webview.models500.all', 'webview.models5000.all', 'webview.backends50.all', 'pull.cpu', 'resources.ratio.spaced']) {
			assert.ok(ids.has(id), `${id} missing from the recorded run`);
		}
	});

	it('a changed figure changes the table: the check compares numbers, not just the layout', () => {
		const run = readRecordedRun();
		const f = run.figures.find((x) => x.goal)!;
		const edited: RecordedRun = { ...run, figures: run.figures.map((x) => (x === f ? { ...x, median: x.median * 3 + 1 } : x)) };
		assert.notEqual(perfTable(edited), perfTable(run));
		assert.notEqual(withPerfTable(readme, edited), readme);
	});
});
