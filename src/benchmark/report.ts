// From raw runs to what the panel shows: pass rates per task, a ranking (quality before speed, see
// `compareRows` and docs/benchmark.md), speed-ups against the chat model, bar-chart data, and a
// store that keeps the last result per server. Everything here is plain JSON for the ViewState.
import { normalizeBaseUrl } from '../clients/http';
import { english, type Translate } from '../shared/l10n';
import { benchmarkMessages as m, formatMs, taskLabel } from './messages';
import type { OutputMode } from './output';
import type { BenchTask, TaskPrompt } from './prompts';
import type { ModelRun, OpenWebuiTitleFigure, RestoreOutcome, RunFigures } from './figures';

export interface TaskSummary {
	readonly task: BenchTask;
	/** Median of the warm runs. */
	readonly ms: number;
	readonly ttftMs?: number;
	readonly tokensPerSecond?: number;
	readonly source: RunFigures['source'];
	/** Answers that passed the output checks, of all warm answers (every sample chat). */
	readonly passed: number;
	readonly total: number;
	/** passed / total, 0…1. */
	readonly passRate: number;
	/** passRate ≥ minTaskPassRate. */
	readonly ok: boolean;
	/** Failed checks and warnings, translated. */
	readonly issues: readonly string[];
	readonly thinkingFlagged: boolean;
	readonly output: string;
}

export interface SpeedUp {
	readonly task: BenchTask | 'total';
	readonly baselineMs: number;
	readonly ms: number;
	/** baselineMs / ms: above 1 is faster than the chat model. */
	readonly factor: number;
	/** "titles: 9.4 s → 0.7 s, 13× faster" */
	readonly text: string;
}

export interface RankedRow {
	/** 1-based; rows without complete figures come last. */
	readonly rank: number;
	readonly model: string;
	readonly baseline: boolean;
	readonly thinking: boolean;
	readonly complete: boolean;
	readonly error?: string;
	/** The first task after an unload: load + answer. */
	readonly coldMs?: number;
	readonly loadMs?: number;
	/** Sum of the tasks' warm medians. */
	readonly warmTotalMs?: number;
	readonly tokensPerSecond?: number;
	/** Tasks below minTaskPassRate (or without figures). */
	readonly failedTasks: number;
	/** Every task at or above minTaskPassRate. */
	readonly passed: boolean;
	/** All passing answers of all tasks / all answers, 0…1 (0 without answers). */
	readonly passRate: number;
	readonly tasks: Partial<Record<BenchTask, TaskSummary>>;
	readonly speedups: readonly SpeedUp[];
}

export interface BenchmarkChart {
	readonly tasks: readonly BenchTask[];
	readonly labels: readonly string[];
	/** In ranking order; `null` where a task has no figure. */
	readonly series: readonly { readonly model: string; readonly baseline: boolean; readonly ms: readonly (number | null)[] }[];
	readonly maxMs: number;
}

export interface BenchmarkResult {
	readonly version: 1;
	readonly serverUrl?: string;
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly status: 'completed' | 'cancelled' | 'failed';
	readonly tasks: readonly BenchTask[];
	readonly promptSources: Partial<Record<BenchTask, TaskPrompt['source']>>;
	readonly baseline?: string;
	/** The best passing, complete non-baseline model: what "Set as task model" should offer first (none when no candidate passed). */
	readonly best?: string;
	readonly rows: readonly RankedRow[];
	readonly chart: BenchmarkChart;
	readonly runs: readonly ModelRun[];
	readonly restore: RestoreOutcome;
	/** Why the whole run stopped (status "failed"), e.g. Ollama unreachable. */
	readonly error?: string;
	/** The real title task through Open WebUI, when the host asked for it. */
	readonly openWebuiTitle?: OpenWebuiTitleFigure;
	/** What Ollama was asked for (think:false, a JSON format); absent in results from older versions. */
	readonly output?: OutputMode;
	/** The sample chats (id and language) every task ran on. */
	readonly samples?: readonly { readonly id: string; readonly language: string }[];
	/** Requests per model: 1 cold + tasks × samples × warm runs. */
	readonly requestsPerModel?: number;
	/** Requests of the baseline (chat model), which runs on fewer sample chats. */
	readonly requestsPerBaseline?: number;
	/** The ranking's quality bar (minTaskPassRate) this result was ranked with. */
	readonly minTaskPassRate?: number;
}

export interface ResultInput {
	readonly serverUrl?: string;
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly status: BenchmarkResult['status'];
	readonly prompts: readonly TaskPrompt[];
	readonly runs: readonly ModelRun[];
	readonly restore: RestoreOutcome;
	readonly error?: string;
	readonly openWebuiTitle?: OpenWebuiTitleFigure;
	readonly output?: OutputMode;
	readonly warmRuns?: number;
	/** Prompts the baseline ran (its first sample chats only); default: all. */
	readonly baselinePrompts?: number;
}

/** A task passes when at least this share of its answers (across the sample chats) pass the checks. */
export const minTaskPassRate = 0.8;

export function median(values: readonly number[]): number {
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 10) / 10);

function summarise(task: BenchTask, runs: readonly RunFigures[]): TaskSummary | undefined {
	const mine = runs.filter((r) => r.task === task);
	if (mine.length === 0) return undefined;
	const tps = mine.map((r) => r.tokensPerSecond).filter((x): x is number => x !== undefined);
	const ttft = mine.map((r) => r.ttftMs).filter((x): x is number => x !== undefined);
	// The first failing answer is the one shown: it says what went wrong.
	const worst = mine.find((r) => !r.check.ok) ?? mine[0]!;
	const passed = mine.filter((r) => r.check.ok).length;
	return {
		task,
		ms: round(median(mine.map((r) => r.ms)))!,
		ttftMs: ttft.length ? round(median(ttft)) : undefined,
		tokensPerSecond: tps.length ? round(median(tps)) : undefined,
		source: mine.every((r) => r.source === 'ollama') ? 'ollama' : 'wallClock',
		passed,
		total: mine.length,
		passRate: passed / mine.length,
		ok: passed / mine.length >= minTaskPassRate,
		issues: [...new Set(mine.flatMap((r) => r.check.issues.map((i) => i.text)))],
		thinkingFlagged: mine.some((r) => r.check.issues.some((i) => i.kind === 'thinking')),
		output: worst.output,
	};
}

/** "13" for 13.4, "1.6" for 1.62. */
export function formatFactor(factor: number): string {
	return factor >= 10 ? String(Math.round(factor)) : factor.toFixed(1);
}

export function speedUp(task: BenchTask | 'total', baselineMs: number, ms: number, t: Translate = english): SpeedUp {
	// A 0 ms figure (rounded metrics) would make the factor infinite: count it as 0.1 ms.
	const factor = baselineMs / Math.max(ms, 0.1);
	const label = task === 'total' ? t(m.total) : taskLabel(task, t);
	const a = formatMs(baselineMs, t);
	const b = formatMs(ms, t);
	let text: string;
	if (factor >= 1.05) text = t(m.speedup, label, a, b, formatFactor(factor));
	else if (factor <= 1 / 1.05) text = t(m.slowdown, label, a, b, formatFactor(1 / factor));
	else text = t(m.same, label, a, b);
	return { task, baselineMs, ms, factor, text };
}

/**
 * The ranking rule (docs/benchmark.md): quality before speed.
 * 1. Complete rows (every task measured) before incomplete ones.
 * 2. Rows that pass — every task at or above minTaskPassRate — before rows that do not.
 * 3. Passing rows: faster warm total first.
 * 4. Other rows: higher overall pass rate first, then faster.
 * So a fast model that returns junk never ranks above one whose answers Open WebUI can use.
 */
export function compareRows(a: Omit<RankedRow, 'rank' | 'speedups'>, b: Omit<RankedRow, 'rank' | 'speedups'>): number {
	const ca = a.complete && a.warmTotalMs !== undefined;
	const cb = b.complete && b.warmTotalMs !== undefined;
	if (ca !== cb) return ca ? -1 : 1;
	if (a.passed !== b.passed) return a.passed ? -1 : 1;
	const quality = a.passed ? 0 : b.passRate - a.passRate;
	return quality || (a.warmTotalMs ?? Infinity) - (b.warmTotalMs ?? Infinity) || a.model.localeCompare(b.model);
}

export function buildResult(input: ResultInput, t: Translate = english): BenchmarkResult {
	const tasks = [...new Set(input.prompts.map((p) => p.task))];
	const samples = [...new Map(input.prompts.map((p) => [p.sample, { id: p.sample, language: p.language }])).values()];
	const rows = input.runs.map((run): Omit<RankedRow, 'rank' | 'speedups'> => {
		const summaries: Partial<Record<BenchTask, TaskSummary>> = {};
		for (const task of tasks) {
			const s = summarise(task, run.warm);
			if (s) summaries[task] = s;
		}
		const list = Object.values(summaries) as TaskSummary[];
		const haveAll = list.length === tasks.length;
		const tps = list.map((s) => s.tokensPerSecond).filter((x): x is number => x !== undefined);
		const failedTasks = list.filter((s) => !s.ok).length + (tasks.length - list.length);
		const answers = list.reduce((n, s) => n + s.total, 0);
		return {
			model: run.model,
			baseline: run.baseline,
			thinking: run.thinking,
			complete: run.complete && haveAll,
			error: run.error,
			coldMs: round(run.cold?.ms),
			loadMs: round(run.cold?.loadMs),
			warmTotalMs: haveAll ? round(list.reduce((sum, s) => sum + s.ms, 0)) : undefined,
			tokensPerSecond: tps.length ? round(median(tps)) : undefined,
			failedTasks,
			passed: failedTasks === 0,
			passRate: answers ? list.reduce((n, s) => n + s.passed, 0) / answers : 0,
			tasks: summaries,
		};
	});
	const base = rows.find((r) => r.baseline && r.complete);
	const ranked: RankedRow[] = [...rows].sort(compareRows).map((r, i) => ({
		...r,
		rank: i + 1,
		speedups: base && r !== base && r.complete ? speedups(base, r, tasks, t) : [],
	}));
	const series = ranked.map((r) => ({ model: r.model, baseline: r.baseline, ms: tasks.map((task) => r.tasks[task]?.ms ?? null) }));
	return {
		version: 1,
		serverUrl: input.serverUrl,
		startedAt: input.startedAt,
		finishedAt: input.finishedAt,
		status: input.status,
		tasks,
		promptSources: Object.fromEntries(input.prompts.map((p) => [p.task, p.source])),
		baseline: input.runs.find((r) => r.baseline)?.model,
		best: ranked.find((r) => !r.baseline && r.complete && r.passed)?.model,
		rows: ranked,
		chart: { tasks, labels: tasks.map((x) => taskLabel(x, t)), series, maxMs: Math.max(0, ...series.flatMap((s) => s.ms.filter((x): x is number => x !== null))) },
		runs: input.runs,
		restore: input.restore,
		...(input.error !== undefined ? { error: input.error } : {}),
		...(input.openWebuiTitle ? { openWebuiTitle: input.openWebuiTitle } : {}),
		...(input.output ? { output: input.output } : {}),
		samples,
		requestsPerModel: 1 + input.prompts.length * Math.max(1, input.warmRuns ?? 1),
		requestsPerBaseline: 1 + (input.baselinePrompts ?? input.prompts.length) * Math.max(1, input.warmRuns ?? 1),
		minTaskPassRate,
	};
}

function speedups(base: Omit<RankedRow, 'rank' | 'speedups'>, row: Omit<RankedRow, 'rank' | 'speedups'>, tasks: readonly BenchTask[], t: Translate): SpeedUp[] {
	const out: SpeedUp[] = [];
	for (const task of tasks) {
		const a = base.tasks[task]?.ms;
		const b = row.tasks[task]?.ms;
		if (a !== undefined && b !== undefined) out.push(speedUp(task, a, b, t));
	}
	if (base.warmTotalMs !== undefined && row.warmTotalMs !== undefined) out.push(speedUp('total', base.warmTotalMs, row.warmTotalMs, t));
	return out;
}

/** The part of vscode.Memento the store needs. */
export interface MementoLike {
	get<T>(key: string): T | undefined;
	update(key: string, value: unknown): PromiseLike<void>;
}

/** The last result per server URL, so the panel has it after a reload. */
export class BenchmarkStore {
	static readonly key = 'taskModelTuner.benchmark.lastResults';

	constructor(
		private readonly memento: MementoLike,
		private readonly maxServers = 8,
	) {}

	static normaliseUrl(url: string): string {
		return normalizeBaseUrl(url).toLowerCase();
	}

	private all(): Record<string, BenchmarkResult> {
		const v = this.memento.get<Record<string, BenchmarkResult>>(BenchmarkStore.key);
		return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
	}

	get(serverUrl: string): BenchmarkResult | undefined {
		const r = this.all()[BenchmarkStore.normaliseUrl(serverUrl)];
		// An older or broken entry is as good as none.
		return r && r.version === 1 && Array.isArray(r.rows) && Array.isArray(r.tasks) ? r : undefined;
	}

	async save(serverUrl: string, result: BenchmarkResult): Promise<void> {
		const key = BenchmarkStore.normaliseUrl(serverUrl);
		const rest = Object.entries(this.all()).filter(([k]) => k !== key);
		// Saved order (object keys keep it), newest last; the least recently saved servers go first.
		const kept = [...rest.slice(-(this.maxServers - 1)), [key, result] as const];
		await this.memento.update(BenchmarkStore.key, Object.fromEntries(kept));
	}

	async clear(serverUrl: string): Promise<void> {
		const key = BenchmarkStore.normaliseUrl(serverUrl);
		await this.memento.update(BenchmarkStore.key, Object.fromEntries(Object.entries(this.all()).filter(([k]) => k !== key)));
	}
}
