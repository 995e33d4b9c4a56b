// The figures as a fixed-width text table, for the log and the test output.
import { formatMs, taskLabel } from './messages';
import type { BenchmarkResult } from './report';
import { english, type Translate } from '../shared/l10n';

export const benchmarkTableMessages = {
	rank: '#',
	model: 'model',
	cold: 'cold',
	load: 'load',
	total: 'warm total',
	tokensPerSecond: 'tok/s',
	checks: 'checks',
	pass: 'pass',
	failed: '{0} failed',
	baseline: '(chat model)',
	error: 'error: {0}',
	output: 'format: {0}; think: {1}; {2} requests per model; sample chats: {3}',
} as const;

export function formatTable(result: BenchmarkResult, t: Translate = english): string {
	const m = benchmarkTableMessages;
	const ms = (x: number | undefined) => (x === undefined ? '—' : formatMs(x, t));
	const head = [t(m.rank), t(m.model), t(m.cold), t(m.load), ...result.tasks.map((x) => taskLabel(x, t)), t(m.total), t(m.tokensPerSecond), t(m.checks)];
	const body = result.rows.map((r) => [
		String(r.rank),
		r.baseline ? `${r.model} ${t(m.baseline)}` : r.model,
		ms(r.coldMs),
		ms(r.loadMs),
		// Time and pass rate side by side: "0.7 s 4/5".
		...result.tasks.map((x) => (r.tasks[x] ? `${ms(r.tasks[x]!.ms)} ${r.tasks[x]!.passed ?? ''}/${r.tasks[x]!.total ?? ''}` : '—')),
		ms(r.warmTotalMs),
		r.tokensPerSecond === undefined ? '—' : r.tokensPerSecond.toFixed(0),
		r.error ? t(m.error, r.error) : r.passed ? t(m.pass) : t(m.failed, r.failedTasks),
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
	const speed = result.rows.flatMap((r) => r.speedups.filter((s) => s.task !== 'total').length ? [`${r.model}: ${r.speedups.map((s) => s.text).join('; ')}`] : []);
	const out = result.output ? [t(m.output, result.output.format, result.output.think, result.requestsPerModel ?? '—', (result.samples ?? []).map((x) => x.language).join(', '))] : [];
	return [line(head), ...body.map(line), ...(speed.length ? ['', ...speed] : []), ...(out.length ? ['', ...out] : [])].join('\n');
}
