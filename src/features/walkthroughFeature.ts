// Completion events of the getting-started walkthrough: context keys that turn true on the real
// event (connected, a candidate exists, the task model is set, autocomplete is off, a benchmark ran).
import * as vscode from 'vscode';
import type { AppStore } from '../state/appStore';

export const walkthroughContext = {
	connected: 'taskModelTuner.connected',
	hasCandidate: 'taskModelTuner.hasCandidate',
	taskModelSet: 'taskModelTuner.taskModelSet',
	autocompleteOff: 'taskModelTuner.autocompleteOff',
	benchmarked: 'taskModelTuner.benchmarked',
} as const;

export function walkthroughKeys(store: AppStore): Record<keyof typeof walkthroughContext, boolean> {
	const c = store.get('connection');
	const m = store.get('models');
	const tk = store.get('tasks');
	const autocomplete = tk?.automations.find((a) => a.key === 'autocomplete');
	return {
		connected: c?.ollama.kind === 'connected' && c.openWebui.kind === 'signedIn',
		hasCandidate: Boolean(m?.assessment?.recommended) || Object.values(m?.assessment?.verdicts ?? {}).some((v) => v.candidate),
		taskModelSet: Boolean(tk?.status === 'ready' && (tk.taskModel.local || tk.taskModel.external)),
		autocompleteOff: tk?.status === 'ready' && autocomplete !== undefined && !autocomplete.enabled,
		benchmarked: Boolean(store.get('benchmark')?.result),
	};
}

export function activateWalkthrough(store: AppStore): vscode.Disposable {
	const sent = new Map<string, boolean>();
	const update = () => {
		for (const [key, value] of Object.entries(walkthroughKeys(store)) as [keyof typeof walkthroughContext, boolean][]) {
			if (sent.get(key) === value) continue;
			sent.set(key, value);
			void vscode.commands.executeCommand('setContext', walkthroughContext[key], value);
		}
	};
	update();
	return store.onDidChange(update);
}
