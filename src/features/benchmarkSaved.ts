// The last benchmark result per Ollama server, shown in the panel from the start. Part of the core
// bundle, so the benchmark itself (features/benchmarkFeature.ts, dist/benchmark.js) loads only
// when it runs.
import type * as vscode from 'vscode';
import { BenchmarkStore } from '../benchmark/report';
import type { FeatureContext } from './context';

/** Publishes the saved result now and after each connection change, unless a run is in progress. */
export function showSavedBenchmark(ctx: Pick<FeatureContext, 'extension' | 'store' | 'connection'>, running: () => boolean): vscode.Disposable {
	const saved = new BenchmarkStore(ctx.extension.globalState);
	const load = () => {
		const key = ctx.connection.ollama?.baseUrl;
		ctx.store.set('benchmark', { result: key ? saved.get(key) : undefined });
	};
	load();
	return ctx.connection.onDidChange(() => {
		if (!running()) load();
	});
}
