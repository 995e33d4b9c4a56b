// `taskModelTuner.models`: the state of Ollama (and later the loaded models and task model) at a
// glance; a warning background when Ollama does not answer. Clicking opens the panel.
import * as vscode from 'vscode';
import type { ConnectionSnapshot } from '../connection/connectionService';
import { commandIds, statusBarIds } from '../shared/ids';
import { renderModelsItem } from './modelsText';

export class ModelsStatusItem implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;

	constructor() {
		this.item = vscode.window.createStatusBarItem(statusBarIds.models, vscode.StatusBarAlignment.Right, 100);
		this.item.name = vscode.l10n.t('Task Model Tuner: models');
		this.item.command = commandIds.openPanel;
		this.item.show();
	}

	update(snapshot: ConnectionSnapshot): void {
		const r = renderModelsItem(snapshot, vscode.l10n.t);
		this.item.text = r.text;
		const md = new vscode.MarkdownString(r.tooltip);
		md.isTrusted = false;
		md.supportThemeIcons = true;
		this.item.tooltip = md;
		this.item.accessibilityInformation = { label: r.ariaLabel };
		this.item.backgroundColor = r.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
	}

	dispose(): void {
		this.item.dispose();
	}
}
