// Benchmark candidates on Open WebUI's own task prompts: one model at a time, cancellable, memory
// restored afterwards; the last result per Ollama server is kept for the panel. Glue over
// benchmark/runner.ts.
import * as vscode from 'vscode';
import { BenchmarkRunner, type BenchmarkModel } from '../benchmark/runner';
import type { BenchmarkResult } from '../benchmark/report';
import { defaultSelection } from '../benchmark/selection';
import { titleFigureFromUsage } from '../benchmark/figures';
import { checkUsage } from '../tasks/usageCheck';
import { diagnoseTitles } from '../tasks/titleDoctor';
import { formatTable } from '../benchmark/table';
import { outputMode } from '../benchmark/output';
import { sampleChats } from '../benchmark/samples';
import type { ModelsService } from '../models/modelsService';
import type { TaskSettings } from '../tasks/taskSettings';
import { commandIds } from '../shared/ids';
import type { BenchmarkState } from './benchmarkSaved';
import type { FeatureContext } from './context';

export interface BenchmarkFeature extends vscode.Disposable {
	/** The `taskModelTuner.benchmarkCandidates` command: the composition root registers it and loads
	 * this feature (its own bundle, dist/benchmark.js) on the first call. */
	benchmarkCandidates(arg?: { models?: string[]; quiet?: boolean }): Promise<BenchmarkResult | undefined>;
	run(): Promise<unknown>;
	cancel(): void;
	running(): boolean;
}

export function activateBenchmark(ctx: FeatureContext, models: ModelsService, tasks: TaskSettings, state: BenchmarkState): BenchmarkFeature {
	const { connection, t } = ctx;
	const log = ctx.log.for('benchmark');
	let controller: AbortController | undefined;


	/** `format: 'none'` measures free-text answers, as Open WebUI asks without TASK_MODEL_PARAMS. */
	async function benchmarkCandidates(arg?: { models?: string[]; quiet?: boolean; format?: 'auto' | 'none' }): Promise<BenchmarkResult | undefined> {
		if (controller) {
			if (!arg?.quiet) void vscode.window.showInformationMessage(t('A benchmark is already running: one at a time keeps the machine usable.'));
			return undefined;
		}
		const client = connection.ollama;
		if (!client) {
			if (!arg?.quiet) void vscode.window.showErrorMessage(t('Ollama is not connected.'));
			return undefined;
		}
		if (models.current.status !== 'ready') await models.refresh();
		const assessment = models.current.assessment;
		const verdicts = assessment?.verdicts ?? {};
		let lineup: BenchmarkModel[] = assessment ? defaultSelection(assessment) : [];
		if (arg?.models) {
			const chat = assessment?.chatModel?.name;
			lineup = arg.models.map((name) => ({ name, thinking: Boolean(verdicts[name]?.thinking), baseline: name === chat }));
		} else {
			const candidates = Object.values(verdicts).filter((v) => v.candidate || v.name === assessment?.chatModel?.name);
			const picked = new Set(lineup.map((m) => m.name));
			const pick = await vscode.window.showQuickPick(
				candidates.map((v) => ({
					label: v.name,
					description: v.name === assessment?.chatModel?.name ? t('chat model (baseline)') : v.recommended ? t('recommended') : v.thinking ? t('thinking') : undefined,
					picked: picked.has(v.name),
				})),
				{ canPickMany: true, title: t('Benchmark which models?'), placeHolder: t('Each model runs the title, tags, query and autocomplete tasks on {0} sample chats ({1} requests per model), one model at a time.', sampleChats.length, 1 + 4 * sampleChats.length) },
			);
			if (!pick?.length) return undefined;
			const chat = assessment?.chatModel?.name;
			lineup = pick.map((p) => ({ name: p.label, thinking: Boolean(verdicts[p.label]?.thinking), baseline: p.label === chat }));
		}
		if (!lineup.length) {
			if (!arg?.quiet) void vscode.window.showWarningMessage(t('No task-model candidate is installed yet: pull a light model first.'));
			return undefined;
		}
		const owui = connection.openWebui;
		const canTitle = tasks.current.status === 'ready' && owui !== undefined;
		const runner = new BenchmarkRunner({
			// A cold chat model on a CPU takes far longer than the usual per-request timeout.
			api: client.withTimeout(5 * 60_000),
			taskConfig: tasks.current.config,
			serverUrl: client.baseUrl,
			// think:false and a JSON format where this Ollama has them; the result says which.
			output: outputMode(connection.snapshot.ollama.kind === 'connected' ? connection.snapshot.ollama.version : undefined, arg?.format ?? 'auto'),
			t,
			// Finish with one real title task through Open WebUI, on the model that is configured.
			// The title doctor's verdict too: a task model whose answer Open WebUI cannot parse is no success.
			openWebuiTitle: canTitle
				? async (signal) => {
						const usage = await checkUsage({ api: owui, serverVersion: tasks.current.version, signal, timeoutMs: 5 * 60_000, t });
						const s = tasks.current;
						return titleFigureFromUsage(usage, diagnoseTitles({ usage, config: s.config ?? {}, models: s.models, serverVersion: s.version, t }));
					}
				: undefined,
		});
		controller = new AbortController();
		const signal = controller.signal;
		try {
			const result = await vscode.window.withProgress(
				{ location: vscode.ProgressLocation.Notification, title: t('Benchmarking task models'), cancellable: true },
				async (progress, token) => {
					token.onCancellationRequested(() => controller?.abort());
					let last = 0;
					runner.onProgress((e) => {
						if (e.type === 'step') {
							const pct = Math.floor((e.done / Math.max(1, e.total)) * 100);
							progress.report({ increment: Math.max(0, pct - last), message: e.message });
							last = Math.max(last, pct);
							state.progress({ message: e.message, done: e.done, total: e.total });
						} else if (e.type === 'restoring') {
							progress.report({ message: e.message });
						}
					});
					return runner.run(lineup, signal);
				},
			);
			await state.finished(client.baseUrl, result);
			log.info(`benchmark ${result.status}:\n${formatTable(result, t)}`);
			if (!arg?.quiet) void announce(result);
			return result;
		} finally {
			runner.dispose();
			controller = undefined;
			state.settle();
		}
	}

	async function announce(result: BenchmarkResult): Promise<void> {
		if (result.status === 'cancelled') {
			void vscode.window.showInformationMessage(t('Benchmark cancelled; Ollama\'s memory is back as it was.'));
			return;
		}
		const best = result.rows.find((r) => r.model === result.best);
		const speed = best?.speedups.find((s) => s.task === 'title')?.text ?? best?.speedups.find((s) => s.task === 'total')?.text;
		const setIt = t('Set {0} as task model', result.best ?? '');
		const open = t('Open panel');
		const msg = result.best ? t('Fastest task model: {0}. {1}', result.best, speed ?? '').trim() : t('The benchmark finished, but no candidate passed the output checks.');
		const pick = await vscode.window.showInformationMessage(msg, ...(result.best && tasks.current.canWrite ? [setIt] : []), open);
		if (pick === setIt && result.best) void vscode.commands.executeCommand(commandIds.setTaskModel, { model: result.best });
		if (pick === open) void vscode.commands.executeCommand(commandIds.openPanel);
	}

	return {
		benchmarkCandidates,
		run: () => benchmarkCandidates(),
		cancel: () => controller?.abort(),
		running: () => controller !== undefined,
		dispose: () => controller?.abort(),
	};
}

