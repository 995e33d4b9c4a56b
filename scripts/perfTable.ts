// The README's performance table, generated from one recorded run of `npm run bench -- --record`
// (bench/recorded-run.json: its date, machine, load and CPU calibration, and every figure), so the
// README shows what a run printed, never hand-edited numbers (test/unit/perfTable.test.ts).
// `node --import tsx scripts/perfTable.ts --write` rewrites the block between <!-- perf --> markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatGoal, formatValue, meets, type Figure } from '../bench/lib/figures';

export interface RecordedRun {
	readonly date: string;
	readonly commit?: string;
	readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGiB: number; readonly os: string; readonly node: string };
	readonly load: { readonly start: readonly number[]; readonly end: readonly number[] };
	readonly calibration: { readonly start: { readonly loopMs: { readonly median: number } }; readonly end: { readonly loopMs: { readonly median: number } } };
	readonly figures: readonly Figure[];
}

const root = join(__dirname, '..');
export const recordedRunFile = join(root, 'bench', 'recorded-run.json');

export function readRecordedRun(file = recordedRunFile): RecordedRun {
	return JSON.parse(readFileSync(file, 'utf8')) as RecordedRun;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function perfTable(run: RecordedRun): string {
	const m = run.machine;
	const head =
		`Recorded ${run.date.slice(0, 16).replace('T', ' ')} UTC${run.commit ? ` at \`${run.commit}\`` : ''} on ${m.cpu} × ${m.cores} (${m.memoryGiB} GiB, ${m.os}, node ${m.node}); ` +
		`load average ${run.load.start[0]} at the start, ${run.load.end[0]} at the end; CPU calibration ${run.calibration.start.loopMs.median.toFixed(0)} → ${run.calibration.end.loopMs.median.toFixed(0)} ms ` +
		'(a fixed loop: lower is a faster or freer CPU).';
	const rows = run.figures
		.filter((f) => f.goal)
		.map((f) => {
			const ok = meets(f);
			const value = `${formatValue(f.median, f.unit)}${f.p90 !== undefined && f.samples !== undefined && f.samples > 1 ? ` (p90 ${formatValue(f.p90, f.unit)})` : ''}`;
			return `| ${cell(f.label)} | ${value} | ${formatGoal(f.goal, f.unit)} | ${ok ? '✓' : '✗'} |`;
		});
	return [head, '', '| Figure | Median (p90) | Goal | Met |', '|---|---|---|---|', ...rows].join('\n');
}

export function withPerfTable(readme: string, run: RecordedRun): string {
	return readme.replace(/(<!-- perf -->)[\s\S]*?(<!-- \/perf -->)/, (_, open: string, close: string) => `${open}\n${perfTable(run)}\n${close}`);
}

if (require.main === module && process.argv.includes('--write')) {
	const file = join(root, 'README.md');
	writeFileSync(file, withPerfTable(readFileSync(file, 'utf8'), readRecordedRun()));
}
