// The figures of one benchmark request (Ollama's metrics in ns → ms, wall clock as the fallback),
// the per-model run record, and the keep_alive that gives a resident model its expiry back.
import type { ChatResponse } from '../clients/ollamaTypes';
import type { TitleDiagnosis } from '../tasks/titleDoctor';
import type { UsageResult } from '../tasks/usageCheck';
import { assertNever } from '../util/assert';
import { english, type Translate } from '../shared/l10n';
import { checkOutput, type CheckContext, type CheckResult } from './checks';
import type { BenchTask } from './prompts';

export interface RunFigures {
	readonly task: BenchTask;
	/** The sample chat's id (samples.ts); absent in results saved before samples existed. */
	readonly sample?: string;
	readonly phase: 'cold' | 'warm';
	/** Total time of the request: Ollama's total_duration, else wall clock. */
	readonly ms: number;
	readonly wallMs: number;
	readonly loadMs?: number;
	readonly promptMs?: number;
	readonly promptTokens?: number;
	readonly evalMs?: number;
	readonly evalTokens?: number;
	/** Load + prompt evaluation: when the first token would have streamed. */
	readonly ttftMs?: number;
	readonly tokensPerSecond?: number;
	readonly source: 'ollama' | 'wallClock';
	readonly check: CheckResult;
	/** The answer, cut to 200 characters, for the panel's detail view. */
	readonly output: string;
}

export interface ModelRun {
	readonly model: string;
	readonly baseline: boolean;
	readonly thinking: boolean;
	/** True when the model was in /api/ps before the run. */
	readonly wasLoaded: boolean;
	readonly cold?: RunFigures;
	readonly warm: readonly RunFigures[];
	readonly complete: boolean;
	readonly error?: string;
}

export interface RestoreOutcome {
	readonly unloaded: readonly string[];
	readonly reloaded: readonly string[];
	readonly failed: readonly { readonly model: string; readonly error: string }[];
}

const nsToMs = (ns: number | undefined) => (typeof ns === 'number' && ns > 0 ? ns / 1e6 : undefined);
// Ollama puts far-future expiries on keep_alive < 0 models.
const foreverMs = 365 * 24 * 3600 * 1000;

/** The figures of one answered request, Ollama metrics first, wall clock as the fallback. */
export function figuresOf(task: BenchTask, phase: 'cold' | 'warm', res: ChatResponse, wallMs: number, t: Translate = english, ctx: CheckContext & { sample?: string } = {}): RunFigures {
	const loadMs = nsToMs(res.load_duration);
	const promptMs = nsToMs(res.prompt_eval_duration);
	const evalMs = nsToMs(res.eval_duration);
	const total = nsToMs(res.total_duration);
	const tokensPerSecond = evalMs && res.eval_count ? (res.eval_count / res.eval_duration!) * 1e9 : undefined;
	const ttftMs = promptMs !== undefined || loadMs !== undefined ? (loadMs ?? 0) + (promptMs ?? 0) : undefined;
	const content = res.message?.content ?? '';
	return {
		task,
		...(ctx.sample !== undefined ? { sample: ctx.sample } : {}),
		phase,
		ms: total ?? wallMs,
		wallMs,
		loadMs,
		promptMs,
		promptTokens: res.prompt_eval_count,
		evalMs,
		evalTokens: res.eval_count,
		ttftMs,
		tokensPerSecond,
		source: total !== undefined ? 'ollama' : 'wallClock',
		check: checkOutput(task, { content, thinking: res.message?.thinking }, t, ctx),
		output: content.length > 200 ? `${content.slice(0, 199)}…` : content,
	};
}

/** keep_alive that gives back the expiry /api/ps showed: seconds left, -1 for "forever", none if unknown. */
export function keepAliveFor(expiresAt: string | number | undefined, nowMs: number): number | undefined {
	// Open WebUI's proxy may pass a unix time in seconds instead of RFC 3339.
	const at = typeof expiresAt === 'number' ? expiresAt * 1000 : expiresAt ? Date.parse(expiresAt) : NaN;
	if (Number.isNaN(at)) return undefined;
	const left = at - nowMs;
	if (left > foreverMs) return -1;
	return left > 0 ? Math.ceil(left / 1000) : undefined;
}

/** The real title task through Open WebUI, next to our direct figures. */
export interface OpenWebuiTitleFigure {
	/** True when the configured task model answered. */
	readonly ok: boolean;
	readonly ms?: number;
	readonly answeredBy?: string;
	/** checkUsage's sentence: who answered, how long, and why when it was the chat model. */
	readonly message: string;
	/** The title Open WebUI would store, and whether it is the first-message fallback (with a diagnosis). */
	readonly title?: string;
	readonly titleFallback?: boolean;
}

/** With the title doctor's diagnosis: its sentence, its verdict and the title Open WebUI would store. */
export function titleFigureFromUsage(u: UsageResult, d?: TitleDiagnosis): OpenWebuiTitleFigure {
	const f = usageFigure(u);
	if (!d) return f;
	return { ...f, ok: f.ok && d.ok, message: d.message, ...(d.outcome ? { title: d.outcome.title, titleFallback: d.outcome.kind === 'fallback' } : {}) };
}

function usageFigure(u: UsageResult): OpenWebuiTitleFigure {
	switch (u.type) {
		case 'taskModel':
			return { ok: true, ms: u.ms, answeredBy: u.answeredBy, message: u.message };
		case 'chatModel':
			return { ok: false, ms: u.ms, answeredBy: u.answeredBy, message: u.message };
		case 'disabled':
			return { ok: false, ms: u.ms, message: u.message };
		case 'noChatModel':
		case 'failed':
			return { ok: false, message: u.message };
		default:
			return assertNever(u, 'usage result');
	}
}
