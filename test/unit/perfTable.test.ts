import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatGoal, formatValue, meets, rateStats, stats } from '../../bench/lib/figures';
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

describe('bench figures (median, p90, goals)', () => {
	it('median and p90 of samples; for a rate the slow tail is the low end', () => {
		assert.deepEqual(stats([5, 1, 3, 2, 4]), { median: 3, p90: 5, samples: 5 });
		assert.deepEqual(stats([1, 2, 3, 4]), { median: 2.5, p90: 4, samples: 4 });
		assert.deepEqual(rateStats([100, 90, 120, 80, 110]), { median: 100, p90: 80, samples: 5 });
		assert.throws(() => stats([]), /no samples/);
	});

	it('meets a goal in either direction; no goal is no verdict', () => {
		assert.equal(meets({ median: 5, goal: { op: '<=', value: 5 } }), true);
		assert.equal(meets({ median: 5.01, goal: { op: '<=', value: 5 } }), false);
		assert.equal(meets({ median: 99, goal: { op: '>=', value: 100 } }), false);
		assert.equal(meets({ median: 1 }), undefined);
	});

	it('small figures keep their digits (a 0.0084 % share is not "0.01 %" beside a 0.005 % goal)', () => {
		assert.equal(formatValue(0.0084, '%'), '0.0084 %');
		assert.equal(formatGoal({ op: '<=', value: 0.005 }, '%'), '≤ 0.0050 %');
		assert.equal(formatValue(151.4, 'KB'), '151 KB');
		assert.equal(formatValue(12.8, '×'), '12.8×');
	});
});
