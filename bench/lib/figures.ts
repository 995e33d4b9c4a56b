// One figure of `npm run bench`: a median and p90 over several samples, beside its goal. Each bench
// prints its figures and, when bench/run.mjs runs it, appends them as JSON lines to the file named
// by TMT_BENCH_OUT, so run.mjs can print one summary and record the run (bench/recorded-run.json,
// the README's performance table). Pure: no vscode, no timers.
import { appendFileSync } from 'node:fs';

export type Unit = 'ms' | 'µs' | 'KB' | 'MB/s' | '×' | '%' | 'MB' | 'count';

export interface Goal {
	readonly op: '<=' | '>=';
	readonly value: number;
}

export interface Figure {
	/** Stable id, e.g. `webview.models500.first`: the README table and the test key on it. */
	readonly id: string;
	readonly label: string;
	readonly unit: Unit;
	readonly median: number;
	readonly p90?: number;
	/** How many samples the median and p90 are of. */
	readonly samples?: number;
	readonly goal?: Goal;
	/** Context printed beside the figure (what it is of, the figure it is compared with). */
	readonly note?: string;
}

export function stats(xs: readonly number[]): { median: number; p90: number; samples: number } {
	if (!xs.length) throw new Error('no samples');
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
	return { median, p90: s[Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)]!, samples: s.length };
}

/** For a rate (higher is better) the bad tail is the low end: `p90` is the rate 90 % of the samples reach. */
export function rateStats(xs: readonly number[]): { median: number; p90: number; samples: number } {
	const s = stats(xs.map((x) => -x));
	return { median: -s.median, p90: -s.p90, samples: s.samples };
}

export function meets(f: Pick<Figure, 'median' | 'goal'>): boolean | undefined {
	if (!f.goal) return undefined;
	return f.goal.op === '<=' ? f.median <= f.goal.value : f.median >= f.goal.value;
}

const digits = (n: number): string => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : Math.abs(n) >= 0.1 || n === 0 ? n.toFixed(2) : n.toPrecision(2));

export function formatValue(n: number, unit: Unit): string {
	if (unit === 'count') return String(Math.round(n));
	if (unit === '×') return `${digits(n)}×`;
	return `${digits(n)} ${unit}`;
}

export function formatGoal(g: Goal | undefined, unit: Unit): string {
	return g ? `${g.op === '<=' ? '≤' : '≥'} ${formatValue(g.value, unit)}` : '—';
}

/** One printed line: label, median (p90), goal, ✓/✗. */
export function formatFigure(f: Figure): string {
	const ok = meets(f);
	const value = `${formatValue(f.median, f.unit)}${f.p90 !== undefined ? ` (p90 ${formatValue(f.p90, f.unit)})` : ''}`;
	return `${f.label.padEnd(52)} ${value.padStart(24)}   goal ${formatGoal(f.goal, f.unit).padEnd(10)}${ok === undefined ? '' : ok ? ' ✓' : ' ✗'}${f.note ? `   ${f.note}` : ''}`;
}

/** Prints the figures and hands them to bench/run.mjs (TMT_BENCH_OUT) when it runs this bench. */
export function report(bench: string, figures: readonly Figure[]): void {
	for (const f of figures) console.log(formatFigure(f));
	const out = process.env.TMT_BENCH_OUT;
	if (out) appendFileSync(out, figures.map((f) => JSON.stringify({ bench, ...f })).join('\n') + '\n');
}
