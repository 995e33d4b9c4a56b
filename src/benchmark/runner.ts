// Times candidate task models on Open WebUI's task prompts through Ollama's /api/chat, one model at
// a time (the point is not to load the machine), cold then warm, and puts Ollama's memory back as it
// was: models we loaded are unloaded, models that were resident are resident again with the
// keep_alive they had. Cancellable at any point; the restore runs on cancel too.
import type { ChatRequest, ChatResponse, PsModel, PsResponse } from '../clients/ollamaTypes';
import { canonicalName } from '../models/catalog';
import { Emitter, type Disposable } from '../util/emitter';
import { figuresOf, keepAliveFor, type ModelRun, type OpenWebuiTitleFigure, type RestoreOutcome, type RunFigures } from './figures';
import { benchmarkMessages as m, taskLabel } from './messages';
import { outputMode, formatFor, type OutputMode } from './output';
import { taskPrompts, type BenchTask, type TaskPrompt } from './prompts';
import { buildResult, type BenchmarkResult } from './report';
import { english, type Translate } from '../shared/l10n';
import { sampleChats, type SampleChat } from './samples';

export { figuresOf, keepAliveFor, titleFigureFromUsage, type ModelRun, type OpenWebuiTitleFigure, type RestoreOutcome, type RunFigures } from './figures';

export interface BenchmarkApi {
	chat(req: ChatRequest, signal?: AbortSignal): Promise<ChatResponse>;
	ps(signal?: AbortSignal): Promise<PsResponse>;
	unload(model: string, signal?: AbortSignal): Promise<void>;
}

export interface BenchmarkModel {
	readonly name: string;
	/** Thinking-capable: `think: false` is sent (and hidden reasoning is still flagged). */
	readonly thinking?: boolean;
	/** The chat model the speed-ups are measured against. */
	readonly baseline?: boolean;
}

export type BenchmarkProgress =
	| { readonly type: 'step'; readonly model: string; readonly task?: BenchTask; readonly phase: 'unload' | 'cold' | 'warm' | 'openWebui'; readonly done: number; readonly total: number; readonly message: string }
	| { readonly type: 'model'; readonly run: ModelRun; readonly done: number; readonly total: number }
	| { readonly type: 'restoring'; readonly message: string }
	| { readonly type: 'finished'; readonly result: BenchmarkResult };

export interface BenchmarkOptions {
	readonly api: BenchmarkApi;
	/** Open WebUI's task config: non-empty *_PROMPT_TEMPLATE values replace the built-in prompts. */
	readonly taskConfig?: Record<string, unknown>;
	readonly tasks?: readonly BenchTask[];
	/**
	 * The sample chats each task runs on (samples.ts); default all five. Requests per model:
	 * 1 cold + tasks × samples × warmRuns.
	 */
	readonly samples?: readonly SampleChat[];
	/** Sample chats the baseline (chat model) runs on, the first ones; default 1: it only sets the speed bar. */
	readonly baselineSamples?: number;
	/** What to ask Ollama for (think:false, a JSON format); default `outputMode(undefined)`: free text. */
	readonly output?: OutputMode;
	/** Warm runs per task (the median is reported); default 1. */
	readonly warmRuns?: number;
	/** keep_alive on benchmark requests: bounds how long a model stays if the host dies mid-run. */
	readonly keepAlive?: string;
	readonly serverUrl?: string;
	readonly now?: () => number;
	readonly clock?: () => Date;
	readonly t?: Translate;
	/** Per restore request (restore ignores the run's cancel signal). */
	readonly restoreTimeoutMs?: number;
	/**
	 * Runs last (before the restore): one real title task through Open WebUI for the model that is or
	 * would be configured, e.g. `checkUsage(…)` mapped with `titleFigureFromUsage`. Its figure is shown
	 * beside ours, since Open WebUI adds its own overhead.
	 */
	readonly openWebuiTitle?: (signal?: AbortSignal) => Promise<OpenWebuiTitleFigure>;
	/** How long to wait for Ollama to drop unloaded runners from /api/ps; default 3000. */
	readonly settleMs?: number;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** "llama3.2" in the list and "llama3.2:latest" in /api/ps are the same model. */
const same = (a: string, b: string) => canonicalName(a) === canonicalName(b);
const isAbort = (e: unknown, signal?: AbortSignal) => Boolean(signal?.aborted) || (e as { kind?: string })?.kind === 'aborted' || (e as Error)?.name === 'AbortError';

export class BenchmarkRunner implements Disposable {
	private readonly emitter = new Emitter<BenchmarkProgress>();
	readonly onProgress = this.emitter.event;
	private running = false;

	constructor(private readonly options: BenchmarkOptions) {}

	get busy(): boolean {
		return this.running;
	}

	dispose(): void {
		this.emitter.dispose();
	}

	/** Runs the models in order; resolves with the (possibly partial) result, also when cancelled. */
	async run(models: readonly BenchmarkModel[], signal?: AbortSignal): Promise<BenchmarkResult> {
		if (this.running) throw new Error('A benchmark is already running.');
		this.running = true;
		try {
			return await this.runAll(models, signal);
		} finally {
			this.running = false;
		}
	}

	private async runAll(models: readonly BenchmarkModel[], signal?: AbortSignal): Promise<BenchmarkResult> {
		const o = this.options;
		const t = o.t ?? english;
		const clock = o.clock ?? (() => new Date());
		const startedAt = clock().toISOString();
		const prompts = taskPrompts(o.taskConfig, { now: clock(), tasks: o.tasks, samples: o.samples ?? sampleChats });
		const output = o.output ?? outputMode(undefined);
		const warmRuns = Math.max(1, o.warmRuns ?? 1);
		// The chat model is the speed baseline, not a candidate: its first sample chats are enough,
		// and it is the slowest model of the run.
		const sampleIds = [...new Set(prompts.map((p) => p.sample))];
		const baselineIds = new Set(sampleIds.slice(0, Math.max(1, o.baselineSamples ?? 1)));
		const promptsFor = (m: BenchmarkModel) => (m.baseline ? prompts.filter((p) => baselineIds.has(p.sample)) : prompts);
		const total = models.reduce((n, m) => n + 1 + promptsFor(m).length * warmRuns, 0) + (o.openWebuiTitle ? 1 : 0);
		const runs: ModelRun[] = [];
		let done = 0;
		let status: BenchmarkResult['status'] = 'completed';
		let before: PsModel[] = [];
		let restore: RestoreOutcome = { unloaded: [], reloaded: [], failed: [] };
		let openWebuiTitle: OpenWebuiTitleFigure | undefined;
		let error: string | undefined;
		try {
			before = (await o.api.ps(signal)).models;
			for (const model of models) {
				signal?.throwIfAborted();
				const wasLoaded = before.some((p) => same(p.name, model.name));
				const run = await this.runModel(model, wasLoaded, promptsFor(model), warmRuns, output, signal, (d) => (done += d), total);
				runs.push(run);
				this.emitter.fire({ type: 'model', run, done, total });
				// Back to how it was before the next model loads: one benchmarked model at a time.
				// (A failure here is retried and reported by the final sweep.)
				await this.restoreOne(model.name, before).catch(() => undefined);
			}
			if (o.openWebuiTitle) {
				this.emitter.fire({ type: 'step', model: '', phase: 'openWebui', done: ++done, total, message: t(m.openWebuiTitle) });
				try {
					openWebuiTitle = await o.openWebuiTitle(signal);
				} catch (e) {
					if (isAbort(e, signal)) throw e;
					openWebuiTitle = { ok: false, message: errorText(e) };
				}
			}
		} catch (e) {
			status = isAbort(e, signal) ? 'cancelled' : 'failed';
			if (status === 'failed') error = errorText(e);
		} finally {
			this.emitter.fire({ type: 'restoring', message: t(m.restoring) });
			restore = await this.restoreAll(models.map((x) => x.name), before);
		}
		const result = buildResult({ serverUrl: o.serverUrl, startedAt, finishedAt: clock().toISOString(), status, error, prompts, runs, restore, openWebuiTitle, output, warmRuns, baselinePrompts: prompts.filter((p) => baselineIds.has(p.sample)).length }, t);
		this.emitter.fire({ type: 'finished', result });
		return result;
	}

	private async runModel(
		model: BenchmarkModel,
		wasLoaded: boolean,
		prompts: readonly TaskPrompt[],
		warmRuns: number,
		output: OutputMode,
		signal: AbortSignal | undefined,
		advance: (n: number) => number,
		total: number,
	): Promise<ModelRun> {
		const o = this.options;
		const t = o.t ?? english;
		const now = o.now ?? (() => performance.now());
		const base = { model: model.name, baseline: Boolean(model.baseline), thinking: Boolean(model.thinking), wasLoaded };
		const step = (phase: 'unload' | 'cold' | 'warm', task: BenchTask | undefined, message: string) =>
			this.emitter.fire({ type: 'step', model: model.name, task, phase, done: advance(0), total, message });
		// Requests started for this model: progress counts them, a failure skips the rest.
		let started = 0;
		const start = () => (started++, advance(1));
		let sendThink = output.think === 'off' || Boolean(model.thinking);
		const ask = async (p: TaskPrompt, phase: 'cold' | 'warm'): Promise<RunFigures> => {
			const format = formatFor(p.task, output);
			const req: ChatRequest = {
				model: model.name,
				messages: [{ role: 'user', content: p.content }],
				options: { num_predict: p.maxTokens },
				...(format !== undefined ? { format } : {}),
				...(o.keepAlive !== undefined ? { keep_alive: o.keepAlive } : {}),
			};
			const started = now();
			let res: ChatResponse;
			try {
				res = await o.api.chat(sendThink ? { ...req, think: false } : req, signal);
			} catch (e) {
				// A model flagged by name may not take the `think` switch: ask again without it.
				if (!sendThink || isAbort(e, signal) || !/think/i.test(errorText(e))) throw e;
				sendThink = false;
				res = await o.api.chat(req, signal);
			}
			return figuresOf(p.task, phase, res, Math.max(0, now() - started), t, { ...p.check, sample: p.sample });
		};
		let cold: RunFigures | undefined;
		const warm: RunFigures[] = [];
		try {
			step('unload', undefined, t(m.unloading, model.name));
			await o.api.unload(model.name, signal);
			// Ollama drops the runner asynchronously; a request before that would find it warm.
			await this.waitGone([model.name], signal);
			const first = prompts[0]!;
			step('cold', first.task, t(m.stepCold, model.name, taskLabel(first.task, t), start(), total));
			cold = await ask(first, 'cold');
			// Rounds of all tasks, the cold task last: the same prompt twice in a row would be answered
			// from Ollama's prompt cache, which Open WebUI's ever-new conversations never get.
			const order = [...prompts.slice(1), first];
			for (let i = 0; i < warmRuns; i++) {
				for (const p of order) {
					signal?.throwIfAborted();
					step('warm', p.task, t(m.stepWarm, model.name, taskLabel(p.task, t), start(), total));
					warm.push(await ask(p, 'warm'));
				}
			}
			return { ...base, cold, warm, complete: true };
		} catch (e) {
			if (isAbort(e, signal)) throw e;
			// One broken model (not found, out of memory) must not end the others' run.
			advance(1 + prompts.length * warmRuns - started);
			return { ...base, cold, warm, complete: false, error: errorText(e) };
		}
	}

	private restoreSignal(): AbortSignal {
		return AbortSignal.timeout(this.options.restoreTimeoutMs ?? 120_000);
	}

	/** Put one model back: unload it unless it was resident, else reload it with its old keep_alive. */
	private async restoreOne(name: string, before: readonly PsModel[]): Promise<'unloaded' | 'reloaded'> {
		const was = before.find((p) => same(p.name, name));
		if (!was) {
			await this.options.api.unload(name, this.restoreSignal());
			return 'unloaded';
		}
		const keepAlive = keepAliveFor(was.expires_at, Date.now());
		// An empty chat loads the model (done_reason "load") and sets its keep_alive.
		await this.options.api.chat({ model: name, messages: [], ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}) }, this.restoreSignal());
		return 'reloaded';
	}

	/**
	 * The final sweep (also after cancel or a failure): the benchmarked models back to their state,
	 * and any model that was resident before but got evicted is loaded again. Unloads go first.
	 */
	private async restoreAll(benchmarked: readonly string[], before: readonly PsModel[]): Promise<RestoreOutcome> {
		const unloaded: string[] = [];
		const reloaded: string[] = [];
		const failed: { model: string; error: string }[] = [];
		const loadedNow = await this.loadedNames();
		const wasLoaded = (n: string) => before.some((p) => same(p.name, n));
		// When /api/ps fails, unload every benchmarked model to be safe.
		const isLoaded = (n: string) => loadedNow?.some((x) => same(x, n)) ?? true;
		const toUnload = [...new Set(benchmarked)].filter((n) => !wasLoaded(n) && isLoaded(n));
		const toReload = before.map((p) => p.name).filter((n) => benchmarked.some((b) => same(b, n)) || !isLoaded(n));
		for (const name of [...toUnload, ...toReload]) {
			try {
				const did = await this.restoreOne(name, before);
				(did === 'unloaded' ? unloaded : reloaded).push(name);
			} catch (e) {
				failed.push({ model: name, error: errorText(e) });
			}
		}
		await this.settle(toUnload);
		return { unloaded, reloaded, failed };
	}

	private async loadedNames(): Promise<string[] | undefined> {
		try {
			return (await this.options.api.ps(this.restoreSignal())).models.map((p) => p.name);
		} catch {
			return undefined;
		}
	}

	/** Polls /api/ps until none of `names` is listed or settleMs passed; true when they are gone. */
	private async waitGone(names: readonly string[], signal?: AbortSignal): Promise<boolean> {
		const wait = this.options.settleMs ?? 3000;
		for (let waited = 0; ; waited += 100) {
			let loaded: string[] | undefined;
			try {
				loaded = (await this.options.api.ps(signal ?? this.restoreSignal())).models.map((p) => p.name);
			} catch (e) {
				if (isAbort(e, signal)) throw e;
			}
			if (loaded && !names.some((n) => loaded!.some((x) => same(x, n)))) return true;
			if (waited >= wait) return false;
			signal?.throwIfAborted();
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** After the restore: wait for the unloads to land, ask once more for any that did not. */
	private async settle(unloaded: readonly string[]): Promise<void> {
		if (unloaded.length === 0 || (await this.waitGone(unloaded))) return;
		for (const n of unloaded) await this.options.api.unload(n, this.restoreSignal()).catch(() => undefined);
		await this.waitGone(unloaded);
	}
}
