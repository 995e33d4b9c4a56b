// Resources: the pure sampler (CPU, RAM, GPU/VRAM) plus Ollama's /api/ps on its own cadence (which
// also keeps the models' "in memory" figures fresh), shown by statusBar/resourcesItem.ts. Settings
// apply at once; the window losing focus slows the sampler; disposing stops every timer and child.
import * as vscode from 'vscode';
import { isLocalOllama } from '../connection/probe';
import { createDefaultProbes } from '../resources/defaultProbes';
import { createOllamaPsProbe } from '../resources/ollamaProbe';
import { ResourceSampler } from '../resources/sampler';
import type { ResourceSnapshot } from '../resources/types';
import type { ModelsService } from '../models/modelsService';
import { ResourcesStatusItem } from '../statusBar/resourcesItem';
import type { FeatureContext } from './context';
import { DisposableStore } from '../util/disposableStore';

export function activateResources(ctx: FeatureContext, models: ModelsService): vscode.Disposable {
	const { connection, store, t } = ctx;
	const state = store.writer('resources');
	const log = ctx.log.for('resources');
	let sampler: ResourceSampler | undefined;
	let item: ResourcesStatusItem | undefined;

	/** Ollama on this machine? Otherwise local GPU figures are not Ollama's and are labelled so. */
	const ollamaIsLocal = () => isLocalOllama(connection.snapshot.ollama);

	const render = (snapshot: ResourceSnapshot) => {
		if (!item) return;
		state.set(snapshot);
		item.update(snapshot, ollamaIsLocal(), ctx.settings().statusBarThresholds);
	};

	const start = () => {
		const s = ctx.settings();
		if (!s.statusBarEnabled || sampler) return;
		item = new ResourcesStatusItem(t);
		const ollamaProbe = createOllamaPsProbe({
			ps: async (signal) => {
				const client = connection.ollama;
				// No Ollama: report nothing loaded rather than a failure every 5 s (the models item says offline).
				if (!client) return { models: [] };
				const res = await client.ps(signal);
				models.updateLoaded(res.models);
				return res;
			},
		});
		sampler = new ResourceSampler({
			probes: [...createDefaultProbes({ intervalMs: s.statusBarIntervalMs }), ollamaProbe],
			intervalMs: s.statusBarIntervalMs,
			log: (m) => log.info(m),
		});
		sampler.onSnapshot(render);
		sampler.setFocused(vscode.window.state.focused);
		sampler.start();
		log.info(`sampling every ${s.statusBarIntervalMs} ms`);
	};

	const stop = () => {
		sampler?.dispose();
		sampler = undefined;
		item?.dispose();
		item = undefined;
	};

	const disposables = new DisposableStore([
		vscode.window.onDidChangeWindowState((w) => sampler?.setFocused(w.focused)),
		ctx.onDidChangeSettings((s) => {
			if (!s.statusBarEnabled) return stop();
			if (!sampler) return start();
			sampler.setInterval(s.statusBarIntervalMs);
		}),
	]);
	start();
	return {
		dispose: () => {
			stop();
			disposables.dispose();
		},
	};
}
