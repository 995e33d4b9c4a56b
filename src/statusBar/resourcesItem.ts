// `taskModelTuner.resources`: CPU, RAM, GPU and VRAM from the sampler's snapshot (parts this machine
// does not have are left out), a markdown tooltip, a warning background near the limits. Clicking
// opens the loaded-models quick pick. Renders only when the text changes.
import * as vscode from 'vscode';
import { formatResourceStatus, formatResourceTooltip } from '../resources/format';
import { memoryPressure, type Thresholds } from '../resources/thresholds';
import type { ResourceSnapshot } from '../resources/types';
import type { Translate } from '../shared/l10n';
import { commandIds, statusBarIds } from '../shared/ids';

export class ResourcesStatusItem implements vscode.Disposable {
	private readonly item: vscode.StatusBarItem;
	private last = '';

	constructor(private readonly t: Translate) {
		this.item = vscode.window.createStatusBarItem(statusBarIds.resources, vscode.StatusBarAlignment.Right, 101);
		this.item.name = t('Task Model Tuner: resources');
		this.item.command = commandIds.showLoadedModels;
		this.item.text = '$(pulse)';
		this.item.show();
	}

	/** @param ollamaIsLocal otherwise local GPU figures are not Ollama's and are labelled so. */
	/** @param thresholds settings statusBar.warningPercent / errorPercent: the background colour. */
	update(snapshot: ResourceSnapshot, ollamaIsLocal: boolean, thresholds?: Thresholds): void {
		const status = formatResourceStatus(snapshot, this.t);
		const tooltip = formatResourceTooltip(snapshot, { ollamaIsLocal }, this.t);
		const level = memoryPressure(snapshot, thresholds).level;
		const key = `${status.text}|${level}|${tooltip}`;
		if (key === this.last) return;
		this.last = key;
		this.item.text = status.text;
		const md = new vscode.MarkdownString(tooltip);
		md.supportThemeIcons = true;
		this.item.tooltip = md;
		this.item.backgroundColor = level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
		this.item.accessibilityInformation = { label: status.text.replace(/\$\([^)]*\)\s*/g, '') };
	}

	dispose(): void {
		this.item.dispose();
	}
}
