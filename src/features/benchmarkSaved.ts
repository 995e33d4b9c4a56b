// The benchmark slice and its one writer: the last result per Ollama server, shown in the panel from
// the start, and the progress of a run. Part of the core bundle, so the benchmark itself
// (features/benchmarkFeature.ts, dist/benchmark.js) loads only when it runs and reports here.
import type * as vscode from 'vscode';
import { BenchmarkStore, type BenchmarkResult } from '../benchmark/report';
import type { BenchmarkSlice } from '../state/appStore';
import type { FeatureContext } from './context';

export interface BenchmarkState extends vscode.Disposable {
	current(): BenchmarkSlice;
	/** A run is under way: show its step beside the last result. */
	progress(running: NonNullable<BenchmarkSlice['running']>): void;
	/** A run ended with a result: keep it for this server and show it. */
	finished(serverUrl: string, result: BenchmarkResult): Promise<void>;
	/** A run ended without a result (failed to start, threw): drop the progress, keep the last result. */
	settle(): void;
}

/** Publishes the saved result now and after each connection change, unless a run is in progress. */
export function createBenchmarkState(ctx: Pick<FeatureContext, 'extension' | 'store' | 'connection'>, running: () => boolean): BenchmarkState {
	const saved = new BenchmarkStore(ctx.extension.globalState);
	const slice = ctx.store.writer('benchmark');
	const current = (): BenchmarkSlice => slice.get() ?? {};
	const load = () => {
		const key = ctx.connection.ollama?.baseUrl;
		slice.set({ result: key ? saved.get(key) : undefined });
	};
	load();
	const sub = ctx.connection.onDidChange(() => {
		if (!running()) load();
	});
	return {
		current,
		progress: (running) => slice.set({ ...current(), running }),
		finished: async (serverUrl, result) => {
			await saved.save(serverUrl, result);
			slice.set({ result });
		},
		settle: () => {
			if (current().running) slice.set({ result: current().result });
		},
		dispose: () => sub.dispose(),
	};
}
