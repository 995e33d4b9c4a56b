// `taskModelTuner.models`: loaded models and the task model at a glance; a warning background
// when Ollama does not answer. Clicking opens the loaded-models quick pick.
import * as vscode from 'vscode';
import { commandIds, statusBarIds } from '../shared/ids';
import type { AppStore } from '../state/appStore';
import { renderModelsItem } from './modelsText';

export class ModelsStatusItem implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;
	private last = '';

	constructor() {
		this.item = vscode.window.createStatusBarItem(statusBarIds.models, vscode.StatusBarAlignment.Right, 100);
		this.item.name = vscode.l10n.t('Task Model Tuner: models');
		this.item.show();
	}

	update(store: AppStore): void {
		const connection = store.get('connection')!;
		const models = store.get('models');
		const loaded = models?.status === 'ready' ? models.rows.filter((r) => r.loaded).map((r) => ({ name: r.name, ...r.loaded! })) : undefined;
		const tasks = store.get('tasks');
		// The slot that matters for the user's chat models; local when both or unknown.
		const taskModel = tasks?.status === 'ready' ? (tasks.slot?.need === 'external' ? tasks.taskModel.external : tasks.taskModel.local) : undefined;
		const r = renderModelsItem({ connection, loaded, taskModel }, vscode.l10n.t);
		const key = JSON.stringify(r);
		if (key === this.last) return; // render only when something changed
		this.last = key;
		this.item.text = r.text;
		const md = new vscode.MarkdownString(r.tooltip);
		md.isTrusted = false;
		md.supportThemeIcons = true;
		this.item.tooltip = md;
		this.item.accessibilityInformation = { label: r.ariaLabel };
		this.item.backgroundColor = r.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
		this.item.command = connection.ollama.kind === 'connected' ? commandIds.showLoadedModels : commandIds.openPanel;
	}

	dispose(): void {
		this.item.dispose();
	}
}
