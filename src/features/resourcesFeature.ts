// Status bar `taskModelTuner.resources`: CPU, RAM, GPU/VRAM from the pure sampler, plus Ollama's
// /api/ps on its own cadence (which also keeps the models' "in memory" figures fresh). Settings
// apply at once; the window losing focus slows the sampler; disposing stops every timer and child.
import * as vscode from 'vscode';
import { memoryBudgetFromResources } from '../models/budget';
import { createDefaultProbes } from '../resources/defaultProbes';
import { formatResourceStatus, formatResourceTooltip } from '../resources/format';
import { createOllamaPsProbe } from '../resources/ollamaProbe';
import { ResourceSampler } from '../resources/sampler';
import { memoryPressure } from '../resources/thresholds';
import type { ResourceSnapshot } from '../resources/types';
import type { ModelsService } from '../services/modelsService';
import { commandIds, statusBarIds } from '../shared/ids';
import type { FeatureContext } from './context';

export function activateResources(ctx: FeatureContext, models: ModelsService): vscode.Disposable {
	const { connection, store, t } = ctx;
	const log = ctx.log.for('resources');
	let sampler: ResourceSampler | undefined;
	let item: vscode.StatusBarItem | undefined;
	let lastText = '';

	/** Ollama on this machine? Otherwise local GPU figures are not Ollama's and are labelled so. */
	const ollamaIsLocal = () => {
		const o = connection.snapshot.ollama;
		if (o.kind !== 'connected' || o.via !== 'direct') return false;
		try {
			return ['127.0.0.1', 'localhost', '[::1]', '::1', '0.0.0.0'].includes(new URL(o.url).hostname);
		} catch {
			return false;
		}
	};

	const render = (snapshot: ResourceSnapshot) => {
		if (!item) return;
		store.set('resources', snapshot);
		const status = formatResourceStatus(snapshot, t);
		const tooltip = formatResourceTooltip(snapshot, { ollamaIsLocal: ollamaIsLocal() }, t);
		const level = memoryPressure(snapshot, ctx.settings().statusBarThresholds).level;
		const key = `${status.text}|${status.warning}|${level}|${tooltip}`;
		if (key === lastText) return; // render only when the text changes
		lastText = key;
		item.text = status.text;
		const md = new vscode.MarkdownString(tooltip);
		md.supportThemeIcons = true;
		item.tooltip = md;
		item.backgroundColor = level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
		item.accessibilityInformation = { label: status.text.replace(/\$\([^)]*\)\s*/g, '') };
	};

	const start = () => {
		const s = ctx.settings();
		if (!s.statusBarEnabled || sampler) return;
		item = vscode.window.createStatusBarItem(statusBarIds.resources, vscode.StatusBarAlignment.Right, 101);
		item.name = t('Task Model Tuner: resources');
		item.command = commandIds.showLoadedModels;
		item.text = '$(pulse)';
		item.show();
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
		lastText = '';
	};

	const disposables = [
		vscode.window.onDidChangeWindowState((w) => sampler?.setFocused(w.focused)),
		ctx.onDidChangeSettings((s) => {
			if (!s.statusBarEnabled) return stop();
			if (!sampler) return start();
			sampler.setInterval(s.statusBarIntervalMs);
		}),
		store.onDidChange((slice) => {
			// Free memory decides whether a candidate fits beside the chat model.
			if (slice === 'resources') models.setBudget(memoryBudgetFromResources(store.get('resources'), { ollamaIsLocal: ollamaIsLocal() }));
		}),
	];
	start();
	return {
		dispose: () => {
			stop();
			for (const d of disposables) d.dispose();
		},
	};
}
